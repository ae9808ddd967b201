import { resolveAuthOptions } from '../auth.options';
import { checkAllowedHosts, checkCsrfCookieSecure } from './security.checks';

const SECRET = 'k'.repeat(20) + 'abcdefghijklmnopqrstuvwxyz0123456789';
const ids = (messages: Array<{ id: string }>) => messages.map((m) => m.id);
const contextFor = (options: Record<string, unknown>) => ({ options: resolveAuthOptions({ secretKey: SECRET, development: true, ...options } as never) }) as never;

describe('check --deploy: CSRF cookie and allowed hosts, as Django', () => {
  it.each([
    [{}, ['security.W016']],
    [{ csrf: { cookieSecure: true } }, []],
    [{ csrf: { cookieSecure: 'auto' } }, []],
    [{ csrf: { useSessions: true } }, []],
  ])('W016 with %j → %j', (options, expected) => {
    expect(ids(checkCsrfCookieSecure(contextFor(options)))).toEqual(expected);
  });

  it.each([
    [{}, ['security.W020']],
    [{ allowedHosts: [] }, ['security.W020']],
    [{ allowedHosts: ['example.com'] }, []],
  ])('W020 with %j → %j', (options, expected) => {
    expect(ids(checkAllowedHosts(contextFor(options)))).toEqual(expected);
  });

  it('CSRF_TRUSTED_ORIGINS without a scheme is refused at start-up (Django 4.0 E001)', () => {
    expect(() => contextFor({ csrf: { trustedOrigins: ['example.com'] } })).toThrow(/csrf.trustedOrigins must be origins with a scheme/);
    expect(() => contextFor({ allowedHosts: 'example.com' })).toThrow(/allowedHosts must be an array/);
  });
});
