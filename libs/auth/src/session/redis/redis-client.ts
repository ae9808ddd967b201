import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { optionalRequire } from '../../utils/optional-require';
import type { SessionRedisClient } from './session-redis-client.interface';

type IoRedis = { default: new (url: string, options: object) => Redis };

/**
 * A client for the session engines. Commands issued in the same tick share
 * one write (auto-pipelining); while the server is down a command fails after
 * one reconnection attempt instead of queueing, so requests get a prompt 503,
 * and the client keeps reconnecting in the background. ioredis is loaded
 * here, when a Redis engine is configured.
 */
export function createSessionRedisClient(url: string, logger = new Logger('AuthSession')): SessionRedisClient {
  const { default: RedisClient } = optionalRequire<IoRedis>('ioredis', "session.engine 'cache' / 'cached_db' (session.redis.url)");
  const client = new RedisClient(url, { enableAutoPipelining: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  let reported = false;
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    logger.error(`Redis session store unreachable: ${error.message}`);
  });
  client.on('ready', () => (reported = false));
  return client;
}
