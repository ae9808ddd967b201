import type * as Argon2Library from 'argon2';
import { constantTimeCompare } from '../crypto/constant-time-compare';
import { InvalidPasswordError, MalformedPasswordHashError } from '../exceptions/password-errors';
import { optionalRequire } from '../utils/optional-require';
import { BasePasswordHasher, DecodedPassword, PasswordSummary } from './base-password.hasher';
import {
  exceedsAll,
  assertAlgorithm,
  fromUnpaddedBase64,
  maskHash,
  mustUpdateSalt,
  parseIntegerField,
  parseKeyValueList,
  splitEncoded,
  toUnpaddedBase64,
} from './hasher.utils';

type Argon2Variety = 'argon2d' | 'argon2i' | 'argon2id';

/** argon2's `type` values (Argon2_type in the reference implementation). */
const ARGON2_TYPES: Record<Argon2Variety, 0 | 1 | 2> = { argon2d: 0, argon2i: 1, argon2id: 2 };
const ARGON2_VERSION = 0x13;
/** argon2-cffi's extract_parameters: a hash without `v=` is version 1.0 (0x10). */
const ARGON2_LEGACY_VERSION = 0x10;

/**
 * argon2-cffi's DEFAULT_HASH_LENGTH since 21.2.0 (RFC 9106 profile), which
 * Django 5.x's Argon2PasswordHasher.params() uses. argon2-cffi 18.2-21.1
 * used 16: pass `hashLength: 16` to keep such hashes from being re-hashed.
 * @publicApi
 */
export const ARGON2_DEFAULT_HASH_LENGTH = 32;

/** @publicApi */
export interface Argon2HasherOptions {
  /** Passes over memory. Default: 2 (Django). */
  timeCost?: number;
  /** KiB of memory. Default: 102400 (Django, 100 MiB). */
  memoryCost?: number;
  /** Lanes; changes the hash. Default: 8 (Django). */
  parallelism?: number;
  /** Bytes of output for new hashes. Default: 32 (ARGON2_DEFAULT_HASH_LENGTH). */
  hashLength?: number;
}

/** The decoded parts of `argon2$argon2id$v=19$m=..,t=..,p=..$<b64 salt>$<b64 hash>`. @publicApi */
export interface DecodedArgon2Password extends DecodedPassword {
  salt: string;
  variety: Argon2Variety;
  version: number;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  hashLength: number;
}

/**
 * Port of Django's Argon2PasswordHasher (argon2id, v=19). Verifies any
 * variety, version, cost or hash length found in the encoded password.
 * @publicApi
 */
