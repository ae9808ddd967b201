import { Worker } from 'node:worker_threads';
import { deriveInThreadPool } from './derive-in-thread-pool';
import { KeyDerivationJob, KeyDerivationReply } from './key-derivation.job';
import { KEY_DERIVATION_WORKER_SOURCE } from './key-derivation.worker-source';

/** @publicApi */
export interface KeyDerivationPoolOptions {
  /** Hashing threads; more than the cores only adds contention. */
  threads: number;
  /** Nice value the threads give themselves (0–19; 0 keeps the process's priority). */
  niceness: number;
}

interface PendingDerivation {
  job: KeyDerivationJob;
  resolve(key: Buffer): void;
  reject(error: Error): void;
}

/**
 * Password hashing threads of their own, started on first use: at most
 * `threads` derivations run at once, the rest wait in order. Unlike libuv's
 * shared pool (4 threads, also used by fs and dns), these threads are as many
 * as the cores and run at a lower priority, so a login burst cannot take CPU
 * from the requests that do not hash. A thread holds the process open only
 * while it works.
 */
export class KeyDerivationPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, PendingDerivation>();
  private readonly queue: PendingDerivation[] = [];
  private cannotStartThreads = false;
  private retiring = false;

  constructor(readonly options: KeyDerivationPoolOptions) {
    if (!Number.isSafeInteger(options.threads) || options.threads < 1) {
      throw new RangeError(`Hashing threads must be a positive integer, got ${String(options.threads)}.`);
    }
    if (!Number.isInteger(options.niceness) || options.niceness < 0 || options.niceness > 19) {
      throw new RangeError(`Hashing thread niceness must be an integer from 0 to 19, got ${String(options.niceness)}.`);
    }
  }

  /** Hashing threads alive now (started on demand, up to `threads`). */
  get threadCount(): number {
    return this.workers.size;
  }

  derive(job: KeyDerivationJob): Promise<Buffer> {
    if (this.cannotStartThreads) return deriveInThreadPool(job);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Finishes the derivations already given, then stops each thread as it falls idle. */
  retire(): void {
    this.retiring = true;
    for (const worker of this.idle.splice(0)) this.stop(worker);
  }

  /** Stops every thread; derivations still waiting or running are rejected. */
  async destroy(): Promise<void> {
    const stopped = new Error('The password hashing threads were stopped.');
    for (const pending of this.queue.splice(0)) pending.reject(stopped);
    for (const pending of this.running.values()) pending.reject(stopped);
    this.running.clear();
    this.idle.length = 0;
    const workers = [...this.workers];
    this.workers.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.startWorker();
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private startWorker(): Worker | undefined {
    if (this.workers.size >= this.options.threads) return undefined;
    let worker: Worker;
    try {
      worker = new Worker(KEY_DERIVATION_WORKER_SOURCE, { eval: true, workerData: { niceness: this.options.niceness } });
    } catch {
      if (this.workers.size === 0) this.fallBackToThreadPool();
      return undefined;
    }
    worker.on('message', (reply: KeyDerivationReply) => this.finish(worker, reply));
    worker.on('error', (error) => this.lose(worker, error));
    worker.on('exit', (code) => this.lose(worker, new Error(`A password hashing thread exited with code ${code}.`)));
    this.workers.add(worker);
    return worker;
  }

  private finish(worker: Worker, reply: KeyDerivationReply): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (pending) settle(pending, reply);
    this.dispatch();
    if (this.retiring) this.retire();
  }

  private stop(worker: Worker): void {
    this.workers.delete(worker);
    void worker.terminate();
  }

  /** A thread that died fails its own derivation only; the next derivation starts a new thread. */
  private lose(worker: Worker, error: Error): void {
    if (!this.workers.delete(worker)) return;
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    this.running.get(worker)?.reject(error);
    this.running.delete(worker);
    this.dispatch();
  }

  private fallBackToThreadPool(): void {
    this.cannotStartThreads = true;
    for (const pending of this.queue.splice(0)) deriveInThreadPool(pending.job).then(pending.resolve, pending.reject);
  }
}

function settle(pending: PendingDerivation, reply: KeyDerivationReply): void {
  if ('key' in reply) return pending.resolve(Buffer.from(reply.key.buffer, reply.key.byteOffset, reply.key.byteLength));
  const error = new Error(reply.error.message);
  error.name = reply.error.name;
  pending.reject(error);
}
