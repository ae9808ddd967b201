import { pbkdf2, scrypt } from 'node:crypto';
import { KeyDerivationJob } from './key-derivation.job';

/** node:crypto's asynchronous derivation on libuv's thread pool: the fallback when no hashing thread can start. */
export function deriveInThreadPool(job: KeyDerivationJob): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, key: Buffer) => (error ? reject(error) : resolve(key));
    if (job.kind === 'pbkdf2') pbkdf2(job.password, job.salt, job.iterations, job.keyLength, job.digest, done);
    else scrypt(job.password, job.salt, job.keyLength, job.options, done);
  });
}
