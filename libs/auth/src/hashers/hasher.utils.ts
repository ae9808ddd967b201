import { RANDOM_STRING_CHARS } from '../crypto/random-string';
import { MalformedPasswordHashError } from '../exceptions/password-errors';

const BITS_PER_SALT_CHAR = Math.log2(RANDOM_STRING_CHARS.length);

/** Port of hashers.py mask_hash: keep the first `show` characters, star the rest. */
export function maskHash(hash: string, show = 6, char = '*'): string {
  return hash.slice(0, show) + char.repeat(Math.max(hash.length - show, 0));
}

/** Characters of RANDOM_STRING_CHARS needed for `entropyBits` (Django: ceil(128 / log2(62)) = 22). */
export function saltLengthForEntropy(entropyBits: number): number {
  return Math.ceil(entropyBits / BITS_PER_SALT_CHAR);
}

/** Port of hashers.py must_update_salt: every salt character carries log2(62) bits. */
export function mustUpdateSalt(salt: string, expectedEntropyBits: number): boolean {
  return salt.length * BITS_PER_SALT_CHAR < expectedEntropyBits;
}

/**
 * Python's `encoded.split('$', parts - 1)` followed by tuple unpacking into
 * exactly `parts` names: the last part keeps any further `$`, and fewer
 * parts is an error.
 */
export function splitEncoded(encoded: string, parts: number): string[] {
  const pieces = encoded.split('$');
  if (pieces.length < parts) throw new MalformedPasswordHashError(`Expected ${parts} '$'-separated parts in the encoded password.`);
  return [...pieces.slice(0, parts - 1), pieces.slice(parts - 1).join('$')];
}

/** Throws unless the encoded password names the expected algorithm (Django's `assert algorithm == self.algorithm`). */
export function assertAlgorithm(actual: string, expected: string): void {
  if (actual !== expected) throw new MalformedPasswordHashError(`Encoded password is not a '${expected}' hash.`);
}

/** A non-negative decimal integer field of an encoded password (iterations, work factors). */
export function parseIntegerField(text: string, field: string): number {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new MalformedPasswordHashError(`Invalid ${field} in the encoded password.`);
  return value;
}

/** Every stored work parameter at least the configured one, and one of them above it. */
export function exceedsAll(stored: readonly number[], configured: readonly number[]): boolean {
  return stored.every((value, i) => value >= configured[i]) && stored.some((value, i) => value > configured[i]);
}

/** Standard base64 without '=' padding, as argon2's PHC strings use. */
export function toUnpaddedBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** Strict inverse of toUnpaddedBase64 (Buffer.from silently skips bad characters). */
export function fromUnpaddedBase64(text: string, field: string): Buffer {
  if (!/^[A-Za-z0-9+/]+$/.test(text) || text.length % 4 === 1) {
    throw new MalformedPasswordHashError(`Invalid base64 ${field} in the encoded password.`);
  }
  return Buffer.from(text, 'base64');
}

/** Parses an integer list like argon2's `m=102400,t=2,p=8`, keys in exactly the given order. */
export function parseKeyValueList(text: string, keys: readonly string[], field: string): Record<string, number> {
  const pairs = text.split(',');
  const values: Record<string, number> = {};
  if (pairs.length !== keys.length) throw new MalformedPasswordHashError(`Invalid ${field} in the encoded password.`);
  pairs.forEach((pair, index) => {
    const [key, value, extra] = pair.split('=');
    if (key !== keys[index] || value === undefined || extra !== undefined) {
      throw new MalformedPasswordHashError(`Invalid ${field} in the encoded password.`);
    }
    values[key] = parseIntegerField(value, field);
  });
  return values;
}
