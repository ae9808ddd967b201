import { spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { configurePasswordHashingThreads, DEFAULT_HASHING_NICENESS, deriveKey } from './derive-key';
import { KeyDerivationJob } from './key-derivation.job';
import { KeyDerivationPool } from './key-derivation.pool';

const password = Buffer.from('pässword', 'utf8');

function pbkdf2Job(salt: string, iterations = 1000, digest: 'sha256' | 'sha1' = 'sha256'): KeyDerivationJob {
  return { kind: 'pbkdf2', password, salt: Buffer.from(salt), iterations, keyLength: digest === 'sha256' ? 32 : 20, digest };
}

/** Nice values of this process's threads, from /proc (field 19 of a thread's stat). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('KeyDerivationPool', () => {
  let pool: KeyDerivationPool;

  beforeEach(() => (pool = new KeyDerivationPool({ threads: 2, niceness: 10 })));
  afterEach(() => pool.destroy());

  it('derives the same bytes as node:crypto for PBKDF2-SHA256, PBKDF2-SHA1 and scrypt', async () => {
    expect(await pool.derive(pbkdf2Job('seasalt'))).toEqual(pbkdf2Sync(password, 'seasalt', 1000, 32, 'sha256'));
    expect(await pool.derive(pbkdf2Job('seasalt', 1000, 'sha1'))).toEqual(pbkdf2Sync(password, 'seasalt', 1000, 20, 'sha1'));
    const options = { N: 1024, r: 8, p: 1 };
    expect(await pool.derive({ kind: 'scrypt', password, salt: Buffer.from('salt'), keyLength: 64, options })).toEqual(
      scryptSync(password, 'salt', 64, options),
    );
  });

  it('runs at most `threads` derivations at once and answers every queued one with its own key', async () => {
    const salts = Array.from({ length: 7 }, (_, i) => `salt-${i}`);
    const keys = await Promise.all(salts.map((salt) => pool.derive(pbkdf2Job(salt, 20_000))));
    expect(pool.threadCount).toBe(2);
    keys.forEach((key, i) => expect(key).toEqual(pbkdf2Sync(password, salts[i], 20_000, 32, 'sha256')));
  });

  (process.platform === 'linux' ? it : it.skip)('runs its threads at the configured lower priority (Linux)', async () => {
    const before = threadNiceValues().filter((nice) => nice === 10).length;
    await Promise.all([pool.derive(pbkdf2Job('a')), pool.derive(pbkdf2Job('b'))]);
    expect(threadNiceValues().filter((nice) => nice === 10).length - before).toBe(2);
  });

  it('keeps the event loop turning while a full-strength hash runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await pool.derive(pbkdf2Job('seasalt', 1_000_000));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('passes a derivation error back with its name and message, and stays usable', async () => {
    const invalid: KeyDerivationJob = { kind: 'scrypt', password, salt: Buffer.from('s'), keyLength: 64, options: { N: 1000 } };
    await expect(pool.derive(invalid)).rejects.toMatchObject({ name: 'RangeError', message: expect.stringContaining('scrypt') });
    expect(await pool.derive(pbkdf2Job('after'))).toEqual(pbkdf2Sync(password, 'after', 1000, 32, 'sha256'));
  });

  it('rejects what is running or waiting when destroyed, with a clear message', async () => {
    const outcomes = [1, 2, 3].map((i) => pool.derive(pbkdf2Job(`s${i}`, 1_000_000)).then(() => 'derived', (error: Error) => error.message));
    await pool.destroy();
    expect(await Promise.all(outcomes)).toEqual(Array(3).fill('The password hashing threads were stopped.'));
    expect(pool.threadCount).toBe(0);
  });

  it('refuses a thread count or niceness out of range', () => {
    expect(() => new KeyDerivationPool({ threads: 0, niceness: 10 })).toThrow(RangeError);
    expect(() => new KeyDerivationPool({ threads: 1.5, niceness: 10 })).toThrow(RangeError);
    expect(() => new KeyDerivationPool({ threads: 1, niceness: 20 })).toThrow(RangeError);
    expect(() => new KeyDerivationPool({ threads: 1, niceness: -1 })).toThrow(RangeError);
  });

  it("falls back to libuv's pool when no thread can start", async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock('node:worker_threads', () => ({
        Worker: class {
          constructor() {
            throw new Error('no threads here');
          }
        },
      }));
      const { KeyDerivationPool: IsolatedPool } = await import('./key-derivation.pool');
      const threadless = new IsolatedPool({ threads: 2, niceness: 10 });
      expect(await threadless.derive(pbkdf2Job('seasalt'))).toEqual(pbkdf2Sync(password, 'seasalt', 1000, 32, 'sha256'));
      expect(threadless.threadCount).toBe(0);
    });
  });
});

describe('configurePasswordHashingThreads', () => {
  afterAll(() => configurePasswordHashingThreads({ threads: availableParallelism(), niceness: DEFAULT_HASHING_NICENESS }));

  it('resizes the process-wide threads; derivations stay correct', async () => {
    configurePasswordHashingThreads({ threads: 1 });
    const salt = randomBytes(8).toString('hex');
    expect(await deriveKey(pbkdf2Job(salt))).toEqual(pbkdf2Sync(password, salt, 1000, 32, 'sha256'));
  });

  it('refuses an invalid setting and keeps the previous one', async () => {
    expect(() => configurePasswordHashingThreads({ niceness: 42 })).toThrow(RangeError);
    expect(await deriveKey(pbkdf2Job('still'))).toEqual(pbkdf2Sync(password, 'still', 1000, 32, 'sha256'));
  });
});

describe('a script that hashes', () => {
  it('is kept alive until its hash is done, then exits by itself', () => {
    const script = [
      "const { deriveKey } = require('./libs/auth/src/hashers/key-derivation/derive-key');",
      "deriveKey({ kind: 'pbkdf2', password: Buffer.from('pw'), salt: Buffer.from('salt'), iterations: 200000, keyLength: 32, digest: 'sha256' })",
      "  .then((key) => console.log(key.toString('hex')));",
    ].join('\n');
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(pbkdf2Sync('pw', 'salt', 200_000, 32, 'sha256').toString('hex'));
  });
});
