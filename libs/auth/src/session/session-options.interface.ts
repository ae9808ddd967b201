import type { SessionRedisClient } from './redis/session-redis-client.interface';
import type { SessionCodec } from './codecs/session-codec.interface';
import type { SessionEngine } from './session-engine.interface';

/** Django's session engines by name (SESSION_ENGINE's last component). */
export type SessionEngineName = 'db' | 'cache' | 'cached_db';

/**
 * The Redis server of the `cache` and `cached_db` engines (Django's
 * SESSION_CACHE_ALIAS). One server, or Sentinel / a primary with replicas:
 * the engines' scripts touch several keys, which Redis Cluster forbids.
 * @publicApi
 */
export interface SessionRedisOptions {
  /** `redis://[:password@]host:port[/db]`; the module makes the client and closes it on shutdown. */
  url?: string;
  /** An ioredis client of yours instead (yours to close). */
  client?: SessionRedisClient;
  /** Key prefix. Default: `'django.contrib.sessions.cache'`. */
  keyPrefix?: string;
  /** How long a deleted session blocks a late write from a request in flight. Default: `60`. */
  tombstoneSeconds?: number;
}

/**
 * Django's SESSION_* settings.
 * @publicApi
 */
export interface SessionOptions {
  /** SESSION_COOKIE_NAME. Default: `'sessionid'`. */
  cookieName?: string;
  /** SESSION_COOKIE_AGE in seconds. Default: `1209600` (2 weeks). */
  cookieAge?: number;
  /** SESSION_COOKIE_DOMAIN. Default: none (host-only). */
  cookieDomain?: string | null;
  /** SESSION_COOKIE_PATH. Default: `'/'`. */
  cookiePath?: string;
  /**
   * SESSION_COOKIE_SECURE: send the cookie over HTTPS only; `'auto'`: when the request came over HTTPS
   * (directly, or through a proxy the app trusts: `trustProxy`). Default: `false`.
   */
  cookieSecure?: boolean | 'auto';
  /** SESSION_COOKIE_HTTPONLY. Default: `true`. */
  cookieHttpOnly?: boolean;
  /** SESSION_COOKIE_SAMESITE. Default: `'Lax'`. */
  cookieSameSite?: 'Lax' | 'Strict' | 'None' | false;
  /** SESSION_SAVE_EVERY_REQUEST. Default: `false`. */
  saveEveryRequest?: boolean;
  /** SESSION_EXPIRE_AT_BROWSER_CLOSE. Default: `false`. */
  expireAtBrowserClose?: boolean;
  /**
   * SESSION_ENGINE: `'db'` (django_session through TypeORM), `'cache'` (Redis only),
   * `'cached_db'` (django_session, read through Redis) or an engine instance. Default: `'db'`.
   */
  engine?: SessionEngineName | SessionEngine;
  /** The Redis server of the `cache` and `cached_db` engines. */
  redis?: SessionRedisOptions;
  /** How session data is stored. Default: Django's signed format (DjangoSignedSessionCodec), readable by Django. */
  codec?: SessionCodec;
}

export type ResolvedSessionOptions = Readonly<Required<Omit<SessionOptions, 'codec' | 'redis'>>> & {
  codec?: SessionCodec;
  redis?: SessionRedisOptions;
};
