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
} from 'nest-django-auth';
import { MalformedPasswordHashError } from '../../libs/auth/src/exceptions/password-errors';
import { readSessionCookie } from '../../libs/auth/src/session/session-cookie';
import { BadSignature, loads, Signer, TimestampSigner } from '../../libs/auth/src/signing';
import { PasswordResetTokenGenerator, urlsafeBase64Decode } from '../../libs/auth/src/tokens';
import { TEST_SECRET_KEY } from './test-app';

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

export const FUZZED_ASYNC_PARSERS: FuzzedAsyncParser[] = [
  { name: 'checkPassword (encoded from outside)', parse: (input) => registry.checkPassword('password', input), returns: (r) => r === false },
  ...ALL_HASHERS.map<FuzzedAsyncParser>((hasher) => ({
    name: `${hasher.algorithm}.verify`,
    parse: (input) => hasher.verify('password', input),
    returns: (r) => r === false,
  })),
];
