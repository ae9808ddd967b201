import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { GroupManager, Session, User, UserManager } from 'nest-django-auth';
import { createTestDatabase, DatabaseKind, TestDatabase } from './support/databases';
import { DemoProcess, startDemoProcess } from './support/demo-process';
import { deleteRedisKeys, uniqueRedisPrefix } from './support/redis';
import { isAvailable, SERVICES } from './support/services';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';
import { csrfFromLoginPage, loginOverHttp, logoutOverHttp, postForm, setCookie } from './support/csrf-login';

const JSON_ACCEPT = { accept: 'application/json' };

/** The login form (its page for the CSRF cookie and token, then the post): the session cookie. */
async function login(base: string, username = 'alice', password = 'password'): Promise<string> {
  const { response, session } = await loginOverHttp(base, username, password);
  expect(response.status).toBe(302);
  return session!;
}

async function privatePage(base: string, cookie: string): Promise<[number, string]> {
  const res = await fetch(`${base}/private`, { headers: { cookie, ...JSON_ACCEPT } });
  return [res.status, res.status === 200 ? await res.text() : ''];
}

/** Several app processes behind a load balancer share one database (and Redis): they must agree on every login and logout. */
const SETUPS: Array<{ kind: Extract<DatabaseKind, 'postgres' | 'mysql'>; engine: 'db' | 'cache' | 'cached_db' }> = [
  { kind: 'postgres', engine: 'db' },
  { kind: 'mysql', engine: 'db' },
  { kind: 'postgres', engine: 'cache' },
  { kind: 'postgres', engine: 'cached_db' },
];

const EXPECTED_STORES = {
  db: { database: true, redis: false },
  cache: { database: false, redis: true },
  cached_db: { database: true, redis: true },
};

for (const { kind, engine } of SETUPS) {
  const services = engine === 'db' ? [kind] : [kind, 'redis' as const];
  const up = services.every((service) => isAvailable(service));
  const run = up ? describe : describe.skip;
  run(`two demo processes on one ${kind} database, ${engine} sessions${up ? '' : ' [SKIPPED, server unreachable]'}`, () => {
    let database: TestDatabase;
    let setup: INestApplication;
    let a: DemoProcess;
    let b: DemoProcess;
    const keyPrefix = uniqueRedisPrefix(`multi-process.${engine}`);
    const sessionEnv = { SESSION_ENGINE: engine, REDIS_URL: SERVICES.redis, REDIS_KEY_PREFIX: keyPrefix, LOGIN_FAILURE_LIMIT: '3', LOGIN_COOLOFF_SECONDS: '3' };

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      ({ app: setup } = await createTestApp(database.url));
      await seedReferenceUsers(setup.get(UserManager<User>), setup.get(GroupManager));
      const port = 3500 + Math.floor(Math.random() * 400);
      [a, b] = await Promise.all([
        startDemoProcess(port, { DATABASE_URL: database.url, ...sessionEnv }),
        startDemoProcess(port + 1, { DATABASE_URL: database.url, ...sessionEnv }),
      ]);
    }, 120_000);

    /** Where the session is kept: proves the processes run the engine under test. */
    async function storedIn(sessionKey: string): Promise<{ database: boolean; redis: boolean }> {
      const row = await setup.get(DataSource).getRepository(Session).findOneBy({ sessionKey });
      const redis = new Redis(SERVICES.redis);
      try {
        return { database: row !== null, redis: (await redis.exists(keyPrefix + sessionKey)) === 1 };
      } finally {
        await redis.quit();
      }
    }

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await setup?.close();
      await database?.drop();
      if (engine !== 'db') await deleteRedisKeys(keyPrefix);
    });

    it('a login on one process is valid on the other; a logout on one is seen by the other', async () => {
      const cookie = await login(a.url);
      expect(await storedIn(cookie.slice('sessionid='.length))).toEqual(EXPECTED_STORES[engine]);
      expect(await privatePage(b.url, cookie)).toEqual([200, 'hello alice']);
      const out = await logoutOverHttp(b.url, cookie);
      expect(out.status).toBe(200);
      expect((await privatePage(a.url, cookie))[0]).toBe(401);
      expect((await privatePage(b.url, cookie))[0]).toBe(401);
    });

    it('failures on one process lock the user out of the other (429), until the cool-off ends', async () => {
      // One CSRF cookie and token, from process a, for every attempt on both: the secret is in the cookie, not the process.
      const csrf = await csrfFromLoginPage(a.url);
      expect(csrf).not.toBeNull();
      const attempt = (base: string, password: string) => postForm(base, '/accounts/login/', { username: 'bob', password }, { csrf, headers: JSON_ACCEPT });
      expect((await attempt(a.url, 'wrong-1')).status).toBe(400);
      expect((await attempt(a.url, 'wrong-2')).status).toBe(400);
      expect((await attempt(a.url, 'wrong-3')).status).toBe(429);
      const refused = await attempt(b.url, 'password');
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3);
      expect(await refused.json()).toEqual({ statusCode: 429, message: 'Too many failed login attempts. Try again later.', retryAfter });
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 300));
      expect((await attempt(b.url, 'password')).status).toBe(200);
      expect((await attempt(a.url, 'password')).status).toBe(200);
    });

    it('a password change made elsewhere logs the user out of every process', async () => {
      const onA = await login(a.url);
      const onB = await login(b.url);
      expect((await privatePage(a.url, onB))[0]).toBe(200);
      const users = setup.get(UserManager<User>);
      const alice = (await users.getByNaturalKey('alice'))!;
      await alice.setPassword('a-new-password');
      await users.repository.save(alice);
      for (const [base, cookie] of [[a.url, onA], [b.url, onB], [a.url, onB], [b.url, onA]]) {
        expect((await privatePage(base, cookie))[0]).toBe(401);
      }
      await login(b.url, 'alice', 'a-new-password');
    });

    it('a password change through /accounts/password_change/ on one process keeps that session and ends the others on both', async () => {
      const [changing, other] = [await loginOverHttp(a.url, 'admin', 'password'), await loginOverHttp(b.url, 'admin', 'password')];
      const fields = { old_password: 'password', new_password1: 'vq8-Lamp-Rudder', new_password2: 'vq8-Lamp-Rudder' };
      const changed = await postForm(a.url, '/accounts/password_change/', fields, { csrf: changing.csrf, cookie: changing.session! });
      expect([changed.status, changed.headers.get('location')]).toEqual([302, '/accounts/password_change/done/']);
      // update_session_auth_hash cycles the session key, as Django's does: the browser keeps the new cookie.
      const kept = setCookie(changed, 'sessionid') ?? changing.session!;
      expect(await privatePage(b.url, kept)).toEqual([200, 'hello admin']);
      expect((await privatePage(a.url, other.session!))[0]).toBe(401);
      expect((await privatePage(b.url, other.session!))[0]).toBe(401);
      expect((await loginOverHttp(b.url, 'admin', 'vq8-Lamp-Rudder')).response.status).toBe(302);
    });
  });
}
