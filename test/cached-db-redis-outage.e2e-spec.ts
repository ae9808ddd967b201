import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import { GroupManager, User, UserManager } from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { cookieValue } from './support/cookies';
import { createTestDatabase, TestDatabase } from './support/databases';
import { deleteRedisKeys, uniqueRedisPrefix } from './support/redis';
import { seedReferenceUsers } from './support/seed-reference';
import { isAvailable, SERVICES } from './support/services';
import { TcpProxy } from './support/tcp-proxy';
import { createTestApp } from './support/test-app';

/** cached_db without its Redis: served from the database, at once; when Redis is back, nothing it cached earlier undoes a change. */
const run = isAvailable('redis') ? describe : describe.skip;
run(`cached_db while Redis is unreachable [sqlite${isAvailable('redis') ? '' : ': SKIPPED, Redis unreachable'}]`, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let app: INestApplication;
  const keyPrefix = uniqueRedisPrefix('cached-db-outage');

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const target = new URL(SERVICES.redis);
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    const port = await proxy.start();
    ({ app } = await createTestApp(database.url, {
      controllers: [AuthTestController],
      auth: { session: { engine: 'cached_db', redis: { url: `redis://127.0.0.1:${port}`, keyPrefix } } },
    }));
    await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
  });

  afterAll(async () => {
    proxy?.restore();
    await app?.close();
    await proxy?.stop();
    await database?.drop();
    await deleteRedisKeys(keyPrefix);
  });

  const http = () => request(app.getHttpServer());
  async function login(username: string): Promise<string> {
    return cookieValue(await http().post('/login').send({ username, password: 'password' }).expect(200), 'sessionid')!;
  }
  async function whoami(key: string): Promise<string | null> {
    const started = Date.now();
    const res = await http().get('/whoami').set('Cookie', `sessionid=${key}`).expect(200);
    expect(Date.now() - started).toBeLessThan(1000);
    return res.body.username;
  }

  it('logs in, reads and logs out from the database meanwhile; a session logged out then stays out when Redis is back', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    expect([await whoami(alice), await whoami(bob)]).toEqual(['alice', 'bob']); // both cached now
    const redis = new Redis(SERVICES.redis);
    try {
      expect(await redis.exists(keyPrefix + bob)).toBe(1);
      proxy.cut();
      expect(await whoami(alice)).toBe('alice');
      const admin = await login('admin');
      expect(await whoami(admin)).toBe('admin');
      await http().post('/logout').set('Cookie', `sessionid=${bob}`).expect(200);
      expect(await whoami(bob)).toBeNull();
      expect(await redis.exists(keyPrefix + bob)).toBe(1); // the outdated entry Redis still holds
      proxy.restore();
      const deadline = Date.now() + 10_000;
      while ((await redis.exists(keyPrefix + bob)) === 1 && Date.now() < deadline) {
        expect(await whoami(alice)).toBe('alice');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await redis.exists(keyPrefix + bob)).toBe(0);
      expect([await whoami(alice), await whoami(bob), await whoami(admin)]).toEqual(['alice', null, 'admin']);
    } finally {
      await redis.quit();
    }
  });
});
