import fc from 'fast-check';
import { checkProperty, hostileString, mutated } from '../../../../../test/support/fuzz';
import { DjangoSignedSessionCodec } from './django-signed.codec';
import { JsonSessionCodec } from './json.codec';

const secretKey = 'codec-property-key-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ';
const sessionDict = fc.dictionary(hostileString({ hugeLength: 2048 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('stored session data, by the thousand', () => {
  const warnings: string[] = [];
  const codec = new DjangoSignedSessionCodec({ secretKey, logger: { warn: (m: string) => warnings.push(m) } });

  it('Django signed codec: any session dict survives encode/decode', async () => {
    await checkProperty('Django session codec round trip', fc.property(sessionDict, (dict) => {
      expect(codec.decode(codec.encode(dict))).toEqual(plain(dict));
      return true;
    }));
  });

  it('Django signed codec: a tampered row, or one signed with another key, is an empty session (never an error)', async () => {
    const other = new DjangoSignedSessionCodec({ secretKey: `${secretKey}-other`, logger: { warn: () => undefined } });
    const rows = sessionDict.filter((d) => Object.keys(d).length > 0).map((dict) => codec.encode(dict));
    await checkProperty('Django session codec tampering', fc.property(rows.chain((row) => fc.tuple(fc.constant(row), mutated(row))), ([row, tampered]) => {
      expect(other.decode(row)).toEqual({});
      expect(codec.decode(tampered)).toEqual({});
      return true;
    }));
    expect(warnings.every((w) => w === 'Session data corrupted')).toBe(true);
  });

  it('JSON codec: round trip for dicts; anything that is not a JSON object is empty', async () => {
    const json = new JsonSessionCodec();
    await checkProperty('JSON session codec', fc.property(sessionDict, fc.jsonValue({ maxDepth: 2 }), (dict, other) => {
      expect(json.decode(json.encode(dict))).toEqual(plain(dict));
      const decoded = json.decode(JSON.stringify(other));
      const isDict = typeof other === 'object' && other !== null && !Array.isArray(other);
      expect(decoded).toEqual(isDict ? plain(other) : {});
      return true;
    }));
  });
});
