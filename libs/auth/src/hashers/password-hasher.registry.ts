import { getRandomString } from '../crypto/random-string';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { InvalidPasswordError, UnknownPasswordHasherError } from '../exceptions/password-errors';
import { BasePasswordHasher } from './base-password.hasher';
import { MAXIMUM_PASSWORD_LENGTH, UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH } from './password.constants';

export { MAXIMUM_PASSWORD_LENGTH } from './password.constants';

/**
 * Called with the raw password when checkPassword() finds it correct but
 * stored with another algorithm or outdated parameters: re-hash and save.
 * @publicApi
 */
export type PasswordUpgradeSetter = (rawPassword: string) => unknown | Promise<unknown>;

/** What PasswordHasherRegistry.passwordStrength() says of a stored hash. @publicApi */
export type PasswordStrength = 'current' | 'weaker' | 'stronger' | 'unusable' | 'unknown';

interface Verification {
  isCorrect: boolean;
  mustUpdate: boolean;
}

const NOT_VERIFIED: Verification = { isCorrect: false, mustUpdate: false };

/**
 * Django's PASSWORD_HASHERS with the functions of django.contrib.auth.hashers
 * as methods: the first hasher hashes new passwords, all of them verify.
 * @publicApi
 */
export class PasswordHasherRegistry {
  private readonly hashers: readonly BasePasswordHasher[];
  private readonly byAlgorithm: ReadonlyMap<string, BasePasswordHasher>;

  constructor(hashers: readonly BasePasswordHasher[]) {
    if (!Array.isArray(hashers) || hashers.length === 0) {
      throw new ImproperlyConfiguredError('PasswordHasherRegistry needs at least one hasher; the first hashes new passwords.');
    }
    hashers.forEach(assertHasAlgorithm);
    this.hashers = [...hashers];
    // Django builds a dict: with two hashers of one algorithm, the last wins.
    this.byAlgorithm = new Map(hashers.map((hasher) => [hasher.algorithm, hasher]));
    // New passwords need the preferred hasher's package now; the others load theirs on first use, as in Django.
    this.preferred.loadLibrary?.();
  }

  /** The configured hashers, preferred first. */
  get all(): readonly BasePasswordHasher[] {
    return this.hashers;
  }

  /** The hasher that hashes new passwords (Django's `get_hasher('default')`). */
  get preferred(): BasePasswordHasher {
    return this.hashers[0];
  }

  /** Port of get_hasher: 'default' is the first hasher; an instance is returned as is. */
  getHasher(algorithm: string | BasePasswordHasher = 'default'): BasePasswordHasher {
    if (typeof algorithm !== 'string') return algorithm;
    if (algorithm === 'default') return this.preferred;
    const hasher = this.byAlgorithm.get(algorithm);
    if (!hasher) throw unknownAlgorithm(algorithm);
    return hasher;
  }

  /** Port of identify_hasher, including the legacy unsalted MD5/SHA1 forms. Case-sensitive. */
  identifyHasher(encoded: string): BasePasswordHasher {
    if (typeof encoded !== 'string') throw new TypeError('The encoded password must be a string.');
    return this.getHasher(algorithmOf(encoded));
  }

  /**
   * How `encoded` compares with the configuration: `current`, `weaker`
   * (another algorithm, or outdated parameters: re-hashed at the next
   * login), `stronger` (kept as it is), `unusable`, or `unknown` (no
   * configured hasher can read it).
   */
  passwordStrength(encoded: string | null | undefined): PasswordStrength {
    if (typeof encoded !== 'string' || !this.isPasswordUsable(encoded)) return 'unusable';
    const hasher = this.findVerifier(encoded);
    if (!hasher) return 'unknown';
    if (hasher.algorithm !== this.preferred.algorithm) return 'weaker';
    if (this.preferred.exceedsConfigured(encoded)) return 'stronger';
    return this.preferred.mustUpdate(encoded) ? 'weaker' : 'current';
  }

  /** Port of is_password_usable: only make_password(null)'s `!` prefix is unusable; null and '' are usable. */
  isPasswordUsable(encoded: string | null | undefined): boolean {
    return typeof encoded !== 'string' || !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
  }

