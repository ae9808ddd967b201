import {
  Argon2PasswordHasher,
  ASCIIUsernameValidator,
  BasePasswordHasher,
  BCryptPasswordHasher,
  BCryptSha256PasswordHasher,
  DjangoSignedSessionCodec,
  isValidSessionKey,
  JsonSessionCodec,
  MD5PasswordHasher,
  normalizeEmail,
  normalizeUsername,
  parsePermissionString,
  PasswordHasherRegistry,
  Pbkdf2PasswordHasher,
  Pbkdf2Sha1PasswordHasher,
  ScryptPasswordHasher,
  SHA1PasswordHasher,
  UnicodeUsernameValidator,
  UnknownPasswordHasherError,
  UnsaltedMD5PasswordHasher,
  UnsaltedSHA1PasswordHasher,
  urlHasAllowedHostAndScheme,
  ValidationError,
  CsrfFailureException,
  CsrfService,
  DisallowedHostException,
  getHost,
  InvalidCsrfTokenFormat,
  maskCipherSecret,
  parseCsrfToken,
  resolveAuthOptions,
  splitDomainPort,
  validateHost,
} from 'nest-django-auth';
import type { Request } from 'express';
import { MalformedPasswordHashError } from '../../libs/auth/src/exceptions/password-errors';
import { readSessionCookie } from '../../libs/auth/src/session/session-cookie';
import { BadSignature, loads, Signer, TimestampSigner } from '../../libs/auth/src/signing';
import { PasswordResetTokenGenerator, urlsafeBase64Decode } from '../../libs/auth/src/tokens';
import { TEST_SECRET_KEY } from './test-app';
import { AuthenticationForm, PasswordResetForm, redirectToLogin, SetPasswordForm, validatePassword } from 'nest-django-auth';

/**
 * Every function that reads outside data (a cookie, a header, a form field, a stored row), fuzzed by
 * `libs/auth/src/parsers.property.spec.ts` with hostile strings: each must return, or throw one of its typed
 * errors — never anything else, never hang. HOOK: a new parser (CSRF tokens, account forms…) adds one entry here.
 */
export interface FuzzedParser {
  name: string;
  parse(input: string): unknown;
  /** Errors the parser may throw by contract; anything else fails the property. */
  typedErrors?: Array<abstract new (...args: never[]) => Error>;
  /** Checks on what it returned. */
  returns?(result: unknown, input: string): boolean;
}

const key = TEST_SECRET_KEY;
const sessionCodec = new DjangoSignedSessionCodec({ secretKey: key, secretKeyFallbacks: ['an-old-secret-key-still-accepted'] });
const cheap = { iterations: 1000 };
/** Every built-in hasher; work factors do not matter here, since malformed hashes are never hashed. */
export const ALL_HASHERS: BasePasswordHasher[] = [
  new Pbkdf2PasswordHasher(cheap),
  new Pbkdf2Sha1PasswordHasher(cheap),
  new Argon2PasswordHasher(),
  new BCryptSha256PasswordHasher(),
  new BCryptPasswordHasher(),
  new ScryptPasswordHasher(),
  new MD5PasswordHasher(),
  new SHA1PasswordHasher(),
  new UnsaltedMD5PasswordHasher(),
  new UnsaltedSHA1PasswordHasher(),
];
const registry = new PasswordHasherRegistry(ALL_HASHERS);
const tokens = new PasswordResetTokenGenerator({ secret: key });
const tokenUser = { pk: 1, password: 'md5$salt$hash', lastLogin: null, email: 'alice@example.com' };
const isBoolean = (r: unknown) => typeof r === 'boolean';
const isString = (r: unknown) => typeof r === 'string';
const isCsrfSecret = (r: unknown) => typeof r === 'string' && /^[a-zA-Z0-9]{32}$/.test(r);
const hostOptions = { allowedHosts: ['example.com', '.example.org', '[::1]'] };
const fakeRequest = (headers: Record<string, string>, extra: Record<string, unknown> = {}) => ({ method: 'POST', headers, ...extra }) as unknown as Request;
const csrfOptions = resolveAuthOptions({
  secretKey: key,
  development: true,
  allowedHosts: hostOptions.allowedHosts,
  csrf: { trustedOrigins: ['https://trusted.example.net', 'https://*.partner.net'] },
});
/** Cookie mode never touches the session service. */
const csrfService = new CsrfService(csrfOptions, {} as never);
const csrfSecret = 'abcdefghijklmnopqrstuvwxyzABCDEF';
const csrfToken = maskCipherSecret(csrfSecret);
const isPlainObject = (r: unknown) => typeof r === 'object' && r !== null && !Array.isArray(r);

