import { Logger } from '@nestjs/common';
import type { RedisSessionEngine } from '../redis/redis-session.engine';
import type { SessionEngine, SessionRecord, SessionSaveOptions, SessionUserJoin, SessionWithUser, UserSessionInfo } from '../session-engine.interface';

/**
 * Django's `cached_db` engine (sessions/backends/cached_db.py): the database
 * is the record, the cache answers reads. A hit costs no SQL; a miss reads
 * the database once and fills the cache. Writes go to the database first,
 * then through to the cache; deletes leave a cache tombstone first, so a
 * request still in flight cannot put a logged-out session back in the cache
 * (a race Django's engine has).
 *
 * Redis down: everything is served from the database. A session written or deleted meanwhile may have an outdated
 * cache entry, so its key is remembered and the entry dropped before the cache answers anything again:
 * a logout made while Redis was away is not undone when it comes back.
 * @publicApi
 */
export class CachedDbSessionEngine implements SessionEngine {
  private readonly logger = new Logger('CachedDbSessionEngine');
  /** Keys whose cache entry may be outdated: changed in the database while Redis could not be told. */
  private readonly outdated = new Set<string>();

  constructor(
    readonly database: SessionEngine,
    readonly cache: RedisSessionEngine,
  ) {}

  async load(sessionKey: string): Promise<SessionRecord | null> {
    if (await this.cacheUsable()) {
      try {
        const cached = await this.cache.lookup(sessionKey);
        if (cached.state === 'hit') return cached.record;
        if (cached.state === 'deleted') return null;
      } catch (error) {
        this.cacheFailed(error);
      }
    }
    const record = await this.database.load(sessionKey);
    if (record && this.outdated.size === 0) await this.cache.fill(sessionKey, record).catch((error: unknown) => this.cacheFailed(error));
    return record;
  }

  /**
   * A request that needs its user reads the user from the database anyway
   * (a user cached in Redis would miss changes made by Django or by SQL), so
   * the session comes with it from the database in that one statement, and
   * Redis is not asked at all. The database is the record: a session deleted
   * there is gone, whatever the cache still holds.
   */
  async loadWithUser<U>(sessionKey: string, join: SessionUserJoin<U>): Promise<SessionWithUser<U> | null> {
    // Entries changed while Redis was away are dropped as soon as it is back, whichever read comes first.
    if (this.outdated.size > 0) await this.cacheUsable();
    if (!this.database.loadWithUser) {
      const record = await this.load(sessionKey);
      return record && { record, indexUserId: null, user: null };
    }
    return this.database.loadWithUser(sessionKey, join);
  }

  async save(sessionKey: string, data: Record<string, unknown>, expireDate: Date, options: SessionSaveOptions): Promise<void> {
    await this.database.save(sessionKey, data, expireDate, options);
    await this.cache.writeThrough(sessionKey, data, expireDate).catch((error: unknown) => this.cacheFailed(error, [sessionKey]));
  }

  async delete(sessionKey: string): Promise<void> {
    await this.cache.delete(sessionKey).catch((error: unknown) => this.cacheFailed(error, [sessionKey]));
    await this.database.delete(sessionKey);
  }

  /** Deletes the outdated entries first; false while Redis is still away (the database answers meanwhile). */
  private async cacheUsable(): Promise<boolean> {
    if (this.outdated.size === 0) return true;
    const keys = [...this.outdated];
    try {
      await this.cache.forget(keys);
    } catch {
      return false;
    }
    for (const key of keys) this.outdated.delete(key);
    this.logger.log(`Redis is back: ${keys.length} outdated session cache entries removed`);
    return true;
  }

  private cacheFailed(error: unknown, keys: string[] = []): void {
    if (this.outdated.size === 0 && keys.length) this.logger.warn(`Redis unreachable, sessions served from the database: ${(error as Error)?.message ?? error}`);
    for (const key of keys) this.outdated.add(key);
  }

  clearExpired(options?: { onProgress?: (cleared: number) => void }): Promise<number> {
    return this.database.clearExpired(options);
  }

  /** The database's index is the record; the cache's may have lost entries to eviction. */
  sessionsOfUser(userId: string): Promise<UserSessionInfo[]> {
    return this.database.sessionsOfUser(userId);
  }

  async deleteSessionsOfUser(userId: string, exceptKey?: string): Promise<number> {
    const keys = (await this.database.sessionsOfUser(userId)).map((s) => s.sessionKey).filter((key) => key !== exceptKey);
    await Promise.all([this.cache.deleteMany(keys), this.cache.deleteSessionsOfUser(userId, exceptKey)]).catch((error: unknown) => this.cacheFailed(error, keys));
    return this.database.deleteSessionsOfUser(userId, exceptKey);
  }

  /** Nest calls this on shutdown: closes the cache's client when the engine made it. */
  onModuleDestroy(): Promise<void> {
    return this.cache.onModuleDestroy();
  }
}
