import autocannon from 'autocannon';
import type { LoadResult } from '../lib/load';

export interface LoadUntilOptions {
  url: string;
  connections: number;
  headers?: Record<string, string>;
  /** The load stops at this bound even if `done` never settles. */
  maxSeconds: number;
}

/**
 * autocannon on loopback until `done` settles (or `maxSeconds` pass);
 * requests per second over the time it actually ran.
 */
export function loadUntil(options: LoadUntilOptions, done: Promise<unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: options.url, connections: options.connections, duration: options.maxSeconds, headers: options.headers },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result['2xx'] / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
    done.finally(() => instance.stop()).catch(() => undefined);
  });
}
