import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  CachedDbSessionEngine,
  DjangoSignedSessionCodec,
  generateSessionKey,
  RedisSessionEngine,
  Session,
  SESSION_KEY,
  SessionDeletedError,
  SessionEngine,
  SessionKeyTakenError,
  TypeormSessionEngine,
  UserSession,
} from 'nest-django-auth';
import { createTestDatabase, DATABASE_KINDS, DatabaseKind, openDataSource, TestDatabase } from './support/databases';
import { QueryCounter } from './support/query-counter';
import { deleteRedisKeys, uniqueRedisPrefix } from './support/redis';
import { isAvailable, SERVICES } from './support/services';

const SECRET_KEY = 'redis-engine-secret-3b8e1f6a9c2d7e4f0a5b8c1d6e9f2a7b-not-for-production';
const HOUR = 3600 * 1000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);
const ownedBy = (userId: number, extra: Record<string, unknown> = {}) => ({ [SESSION_KEY]: String(userId), ...extra });

const redisUp = isAvailable('redis');
const describeRedis = redisUp ? describe : describe.skip;
const skipped = redisUp ? '' : ' [SKIPPED, Redis unreachable]';

interface Harness {
  engine: SessionEngine;
  warnings: string[];
  /** Sees what is stored where, behind the engine's back. */
  redis: Redis;
  prefix: string;
}

/** What every engine must do, whatever it stores in: Django's SessionBase contract, made race-free. */
function engineContract(harness: () => Harness): void {
  it('returns null for a missing key and for one Django could not have issued', async () => {
    const { engine } = harness();
    expect(await engine.load(generateSessionKey())).toBeNull();
    for (const key of ['', 'ABCDEF12', '../../etc/passwd', 'a'.repeat(41), "x' OR '1'='1"]) expect(await engine.load(key)).toBeNull();
  });

  it('saves a new session and loads it back with its expiry', async () => {
    const { engine } = harness();
    const key = generateSessionKey();
    const expireDate = inHours(2);
    await engine.save(key, ownedBy(7, { cart: [1, 'two', { three: 3 }], é: 'ü' }), expireDate, { mustCreate: true });
    const record = (await engine.load(key))!;
    expect(record.data).toEqual(ownedBy(7, { cart: [1, 'two', { three: 3 }], é: 'ü' }));
    expect(Math.abs(record.expireDate.getTime() - expireDate.getTime())).toBeLessThan(1000);
  });

  it('never overwrites on create: a taken key throws SessionKeyTakenError and keeps its data', async () => {
    const { engine } = harness();
    const key = generateSessionKey();
    await engine.save(key, { first: true }, inHours(1), { mustCreate: true });
    await expect(engine.save(key, { second: true }, inHours(1), { mustCreate: true })).rejects.toBeInstanceOf(SessionKeyTakenError);
    expect((await engine.load(key))!.data).toEqual({ first: true });
  });

  it('never re-creates on update: a deleted session throws SessionDeletedError and stays deleted', async () => {
    const { engine } = harness();
    const key = generateSessionKey();
    await engine.save(key, ownedBy(1), inHours(1), { mustCreate: true });
    await engine.delete(key);
    await expect(engine.save(key, ownedBy(1, { late: 'write' }), inHours(1), { mustCreate: false })).rejects.toBeInstanceOf(SessionDeletedError);
    expect(await engine.load(key)).toBeNull();
    await expect(engine.save(generateSessionKey(), {}, inHours(1), { mustCreate: false })).rejects.toBeInstanceOf(SessionDeletedError);
  });

  it('updates a live session in place', async () => {
    const { engine } = harness();
    const key = generateSessionKey();
    await engine.save(key, { n: 1 }, inHours(1), { mustCreate: true });
    await engine.save(key, { n: 2 }, inHours(3), { mustCreate: false });
    const record = (await engine.load(key))!;
    expect(record.data).toEqual({ n: 2 });
    expect(Math.abs(record.expireDate.getTime() - inHours(3).getTime())).toBeLessThan(2000);
  });

  it('does not return an expired session', async () => {
    const { engine } = harness();
    const key = generateSessionKey();
    await engine.save(key, { old: true }, new Date(Date.now() - 1000), { mustCreate: true });
    expect(await engine.load(key)).toBeNull();
  });

  it('refuses to store keys Django could not have issued', async () => {
    const { engine } = harness();
    await expect(engine.save('NOT-A-KEY', {}, inHours(1), { mustCreate: true })).rejects.toThrow(/Invalid session key/);
  });

  it("lists a user's live sessions by expiry, and deletes them all but one", async () => {
    const { engine } = harness();
    const userId = 1000 + Math.floor(Math.random() * 1e6);
    const [soon, later, latest] = [generateSessionKey(), generateSessionKey(), generateSessionKey()];
    await engine.save(later, ownedBy(userId), inHours(5), { mustCreate: true });
    await engine.save(soon, ownedBy(userId), inHours(1), { mustCreate: true });
    await engine.save(latest, ownedBy(userId), inHours(9), { mustCreate: true });
    const other = generateSessionKey();
    await engine.save(other, ownedBy(userId + 1), inHours(1), { mustCreate: true });
    const listed = await engine.sessionsOfUser(String(userId));
    expect(listed.map((s) => s.sessionKey)).toEqual([soon, later, latest]);
    expect(listed.every((s) => s.createdAt instanceof Date)).toBe(true);

    await engine.delete(soon);
    expect((await engine.sessionsOfUser(String(userId))).map((s) => s.sessionKey)).toEqual([later, latest]);
    expect(await engine.deleteSessionsOfUser(String(userId), latest)).toBe(1);
    expect(await engine.load(later)).toBeNull();
    expect(await engine.load(latest)).not.toBeNull();
    expect(await engine.load(other)).not.toBeNull();
    expect((await engine.sessionsOfUser(String(userId))).map((s) => s.sessionKey)).toEqual([latest]);
  });

  it("leaves expired sessions out of a user's list", async () => {
    const { engine } = harness();
    const userId = 1000 + Math.floor(Math.random() * 1e6);
    const live = generateSessionKey();
    await engine.save(generateSessionKey(), ownedBy(userId), new Date(Date.now() - 1000), { mustCreate: true });
    await engine.save(live, ownedBy(userId), inHours(1), { mustCreate: true });
    expect((await engine.sessionsOfUser(String(userId))).map((s) => s.sessionKey)).toEqual([live]);
  });

  it('moves a session out of its owner\'s list when it is logged out without being deleted', async () => {
    const { engine } = harness();
    const userId = 1000 + Math.floor(Math.random() * 1e6);
    const key = generateSessionKey();
    await engine.save(key, ownedBy(userId), inHours(1), { mustCreate: true });
    await engine.save(key, { anonymous: true }, inHours(1), { mustCreate: false });
    expect(await engine.sessionsOfUser(String(userId))).toEqual([]);
    expect(await engine.deleteSessionsOfUser(String(userId))).toBe(0);
    expect((await engine.load(key))!.data).toEqual({ anonymous: true });
  });
}

