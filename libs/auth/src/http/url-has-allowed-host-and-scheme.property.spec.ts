import fc from 'fast-check';
import { djangoUrlHasAllowedHostAndScheme } from '../../../../test/support/django-oracle';
import { checkProperty, FUZZ_RUNS, FUZZ_SEED, hostileString } from '../../../../test/support/fuzz';
import { urlHasAllowedHostAndScheme } from './url-has-allowed-host-and-scheme';

const ALLOWED = ['testserver', 'testserver:8000', '[::1]:8000', '[v1.x]', 'x.℀'];

/** `next` values shaped like the ones open-redirect probes send. */
const nextUrl = fc
  .tuple(
    fc.constantFrom('', ' ', '\t', '\n', '\x00', '\x1f', '\u00a0', '\u3000', '\ufeff', '\u200b', '\x7f'),
    fc.constantFrom('', 'http:', 'https:', 'HTTPS:', 'javascript:', 'ftp:', 'h\ttp:', 'data:', 'mailto:', 'http', '1http:'),
    fc.constantFrom('', '/', '//', '///', '\\\\', '/\\', '\\/', '/\t/', '////', '\\'),
    fc.constantFrom('', 'testserver', 'testserver:8000', 'evil.com', 'user@testserver', 'testserver@evil.com', 'evil.com\\@testserver', 'testserver.evil.com', '[::1]', '[::1]:8000', '[::1', '::1]', 'a[::1]', '[::1]x', '[127.0.0.1]', '[v1.x]', '[vz.x]', 'x.℀', 'ex℀mple.com', 'TESTSERVER', 'testserver:80', '%2F%2Fevil.com', 'ｅｖｉｌ.com'),
    fc.constantFrom('', '/', '/path', '?next=//evil.com', '#frag', '/../x', ':80/x', '\\evil.com'),
    fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: hostileString({ hugeLength: 2048 }) }),
    fc.constantFrom('', ' ', '\n', '\u2028'),
  )
  .map((parts) => parts.join(''));

describe('next URLs (urlHasAllowedHostAndScheme), by the thousand', () => {
  it('answers exactly as Django does on the same batch (its function, with the urllib parsing of Django 4.1+)', async () => {
    const cases = fc.sample(fc.tuple(nextUrl, fc.boolean()), { numRuns: FUZZ_RUNS * 2, seed: FUZZ_SEED });
    const django = djangoUrlHasAllowedHostAndScheme(cases.map(([url, https]) => [url, ALLOWED, https]));
    const mismatches = cases
      .map(([url, https], i) => ({ url, https, ours: urlHasAllowedHostAndScheme(url, ALLOWED, https), django: django[i] }))
      .filter((c) => c.ours !== c.django);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('never allows a URL whose host is not an allowed one, nor a scheme other than http(s)', async () => {
    await checkProperty(
      'next URL safety',
      fc.property(nextUrl, (url) => {
        if (!urlHasAllowedHostAndScheme(url, ALLOWED)) return true;
        let resolved: URL;
        try {
          resolved = new URL(url, 'http://testserver/');
        } catch {
          return true; // not a URL a browser would follow anywhere (Django allows `\\\\` too)
        }
        return ['http:', 'https:'].includes(resolved.protocol) && (resolved.host === 'testserver' || resolved.host === 'testserver:8000' || resolved.host === '[::1]:8000');
      }),
    );
  });
});
