import { availableParallelism } from 'node:os';
import { KeyDerivationJob } from './key-derivation.job';
import { KeyDerivationPool, KeyDerivationPoolOptions } from './key-derivation.pool';

/** Nice 10: the request thread wins the CPU about 9 times in 10 against a hash, and a hash is never starved outright. */
export const DEFAULT_HASHING_NICENESS = 10;

let pool: KeyDerivationPool | undefined;
let options: KeyDerivationPoolOptions = { threads: availableParallelism(), niceness: DEFAULT_HASHING_NICENESS };

/**
 * Sizes the process-wide password hashing threads (PBKDF2 and scrypt) and
 * their priority. Defaults: one thread per core, niceness 10. Takes effect
 * for derivations started afterwards; running ones finish on the old threads.
 * @publicApi
 */
export function configurePasswordHashingThreads(changes: Partial<KeyDerivationPoolOptions>): void {
  const next = new KeyDerivationPool({ ...options, ...changes });
  const previous = pool;
  options = next.options;
  pool = next;
  previous?.retire();
}

/** Derives a key on the hashing threads. */
export function deriveKey(job: KeyDerivationJob): Promise<Buffer> {
  pool ??= new KeyDerivationPool(options);
  return pool.derive(job);
}