export const FUZZED_PARSERS: FuzzedParser[] = [
  {
    name: 'session cookie (Cookie header → key)',
    parse: (header) => readSessionCookie(header, 'sessionid'),
    returns: (r) => r === null || typeof r === 'string',
  },
  { name: 'session key check', parse: (input) => isValidSessionKey(input), returns: isBoolean },
  { name: 'stored session data: Django signed codec', parse: (input) => sessionCodec.decode(input), returns: isPlainObject },
  { name: 'stored session data: JSON codec', parse: (input) => new JsonSessionCodec().decode(input), returns: isPlainObject },
  { name: 'Signer.unsign', parse: (input) => new Signer({ key }).unsign(input), typedErrors: [BadSignature] },
  { name: 'TimestampSigner.unsign', parse: (input) => new TimestampSigner({ key }).unsign(input, 3600), typedErrors: [BadSignature] },
  { name: 'signing.loads', parse: (input) => loads(input, { key }), typedErrors: [BadSignature] },
  { name: 'password reset token', parse: (input) => tokens.checkToken(tokenUser, input), returns: (r) => r === false },
  { name: 'uidb64', parse: (input) => urlsafeBase64Decode(input), returns: (r) => r === null || typeof r === 'string' },
  { name: 'next URL', parse: (input) => urlHasAllowedHostAndScheme(input, ['testserver']), returns: isBoolean },
  // The login redirect with a hostile `next`: one header-safe URL, whatever the input (no CR/LF, no space, no second `next`).
  { name: 'redirectToLogin (next)', parse: (input) => redirectToLogin(input), returns: (r) => typeof r === 'string' && /^\/accounts\/login\/\?next=[A-Za-z0-9_.~\-\/%]*$/.test(r) },
  { name: 'CSRF token or cookie value (parseCsrfToken)', parse: (input) => parseCsrfToken(input), typedErrors: [InvalidCsrfTokenFormat], returns: isCsrfSecret },
  { name: 'Host header: splitDomainPort + validateHost', parse: (input) => validateHost(splitDomainPort(input)[0], hostOptions.allowedHosts), returns: isBoolean },
  {
    name: 'Host header: getHost',
    parse: (input) => getHost(fakeRequest({ host: input }), hostOptions),
    typedErrors: [DisallowedHostException],
    returns: (r, input) => r === input,
  },
  { name: 'normalizeUsername', parse: (input) => normalizeUsername(input), returns: isString },
  { name: 'normalizeEmail', parse: (input) => normalizeEmail(input), returns: isString },
  { name: 'UnicodeUsernameValidator', parse: (input) => new UnicodeUsernameValidator().validate(input), typedErrors: [ValidationError] },
  { name: 'ASCIIUsernameValidator', parse: (input) => new ASCIIUsernameValidator().validate(input), typedErrors: [ValidationError] },
  { name: 'permission string', parse: (input) => parsePermissionString(input), typedErrors: [TypeError] },
  { name: 'identifyHasher', parse: (input) => registry.identifyHasher(input), typedErrors: [UnknownPasswordHasherError] },
  { name: 'isPasswordUsable', parse: (input) => registry.isPasswordUsable(input), returns: isBoolean },
  ...ALL_HASHERS.map<FuzzedParser>((hasher) => ({
    name: `${hasher.algorithm}.decode`,
    parse: (input) => hasher.decode(input),
    typedErrors: [MalformedPasswordHashError],
  })),
];