  /**
   * Port of make_password. `null` gives an unusable password; a missing or
   * empty salt gets a fresh one from the hasher.
   */
  async makePassword(password: string | null, salt?: string, hasher: string | BasePasswordHasher = 'default'): Promise<string> {
    if (password === null) return UNUSABLE_PASSWORD_PREFIX + getRandomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH);
    assertHashablePassword(password);
    const chosen = this.getHasher(hasher);
    return chosen.encode(password, salt || chosen.salt());
  }

  /**
   * Port of check_password / verify_password. Never throws: a non-string
   * or too long password, a missing, unusable, unknown or malformed hash
   * all cost one run of the preferred hasher (so they time like a real
   * check) and give false. A correct password stored with another
   * algorithm or outdated parameters is handed to `setter`, awaited
   * (its own errors propagate, as in Django).
   */
  async checkPassword(password: unknown, encoded: string | null | undefined, setter?: PasswordUpgradeSetter): Promise<boolean> {
    const { isCorrect, mustUpdate } = await this.verifyPassword(password, encoded);
    if (setter && isCorrect && mustUpdate) await setter(password as string);
    return isCorrect;
  }

  private async verifyPassword(password: unknown, encoded: string | null | undefined): Promise<Verification> {
    const check = this.checkableInput(password, encoded);
    if (!check) {
      await this.runPreferredHasherOnce();
      return NOT_VERIFIED;
    }
    try {
      return await this.verifyWith(check.hasher, check.password, check.encoded);
    } catch (error) {
      // A hasher whose package is missing is the server's mistake, not a wrong password (Django raises too).
      if (error instanceof ImproperlyConfiguredError) throw error;
      return NOT_VERIFIED;
    }
  }

  /** A string password of allowed length, and a usable encoded password a configured hasher can decode. */
  private checkableInput(password: unknown, encoded: unknown): { hasher: BasePasswordHasher; password: string; encoded: string } | null {
    if (!isCheckablePassword(password) || typeof encoded !== 'string') return null;
    const hasher = this.findVerifier(encoded);
    return hasher && { hasher, password, encoded };
  }

  /** The hasher for a usable, well-formed `encoded`, else null. */
  private findVerifier(encoded: string): BasePasswordHasher | null {
    if (!this.isPasswordUsable(encoded)) return null;
    const hasher = this.byAlgorithm.get(algorithmOf(encoded));
    return hasher && isDecodable(hasher, encoded) ? hasher : null;
  }

  /**
   * Django re-hashes a correct password when its algorithm is not the
   * preferred one or the preferred hasher wants newer parameters. Unlike
   * Django, a hash stronger than configured is kept: two sites sharing a
   * database with different work factors must not rewrite each other's
   * hashes (each rewrite ends the user's sessions everywhere). A wrong
   * password against the preferred algorithm with a weaker work factor is
   * hardened, so its timing does not reveal the weaker hash.
   */
  private async verifyWith(hasher: BasePasswordHasher, password: string, encoded: string): Promise<Verification> {
    const hasherChanged = hasher.algorithm !== this.preferred.algorithm;
    const mustUpdate = hasherChanged || (this.preferred.mustUpdate(encoded) && !this.preferred.exceedsConfigured(encoded));
    const isCorrect = await hasher.verify(password, encoded);
    if (!isCorrect && !hasherChanged && mustUpdate) await hasher.hardenRuntime(password, encoded);
    return { isCorrect, mustUpdate };
  }

  /** Django's timing equaliser (#20760): `make_password(get_random_string(40))` on the preferred hasher. */
  private async runPreferredHasherOnce(): Promise<void> {
    try {
      await this.preferred.encode(getRandomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH), this.preferred.salt());
    } catch {
      // Only the time spent matters.
    }
  }
}

/** Port of identify_hasher's rules: bare 32-char (or `md5$$` + 32) is unsalted MD5, `sha1$$` + 40 unsalted SHA1. */
function algorithmOf(encoded: string): string {
  if ((encoded.length === 32 && !encoded.includes('$')) || (encoded.length === 37 && encoded.startsWith('md5$$'))) {
    return 'unsalted_md5';
  }
  if (encoded.length === 46 && encoded.startsWith('sha1$$')) return 'unsalted_sha1';
  return encoded.split('$', 1)[0];
}

function unknownAlgorithm(algorithm: string): UnknownPasswordHasherError {
  return new UnknownPasswordHasherError(
    `Unknown password hashing algorithm '${algorithm}'. Did you specify it in the passwordHashers option?`,
  );
}

function assertHasAlgorithm(hasher: BasePasswordHasher, index: number): void {
  if (typeof hasher?.algorithm !== 'string' || hasher.algorithm === '' || typeof hasher.verify !== 'function') {
    throw new ImproperlyConfiguredError(`Password hasher #${index} does not specify an algorithm name (hasher instances are expected).`);
  }
}

function assertHashablePassword(password: unknown): asserts password is string {
  if (typeof password !== 'string') {
    throw new InvalidPasswordError(`Password must be a string, got ${describeType(password)}.`);
  }
  if (isTooLong(password)) {
    throw new InvalidPasswordError(`Password is too long: at most ${MAXIMUM_PASSWORD_LENGTH} characters are allowed.`);
  }
}

function isCheckablePassword(password: unknown): password is string {
  return typeof password === 'string' && !isTooLong(password);
}

/** Counts code points, so 4096 emoji are allowed; the cheap UTF-16 length settles most cases. */
function isTooLong(password: string): boolean {
  if (password.length <= MAXIMUM_PASSWORD_LENGTH) return false;
  if (password.length > 2 * MAXIMUM_PASSWORD_LENGTH) return true;
  let codePoints = 0;
  for (const _ of password) codePoints++;
  return codePoints > MAXIMUM_PASSWORD_LENGTH;
}

function isDecodable(hasher: BasePasswordHasher, encoded: string): boolean {
  try {
    hasher.decode(encoded);
    return true;
  } catch {
    return false;
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
