export { RedisSessionEngine, DEFAULT_SESSION_CACHE_PREFIX } from './redis-session.engine';
export type { RedisSessionEngineOptions, CacheLookup } from './redis-session.engine';
export { createSessionRedisClient } from './redis-client';
export type { SessionRedisClient } from './session-redis-client.interface';
