import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { SERVICES } from './services';

/** A key prefix of the suite's own: suites share one Redis, and their users have the same ids. */
export function uniqueRedisPrefix(label: string): string {
  return `test.${label}.${randomBytes(4).toString('hex')}.`;
}

/** Deletes what a suite left under its prefix. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(SERVICES.redis);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
