import { Logger } from '@nestjs/common';
import type { SessionRedisClient } from './session-redis-client.interface';
import { decodeSessionData } from '../codecs/decode-session-data';
import type { SessionCodec } from '../codecs/session-codec.interface';
import {
  SessionDeletedError,
  SessionEngine,
  SessionKeyTakenError,
  SessionRecord,
  SessionSaveOptions,
  UserSessionInfo,
} from '../session-engine.interface';
import { assertValidSessionKey, isValidSessionKey } from '../session-key';
import { sessionOwnerOf } from '../session-owner';
import { RedisScript } from './redis-script';
import { DELETE_SCRIPT, DELETE_SESSIONS_OF_USER_SCRIPT, SAVE_SCRIPT, SESSIONS_OF_USER_SCRIPT } from './redis-session.scripts';

/** @publicApi */
export interface RedisSessionEngineOptions {
  /** Prepended to every key (Django's cache engine uses `django.contrib.sessions.cache`). Default: that. */
  keyPrefix?: string;
  /** How long a deleted session blocks a late write from a request still in flight. Default: 60 s. */
  tombstoneSeconds?: number;
  /** The clock deciding what has expired. Default: `() => new Date()`. */
  now?: () => Date;
  /** Told when a session's data cannot be decoded (never the data itself). */
  logger?: { warn(message: string): void };
  /** Quit the client when the application shuts down (the engine made it). Default: `false`. */
  ownsClient?: boolean;
}

/** What the cache holds for a key: the session, nothing, or a recently deleted session. */
export type CacheLookup = { state: 'hit'; record: SessionRecord } | { state: 'miss' } | { state: 'deleted' };

/** How a write meets what is already cached (see SAVE_SCRIPT). */
type SaveMode = 'create' | 'update' | 'write' | 'fill';

export const DEFAULT_SESSION_CACHE_PREFIX = 'django.contrib.sessions.cache';

/**
 * Django's `cache` session engine (sessions/backends/cache.py) on Redis:
 * one round trip to load a session and none to the database. Saves are as
 * race-free as the db engine's (a new key never overwrites, an update never
 * re-creates, a deleted session stays deleted), and a user → sessions index
 * is kept beside, so a user's sessions can be listed and revoked. Expired
 * sessions are dropped by Redis itself.
 * @publicApi
 */
export class RedisSessionEngine implements SessionEngine {
  private readonly prefix: string;
  private readonly userPrefix: string;
  private readonly tombstoneMs: number;
  private readonly now: () => Date;
  private readonly logger: { warn(message: string): void };
  private readonly scripts = {
    save: new RedisScript(SAVE_SCRIPT),
    delete: new RedisScript(DELETE_SCRIPT),
    sessionsOfUser: new RedisScript(SESSIONS_OF_USER_SCRIPT),
    deleteSessionsOfUser: new RedisScript(DELETE_SESSIONS_OF_USER_SCRIPT),
  };

  constructor(
    readonly client: SessionRedisClient,
    private readonly codec: SessionCodec,
    private readonly options: RedisSessionEngineOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? DEFAULT_SESSION_CACHE_PREFIX;
    this.userPrefix = `${this.prefix}:user:`;
    this.tombstoneMs = Math.max(1, Math.round((options.tombstoneSeconds ?? 60) * 1000));
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? new Logger(RedisSessionEngine.name);
  }

  async load(sessionKey: string): Promise<SessionRecord | null> {
    const found = await this.lookup(sessionKey);
    return found.state === 'hit' ? found.record : null;
  }

  /** One HMGET: the live session, a miss, or a tombstone left by a recent delete. */
  async lookup(sessionKey: string): Promise<CacheLookup> {
    if (!isValidSessionKey(sessionKey)) return { state: 'miss' };
    this.assertConnected();
    const [data, expire, deleted] = await this.client.hmget(this.key(sessionKey), 'd', 'e', 'x');
    if (deleted) return { state: 'deleted' };
    const expireMs = Number(expire);
    if (data === null || !(expireMs > this.now().getTime())) return { state: 'miss' };
    return { state: 'hit', record: { data: decodeSessionData(this.codec, data, this.logger), expireDate: new Date(expireMs) } };
  }