/** The async ones: they must settle (resolve false), never reject. */
export interface FuzzedAsyncParser {
  name: string;
  parse(input: string): Promise<unknown>;
  returns(result: unknown): boolean;
}

/** The CSRF check as a whole: accepted, or refused with CsrfFailureException (a 403), whatever the request holds. */
const csrfOutcome = (req: Request) =>
  csrfService.checkRequest(req).then(
    () => 'accepted',
    (error) => (error instanceof CsrfFailureException ? 'refused' : Promise.reject(error)),
  );
const isCsrfOutcome = (r: unknown) => r === 'accepted' || r === 'refused';

/** The account forms bound to hostile fields: they settle to valid or not, never throw (no backend, no database). */
const noUser = { authenticate: async () => null };
const passwordUser = { username: 'alice', email: 'alice@example.com', setPassword: async () => undefined, checkPassword: async () => false };
const resetFormOptions = { repository: null as never, tokenGenerator: tokens, render: async () => '', sendMail: async () => undefined };
const validation = { validatePassword: (password: string, user?: object | null) => validatePassword(password, user) };

export const FUZZED_ASYNC_PARSERS: FuzzedAsyncParser[] = [
  { name: 'AuthenticationForm (username)', parse: (input) => new AuthenticationForm(null, { username: input, password: 'x' }, { auth: noUser }).isValid(), returns: (r) => r === false },
  { name: 'AuthenticationForm (password)', parse: (input) => new AuthenticationForm(null, { username: 'alice', password: input }, { auth: noUser }).isValid(), returns: (r) => r === false },
  { name: 'PasswordResetForm (email)', parse: (input) => new PasswordResetForm({ email: input }, resetFormOptions).isValid(), returns: isBoolean },
  {
    name: 'SetPasswordForm (new password, with the default validators)',
    parse: (input) => new SetPasswordForm(passwordUser, { new_password1: input, new_password2: input }, validation).isValid(),
    returns: isBoolean,
  },
  { name: 'CSRF check: hostile cookie', parse: (input) => csrfOutcome(fakeRequest({ cookie: `csrftoken=${input}`, 'x-csrftoken': csrfToken })), returns: isCsrfOutcome },
  { name: 'CSRF check: hostile Cookie header', parse: (input) => csrfOutcome(fakeRequest({ cookie: input, 'x-csrftoken': csrfToken })), returns: isCsrfOutcome },
  { name: 'CSRF check: hostile header token', parse: (input) => csrfOutcome(fakeRequest({ cookie: `csrftoken=${csrfSecret}`, 'x-csrftoken': input })), returns: isCsrfOutcome },
  {
    name: 'CSRF check: hostile form token',
    parse: (input) => csrfOutcome(fakeRequest({ cookie: `csrftoken=${csrfSecret}` }, { body: { csrfmiddlewaretoken: input } })),
    returns: isCsrfOutcome,
  },
  {
    name: 'CSRF check: hostile Origin and Host',
    parse: (input) => csrfOutcome(fakeRequest({ cookie: `csrftoken=${csrfSecret}`, 'x-csrftoken': csrfToken, origin: input, host: input })),
    returns: isCsrfOutcome,
  },
  {
    name: 'CSRF check: hostile Referer over HTTPS',
    parse: (input) => csrfOutcome(fakeRequest({ cookie: `csrftoken=${csrfSecret}`, 'x-csrftoken': csrfToken, referer: input, host: 'example.com' }, { secure: true })),
    returns: isCsrfOutcome,
  },
  { name: 'checkPassword (encoded from outside)', parse: (input) => registry.checkPassword('password', input), returns: (r) => r === false },
  ...ALL_HASHERS.map<FuzzedAsyncParser>((hasher) => ({
    name: `${hasher.algorithm}.verify`,
    parse: (input) => hasher.verify('password', input),
    returns: (r) => r === false,
  })),
];
