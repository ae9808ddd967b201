import { getRandomString, RANDOM_STRING_CHARS } from '../crypto/random-string';
import { InvalidPasswordError, InvalidSaltError } from '../exceptions/password-errors';
import { maskHash, mustUpdateSalt, saltLengthForEntropy } from './hasher.utils';

/**
 * What decode() returns: Django's dictionary, with camelCase keys. `salt`
 * is null for the unsalted hashers; extra keys are algorithm specific
 * (iterations, workFactor, memoryCost...).
 * @publicApi
 */
export interface DecodedPassword extends Record<string, unknown> {
  algorithm: string;
  hash: string;
  salt: string | null;
}

/**
 * What safeSummary() returns: Django's keys ("algorithm", "iterations",
 * "work factor"...) with salt and hash masked, for display.
 * @publicApi
 */
export type PasswordSummary = Record<string, string | number>;

/**
 * Port of django.contrib.auth.hashers.BasePasswordHasher. Hashers are
 * immutable; every slow operation returns a promise and runs off the event
 * loop (libuv thread pool).
 * @publicApi
 */
export abstract class BasePasswordHasher {
  /** The name stored before the first `$` of the encoded password. */
  abstract readonly algorithm: string;

  /** Bits of entropy salt() must provide; shorter salts make mustUpdate() true. */
  readonly saltEntropy: number = 128;

  /**
   * Loads the package the hasher needs (Django's `_load_library`); throws
   * ImproperlyConfiguredError naming it when it is not installed. A no-op for
   * hashers built on node:crypto.
   */
  loadLibrary(): void {}

  /** A random salt of `[a-zA-Z0-9]` with at least saltEntropy bits (22 chars for 128). */
  salt(): string {
    return getRandomString(saltLengthForEntropy(this.saltEntropy), RANDOM_STRING_CHARS);
  }

  /** The encoded database value for `password` with `salt`. */
  abstract encode(password: string, salt: string): Promise<string>;

  /** True when `password` matches `encoded`. Never throws: a malformed hash is false. */
  abstract verify(password: string, encoded: string): Promise<boolean>;

  /** Splits `encoded` into its parts; throws MalformedPasswordHashError when it cannot. */
  abstract decode(encoded: string): DecodedPassword;

  /** Django's safe_summary(): the decoded parts with salt and hash masked. */
  safeSummary(encoded: string): PasswordSummary {
    const decoded = this.decode(encoded);
    const summary: PasswordSummary = { algorithm: decoded.algorithm };
    if (decoded.salt !== null) summary.salt = maskHash(decoded.salt);
    summary.hash = maskHash(decoded.hash);
    return summary;
  }

  /** True when `encoded` should be re-hashed: by default when its salt is too short. */
  mustUpdate(encoded: string): boolean {
    const { salt } = this.decode(encoded);
    return salt !== null && mustUpdateSalt(salt, this.saltEntropy);
  }

  /**
   * True when `encoded` is stronger than this hasher's configuration: no work
   * parameter below it, at least one above (a newer site sharing the
   * database). Such a hash is never rewritten with the weaker parameters,
   * although Django's mustUpdate() is true for it. Default: false.
   */
  exceedsConfigured(_encoded: string): boolean {
    return false;
  }

  /**
   * Bridges the runtime gap between the work factor in `encoded` and this
   * hasher's (Django's harden_runtime). A no-op unless the hasher has a
   * linear work factor to make up for.
   */
  async hardenRuntime(_password: string, _encoded: string): Promise<void> {}

  /** Port of BasePasswordHasher._check_encode_args. */
  protected checkEncodeArgs(password: unknown, salt: unknown): void {
    if (typeof password !== 'string') throw new InvalidPasswordError('password must be provided.');
    if (typeof salt !== 'string' || salt === '' || salt.includes('$')) {
      throw new InvalidSaltError('salt must be provided and cannot contain $.');
    }
  }
}
