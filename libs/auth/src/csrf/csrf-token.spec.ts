import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { djangoCsrfAndHosts } from '../../../../test/support/django-oracle';
import { splitDomainPort, validateHost } from '../http/allowed-hosts';
import {
  checkTokenFormat,
  CSRF_TOKEN_LENGTH,
  doesTokenMatch,
  getNewCsrfString,
  InvalidCsrfTokenFormat,
  maskCipherSecret,
  parseCsrfToken,
  unmaskCipherToken,
} from './csrf-token';

const vectors: { cases: Array<{ secret: string; token: string }> } = JSON.parse(
  readFileSync(join(__dirname, '../../../../test/vectors/csrf-django.json'), 'utf8'),
);

describe("CSRF tokens, Django's algorithm", () => {
  it.each(vectors.cases)('a token Django masked from $secret unmasks to it and matches it', ({ secret, token }) => {
    expect(token).toHaveLength(CSRF_TOKEN_LENGTH);
    expect(unmaskCipherToken(token)).toBe(secret);
    expect(doesTokenMatch(token, secret)).toBe(true);
    // Same mask, same token: the arithmetic is Django's, not just self-consistent.
    expect(maskCipherSecret(secret, token.slice(0, 32))).toBe(token);
  });

  it('tokens we mask are unmasked to their secret by Django itself', () => {
    const secrets = Array.from({ length: 50 }, () => getNewCsrfString());
    const tokens = secrets.map((secret) => maskCipherSecret(secret));
    expect(new Set(tokens).size).toBe(50);
    expect(djangoCsrfAndHosts(tokens, []).unmasked).toEqual(secrets);
  });

  it('a token of another secret, a one-character change, or the secret itself when it is another', () => {
    const { secret, token } = vectors.cases[0];
    const other = vectors.cases[1].secret;
    expect(doesTokenMatch(token, other)).toBe(false);
    const flipped = token.slice(0, 40) + (token[40] === 'a' ? 'b' : 'a') + token.slice(41);
    expect(doesTokenMatch(flipped, secret)).toBe(false);
    expect(doesTokenMatch(secret, secret)).toBe(true);
    expect(doesTokenMatch(other, secret)).toBe(false);
  });

  it.each([
    ['', 'has incorrect length'],
    ['a'.repeat(31), 'has incorrect length'],
    ['a'.repeat(63), 'has incorrect length'],
    ['a'.repeat(65), 'has incorrect length'],
    ['a'.repeat(31) + '!', 'has invalid characters'],
    ['a'.repeat(63) + '\u0000', 'has invalid characters'],
    ['a'.repeat(63) + 'é', 'has invalid characters'],
    // Python counts code points: 63 letters and one astral character is 64 long, so its reason is the characters.
    ['a'.repeat(63) + '😀', 'has invalid characters'],
  ])('format check %j → %s', (token, reason) => {
    expect(() => checkTokenFormat(token)).toThrow(new InvalidCsrfTokenFormat(reason));
    expect(() => parseCsrfToken(token)).toThrow(InvalidCsrfTokenFormat);
  });

  it('parseCsrfToken: a 32-character secret as is, a 64-character token unmasked', () => {
    const { secret, token } = vectors.cases[2];
    expect(parseCsrfToken(secret)).toBe(secret);
    expect(parseCsrfToken(token)).toBe(secret);
  });
});

describe("allowed hosts, Django's split_domain_port and validate_host", () => {
  const allowed = ['example.com', '.example.org', 'LOCALHOST', '[::1]'];
  const cases: Array<[string, string[]]> = [
    'example.com',
    'EXAMPLE.com:8000',
    'example.com.',
    'www.example.com',
    'example.org',
    'a.b.example.org:443',
    'evil-example.org',
    'localhost',
    '[::1]',
    '[::1]:8000',
    '[::1',
    '::1',
    'exa mple.com',
    'example.com:',
    'example.com:abc',
    'example.com@evil.com',
    '',
    'évil.com',
    '127.0.0.1:80',
  ].map((host) => [host, allowed]);
  cases.push(['anything.at.all:1', ['*']], ['example.com', []]);

  it('agrees with Django on every case', () => {
    const django = djangoCsrfAndHosts([], cases).hosts;
    const ours = cases.map(([host, hosts]) => {
      const [domain, port] = splitDomainPort(host);
      return [domain, port, domain ? validateHost(domain, hosts) : false];
    });
    expect(ours).toEqual(django);
  });
});
