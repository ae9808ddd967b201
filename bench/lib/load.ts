import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Counts 3xx as success (login answers 302). */
  expectRedirect?: boolean;
  /** Caps the request rate (a latency probe that must not take CPU from what it watches). */
  ratePerSecond?: number;
}

/** One autocannon run on loopback; bounded in time, stops by itself. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    ...(options.ratePerSecond ? { overallRate: options.ratePerSecond } : {}),
  });
  const ok = result['2xx'] + (options.expectRedirect ? result['3xx'] : 0);
  return {
    requestsPerSecond: ok / options.durationSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx - (options.expectRedirect ? result['3xx'] : 0),
    errors: result.errors + result.timeouts,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
