import type { ScryptOptions } from 'node:crypto';

/** One key derivation, as posted to a hashing thread (structured-cloneable). */
export type KeyDerivationJob =
  | { kind: 'pbkdf2'; password: Uint8Array; salt: Uint8Array; iterations: number; keyLength: number; digest: 'sha256' | 'sha1' }
  | { kind: 'scrypt'; password: Uint8Array; salt: Uint8Array; keyLength: number; options: ScryptOptions };

/** A hashing thread's answer: the key, or the error it raised (name and message survive the thread boundary). */
export type KeyDerivationReply = { key: Uint8Array } | { error: { name: string; message: string } };
