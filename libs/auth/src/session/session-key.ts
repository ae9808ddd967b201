import { getRandomString } from '../crypto/random-string';

/** Django's VALID_KEY_CHARS: session keys are 32 characters of [a-z0-9]. */
const VALID_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_LENGTH = 32;

export function generateSessionKey(): string {
  return getRandomString(KEY_LENGTH, VALID_KEY_CHARS);
}

/** Django's _validate_session_key, tightened to the characters Django generates (a cookie is untrusted input). */
export function isValidSessionKey(key: unknown): key is string {
  return typeof key === 'string' && /^[a-z0-9]{8,40}$/.test(key);
}

/** Refuses to store a key Django could not have issued. */
export function assertValidSessionKey(key: string): void {
  if (!isValidSessionKey(key)) {
    throw new Error('Invalid session key: Django session keys are 8 to 40 characters of [a-z0-9] (see generateSessionKey()).');
  }
}
