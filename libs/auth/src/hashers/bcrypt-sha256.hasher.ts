import { createHash } from 'node:crypto';
import type * as BcryptLibrary from 'bcrypt';
import { constantTimeCompare } from '../crypto/constant-time-compare';
import { InvalidPasswordError } from '../exceptions/password-errors';
import { optionalRequire } from '../utils/optional-require';
import { BasePasswordHasher, DecodedPassword, PasswordSummary } from './base-password.hasher';
import { assertAlgorithm, maskHash, parseIntegerField, splitEncoded } from './hasher.utils';

/** Length of `$2b$12$` plus the 22-character bcrypt salt. */
const BCRYPT_SALT_LENGTH = 29;

/** @publicApi */
export interface BCryptHasherOptions {
  /** log2 of the bcrypt cost for new hashes. Default: 12 (Django). */
  rounds?: number;
}

/** The decoded parts of `bcrypt_sha256$$2b$12$<22-char salt><31-char checksum>`. @publicApi */
export interface DecodedBCryptPassword extends DecodedPassword {
  salt: string;
  algostr: string;
  checksum: string;
  workFactor: number;
}

/**
 * Port of Django's BCryptSHA256PasswordHasher: bcrypt over the 64-char
 * lowercase hex SHA-256 of the UTF-8 password, so passwords longer than
 * bcrypt's 72 bytes are not truncated (Django #20138).
 * @publicApi
 */
export class BCryptSha256PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'bcrypt_sha256';
  readonly rounds: number;
  /** The pre-hash; null feeds the password to bcrypt as is. */
  protected readonly digest: 'sha256' | null = 'sha256';
  private library?: typeof BcryptLibrary;

  constructor(options: BCryptHasherOptions = {}) {
    super();
    this.rounds = options.rounds ?? 12;
  }

  /** The `bcrypt` package, loaded on first use. */
  override loadLibrary(): void {
    this.library ??= optionalRequire<typeof BcryptLibrary>('bcrypt', this.constructor.name);
  }

  /** Django's bcrypt.gensalt(rounds): `$2b$12$` and 22 salt characters (no hashing happens here). */
  override salt(): string {
    this.loadLibrary();
    return this.library!.genSaltSync(this.rounds, 'b');
  }

  /** `salt` is a bcrypt salt (`$2b$12$...`, 29 chars) or a whole bcrypt hash, as verify() passes. */
  async encode(password: string, salt: string): Promise<string> {
    this.loadLibrary();
    const data = await hashWithBcrypt(this.library!, this.bcryptInput(password), salt);
    return `${this.algorithm}$${data}`;
  }

  decode(encoded: string): DecodedBCryptPassword {
    const [algorithm, , algostr, workFactor, data] = splitEncoded(encoded, 5);
    assertAlgorithm(algorithm, this.algorithm);
    return {
      algorithm,
      algostr,
      checksum: data.slice(22),
      salt: data.slice(0, 22),
      hash: data.slice(22),
      workFactor: parseIntegerField(workFactor, 'work factor'),
    };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    this.loadLibrary();
    try {
      const [algorithm, data] = splitEncoded(encoded, 2);
      assertAlgorithm(algorithm, this.algorithm);
      return constantTimeCompare(encoded, await this.encode(password, data));
    } catch {
      return false;
    }
  }

  override safeSummary(encoded: string): PasswordSummary {
    const decoded = this.decode(encoded);
    return {
      algorithm: decoded.algorithm,
      'work factor': decoded.workFactor,
      salt: maskHash(decoded.salt),
      checksum: maskHash(decoded.checksum),
    };
  }

  /** Only the cost matters: bcrypt salts are always 128 bits. */
  override mustUpdate(encoded: string): boolean {
    return this.decode(encoded).workFactor !== this.rounds;
  }

  override exceedsConfigured(encoded: string): boolean {
    return this.decode(encoded).workFactor > this.rounds;
  }

  /** bcrypt's cost is logarithmic: one more round doubles the work, so hash 2^diff - 1 more times. */
  override async hardenRuntime(password: string, encoded: string): Promise<void> {
    const [, data] = splitEncoded(encoded, 2);
    const salt = data.slice(0, BCRYPT_SALT_LENGTH);
    const storedRounds = parseIntegerField(data.split('$')[2] ?? '', 'work factor');
    for (let remaining = 2 ** (this.rounds - storedRounds) - 1; remaining > 0; remaining--) {
      await this.encode(password, salt);
    }
  }

  private bcryptInput(password: string): string {
    if (typeof password !== 'string') throw new InvalidPasswordError('password must be provided.');
    if (this.digest === null) return rejectNulBytes(password);
    return createHash(this.digest).update(password, 'utf8').digest('hex');
  }
}

/**
 * node.bcrypt.js knows `$2a$`/`$2b$` only; `$2y$` (PHP) is the same
 * algorithm, so hash as `$2b$` and give the hash its prefix back, as
 * pyca/bcrypt does.
 */
async function hashWithBcrypt(bcrypt: typeof BcryptLibrary, input: string, salt: string): Promise<string> {
  const isTwoY = salt.startsWith('$2y$');
  const hashed = await bcrypt.hash(input, isTwoY ? '$2b$' + salt.slice(4) : salt);
  return isTwoY ? '$2y$' + hashed.slice(4) : hashed;
}

/**
 * pyca/bcrypt refuses passwords containing NUL bytes, which Django then
 * cannot hash; node.bcrypt.js would hash them, so refuse them too.
 */
function rejectNulBytes(password: string): string {
  if (password.includes('\0')) throw new InvalidPasswordError('password may not contain NUL bytes.');
  return password;
}