  async save(sessionKey: string, data: Record<string, unknown>, expireDate: Date, options: SessionSaveOptions): Promise<void> {
    const outcome = await this.write(sessionKey, data, expireDate, options.mustCreate ? 'create' : 'update');
    if (outcome === 'taken') throw new SessionKeyTakenError('The session key is already in use.');
    if (outcome === 'gone') throw new SessionDeletedError('The session was deleted before it could be saved.');
  }

  /** cached_db's write-through after the database saved: stores the session unless it was deleted meanwhile. */
  async writeThrough(sessionKey: string, data: Record<string, unknown>, expireDate: Date): Promise<void> {
    await this.write(sessionKey, data, expireDate, 'write');
  }

  /** cached_db's fill after a cache miss: stores the session only if nothing (not even a tombstone) is there. */
  async fill(sessionKey: string, record: SessionRecord): Promise<void> {
    await this.write(sessionKey, record.data, record.expireDate, 'fill');
  }

  async delete(sessionKey: string): Promise<void> {
    await this.deleteMany([sessionKey]);
  }

  /** Deletes the sessions, leaving tombstones; returns how many were live. */
  async deleteMany(sessionKeys: string[]): Promise<number> {
    const keys = sessionKeys.filter(isValidSessionKey).map((k) => this.key(k));
    if (keys.length === 0) return 0;
    this.assertConnected();
    return Number(await this.scripts.delete.run(this.client, keys, [this.tombstoneMs, this.userPrefix, this.prefix]));
  }

  /** cached_db after an outage: drops the cache entries (no tombstone), so the next read refills them from the database. */
  async forget(sessionKeys: string[]): Promise<void> {
    const keys = sessionKeys.filter(isValidSessionKey).map((k) => this.key(k));
    if (keys.length === 0) return;
    this.assertConnected();
    await this.client.del(...keys);
  }

  /** Redis drops expired sessions itself (Django's cache engine does nothing here either). */
  async clearExpired(): Promise<number> {
    return 0;
  }

  async sessionsOfUser(userId: string): Promise<UserSessionInfo[]> {
    this.assertConnected();
    const flat = (await this.scripts.sessionsOfUser.run(this.client, [this.userPrefix + userId], [this.now().getTime(), this.prefix, userId])) as string[];
    const sessions: UserSessionInfo[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      sessions.push({ sessionKey: flat[i], expireDate: new Date(Number(flat[i + 1])), createdAt: new Date(Number(flat[i + 2])) });
    }
    return sessions;
  }

  async deleteSessionsOfUser(userId: string, exceptKey?: string): Promise<number> {
    const args = [this.prefix, userId, exceptKey ?? '', this.tombstoneMs];
    this.assertConnected();
    return Number(await this.scripts.deleteSessionsOfUser.run(this.client, [this.userPrefix + userId], args));
  }

  /** Nest calls this on shutdown: a client the engine made is closed with it. */
  async onModuleDestroy(): Promise<void> {
    if (this.options.ownsClient && this.client.status !== 'end') await this.client.quit().catch(() => this.client.disconnect());
  }

  private async write(sessionKey: string, data: Record<string, unknown>, expireDate: Date, mode: SaveMode): Promise<string> {
    assertValidSessionKey(sessionKey);
    this.assertConnected();
    const args = [this.codec.encode(data), expireDate.getTime(), mode, sessionOwnerOf(data) ?? '', this.now().getTime(), this.userPrefix, sessionKey];
    return String(await this.scripts.save.run(this.client, [this.key(sessionKey)], args));
  }

  /**
   * Fails at once while the client is reconnecting after losing Redis: queued commands would wait for the reconnect
   * attempts (seconds) before failing, and the request with them. Before the first connection commands queue as usual.
   */
  private assertConnected(): void {
    const status = this.client.status;
    if (status === 'reconnecting' || status === 'close' || status === 'end') throw new RedisUnavailableError(`Redis is unreachable (${status}).`);
  }

  private key(sessionKey: string): string {
    return this.prefix + sessionKey;
  }
}

/** The session cache's Redis cannot be reached right now (a request meeting it answers 503, or cached_db reads the database). */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}
