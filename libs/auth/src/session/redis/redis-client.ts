import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * A client for the session engines. Commands issued in the same tick share
 * one write (auto-pipelining); while the server is down a command fails after
 * one reconnection attempt instead of queueing, so requests get a prompt 503,
 * and the client keeps reconnecting in the background.
 */
export function createSessionRedisClient(url: string, logger = new Logger('AuthSession')): Redis {
  const client = new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  let reported = false;
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    logger.error(`Redis session store unreachable: ${error.message}`);
  });
  client.on('ready', () => (reported = false));
  return client;
}
