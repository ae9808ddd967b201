import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import {
  GroupManager,
  ImproperlyConfiguredError,
  RedisSessionEngine,
  resolveAuthOptions,
  SessionEngine,
  SessionEngineName,
  User,
  UserManager,
} from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { cookieValue } from './support/cookies';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from './support/databases';
import { QueryCounter } from './support/query-counter';
import { isAvailable, SERVICES } from './support/services';
import { seedReferenceUsers } from './support/seed-reference';
import { deleteRedisKeys, uniqueRedisPrefix } from './support/redis';
import { TcpProxy } from './support/tcp-proxy';
import { createTestApp, TEST_SECRET_KEY } from './support/test-app';

const redisUp = isAvailable('redis');
const ENGINES: Array<Exclude<SessionEngineName, 'db'>> = ['cache', 'cached_db'];

for (const engineName of ENGINES) {
  for (const kind of DATABASE_KINDS) {
    const available = redisUp && (kind === 'sqlite' || isAvailable(kind));
    const describeKind = available ? describe : describe.skip;
    describeKind(`logins with the ${engineName} session engine on Redis [${kind}${available ? '' : ': SKIPPED, server unreachable'}]`, () => {
      let database: TestDatabase;
      let app: INestApplication;
      const counter = new QueryCounter();
      const keyPrefix = uniqueRedisPrefix(engineName);

      beforeAll(async () => {
        database = await createTestDatabase(kind);
        ({ app } = await createTestApp(database.url, {
          controllers: [AuthTestController],
          // A prefix of its own: every suite's users have the same ids, and the user → sessions index is keyed by id.
          auth: { session: { engine: engineName, redis: { url: SERVICES.redis, keyPrefix } } },
          dataSource: { logging: ['query'], logger: counter },
        }));
        await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
      });

      afterAll(async () => {
        await app?.close();
        await database?.drop();
        await deleteRedisKeys(keyPrefix);
      });

      it('logs in, keeps the user across requests, and ends the session server-side on logout', async () => {
        const agent = request.agent(app.getHttpServer());
        const res = await agent.post('/login').send({ username: 'alice', password: 'password' }).expect(200);
        const key = cookieValue(res, 'sessionid')!;
        await agent.get('/whoami').expect(200, { username: 'alice' });
        await agent.post('/logout').expect(200);
        await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: null });
      });

      it('gives a new session key at login (session fixation)', async () => {
        const agent = request.agent(app.getHttpServer());
        const before = cookieValue(await agent.post('/session').send({ key: 'k', value: 'v' }).expect(200), 'sessionid')!;
        const after = cookieValue(await agent.post('/login').send({ username: 'alice', password: 'password' }).expect(200), 'sessionid')!;
        expect(after).toBeDefined();
        expect(after).not.toBe(before);
        await request(app.getHttpServer()).get('/session?key=k').set('Cookie', `sessionid=${before}`).expect(200, { value: null, sessionKey: null });
        await agent.get('/session?key=k').expect(200, { value: 'v', sessionKey: after });
      });

      it("a password change keeps the current session and ends the user's others", async () => {
        const first = request.agent(app.getHttpServer());
        const second = request.agent(app.getHttpServer());
        await first.post('/login').send({ username: 'bob', password: 'password' }).expect(200);
        await second.post('/login').send({ username: 'bob', password: 'password' }).expect(200);
        expect(await second.get('/sessions').expect(200).then((r) => r.body)).toHaveLength(2);
        await first.post('/password').send({ password: 'a-new-password' }).expect(200);
        await first.get('/whoami').expect(200, { username: 'bob' });
        await second.get('/whoami').expect(200, { username: null });
        expect(await first.get('/sessions').expect(200).then((r) => r.body)).toHaveLength(1);
      });

      it('checks a permission for a logged-in user with one SQL round trip and no write', async () => {
        const agent = request.agent(app.getHttpServer());
        await agent.post('/login').send({ username: 'alice', password: 'password' }).expect(200);
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: true });
        counter.reset();
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: true });
        expect(counter.count).toBe(1);
        expect(counter.queries.filter((q) => /^\s*(UPDATE|INSERT|DELETE)/i.test(q))).toEqual([]);
      });

      it('answers a garbage or unknown cookie as anonymous, never an error', async () => {
        for (const cookie of ['sessionid=nope', `sessionid=${'a'.repeat(32)}`, 'sessionid=%00%ff', `sessionid=${'z'.repeat(5000)}`]) {
          await request(app.getHttpServer()).get('/whoami').set('Cookie', cookie).expect(200, { username: null });
        }
      });
    });
  }
}

const describeRedis = redisUp ? describe : describe.skip;

describeRedis(`Redis session engines: configuration, shutdown and outages${redisUp ? '' : ' [SKIPPED, Redis unreachable]'}`, () => {
  let database: TestDatabase;
  const keyPrefix = uniqueRedisPrefix('lifecycle');

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });

  afterAll(async () => {
    await database?.drop();
    await deleteRedisKeys(keyPrefix);
  });

  it('refuses a Redis engine without a Redis server, and an unknown engine name', () => {
    for (const engine of ['cache', 'cached_db'] as const) {
      expect(() => resolveAuthOptions({ secretKey: TEST_SECRET_KEY, session: { engine } })).toThrow(ImproperlyConfiguredError);
      expect(() => resolveAuthOptions({ secretKey: TEST_SECRET_KEY, session: { engine } })).toThrow(/session\.redis\.url/);
    }
    expect(() => resolveAuthOptions({ secretKey: TEST_SECRET_KEY, session: { engine: 'file' as never } })).toThrow(/must be one of db, cache, cached_db/);
  });

  it('closes the client it made when the app shuts down, and leaves a client it was given open', async () => {
    const { app: owned } = await createTestApp(database.url, { auth: { session: { engine: 'cache', redis: { url: SERVICES.redis, keyPrefix } } } });
    const ownedClient = (owned.get(SessionEngine) as RedisSessionEngine).client;
    await owned.close();
    expect(ownedClient.status).toBe('end');

    const mine = new Redis(SERVICES.redis);
    try {
      const { app: given } = await createTestApp(database.url, { runMigrations: false, auth: { session: { engine: 'cache', redis: { client: mine, keyPrefix } } } });
      await given.close();
      expect(await mine.ping()).toBe('PONG');
    } finally {
      await mine.quit();
    }
  });

  it('answers 503 while Redis is unreachable, and serves again once it is back', async () => {
    const target = new URL(SERVICES.redis);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    const port = await proxy.start();
    const { app } = await createTestApp(database.url, {
      runMigrations: false,
      controllers: [AuthTestController],
      auth: { session: { engine: 'cache', redis: { url: `redis://127.0.0.1:${port}`, keyPrefix } } },
    });
    try {
      if ((await app.get(UserManager<User>).getByNaturalKey('alice')) === null) await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
      const res = await request(app.getHttpServer()).post('/login').send({ username: 'alice', password: 'password' }).expect(200);
      const key = cookieValue(res, 'sessionid')!;
      proxy.cut();
      const down = await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`);
      expect(down.status).toBe(503);
      expect(down.body.message).toMatch(/temporarily unavailable/);
      await request(app.getHttpServer()).get('/whoami').expect(200, { username: null });
      proxy.restore();
      let status = 0;
      for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
        status = (await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: 'alice' });
    } finally {
      proxy.restore();
      await app.close();
      await proxy.stop();
    }
  });
});
