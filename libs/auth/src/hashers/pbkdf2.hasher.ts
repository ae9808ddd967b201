import { constantTimeCompare } from '../crypto/constant-time-compare';
import { BasePasswordHasher, DecodedPassword, PasswordSummary } from './base-password.hasher';
import { assertAlgorithm, maskHash, mustUpdateSalt, parseIntegerField, splitEncoded } from './hasher.utils';
import { deriveKey } from './key-derivation/derive-key';

/**
 * Django 5.2's PBKDF2PasswordHasher.iterations.
 * @publicApi
 */
export const PBKDF2_DEFAULT_ITERATIONS = 1_000_000;

/** @publicApi */
export interface Pbkdf2HasherOptions {
  /** Work factor for new hashes; hashes with another count get re-hashed. Default: 1_000_000 (Django 5.2). */
  iterations?: number;
}

/** The decoded parts of `pbkdf2_<digest>$<iterations>$<salt>$<base64 hash>`. @publicApi */
export interface DecodedPbkdf2Password extends DecodedPassword {
  salt: string;
  iterations: number;
}

/**
 * Port of Django's PBKDF2PasswordHasher: PBKDF2-HMAC-SHA256, key length =
 * digest size, standard base64 with padding.
 * @publicApi
 */
export class Pbkdf2PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'pbkdf2_sha256';
  readonly iterations: number;
  protected readonly digest: 'sha256' | 'sha1' = 'sha256';

  constructor(options: Pbkdf2HasherOptions = {}) {
    super();
    this.iterations = options.iterations ?? PBKDF2_DEFAULT_ITERATIONS;
    if (!Number.isSafeInteger(this.iterations) || this.iterations < 1) {
      throw new RangeError(`PBKDF2 iterations must be a positive integer, got ${String(options.iterations)}.`);
    }
  }

  /** `iterations` defaults to this hasher's (Django's `iterations or self.iterations`, so 0 does too). */
  async encode(password: string, salt: string, iterations?: number): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const count = iterations || this.iterations;
    const derived = await deriveKey({
      kind: 'pbkdf2',
      password: Buffer.from(password, 'utf8'),
      salt: Buffer.from(salt, 'utf8'),
      iterations: count,
      keyLength: this.keyLength(),
      digest: this.digest,
    });
    return `${this.algorithm}$${count}$${salt}$${derived.toString('base64')}`;
  }

  decode(encoded: string): DecodedPbkdf2Password {
    const [algorithm, iterations, salt, hash] = splitEncoded(encoded, 4);
    assertAlgorithm(algorithm, this.algorithm);
    return { algorithm, hash, iterations: parseIntegerField(iterations, 'iterations'), salt };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    try {
      const decoded = this.decode(encoded);
      return constantTimeCompare(encoded, await this.encode(password, decoded.salt, decoded.iterations));
    } catch {
      return false;
    }
  }

  override safeSummary(encoded: string): PasswordSummary {
    const decoded = this.decode(encoded);
    return {
      algorithm: decoded.algorithm,
      iterations: decoded.iterations,
      salt: maskHash(decoded.salt),
      hash: maskHash(decoded.hash),
    };
  }

  override mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return decoded.iterations !== this.iterations || mustUpdateSalt(decoded.salt, this.saltEntropy);
  }

  override exceedsConfigured(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return decoded.iterations > this.iterations && !mustUpdateSalt(decoded.salt, this.saltEntropy);
  }

  /** Runs the iterations `encoded` is short of, so a weak stored hash costs as much as a current one. */
  override async hardenRuntime(password: string, encoded: string): Promise<void> {
    const decoded = this.decode(encoded);
    const extraIterations = this.iterations - decoded.iterations;
    if (extraIterations > 0) await this.encode(password, decoded.salt, extraIterations);
  }

  /** Python's pbkdf2 with dklen=None: the digest size. */
  private keyLength(): number {
    return this.digest === 'sha256' ? 32 : 20;
  }
}
