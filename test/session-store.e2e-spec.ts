import { createHmac, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource, DataSourceOptions } from 'typeorm';
import {
  databaseOptionsFromUrl,
  DjangoSignedSessionCodec,
  generateSessionKey,
  Session,
  SESSION_KEY,
  SessionDeletedError,
  SessionKeyTakenError,
  TypeormSessionEngine,
  TypeormSessionStore,
  UserSession,
} from 'nest-django-auth';
import { setCookies } from './support/cookies';
import { createTestDatabase, describeEachDatabase, openDataSource, TestDatabase } from './support/databases';
import { QueryCounter } from './support/query-counter';
import { createSessionStoreApp, RequestGate, STORE_APP_SECRET } from './support/session-store-app';

const SECRET_KEY = 'session-store-secret-7f3a9c1e5b2d8f4a6c0e9b7d5f3a1c8e-not-for-production';
const HOUR = 3600 * 1000;
const ENTITIES = [Session, UserSession];

const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);

describeEachDatabase('TypeORM session engine and express-session store', (kind) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let queries: QueryCounter;
  let codec: DjangoSignedSessionCodec;
  let warnings: string[];
  let engine: TypeormSessionEngine;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dataSource = await openDataSource(database.url, { entities: ENTITIES });
    queries = new QueryCounter();
    dataSource.setOptions({ logger: queries, logging: true });
    warnings = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    codec = new DjangoSignedSessionCodec({ secretKey: SECRET_KEY, logger });
    engine = new TypeormSessionEngine(dataSource, codec, { logger });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const rowOf = (sessionKey: string) => dataSource.getRepository(Session).findOneBy({ sessionKey });
  const indexRowOf = (sessionKey: string) => dataSource.getRepository(UserSession).findOneBy({ sessionKey });
  const hideSessionTable = () => dataSource.query('ALTER TABLE django_session RENAME TO django_session_away');
  const restoreSessionTable = () => dataSource.query('ALTER TABLE django_session_away RENAME TO django_session');
  const emptyTables = async () => {
    await dataSource.createQueryBuilder().delete().from(UserSession).execute();
    await dataSource.createQueryBuilder().delete().from(Session).execute();
  };

  describe('engine: load and save', () => {
    it('returns null for a missing key, and for a malformed one without a query', async () => {
      expect(await engine.load(generateSessionKey())).toBeNull();
      queries.reset();
      for (const key of ['', 'ABCDEFGHIJKL', '../../etc/passwd', 'a'.repeat(41), "x' OR '1'='1"]) {
        expect(await engine.load(key)).toBeNull();
      }
      expect(queries.count).toBe(0);
    });

    it("creates a row in Django's signed format and loads it back with one query", async () => {
      const key = generateSessionKey();
      const expireDate = inHours(1);
      await engine.save(key, {}, expireDate, { mustCreate: true });
      expect((await rowOf(key))!.sessionData).toMatch(/^e30:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$/);

      await engine.save(key, { [SESSION_KEY]: '1', theme: 'dark' }, expireDate, { mustCreate: false });
      const row = await rowOf(key);
      expect(codec.decode(row!.sessionData)).toEqual({ [SESSION_KEY]: '1', theme: 'dark' });
      expect(row!.expireDate.getTime()).toBe(expireDate.getTime());

      queries.reset();
      const loaded = await engine.load(key);
      expect(queries.count).toBe(1);
      expect(queries.queries[0]).toMatch(/^SELECT .*session_data.*expire_date.* FROM .*django_session/i);
      expect(loaded).toEqual({ data: { [SESSION_KEY]: '1', theme: 'dark' }, expireDate });
    });

    it('returns null for an expired session', async () => {
      const key = generateSessionKey();
      await engine.save(key, { a: 1 }, inHours(-1), { mustCreate: true });
      expect(await engine.load(key)).toBeNull();
      const clockAhead = new TypeormSessionEngine(dataSource, codec, { now: () => inHours(2) });
      const live = generateSessionKey();
      await engine.save(live, { a: 1 }, inHours(1), { mustCreate: true });
      expect(await engine.load(live)).not.toBeNull();
      expect(await clockAhead.load(live)).toBeNull();
    });

    it('never overwrites on create: a taken key throws SessionKeyTakenError and keeps its data', async () => {
      const key = generateSessionKey();
      await engine.save(key, { owner: 'first' }, inHours(1), { mustCreate: true });
      const before = await rowOf(key);
      await expect(engine.save(key, { owner: 'second' }, inHours(2), { mustCreate: true })).rejects.toBeInstanceOf(SessionKeyTakenError);
      expect(await rowOf(key)).toEqual(before);
      expect((await engine.load(key))!.data).toEqual({ owner: 'first' });
    });

    it('creates over an expired row with the same key', async () => {
      const key = generateSessionKey();
      await engine.save(key, { old: true }, inHours(-1), { mustCreate: true });
      await engine.save(key, { fresh: true }, inHours(1), { mustCreate: true });
      expect((await engine.load(key))!.data).toEqual({ fresh: true });
    });

    it('never re-creates on update: a deleted session throws SessionDeletedError and stays deleted', async () => {
      const key = generateSessionKey();
      await engine.save(key, { a: 1 }, inHours(1), { mustCreate: true });
      await engine.delete(key);
      await expect(engine.save(key, { a: 2 }, inHours(1), { mustCreate: false })).rejects.toBeInstanceOf(SessionDeletedError);
      expect(await rowOf(key)).toBeNull();
      await expect(engine.save(generateSessionKey(), { a: 1 }, inHours(1), { mustCreate: false })).rejects.toBeInstanceOf(SessionDeletedError);
    });

    it('takes an unchanged re-save for a save, not a deletion', async () => {
      const frozen = new DjangoSignedSessionCodec({ secretKey: SECRET_KEY, now: () => 1_704_067_200 });
      const frozenEngine = new TypeormSessionEngine(dataSource, frozen);
      const key = generateSessionKey();
      const expireDate = new Date(Math.floor(Date.now() / 1000) * 1000 + HOUR);
      await frozenEngine.save(key, { a: 1 }, expireDate, { mustCreate: true });
      await expect(frozenEngine.save(key, { a: 1 }, expireDate, { mustCreate: false })).resolves.toBeUndefined();
      await expect(frozenEngine.save(key, { a: 1 }, expireDate, { mustCreate: false })).resolves.toBeUndefined();
    });

    it('rejects keys Django could not have issued', async () => {
      await expect(engine.save('NOT-A-KEY', {}, inHours(1), { mustCreate: true })).rejects.toThrow(/Invalid session key/);
    });

    it('treats undecodable data as an empty session and warns without the content', async () => {
      const key = generateSessionKey();
      const secret = 'secret-session-content-4242';
      await dataSource.getRepository(Session).insert({ sessionKey: key, sessionData: `${secret}:bad:signature`, expireDate: inHours(1) });
      warnings.length = 0;
      expect((await engine.load(key))!.data).toEqual({});
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.some((w) => /treated as empty/.test(w))).toBe(true);
      for (const warning of warnings) expect(warning).not.toContain(secret);

      warnings.length = 0;
      const forged = new DjangoSignedSessionCodec({ secretKey: 'another-secret-key-entirely-0123456789-abcdefghijklmnopqr' });
      await dataSource.getRepository(Session).update({ sessionKey: key }, { sessionData: forged.encode({ [SESSION_KEY]: '1' }) });
      expect((await engine.load(key))!.data).toEqual({});
      expect(warnings.some((w) => /treated as empty/.test(w))).toBe(true);
    });

    it('does not warn about a legitimately empty session', async () => {
      const key = generateSessionKey();
      await engine.save(key, {}, inHours(1), { mustCreate: true });
      warnings.length = 0;
      expect((await engine.load(key))!.data).toEqual({});
      expect(warnings).toEqual([]);
    });

    it('stores and loads large data whole on every database (LONGTEXT on MySQL, as Django)', async () => {
      const key = generateSessionKey();
      const big = randomBytes(100_000).toString('base64');
      await engine.save(key, { big }, inHours(1), { mustCreate: true });
      expect((await engine.load(key))!.data).toEqual({ big });
      await engine.save(key, { big: big + big }, inHours(1), { mustCreate: false });
      expect((await engine.load(key))!.data).toEqual({ big: big + big });
    });
  });

  describe('engine: user index', () => {
    it('indexes a session under its _auth_user_id on save, and forgets it on delete', async () => {
      const key = generateSessionKey();
      await engine.save(key, {}, inHours(1), { mustCreate: true });
      expect(await indexRowOf(key)).toBeNull();
      queries.reset();
      await engine.save(key, { [SESSION_KEY]: 'u-index' }, inHours(1), { mustCreate: false });
      expect(queries.queries.filter((q) => /auth_user_session_index/.test(q))).toHaveLength(1);
      const indexed = await indexRowOf(key);
      expect(indexed).toMatchObject({ sessionKey: key, userId: 'u-index' });
      expect(indexed!.createdAt).toBeInstanceOf(Date);

      await engine.save(key, { [SESSION_KEY]: 'u-index', more: 1 }, inHours(2), { mustCreate: false });
      expect((await indexRowOf(key))!.createdAt).toEqual(indexed!.createdAt);

      queries.reset();
      await engine.load(key);
      expect(queries.queries.some((q) => /auth_user_session_index/.test(q))).toBe(false);

      await engine.save(key, { cart: [1] }, inHours(1), { mustCreate: false });
      expect(await indexRowOf(key)).toBeNull();

      await engine.save(key, { [SESSION_KEY]: 'u-index' }, inHours(1), { mustCreate: false });
      await engine.delete(key);
      expect(await rowOf(key)).toBeNull();
      expect(await indexRowOf(key)).toBeNull();
    });

    it("lists a user's live sessions by expiry, and deletes them all but one", async () => {
      const userId = 'u-list';
      const [soon, later, latest, expired, other] = [1, 2, 3, 4, 5].map(() => generateSessionKey());
      await engine.save(latest, { [SESSION_KEY]: userId }, inHours(3), { mustCreate: true });
      await engine.save(soon, { [SESSION_KEY]: userId }, inHours(1), { mustCreate: true });
      await engine.save(later, { [SESSION_KEY]: userId }, inHours(2), { mustCreate: true });
      await engine.save(expired, { [SESSION_KEY]: userId }, inHours(-1), { mustCreate: true });
      await engine.save(other, { [SESSION_KEY]: 'someone-else' }, inHours(1), { mustCreate: true });

      const listed = await engine.sessionsOfUser(userId);
      expect(listed.map((s) => s.sessionKey)).toEqual([soon, later, latest]);
      expect(listed[0].expireDate).toBeInstanceOf(Date);
      expect(listed[0].createdAt).toBeInstanceOf(Date);
      expect(Math.abs(listed[0].expireDate.getTime() - inHours(1).getTime())).toBeLessThan(60_000);

      queries.reset();
      expect(await engine.deleteSessionsOfUser(userId, later)).toBe(3);
      expect(queries.count).toBe(2);
      expect((await engine.sessionsOfUser(userId)).map((s) => s.sessionKey)).toEqual([later]);
      for (const key of [soon, latest, expired]) {
        expect(await rowOf(key)).toBeNull();
        expect(await indexRowOf(key)).toBeNull();
      }
      expect(await engine.load(later)).not.toBeNull();
      expect(await engine.load(other)).not.toBeNull();

      expect(await engine.deleteSessionsOfUser(userId)).toBe(1);
      expect(await engine.sessionsOfUser(userId)).toEqual([]);
      expect(await engine.sessionsOfUser('someone-else')).toHaveLength(1);
    });
  });

  describe('engine: clearExpired', () => {
    it('deletes 25,000 expired rows in batches, keeps live ones, and prunes the index', async () => {
      await emptyTables();
      const expiredAt = inHours(-1);
      const expiredRows = Array.from({ length: 25_000 }, (_, i) => ({
        sessionKey: `expired${String(i).padStart(8, '0')}`,
        sessionData: 'e30',
        expireDate: expiredAt,
      }));
      for (let i = 0; i < expiredRows.length; i += 2_000) {
        await dataSource.createQueryBuilder().insert().into(Session).values(expiredRows.slice(i, i + 2_000)).updateEntity(false).execute();
      }
      const liveKey = generateSessionKey();
      await engine.save(liveKey, { [SESSION_KEY]: 'u-clear' }, inHours(1), { mustCreate: true });
      await dataSource.getRepository(UserSession).insert({ sessionKey: expiredRows[0].sessionKey, userId: 'u-clear', createdAt: new Date() });
      await dataSource.getRepository(UserSession).insert({ sessionKey: 'orphan0000000000', userId: 'u-clear', createdAt: new Date() });

      queries.reset();
      const started = Date.now();
      expect(await engine.clearExpired()).toBe(25_000);
      const elapsed = Date.now() - started;
      const batches = queries.queries.filter((q) => /^SELECT .* FROM .?django_session.* LIMIT 10000/is.test(q));
      const sessionDeletes = queries.queries.filter((q) => /^DELETE FROM .?django_session/i.test(q));
      const indexDeletes = queries.queries.filter((q) => /^DELETE FROM .?auth_user_session_index.?\s+WHERE .?session_key.? IN \((\$1|\?)/i.test(q));
      expect(batches.length).toBe(3);
      expect(sessionDeletes.length).toBe(3);
      expect(indexDeletes.length).toBe(3);
      for (const statement of sessionDeletes) {
        expect(statement).toMatch(/expire_date <=/);
        expect(statement.split(',').length).toBeLessThanOrEqual(10_000);
      }
      process.stdout.write(`[${kind}] clearExpired of 25,000 rows: ${elapsed} ms, ${sessionDeletes.length} DELETEs\n`);

      expect(await dataSource.getRepository(Session).count()).toBe(1);
      expect(await engine.load(liveKey)).not.toBeNull();
      expect((await dataSource.getRepository(UserSession).find()).map((r) => r.sessionKey)).toEqual([liveKey]);
      expect(await engine.clearExpired()).toBe(0);
    });
  });

  // Errors raised inside better-sqlite3 belong to the realm of the first test file that loaded its native addon, so
  // `toThrow` (an `instanceof Error` of this file's realm) cannot see them when another suite ran first: the message is asserted.
  describe('engine: failures and several instances', () => {
    it('rejects only the failing call, and works again once the table is back', async () => {
      const key = generateSessionKey();
      await engine.save(key, { a: 1 }, inHours(1), { mustCreate: true });
      await hideSessionTable();
      try {
        await expect(engine.load(key)).rejects.toHaveProperty('message', expect.stringContaining('django_session'));
        await expect(engine.save(generateSessionKey(), {}, inHours(1), { mustCreate: true })).rejects.toHaveProperty('message', expect.stringContaining('django_session'));
        await expect(engine.clearExpired()).rejects.toHaveProperty('message', expect.stringContaining('django_session'));
      } finally {
        await restoreSessionTable();
      }
      expect((await engine.load(key))!.data).toEqual({ a: 1 });
    });

    it('recovers when its DataSource is closed and opened again', async () => {
      const other = await openDataSource(database.url, { entities: ENTITIES });
      const engineOnOther = new TypeormSessionEngine(other, codec);
      const key = generateSessionKey();
      await engineOnOther.save(key, { a: 1 }, inHours(1), { mustCreate: true });
      expect((await engineOnOther.load(key))!.data).toEqual({ a: 1 });
      await other.destroy();
      await expect(engineOnOther.load(key)).rejects.toThrow();
      await other.initialize();
      try {
        expect((await engineOnOther.load(key))!.data).toEqual({ a: 1 });
      } finally {
        await other.destroy();
      }
    });

    it("sees another instance's writes and deletions on the same database", async () => {
      const other = await openDataSource(database.url, { entities: ENTITIES });
      try {
        const second = new TypeormSessionEngine(other, codec);
        const key = generateSessionKey();
        await engine.save(key, { [SESSION_KEY]: 'u-two' }, inHours(1), { mustCreate: true });
        expect((await second.load(key))!.data).toEqual({ [SESSION_KEY]: 'u-two' });
        await expect(second.save(key, {}, inHours(1), { mustCreate: true })).rejects.toBeInstanceOf(SessionKeyTakenError);
        await second.save(key, { [SESSION_KEY]: 'u-two', step: 2 }, inHours(1), { mustCreate: false });
        expect((await engine.load(key))!.data).toEqual({ [SESSION_KEY]: 'u-two', step: 2 });
        expect((await second.sessionsOfUser('u-two')).map((s) => s.sessionKey)).toEqual([key]);
        await second.delete(key);
        expect(await engine.load(key)).toBeNull();
        await expect(engine.save(key, { step: 3 }, inHours(1), { mustCreate: false })).rejects.toBeInstanceOf(SessionDeletedError);
      } finally {
        await other.destroy();
      }
    });

    if (kind === 'mysql') {
      it('takes an unchanged re-save for a save when the client counts changed rows only (no CLIENT_FOUND_ROWS)', async () => {
        const changedRowsOnly = new DataSource({
          ...databaseOptionsFromUrl(database.url),
          entities: ENTITIES,
          flags: ['-FOUND_ROWS'],
        } as DataSourceOptions);
        await changedRowsOnly.initialize();
        try {
          const frozen = new DjangoSignedSessionCodec({ secretKey: SECRET_KEY, now: () => 1_704_067_200 });
          const frozenEngine = new TypeormSessionEngine(changedRowsOnly, frozen);
          const key = generateSessionKey();
          const expireDate = new Date(Math.floor(Date.now() / 1000) * 1000 + HOUR);
          await frozenEngine.save(key, { a: 1 }, expireDate, { mustCreate: true });
          const sessionData = frozen.encode({ a: 1 });
          const raw = await changedRowsOnly.createQueryBuilder().update(Session).set({ sessionData, expireDate }).where({ sessionKey: key }).execute();
          expect(raw.affected).toBe(0); // the driver behaviour the engine must see through
          await expect(frozenEngine.save(key, { a: 1 }, expireDate, { mustCreate: false })).resolves.toBeUndefined();
          await frozenEngine.delete(key);
          await expect(frozenEngine.save(key, { a: 1 }, expireDate, { mustCreate: false })).rejects.toBeInstanceOf(SessionDeletedError);
        } finally {
          await changedRowsOnly.destroy();
        }
      });
    }
  });

  describe('express-session store', () => {
    let store: TypeormSessionStore;
    const gate: { current?: RequestGate } = {};
    let app: ReturnType<typeof createSessionStoreApp>;

    beforeAll(() => {
      store = new TypeormSessionStore(engine);
      app = createSessionStoreApp(store, gate);
    });

    const sessionCookie = (res: request.Response) => setCookies(res).find((c) => c.startsWith('connect.sid='));
    const sidOf = (cookie: string) => decodeURIComponent(cookie.split(';')[0].slice('connect.sid='.length)).slice(2).split('.')[0];
    const signedCookie = (sid: string) =>
      `connect.sid=${encodeURIComponent(`s:${sid}.${createHmac('sha256', STORE_APP_SECRET).update(sid).digest('base64').replace(/=+$/, '')}`)}`;

    it('sets no cookie and writes no row for a visitor who never uses the session', async () => {
      await emptyTables();
      queries.reset();
      const health = await request(app).get('/health').expect(200);
      const peek = await request(app).get('/peek').expect(200, { views: null });
      expect(sessionCookie(health)).toBeUndefined();
      expect(sessionCookie(peek)).toBeUndefined();
      expect(queries.count).toBe(0);
      expect(await dataSource.getRepository(Session).count()).toBe(0);
    });

    it('keeps a value across requests, in a row Django can decode', async () => {
      const agent = request.agent(app);
      const first = await agent.get('/count').expect(200, { views: 1 });
      await agent.get('/count').expect(200, { views: 2 });
      await agent.get('/peek').expect(200, { views: 2 });
      const sid = sidOf(sessionCookie(first)!);
      expect(sid).toMatch(/^[a-z0-9]{32}$/);
      const data = codec.decode((await rowOf(sid))!.sessionData);
      expect(data).toMatchObject({ views: 2, cookie: { path: '/', httpOnly: true } });
      expect(data).not.toHaveProperty('__loadedFromStore');
    });

    it('writes nothing on touch by default: a read-only request is one SELECT', async () => {
      const agent = request.agent(app);
      const first = await agent.get('/count').expect(200);
      const sid = sidOf(sessionCookie(first)!);
      const before = await rowOf(sid);
      await new Promise((resolve) => setTimeout(resolve, 20));
      queries.reset();
      await agent.get('/peek').expect(200, { views: 1 });
      expect(queries.count).toBe(1);
      expect(queries.queries[0]).toMatch(/^SELECT/i);
      expect(await rowOf(sid)).toEqual(before);
    });

    it('moves the expiry on touch when touchWrites is on, without rewriting the data', async () => {
      const touching = createSessionStoreApp(new TypeormSessionStore(engine, { touchWrites: true }));
      const agent = request.agent(touching);
      const sid = sidOf(sessionCookie(await agent.get('/count').expect(200))!);
      const before = await rowOf(sid);
      await new Promise((resolve) => setTimeout(resolve, 20));
      queries.reset();
      await agent.get('/peek').expect(200, { views: 1 });
      expect(queries.queries.filter((q) => /^UPDATE/i.test(q.trim()))).toHaveLength(1);
      const after = await rowOf(sid);
      expect(after!.sessionData).toBe(before!.sessionData);
      expect(after!.expireDate.getTime()).toBeGreaterThan(before!.expireDate.getTime());
    });

    it('ends a destroyed session: its row is gone and the cookie starts a new anonymous session', async () => {
      const agent = request.agent(app);
      const sid = sidOf(sessionCookie(await agent.get('/count').expect(200))!);
      await agent.post('/logout').expect(200);
      expect(await rowOf(sid)).toBeNull();
      await agent.get('/peek').expect(200, { views: null });
      await agent.get('/count').expect(200, { views: 1 });
    });

    it('does not bring back a session destroyed while a request was using it', async () => {
      const agent = request.agent(app);
      const sid = sidOf(sessionCookie(await agent.get('/count').expect(200))!);
      gate.current = new RequestGate();
      const inFlight = agent.get('/slow-count').then((res) => res);
      await gate.current.reached;
      await promisify(store.destroy.bind(store))(sid);
      gate.current.release();
      const res = await inFlight;
      gate.current = undefined;
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ views: 101 });
      expect(await rowOf(sid)).toBeNull();
    });

    it('saves a new session twice in one request without a key conflict', async () => {
      const res = await request(app).get('/save-twice').expect(200);
      const sid = sidOf(sessionCookie(res)!);
      expect(codec.decode((await rowOf(sid))!.sessionData)).toMatchObject({ a: 1, b: 2 });
    });

    it('answers a garbage or unknown cookie with a new anonymous session, never a 500', async () => {
      await request(app).get('/peek').set('Cookie', 'connect.sid=garbage%%%').expect(200, { views: null });
      await request(app).get('/peek').set('Cookie', signedCookie('NOT_A_DJANGO_KEY-xyz')).expect(200, { views: null });
      await request(app).get('/peek').set('Cookie', signedCookie(generateSessionKey())).expect(200, { views: null });
      const res = await request(app).get('/count').set('Cookie', signedCookie(generateSessionKey())).expect(200, { views: 1 });
      expect(sessionCookie(res)).toBeDefined();
    });

    it('reports length, all and clear', async () => {
      await emptyTables();
      const agent = request.agent(app);
      const sid = sidOf(sessionCookie(await agent.get('/count').expect(200))!);
      await agent.get('/count').expect(200);
      await request(app).get('/count').expect(200);
      await engine.save(generateSessionKey(), { gone: true }, inHours(-1), { mustCreate: true });

      expect(await promisify(store.length.bind(store))()).toBe(2);
      const all = (await promisify(store.all.bind(store))()) as Record<string, { views: number; cookie: unknown }>;
      expect(Object.keys(all)).toHaveLength(2);
      expect(all[sid]).toMatchObject({ views: 2, cookie: { path: '/' } });
      expect(all[sid]).not.toHaveProperty('__loadedFromStore');

      await promisify(store.clear.bind(store))();
      expect(await promisify(store.length.bind(store))()).toBe(0);
      expect(await dataSource.getRepository(Session).count()).toBe(0);
      await agent.get('/peek').expect(200, { views: null });
    });

    it('passes database errors to the callback instead of throwing', async () => {
      await hideSessionTable();
      try {
        await expect(promisify(store.get.bind(store))(generateSessionKey())).rejects.toHaveProperty('message', expect.stringContaining('django_session'));
        await expect(promisify(store.length.bind(store))()).rejects.toHaveProperty('message', expect.stringContaining('django_session'));
        await request(app).get('/peek').set('Cookie', signedCookie(generateSessionKey())).expect(500);
      } finally {
        await restoreSessionTable();
      }
      await request(app).get('/peek').set('Cookie', signedCookie(generateSessionKey())).expect(200);
    });
  });
});