describeRedis(`Redis session engine (cache)${skipped}`, () => {
  let redis: Redis;
  let engine: RedisSessionEngine;
  let warnings: string[];
  const prefix = uniqueRedisPrefix('cache-engine');

  beforeAll(() => {
    redis = new Redis(SERVICES.redis);
    warnings = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    engine = new RedisSessionEngine(redis, new DjangoSignedSessionCodec({ secretKey: SECRET_KEY, logger }), { keyPrefix: prefix, logger });
  });

  afterAll(async () => {
    await redis.quit();
    await deleteRedisKeys(prefix);
  });

  engineContract(() => ({ engine, warnings, redis, prefix }));

  it("stores Django's signed format in a hash that Redis expires with the session", async () => {
    const key = generateSessionKey();
    await engine.save(key, ownedBy(3, { a: 1 }), inHours(1), { mustCreate: true });
    const stored = await redis.hgetall(prefix + key);
    expect(stored.u).toBe('3');
    expect(stored.d).toMatch(/^[\w-]+:[\w-]+:[\w-]+$/);
    expect(new DjangoSignedSessionCodec({ secretKey: SECRET_KEY }).decode(stored.d)).toEqual(ownedBy(3, { a: 1 }));
    const ttl = await redis.pttl(prefix + key);
    expect(ttl).toBeGreaterThan(HOUR - 5000);
    expect(ttl).toBeLessThanOrEqual(HOUR);
    expect(await redis.pttl(`${prefix}:user:3`)).toBeGreaterThan(HOUR - 5000);
  });

  it('leaves a short-lived tombstone on delete, so a late fill cannot bring the session back', async () => {
    const key = generateSessionKey();
    await engine.save(key, { a: 1 }, inHours(1), { mustCreate: true });
    await engine.delete(key);
    expect(await engine.lookup(key)).toEqual({ state: 'deleted' });
    await engine.fill(key, { data: { a: 1 }, expireDate: inHours(1) });
    await engine.writeThrough(key, { a: 2 }, inHours(1));
    expect(await engine.load(key)).toBeNull();
    const ttl = await redis.pttl(prefix + key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('treats undecodable data as an empty session and warns without the content', async () => {
    const key = generateSessionKey();
    await redis.hset(prefix + key, 'd', 'secret-looking-garbage:abc:def', 'e', String(inHours(1).getTime()));
    await redis.pexpire(prefix + key, HOUR);
    warnings.length = 0;
    expect((await engine.load(key))!.data).toEqual({});
    expect(warnings.some((w) => /treated as empty/.test(w))).toBe(true);
    for (const warning of warnings) expect(warning).not.toContain('secret-looking-garbage');
  });

  it('does not warn about a legitimately empty session', async () => {
    const key = generateSessionKey();
    await engine.save(key, {}, inHours(1), { mustCreate: true });
    warnings.length = 0;
    expect((await engine.load(key))!.data).toEqual({});
    expect(warnings).toEqual([]);
  });

  it('has nothing to clear: Redis expires sessions itself', async () => {
    expect(await engine.clearExpired()).toBe(0);
  });

  it('sends its scripts again when the server forgot them', async () => {
    await redis.script('FLUSH');
    const key = generateSessionKey();
    await engine.save(key, { after: 'flush' }, inHours(1), { mustCreate: true });
    expect((await engine.load(key))!.data).toEqual({ after: 'flush' });
  });

  it('lets one engine see what another wrote and deleted (two instances, one Redis)', async () => {
    const other = new Redis(SERVICES.redis);
    try {
      const second = new RedisSessionEngine(other, new DjangoSignedSessionCodec({ secretKey: SECRET_KEY }), { keyPrefix: prefix });
      const key = generateSessionKey();
      await engine.save(key, ownedBy(5), inHours(1), { mustCreate: true });
      expect((await second.load(key))!.data).toEqual(ownedBy(5));
      await second.delete(key);
      expect(await engine.load(key)).toBeNull();
    } finally {
      await other.quit();
    }
  });
});

for (const kind of DATABASE_KINDS) {
  const available = redisUp && (kind === 'sqlite' || isAvailable(kind));
  const describeKind = available ? describe : describe.skip;
  describeKind(`cached_db session engine [${kind}${available ? '' : ': SKIPPED, server unreachable'}]`, () => {
    let database: TestDatabase;
    let dataSource: DataSource;
    let queries: QueryCounter;
    let redis: Redis;
    let engine: CachedDbSessionEngine;
    let warnings: string[];
    const prefix = uniqueRedisPrefix(`cached_db.${kind}`);

    beforeAll(async () => {
      database = await createTestDatabase(kind as DatabaseKind);
      dataSource = await openDataSource(database.url, { entities: [Session, UserSession] });
      queries = new QueryCounter();
      dataSource.setOptions({ logger: queries, logging: true });
      redis = new Redis(SERVICES.redis);
      warnings = [];
      const logger = { warn: (message: string) => warnings.push(message) };
      const codec = new DjangoSignedSessionCodec({ secretKey: SECRET_KEY, logger });
      engine = new CachedDbSessionEngine(
        new TypeormSessionEngine(dataSource, codec, { logger }),
        new RedisSessionEngine(redis, codec, { keyPrefix: prefix, logger }),
      );
    });

    afterAll(async () => {
      await redis?.quit();
      await deleteRedisKeys(prefix);
      await dataSource?.destroy();
      await database?.drop();
    });

    engineContract(() => ({ engine, warnings, redis, prefix }));

    const rowOf = (sessionKey: string) => dataSource.getRepository(Session).findOneBy({ sessionKey });

    it('answers a cached session with no SQL, and reads the database once on a miss, then fills the cache', async () => {
      const key = generateSessionKey();
      await engine.save(key, ownedBy(2, { v: 1 }), inHours(1), { mustCreate: true });
      expect(await rowOf(key)).not.toBeNull();
      queries.reset();
      expect((await engine.load(key))!.data).toEqual(ownedBy(2, { v: 1 }));
      expect(queries.count).toBe(0);

      await redis.del(prefix + key); // evicted, or Redis restarted empty
      queries.reset();
      expect((await engine.load(key))!.data).toEqual(ownedBy(2, { v: 1 }));
      expect(queries.count).toBe(1);
      queries.reset();
      expect((await engine.load(key))!.data).toEqual(ownedBy(2, { v: 1 }));
      expect(queries.count).toBe(0);
    });

    it('does not put back a session logged out while a request was reading it from the database', async () => {
      const key = generateSessionKey();
      await engine.save(key, ownedBy(2), inHours(1), { mustCreate: true });
      await redis.del(prefix + key);
      const readBeforeLogout = (await engine.database.load(key))!;
      await engine.delete(key);
      await engine.cache.fill(key, readBeforeLogout);
      expect(await engine.load(key)).toBeNull();
      expect(await rowOf(key)).toBeNull();
    });

    it('keeps the database as the record: writes land in both, revoking clears both', async () => {
      const userId = 5000 + Math.floor(Math.random() * 1e6);
      const [keep, revoke] = [generateSessionKey(), generateSessionKey()];
      await engine.save(keep, ownedBy(userId), inHours(2), { mustCreate: true });
      await engine.save(revoke, ownedBy(userId), inHours(1), { mustCreate: true });
      await engine.save(revoke, ownedBy(userId, { changed: true }), inHours(1), { mustCreate: false });
      expect(await redis.hget(prefix + revoke, 'u')).toBe(String(userId));
      expect((await engine.database.load(revoke))!.data).toEqual(ownedBy(userId, { changed: true }));
      expect(await engine.deleteSessionsOfUser(String(userId), keep)).toBe(1);
      expect(await rowOf(revoke)).toBeNull();
      expect(await engine.cache.lookup(revoke)).toEqual({ state: 'deleted' });
      expect(await engine.load(keep)).not.toBeNull();
    });

    it('clears expired sessions from the database', async () => {
      const key = generateSessionKey();
      await engine.save(key, {}, new Date(Date.now() - 1000), { mustCreate: true });
      expect(await engine.clearExpired()).toBeGreaterThanOrEqual(1);
      expect(await rowOf(key)).toBeNull();
    });
  });
}
