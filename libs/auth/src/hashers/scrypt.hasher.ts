import type { ScryptOptions } from 'node:crypto';
import { constantTimeCompare } from '../crypto/constant-time-compare';
import { MalformedPasswordHashError } from '../exceptions/password-errors';
import { BasePasswordHasher, DecodedPassword, PasswordSummary } from './base-password.hasher';
import { assertAlgorithm, exceedsAll, maskHash, parseIntegerField } from './hasher.utils';
import { deriveKey } from './key-derivation/derive-key';

const SCRYPT_KEY_LENGTH = 64;
const MEBIBYTE = 1024 * 1024;

/** @publicApi */
export interface ScryptHasherOptions {
  /** N, the CPU/memory cost (a power of 2). Default: 2**14 (Django). */
  workFactor?: number;
  /** r. Default: 8 (Django). */
  blockSize?: number;
  /** p. Default: 5 (Django 5.1+; Django 4.x used 1). */
  parallelism?: number;
  /** Memory cap in bytes; 0 sizes it to each hash's N and r. Default: 0. */
  maxmem?: number;
}

/** The decoded parts of `scrypt$<N>$<salt>$<r>$<p>$<base64 hash>`. @publicApi */
export interface DecodedScryptPassword extends DecodedPassword {
  salt: string;
  workFactor: number;
  blockSize: number;
  parallelism: number;
}

/**
 * Port of Django's ScryptPasswordHasher (Django 4.0+): 64-byte scrypt key,
 * standard base64 with padding.
 * @publicApi
 */
export class ScryptPasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'scrypt';
  readonly workFactor: number;
  readonly blockSize: number;
  readonly parallelism: number;
  readonly maxmem: number;

  constructor(options: ScryptHasherOptions = {}) {
    super();
    this.workFactor = options.workFactor ?? 2 ** 14;
    this.blockSize = options.blockSize ?? 8;
    this.parallelism = options.parallelism ?? 5;
    this.maxmem = options.maxmem ?? 0;
  }

  /** n, r and p default to this hasher's (Django's `n or self.work_factor`...). */
  async encode(password: string, salt: string, n?: number, r?: number, p?: number): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const N = n || this.workFactor;
    const blockSize = r || this.blockSize;
    const parallelism = p || this.parallelism;
    const options: ScryptOptions = { N, r: blockSize, p: parallelism, maxmem: this.maxmem || scryptMemoryBytes(N, blockSize, parallelism) };
    const derived = await deriveKey({
      kind: 'scrypt',
      password: Buffer.from(password, 'utf8'),
      salt: Buffer.from(salt, 'utf8'),
      keyLength: SCRYPT_KEY_LENGTH,
      options,
    });
    return `${this.algorithm}$${N}$${salt}$${blockSize}$${parallelism}$${derived.toString('base64')}`;
  }

  decode(encoded: string): DecodedScryptPassword {
    const parts = encoded.split('$');
    if (parts.length !== 6) throw new MalformedPasswordHashError("Expected 6 '$'-separated parts in the encoded password.");
    const [algorithm, workFactor, salt, blockSize, parallelism, hash] = parts;
    assertAlgorithm(algorithm, this.algorithm);
    return {
      algorithm,
      workFactor: parseIntegerField(workFactor, 'work factor'),
      salt,
      blockSize: parseIntegerField(blockSize, 'block size'),
      parallelism: parseIntegerField(parallelism, 'parallelism'),
      hash,
    };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    try {
      const { salt, workFactor, blockSize, parallelism } = this.decode(encoded);
      return constantTimeCompare(encoded, await this.encode(password, salt, workFactor, blockSize, parallelism));
    } catch {
      return false;
    }
  }

  override safeSummary(encoded: string): PasswordSummary {
    const decoded = this.decode(encoded);
    return {
      algorithm: decoded.algorithm,
      'work factor': decoded.workFactor,
      'block size': decoded.blockSize,
      parallelism: decoded.parallelism,
      salt: maskHash(decoded.salt),
      hash: maskHash(decoded.hash),
    };
  }

  /** Django checks the cost parameters only, not the salt length. */
  override mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return decoded.workFactor !== this.workFactor || decoded.blockSize !== this.blockSize || decoded.parallelism !== this.parallelism;
  }

  /** N, r and p each at least the configured value, one of them above. */
  override exceedsConfigured(encoded: string): boolean {
    const { workFactor, blockSize, parallelism } = this.decode(encoded);
    return exceedsAll([workFactor, blockSize, parallelism], [this.workFactor, this.blockSize, this.parallelism]);
  }
}

/**
 * OpenSSL refuses scrypt when its working set, about 128·r·(N + p + 2)
 * bytes, exceeds maxmem. Node's default cap is 32 MiB, which N=2^15, r=8
 * already exceeds, so size the cap to the parameters, with 1 MiB of slack.
 */
function scryptMemoryBytes(N: number, r: number, p: number): number {
  return 128 * r * (N + p + 2) + MEBIBYTE;
}
