import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  AuthSignals,
  GroupManager,
  listLockouts,
  LoginThrottleService,
  LoginThrottlingOptions,
  ModelBackend,
  resetLockouts,
  User,
  UserManager,
} from 'nest-django-auth';
import { LoginController } from './fixtures/controllers/login.controller';
import { createTestDatabase, DatabaseKind, describeEachDatabase, TestDatabase } from './support/databases';
import { deleteRedisKeys, uniqueRedisPrefix } from './support/redis';
import { isAvailable, SERVICES } from './support/services';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';
import { QueryCounter } from './support/query-counter';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

const COOL_OFF = 2;
const THROTTLING: LoginThrottlingOptions = {
  username: { failureLimit: 3, windowSeconds: 60, coolOffSeconds: COOL_OFF },
  usernameAndIpAddress: false,
  ipAddress: { failureLimit: 8, windowSeconds: 60, coolOffSeconds: COOL_OFF },
};

function post(app: INestApplication, username: string, password: string, headers: Record<string, string> = {}) {
  return request(app.getHttpServer()).post('/accounts/login/').set({ accept: 'application/json', ...headers }).type('form').send({ username, password });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function throttlingSuite(kind: DatabaseKind, engine: 'db' | 'cache' | 'cached_db') {
  let database: TestDatabase;
  let app: INestApplication;
  const keyPrefix = uniqueRedisPrefix(`throttling.${engine}`);
  const lockedOut: unknown[] = [];
  let backendCalls: jest.SpyInstance;
  const queries = new QueryCounter();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const session = engine === 'db' ? {} : { session: { engine, redis: { url: SERVICES.redis, keyPrefix } } };
    ({ app } = await createTestApp(database.url, {
      auth: { throttling: THROTTLING, ...session } as never,
      controllers: [LoginController],
      dataSource: { logging: true, logger: queries },
    }));
    await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
    app.get(AuthSignals).on('userLockedOut', (payload) => void lockedOut.push({ ...payload, request: undefined }));
    backendCalls = jest.spyOn(ModelBackend.prototype, 'authenticate');
  }, 60_000);

  afterAll(async () => {
    backendCalls?.mockRestore();
    await app?.close();
    await database?.drop();
    if (engine !== 'db') await deleteRedisKeys(keyPrefix);
  });

  beforeEach(async () => {
    await app.get(LoginThrottleService).resetLockouts();
    lockedOut.length = 0;
  });

  it('the failure reaching the limit is a 429 with Retry-After; then even the right password is refused without running a backend', async () => {
    expect((await post(app, 'alice', 'wrong-1')).status).toBe(401);
    expect((await post(app, 'alice', 'wrong-2')).status).toBe(401);
    const third = await post(app, 'alice', 'wrong-3');
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe(String(COOL_OFF));
    expect(third.body).toEqual({ statusCode: 429, message: 'Too many failed login attempts. Try again later.', retryAfter: COOL_OFF });
    backendCalls.mockClear();
    const right = await post(app, 'alice', 'password');
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(backendCalls).not.toHaveBeenCalled();
    const html = await request(app.getHttpServer()).post('/accounts/login/').set('accept', 'text/html').type('form').send({ username: 'alice', password: 'password' });
    expect(html.status).toBe(429);
    expect(html.headers['retry-after']).toBeDefined();
    expect(html.text).toContain('Too many failed login attempts. Try again later.');
    expect(lockedOut).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'alice', retryAfterSeconds: COOL_OFF })]));
  });

  it('the right password works again after the cool-off, and the success clears the counter', async () => {
    for (const n of [1, 2, 3]) await post(app, 'bob', `wrong-${n}`);
    expect((await post(app, 'bob', 'password')).status).toBe(429);
    await sleep(COOL_OFF * 1000 + 300);
    expect((await post(app, 'bob', 'password')).status).toBe(302);
    expect((await post(app, 'bob', 'wrong-a')).status).toBe(401);
    expect((await post(app, 'bob', 'wrong-b')).status).toBe(401);
    const locks = await app.get(LoginThrottleService).listLockouts();
    expect(locks.filter((l) => l.username === 'bob')).toEqual([]);
  });

  it('a locked-out unknown username is answered exactly like a locked-out known one', async () => {
    const answers = [];
    for (const username of ['admin', 'nobody-here']) {
      const statuses = [];
      for (const n of [1, 2, 3, 4]) statuses.push((await post(app, username, `wrong-${n}`)).status);
      const locked = await post(app, username, 'password');
      answers.push({ statuses, status: locked.status, body: locked.body, retryAfter: locked.headers['retry-after'], type: locked.headers['content-type'] });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].statuses).toEqual([401, 401, 429, 429]);
  });

  it('a forged X-Forwarded-For neither dodges the per-IP counter nor resets it (no trusted proxy)', async () => {
    const statuses = [];
    for (let n = 0; n < 9; n++) {
      const res = await post(app, `user-${n}`, 'wrong', { 'x-forwarded-for': `203.0.113.${n}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 429, 429]);
    expect((await post(app, 'carol-x', 'wrong', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    const ipLocks = (await app.get(LoginThrottleService).listLockouts()).filter((l) => l.rule === 'ipAddress');
    expect(ipLocks).toEqual([expect.objectContaining({ ipAddress: '127.0.0.1', failures: 8 })]);
  });

  it('where counters live; a locked-out attempt costs one statement, a guarded GET none', async () => {
    for (const n of [1, 2, 3]) await post(app, 'alice', `wrong-${n}`);
    const rows = await app.get(DataSource).query('SELECT COUNT(*) AS n FROM auth_login_throttle');
    const redis = new Redis(SERVICES.redis);
    const redisKeys = await redis.keys(`${keyPrefix}auth.throttle.*`).finally(() => redis.quit());
    expect({ database: Number(rows[0].n) > 0, redis: redisKeys.length > 0 }).toEqual({ database: engine === 'db', redis: engine !== 'db' });
    queries.reset();
    expect((await post(app, 'alice', 'password')).status).toBe(429);
    expect(queries.count).toBe(engine === 'db' ? 1 : 0);
    queries.reset();
    await request(app.getHttpServer()).get('/accounts/login/');
    expect(queries.queries.filter((q) => q.includes('auth_login_throttle'))).toEqual([]);
  });

  it('lists and clears lock-outs (the command bodies)', async () => {
    for (const n of [1, 2, 3]) await post(app, 'alice', `wrong-${n}`);
    for (const n of [1, 2, 3]) await post(app, 'bob', `wrong-${n}`);
    const lines: string[] = [];
    const out = { write: (line: string) => void lines.push(line) };
    expect(await listLockouts(app.get(LoginThrottleService), out)).toBe(2);
    expect(lines.join('\n')).toMatch(/username\tusername="alice"\tip=-\tfailures=3\tretry-after=\d+s/);
    expect(await resetLockouts(app.get(LoginThrottleService), { username: 'alice' }, out)).toBe(1);
    expect((await post(app, 'alice', 'password')).status).toBe(302);
    expect((await post(app, 'bob', 'password')).status).toBe(429);
  });
}

describeEachDatabase('login throttling, database store', (kind) => throttlingSuite(kind, 'db'));

for (const engine of ['cache', 'cached_db'] as const) {
  const up = isAvailable('redis');
  (up ? describe : describe.skip)(`login throttling, ${engine} sessions: counters in Redis${up ? '' : ' [SKIPPED, Redis unreachable]'}`, () =>
    throttlingSuite('sqlite', engine),
  );
}

describe('login throttling, exponential back-off [sqlite]', () => {
  let database: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const throttling: LoginThrottlingOptions = {
      username: { failureLimit: 2, windowSeconds: 60, coolOffSeconds: 1, backoff: 'exponential', maxCoolOffSeconds: 3 },
      ipAddress: false,
      usernameAndIpAddress: false,
    };
    ({ app } = await createTestApp(database.url, { auth: { throttling } as never, controllers: [LoginController] }));
    await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('each further lock-out doubles, up to the cap', async () => {
    const retryAfters = [];
    for (let round = 0; round < 3; round++) {
      expect((await post(app, 'alice', 'wrong')).status).toBe(401);
      const locked = await post(app, 'alice', 'wrong');
      expect(locked.status).toBe(429);
      retryAfters.push(Number(locked.headers['retry-after']));
      await sleep(Number(locked.headers['retry-after']) * 1000 + 200);
    }
    expect(retryAfters).toEqual([1, 2, 3]);
    expect((await post(app, 'alice', 'password')).status).toBe(302);
  });
});
