import fc from 'fast-check';
import { checkProperty, hostileString, mutated } from '../../../../test/support/fuzz';
import { BadSignature, dumps, loads, SignatureExpired, Signer, TimestampSigner } from '.';

const key = 'signing-property-key-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ';
const otherKey = 'another-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789';

describe('signed values, by the thousand', () => {
  it('Signer: sign then unsign gives the value back, whatever it contains (separators included)', async () => {
    const signer = new Signer({ key, salt: 'fuzz' });
    await checkProperty('Signer round trip', fc.property(hostileString({ hugeLength: 4096 }), (value) => signer.unsign(signer.sign(value)) === value));
  });

  it('Signer: any one-character change, another key or another salt is BadSignature', async () => {
    const signer = new Signer({ key, salt: 'fuzz' });
    const signed = fc.string({ maxLength: 40 }).map((value) => signer.sign(value));
    await checkProperty(
      'Signer tampering',
      fc.property(signed.chain((s) => fc.tuple(fc.constant(s), mutated(s))), ([original, tampered]) => {
        expect(() => new Signer({ key: otherKey, salt: 'fuzz' }).unsign(original)).toThrow(BadSignature);
        expect(() => new Signer({ key, salt: 'other' }).unsign(original)).toThrow(BadSignature);
        expect(() => signer.unsign(tampered)).toThrow(BadSignature);
        return true;
      }),
    );
  });

  it('TimestampSigner: valid until maxAge, SignatureExpired after; tampering is BadSignature', async () => {
    await checkProperty(
      'TimestampSigner',
      fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (value, issued, maxAge) => {
        const signed = new TimestampSigner({ key, now: () => issued }).sign(value);
        expect(new TimestampSigner({ key, now: () => issued + maxAge }).unsign(signed, maxAge)).toBe(value);
        expect(() => new TimestampSigner({ key, now: () => issued + maxAge + 1 }).unsign(signed, maxAge)).toThrow(SignatureExpired);
        expect(() => new TimestampSigner({ key: otherKey, now: () => issued }).unsign(signed, maxAge)).toThrow(BadSignature);
        return true;
      }),
    );
  });

  it('dumps/loads: any JSON value (compressed or not) comes back equal; a changed byte is BadSignature', async () => {
    await checkProperty(
      'dumps/loads',
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), fc.nat(), (value, compress, at) => {
        const signed = dumps(value, { key, compress });
        expect(loads(signed, { key })).toEqual(JSON.parse(JSON.stringify(value)));
        const i = at % signed.length;
        const flipped = signed.slice(0, i) + (signed[i] === 'A' ? 'B' : 'A') + signed.slice(i + 1);
        expect(() => loads(flipped, { key })).toThrow(BadSignature);
        return true;
      }),
    );
  });
});