export class Argon2PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'argon2';
  readonly timeCost: number;
  readonly memoryCost: number;
  readonly parallelism: number;
  readonly hashLength: number;
  private library?: typeof Argon2Library;

  constructor(options: Argon2HasherOptions = {}) {
    super();
    this.timeCost = options.timeCost ?? 2;
    this.memoryCost = options.memoryCost ?? 102400;
    this.parallelism = options.parallelism ?? 8;
    this.hashLength = options.hashLength ?? ARGON2_DEFAULT_HASH_LENGTH;
  }

  /** The `argon2` package, loaded on first use. */
  override loadLibrary(): void {
    this.library ??= optionalRequire<typeof Argon2Library>('argon2', 'Argon2PasswordHasher');
  }

  /** Django passes the salt string's UTF-8 bytes to argon2 (which needs at least 8). */
  async encode(password: string, salt: string): Promise<string> {
    if (typeof password !== 'string') throw new InvalidPasswordError('password must be provided.');
    const saltBytes = Buffer.from(salt, 'utf8');
    const hash = await this.rawHash(password, saltBytes, {
      variety: 'argon2id',
      version: ARGON2_VERSION,
      memoryCost: this.memoryCost,
      timeCost: this.timeCost,
      parallelism: this.parallelism,
      hashLength: this.hashLength,
    });
    const params = `m=${this.memoryCost},t=${this.timeCost},p=${this.parallelism}`;
    return `${this.algorithm}$argon2id$v=${ARGON2_VERSION}$${params}$${toUnpaddedBase64(saltBytes)}$${toUnpaddedBase64(hash)}`;
  }

  /** Port of decode() + argon2.extract_parameters(); the salt is latin-1 decoded as Django does. */
  decode(encoded: string): DecodedArgon2Password {
    const [algorithm, rest] = splitEncoded(encoded, 2);
    assertAlgorithm(algorithm, this.algorithm);
    const parts = rest.split('$');
    const hasVersion = parts.length === 5;
    if (parts.length !== 4 && !hasVersion) throw new MalformedPasswordHashError('Invalid argon2 hash.');
    const [variety, ...tail] = parts;
    if (!Object.hasOwn(ARGON2_TYPES, variety)) throw new MalformedPasswordHashError(`Unknown argon2 variety '${variety}'.`);
    const version = hasVersion ? parseVersion(tail.shift()!) : ARGON2_LEGACY_VERSION;
    const [paramText, b64salt, hash] = tail;
    const { m, t, p } = parseKeyValueList(paramText, ['m', 't', 'p'], 'argon2 parameters');
    return {
      algorithm,
      variety: variety as Argon2Variety,
      version,
      memoryCost: m,
      timeCost: t,
      parallelism: p,
      salt: fromUnpaddedBase64(b64salt, 'salt').toString('latin1'),
      hash,
      hashLength: fromUnpaddedBase64(hash, 'hash').length,
    };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    this.loadLibrary();
    try {
      const decoded = this.decode(encoded);
      const expected = fromUnpaddedBase64(decoded.hash, 'hash');
      const actual = await this.rawHash(password, Buffer.from(decoded.salt, 'latin1'), decoded);
      return constantTimeCompare(actual, expected);
    } catch {
      return false;
    }
  }

  override safeSummary(encoded: string): PasswordSummary {
    const decoded = this.decode(encoded);
    return {
      algorithm: decoded.algorithm,
      variety: decoded.variety,
      version: decoded.version,
      'memory cost': decoded.memoryCost,
      'time cost': decoded.timeCost,
      parallelism: decoded.parallelism,
      salt: maskHash(decoded.salt),
      hash: maskHash(decoded.hash),
    };
  }

  /** Django compares argon2.Parameters (salt_len excepted, the salt is ours) and checks salt entropy. */
  override mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    const paramsDiffer =
      decoded.variety !== 'argon2id' ||
      decoded.version !== ARGON2_VERSION ||
      decoded.hashLength !== this.hashLength ||
      decoded.timeCost !== this.timeCost ||
      decoded.memoryCost !== this.memoryCost ||
      decoded.parallelism !== this.parallelism;
    return paramsDiffer || mustUpdateSalt(decoded.salt, this.saltEntropy);
  }

  /** Same variety, version, hash length and parallelism; time and memory cost each at least the configured, one above. */
  override exceedsConfigured(encoded: string): boolean {
    const decoded = this.decode(encoded);
    const sameShape =
      decoded.variety === 'argon2id' &&
      decoded.version === ARGON2_VERSION &&
      decoded.hashLength === this.hashLength &&
      decoded.parallelism === this.parallelism &&
      !mustUpdateSalt(decoded.salt, this.saltEntropy);
    return sameShape && exceedsAll([decoded.timeCost, decoded.memoryCost], [this.timeCost, this.memoryCost]);
  }

  private rawHash(password: string, salt: Buffer, params: Argon2Params): Promise<Buffer> {
    this.loadLibrary();
    return this.library!.hash(password, {
      raw: true,
      salt,
      type: ARGON2_TYPES[params.variety],
      version: params.version,
      memoryCost: params.memoryCost,
      timeCost: params.timeCost,
      parallelism: params.parallelism,
      hashLength: params.hashLength,
    });
  }
}

type Argon2Params = Pick<DecodedArgon2Password, 'variety' | 'version' | 'memoryCost' | 'timeCost' | 'parallelism' | 'hashLength'>;

function parseVersion(text: string): number {
  if (!text.startsWith('v=')) throw new MalformedPasswordHashError('Invalid argon2 version.');
  return parseIntegerField(text.slice(2), 'argon2 version');
}
