import { createHash } from 'node:crypto';
import type { SessionRedisClient } from './session-redis-client.interface';

/**
 * A Lua script sent once and then called by its SHA1 (EVALSHA); a server
 * that forgot it (restart, SCRIPT FLUSH) is sent the source again.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: SessionRedisClient, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
