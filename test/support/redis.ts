import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { SERVICES } from './services';

/** A key prefix of the suite's own: suites share one Redis, and their users have the same ids. */
export function uniqueRedisPrefix(label: string): string {
  return `test.${label}.${randomBytes(4).toString('hex')}.`;
}

/** Deletes what a suite (or a bench run) left under its prefix; SCAN, so a large leftover does not block Redis. */
export async function deleteRedisKeys(prefix: string, url: string = SERVICES.redis): Promise<void> {
  const redis = new Redis(url);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
