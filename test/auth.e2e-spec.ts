import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AllowAllUsersModelBackend,
  AuthSignals,
  AuthSignalMap,
  GroupManager,
  ModelBackend,
  Session,
  User,
  UserManager,
} from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { cookieValue, setCookies } from './support/cookies';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { QueryCounter } from './support/query-counter';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp, TEST_SECRET_KEY } from './support/test-app';

const PASSWORD = 'password';

describeEachDatabase('authentication over HTTP', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let dataSource: DataSource;
  let users: UserManager<User>;
  const counter = new QueryCounter();
  const extraApps: INestApplication[] = [];

  async function startApp(auth: Record<string, unknown> = {}) {
    const started = await createTestApp(database.url, {
      controllers: [AuthTestController],
      auth,
      runMigrations: false,
      dataSource: { logging: ['query'], logger: counter },
    });
    extraApps.push(started.app);
    return started.app;
  }

  async function login(target: INestApplication, username = 'alice', password = PASSWORD) {
    const agent = request.agent(target.getHttpServer());
    const res = await agent.post('/login').send({ username, password });
    return { agent, res };
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app, dataSource } = await createTestApp(database.url, {
      controllers: [AuthTestController],
      dataSource: { logging: ['query'], logger: counter },
    }));
    users = app.get(UserManager);
    await seedReferenceUsers(users, app.get(GroupManager));
  });

  afterAll(async () => {
    for (const extra of extraApps) await extra.close();
    await app?.close();
    await database?.drop();
  });

  describe('login and logout', () => {
    it("sets Django's session cookie; the next request is authenticated", async () => {
      const { agent, res } = await login(app);
      expect(res.status).toBe(200);
      const cookie = setCookies(res).find((c) => c.startsWith('sessionid='))!;
      expect(cookie).toMatch(/^sessionid=[a-z0-9]{32};/);
      expect(cookie).toMatch(/Max-Age=1209600/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
      await agent.get('/whoami').expect(200, { username: 'alice' });
    });

    it('stores the session in django_session, in the format Django reads', async () => {
      const { res } = await login(app);
      const key = cookieValue(res, 'sessionid')!;
      const row = await dataSource.getRepository(Session).findOneByOrFail({ sessionKey: key });
      expect(row.sessionData).toMatch(/^[A-Za-z0-9_.-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$/);
      expect(row.expireDate.getTime()).toBeGreaterThan(Date.now() + 1209600 * 1000 - 60_000);
    });

    it('logout ends the session server-side: the old cookie no longer works', async () => {
      const { agent, res } = await login(app);
      const key = cookieValue(res, 'sessionid')!;
      const out = await agent.post('/logout').expect(200);
      expect(setCookies(out).find((c) => c.startsWith('sessionid='))).toMatch(/^sessionid=;.*Expires=Thu, 01 Jan 1970/);
      expect(await dataSource.getRepository(Session).findOneBy({ sessionKey: key })).toBeNull();
      await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: null });
    });

    it('logout without a session never fails and sets no cookie', async () => {
      const res = await request(app.getHttpServer()).post('/logout').expect(200);
      expect(setCookies(res)).toEqual([]);
    });

    it('rejects a wrong password, an unknown user and wrong types without a session', async () => {
      for (const body of [
        { username: 'alice', password: 'wrong' },
        { username: 'nobody', password: PASSWORD },
        { username: 'Alice', password: PASSWORD },
        { username: ['alice'], password: PASSWORD },
        { username: 'alice', password: { $ne: 1 } },
        { username: 'alice' },
        { username: 'alice', password: 'x'.repeat(5000) },
      ]) {
        const res = await request(app.getHttpServer()).post('/login').send(body);
        expect(res.status).toBe(401);
        expect(setCookies(res)).toEqual([]);
      }
    });

    it('updates last_login through the userLoggedIn listener', async () => {
      const before = Date.now();
      await login(app, 'bob');
      const bob = (await users.getByNaturalKey('bob'))!;
      expect(bob.lastLogin!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    });
  });

  describe('session fixation', () => {
    it('gives a new key at login and keeps the data of the anonymous session', async () => {
      const agent = request.agent(app.getHttpServer());
      const first = await agent.post('/session').send({ key: 'cart', value: 3 }).expect(200);
      const anonymousKey = cookieValue(first, 'sessionid')!;
      expect(anonymousKey).toMatch(/^[a-z0-9]{32}$/);
      const res = await agent.post('/login').send({ username: 'alice', password: PASSWORD }).expect(200);
      const loggedInKey = cookieValue(res, 'sessionid')!;
      expect(loggedInKey).not.toBe(anonymousKey);
      await agent.get('/session?key=cart').expect(200, { value: 3, sessionKey: loggedInKey });
      expect(await dataSource.getRepository(Session).findOneBy({ sessionKey: anonymousKey })).toBeNull();
    });

    it('flushes the data when another user logs in on the same session', async () => {
      const { agent } = await login(app, 'alice');
      await agent.post('/session').send({ key: 'secret', value: 'alice-only' }).expect(200);
      await agent.post('/login').send({ username: 'bob', password: PASSWORD }).expect(200);
      await agent.get('/whoami').expect(200, { username: 'bob' });
      await agent.get('/session?key=secret').expect(200).expect((r) => expect(r.body.value).toBeNull());
    });
  });

  describe('password change', () => {
    it("logs out the user's other sessions, not the current one", async () => {
      await users.createUser('pat', null, PASSWORD);
      const current = await login(app, 'pat');
      const other = await login(app, 'pat');
      await other.agent.get('/whoami').expect(200, { username: 'pat' });
      await current.agent.post('/password').send({ password: 'new-password-1' }).expect(200);
      await current.agent.get('/whoami').expect(200, { username: 'pat' });
      await other.agent.get('/whoami').expect(200, { username: null });
      const again = await login(app, 'pat', 'new-password-1');
      expect(again.res.status).toBe(200);
    });

    it('a password changed elsewhere (no index) still ends sessions through the auth hash', async () => {
      await users.createUser('quinn', null, PASSWORD);
      const { agent } = await login(app, 'quinn');
      const quinn = (await users.getByNaturalKey('quinn'))!;
      await quinn.setPassword('changed-directly');
      await users.repository.save(quinn);
      await agent.get('/whoami').expect(200, { username: null });
    });

    it('lists and revokes a user\'s sessions', async () => {
      await users.createUser('rita', null, PASSWORD);
      const a = await login(app, 'rita');
      const b = await login(app, 'rita');
      const listed = (await a.agent.get('/sessions').expect(200)).body as string[];
      expect(listed.sort()).toEqual([cookieValue(a.res, 'sessionid'), cookieValue(b.res, 'sessionid')].sort());
    });
  });

  describe('backends', () => {
    it('inactive users cannot log in with ModelBackend, can with AllowAllUsersModelBackend', async () => {
      expect((await login(app, 'carol')).res.status).toBe(401);
      const allowAll = await startApp({ backends: [AllowAllUsersModelBackend] });
      const { agent, res } = await login(allowAll, 'carol');
      expect(res.status).toBe(200);
      await agent.get('/whoami').expect(200, { username: 'carol' });
      await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: false });
    });

    it('removing a backend from the configuration logs its users out', async () => {
      const { res } = await login(app, 'alice');
      const key = cookieValue(res, 'sessionid')!;
      const other = await startApp({ backends: [AllowAllUsersModelBackend] });
      await request(other.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: null });
    });

    it("session auth hashes made with a fallback key stay valid and are upgraded", async () => {
      const oldKey = 'old-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-OLDKEY';
      const before = await startApp({ secretKey: oldKey });
      const { res } = await login(before, 'alice');
      const key = cookieValue(res, 'sessionid')!;
      const rotated = await startApp({ secretKey: TEST_SECRET_KEY, secretKeyFallbacks: [oldKey] });
      const upgraded = await request(rotated.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: 'alice' });
      const newKey = cookieValue(upgraded, 'sessionid')!;
      expect(newKey).toMatch(/^[a-z0-9]{32}$/);
      expect(newKey).not.toBe(key);
      const withoutFallback = await startApp({ secretKey: TEST_SECRET_KEY });
      await request(withoutFallback.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${newKey}`).expect(200, { username: 'alice' });
    });
  });

  describe('signals', () => {
    it('emits userLoggedIn, userLoginFailed (credentials masked) and userLoggedOut', async () => {
      const signals = app.get(AuthSignals);
      const seen: Array<[string, unknown]> = [];
      const off = [
        signals.on('userLoggedIn', ({ user }: AuthSignalMap['userLoggedIn']) => seen.push(['in', user.username])),
        signals.on('userLoginFailed', ({ credentials }) => seen.push(['failed', credentials])),
        signals.on('userLoggedOut', ({ user }) => seen.push(['out', user?.username ?? null])),
      ];
      try {
        const { agent } = await login(app, 'alice');
        await request(app.getHttpServer()).post('/login').send({ username: 'alice', password: 'wrong', api_token: 't' });
        await agent.post('/logout');
        await request(app.getHttpServer()).post('/logout');
      } finally {
        off.forEach((disconnect) => disconnect());
      }
      expect(seen).toEqual([
        ['in', 'alice'],
        ['failed', { username: 'alice', password: '********************', api_token: '********************' }],
        ['out', 'alice'],
        ['out', null],
      ]);
    });
  });

  describe('bad cookies and rows', () => {
    it.each([
      ['garbage', 'sessionid=%%%garbage;;'],
      ['unknown key', 'sessionid=abcdefghijklmnopqrstuvwxyz012345'],
      ['oversized', `sessionid=${'a'.repeat(8000)}`],
      ['injection', "sessionid=' OR 1=1 --"],
      ['non-ASCII', 'sessionid=caf\u00e9\u00ff\u00c6abcdefghijklmnopqrstuvw'],
    ])('%s cookie → anonymous, never an error', async (_name, cookie) => {
      await request(app.getHttpServer()).get('/whoami').set('Cookie', cookie).expect(200, { username: null });
    });

    it('an expired session is anonymous', async () => {
      const { res } = await login(app, 'alice');
      const key = cookieValue(res, 'sessionid')!;
      await dataSource.getRepository(Session).update({ sessionKey: key }, { expireDate: new Date(Date.now() - 1000) });
      await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: null });
    });

    it('a corrupt or tampered row is treated as empty', async () => {
      const { res } = await login(app, 'alice');
      const key = cookieValue(res, 'sessionid')!;
      const repo = dataSource.getRepository(Session);
      const row = await repo.findOneByOrFail({ sessionKey: key });
      await repo.update({ sessionKey: key }, { sessionData: row.sessionData.replace(/.:/, 'X:') });
      await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: null });
      await repo.update({ sessionKey: key }, { sessionData: 'not a session at all' });
      await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: null });
    });

    it('an empty session cookie is anonymous', async () => {
      await request(app.getHttpServer()).get('/whoami').set('Cookie', 'sessionid=').expect(200, { username: null });
    });
  });

  describe('budgets', () => {
    it('a session-authenticated permission check costs 1 query (session, user and permissions together); an anonymous request none', async () => {
      const { agent } = await login(app, 'alice');
      counter.reset();
      await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: true });
      expect(counter.count).toBe(1);
      counter.reset();
      await agent.get('/can?perm=polls.add_question').expect(200, { allowed: false });
      expect(counter.count).toBe(1);
      counter.reset();
      await request(app.getHttpServer()).get('/can?perm=polls.can_vote').expect(200, { allowed: false });
      expect(counter.count).toBe(0);
    });

    it('a request that does not change the session writes nothing', async () => {
      const { agent } = await login(app, 'alice');
      counter.reset();
      await agent.get('/whoami').expect(200);
      expect(counter.queries.filter((q) => /^\s*(UPDATE|INSERT|DELETE)/i.test(q))).toEqual([]);
    });
  });

  describe('two instances on one database', () => {
    it('a login on one is valid on the other; a logout on one is seen by the other', async () => {
      const second = await startApp();
      const { res, agent } = await login(app, 'alice');
      const key = cookieValue(res, 'sessionid')!;
      await request(second.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: 'alice' });
      await agent.post('/logout').expect(200);
      await request(second.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: null });
    });
  });
});
