import { Logger, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AUTH_OPTIONS } from '../auth.constants';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { CachedDbSessionEngine } from './cached-db/cached-db-session.engine';
import { DjangoSignedSessionCodec } from './codecs/django-signed.codec';
import type { SessionCodec } from './codecs/session-codec.interface';
import { createSessionRedisClient } from './redis/redis-client';
import { RedisSessionEngine } from './redis/redis-session.engine';
import { SessionEngine } from './session-engine.interface';
import type { SessionRedisOptions } from './session-options.interface';
import { TypeormSessionEngine } from './typeorm/typeorm-session.engine';

/** Builds the configured session engine: Django's db engine by default, in Django's signed format. */
export function createSessionEngine(options: ResolvedAuthOptions, dataSource: DataSource): SessionEngine {
  const { engine, codec, redis } = options.session;
  if (typeof engine !== 'string') return engine;
  const logger = new Logger('AuthSession');
  // Only the engine logs an undecodable session (once, without its content).
  const sessionCodec = codec ?? new DjangoSignedSessionCodec({ secretKey: options.secretKey, secretKeyFallbacks: options.secretKeyFallbacks });
  const database = () => new TypeormSessionEngine(dataSource, sessionCodec, { logger });
  if (engine === 'db') return database();
  const cache = redisEngine(redis!, sessionCodec, logger);
  return engine === 'cache' ? cache : new CachedDbSessionEngine(database(), cache);
}

function redisEngine(redis: SessionRedisOptions, codec: SessionCodec, logger: Logger): RedisSessionEngine {
  const client = redis.client ?? createSessionRedisClient(redis.url!, logger);
  return new RedisSessionEngine(client, codec, {
    keyPrefix: redis.keyPrefix,
    tombstoneSeconds: redis.tombstoneSeconds,
    logger,
    ownsClient: !redis.client,
  });
}

export const sessionEngineProvider: Provider = {
  provide: SessionEngine,
  useFactory: createSessionEngine,
  inject: [AUTH_OPTIONS, getDataSourceToken()],
};
