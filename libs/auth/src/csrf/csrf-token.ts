import { constantTimeCompare } from '../crypto/constant-time-compare';
import { getRandomString } from '../crypto/random-string';

/** django.middleware.csrf's constants: the alphabet's order is part of the masking arithmetic. */
export const CSRF_SECRET_LENGTH = 32;
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH;
export const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** CSRF_USE_SESSIONS: the session key holding the secret. */
export const CSRF_SESSION_KEY = '_csrftoken';

export const REASON_BAD_ORIGIN = 'Origin checking failed - %s does not match any trusted origins.';
export const REASON_NO_REFERER = 'Referer checking failed - no Referer.';
export const REASON_BAD_REFERER = 'Referer checking failed - %s does not match any trusted origins.';
export const REASON_NO_CSRF_COOKIE = 'CSRF cookie not set.';
export const REASON_CSRF_TOKEN_MISSING = 'CSRF token missing.';
export const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.';
export const REASON_INSECURE_REFERER = 'Referer checking failed - Referer is insecure while host is secure.';
export const REASON_INCORRECT_LENGTH = 'has incorrect length';
export const REASON_INVALID_CHARACTERS = 'has invalid characters';

const N = CSRF_ALLOWED_CHARS.length;
const INDEX: Record<string, number> = Object.fromEntries([...CSRF_ALLOWED_CHARS].map((c, i) => [c, i]));

/** Django's InvalidTokenFormat: a cookie or token of the wrong length or alphabet; `reason` completes a sentence. */
export class InvalidCsrfTokenFormat extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidCsrfTokenFormat';
  }
}

/** A new 32-character secret (_get_new_csrf_string). */
export function getNewCsrfString(): string {
  return getRandomString(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS);
}

/** _mask_cipher_secret: a fresh mask, then each secret character shifted by the mask's; 64 characters. */
export function maskCipherSecret(secret: string, mask: string = getNewCsrfString()): string {
  let cipher = '';
  for (let i = 0; i < secret.length; i++) cipher += CSRF_ALLOWED_CHARS[(INDEX[secret[i]] + INDEX[mask[i]]) % N];
  return mask + cipher;
}

/** _unmask_cipher_token: the secret a 64-character token was masked from (the token's format already checked). */
export function unmaskCipherToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = '';
  for (let i = 0; i < cipher.length; i++) secret += CSRF_ALLOWED_CHARS[(INDEX[cipher[i]] - INDEX[mask[i]] + N) % N];
  return secret;
}

/** Python's len(): code points, not UTF-16 units, so the reason for an astral character is Django's. */
function pythonLength(value: string): number {
  if (!/[\ud800-\udfff]/.test(value)) return value.length;
  let length = 0;
  for (const _ of value) length++;
  return length;
}

/** _check_token_format: 32 or 64 characters of [a-zA-Z0-9], else InvalidCsrfTokenFormat. */
export function checkTokenFormat(token: string): void {
  if (typeof token !== 'string') throw new InvalidCsrfTokenFormat(REASON_INVALID_CHARACTERS);
  const length = pythonLength(token);
  if (length !== CSRF_TOKEN_LENGTH && length !== CSRF_SECRET_LENGTH) throw new InvalidCsrfTokenFormat(REASON_INCORRECT_LENGTH);
  if (/[^a-zA-Z0-9]/.test(token)) throw new InvalidCsrfTokenFormat(REASON_INVALID_CHARACTERS);
}

/** _does_token_match: a 64-character token is unmasked, a 32-character one is the secret itself; constant time. */
export function doesTokenMatch(requestToken: string, secret: string): boolean {
  const candidate = requestToken.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(requestToken) : requestToken;
  return constantTimeCompare(candidate, secret);
}

/**
 * A request's token or cookie value checked and reduced to its secret: the format checked (InvalidCsrfTokenFormat
 * otherwise), a masked 64-character value unmasked. What the fuzzing drives.
 */
export function parseCsrfToken(value: string): string {
  checkTokenFormat(value);
  return value.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(value) : value;
}
