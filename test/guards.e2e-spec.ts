import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { GroupManager, ModelBackend, User, UserManager } from 'nest-django-auth';
import { LoginController } from './fixtures/controllers/login.controller';
import { HealthController } from '../src/health/health.controller';
import { PollsController } from '../src/polls/polls.controller';
import { QuestionOwnerBackend } from './fixtures/backends/owner.backend';
import { GuardedController, OpenController, StaffAreaController, TemplateController } from './fixtures/controllers/guarded.controller';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { QueryCounter } from './support/query-counter';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';

const HTML = 'text/html,application/xhtml+xml';
const JSON_ACCEPT = 'application/json';

describeEachDatabase('guards, decorators and the demo routes', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  const counter = new QueryCounter();
  const apps: INestApplication[] = [];

  async function agentFor(username: string, target = app) {
    const agent = request.agent(target.getHttpServer());
    await agent.post('/accounts/login/').type('form').send({ username, password: 'password' }).expect(302);
    return agent;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await createTestApp(database.url, {
      controllers: [HealthController, LoginController, PollsController, GuardedController, StaffAreaController, TemplateController],
      auth: { backends: [ModelBackend, QuestionOwnerBackend], loginRedirectUrl: '/private' },
      dataSource: { logging: ['query'], logger: counter },
    }));
    const views = mkdtempSync(join(tmpdir(), 'views-'));
    writeFileSync(join(views, 'page.tpl'), '');
    const expressApp = app as NestExpressApplication;
    expressApp.engine('tpl', (_path: string, options: Record<string, any>, callback: (e: unknown, s?: string) => void) =>
      callback(null, JSON.stringify({ title: options.title, user: options.user.username ?? '', canVote: options.perms.has('polls.can_vote') })),
    );
    expressApp.setBaseViewsDir(views);
    expressApp.setViewEngine('tpl');
    apps.push(app);
    await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
  });

  afterAll(async () => {
    for (const started of apps) await started.close();
    await database?.drop();
  });

  describe('the demo routes', () => {
    it('GET /health: 200 ok, no session, no query', async () => {
      counter.reset();
      const res = await request(app.getHttpServer()).get('/health').set('Cookie', 'sessionid=abcdefghijklmnopqrstuvwxyz012345').expect(200, 'ok');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(counter.count).toBe(0);
    });

    it('POST /accounts/login/ (form): 302 to a local next, else to loginRedirectUrl', async () => {
      const server = app.getHttpServer();
      const ok = await request(server).post('/accounts/login/').type('form').send({ username: 'alice', password: 'password', next: '/vote?x=1' });
      expect(ok.status).toBe(302);
      expect(ok.headers.location).toBe('/vote?x=1');
      for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)', '']) {
        const res = await request(server).post('/accounts/login/').type('form').send({ username: 'alice', password: 'password', next });
        expect([res.status, res.headers.location]).toEqual([302, '/private']);
      }
      const fromQuery = await request(server).post('/accounts/login/?next=/staff').type('form').send({ username: 'alice', password: 'password' });
      expect(fromQuery.headers.location).toBe('/staff');
    });

    it('POST /accounts/login/ (JSON) works too; failures are the form again (HTML) or 401 (JSON)', async () => {
      const server = app.getHttpServer();
      const ok = await request(server).post('/accounts/login/').send({ username: 'alice', password: 'password' });
      expect([ok.status, ok.headers.location]).toEqual([302, '/private']);
      const json = await request(server).post('/accounts/login/').set('Accept', JSON_ACCEPT).send({ username: 'alice', password: 'nope' });
      expect(json.status).toBe(401);
      expect(json.body.message).toBe('invalid username or password');
      const html = await request(server).post('/accounts/login/').set('Accept', HTML).type('form').send({ username: 'alice', password: 'nope', next: '/vote' });
      expect(html.status).toBe(401);
      expect(html.text).toContain('<form method="post" action="/accounts/login/">');
      expect(html.text).toContain('value="/vote"');
      expect(html.headers['set-cookie']).toBeUndefined();
    });

    it('bad bodies get a 4xx, never a 500', async () => {
      const server = app.getHttpServer();
      await request(server).post('/accounts/login/').set('Content-Type', 'application/json').send('{"username":').expect(400);
      await request(server).post('/accounts/login/').send({ username: 'a'.repeat(200_000), password: 'x' }).expect(413);
      const odd = await request(server).post('/accounts/login/').set('Accept', JSON_ACCEPT).send({ username: { a: 1 }, password: ['x'] });
      expect(odd.status).toBe(401);
    });

    it('POST /accounts/logout/ logs out, 200', async () => {
      const agent = await agentFor('alice');
      await agent.get('/private').expect(200, 'hello alice');
      await agent.post('/accounts/logout/').expect(200, 'logged out');
      await agent.get('/private').set('Accept', HTML).expect(302);
    });

    it('GET /private: 200 hello <username>; anonymous browsers to the login page with next', async () => {
      const agent = await agentFor('bob');
      await agent.get('/private').expect(200, 'hello bob');
      const anonymous = await request(app.getHttpServer()).get('/private').set('Accept', HTML).expect(302);
      expect(anonymous.headers.location).toBe('/accounts/login/?next=/private');
    });

    it('GET /vote: alice 200, bob 403, anonymous 403 (raiseException), admin 200', async () => {
      await (await agentFor('alice')).get('/vote').expect(200, 'voted');
      await (await agentFor('bob')).get('/vote').expect(403);
      await request(app.getHttpServer()).get('/vote').set('Accept', HTML).expect(403);
      await (await agentFor('admin')).get('/vote').expect(200, 'voted');
    });

    it('GET /staff: UserPassesTest(isStaff)', async () => {
      await (await agentFor('admin')).get('/staff').expect(200, 'staff admin');
      await (await agentFor('alice')).get('/staff').expect(403);
      const anonymous = await request(app.getHttpServer()).get('/staff').set('Accept', HTML).expect(302);
      expect(anonymous.headers.location).toBe('/accounts/login/?next=/staff');
    });

    it('holds the query budget: /private and /vote cost 1 query and write nothing', async () => {
      const agent = await agentFor('alice');
      for (const path of ['/private', '/vote']) {
        counter.reset();
        await agent.get(path).expect(200);
        expect(counter.count).toBe(1);
        expect(counter.queries.filter((q) => /^\s*(UPDATE|INSERT|DELETE)/i.test(q))).toEqual([]);
      }
    });
  });

  describe('not authenticated', () => {
    it('browsers are redirected with next = path and query, encoded as Django does', async () => {
      const res = await request(app.getHttpServer()).get('/g/login?a=1&b=two words&c=/x').set('Accept', HTML).expect(302);
      expect(res.headers.location).toBe('/accounts/login/?next=/g/login%3Fa%3D1%26b%3Dtwo%2520words%26c%3D/x');
    });

    it('an absolute next when the login page is on another host, with a custom field name', async () => {
      const res = await request(app.getHttpServer()).get('/g/custom-login-url?q=1').set('Host', 'polls.example.com').set('Accept', HTML).expect(302);
      expect(res.headers.location).toBe('https://sso.example.com/login?app=polls&return_to=http%3A//polls.example.com/g/custom-login-url%3Fq%3D1');
    });

    it('API clients get 401 with a JSON body', async () => {
      const res = await request(app.getHttpServer()).get('/g/login').set('Accept', JSON_ACCEPT).expect(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Authentication credentials were not provided.', loginUrl: '/accounts/login/' });
      await request(app.getHttpServer()).get('/g/login').set('X-Requested-With', 'XMLHttpRequest').expect(401);
    });

    it('PermissionRequired without raiseException redirects anonymous users, 403s logged-in ones', async () => {
      await request(app.getHttpServer()).get('/g/vote').set('Accept', HTML).expect(302);
      const res = await (await agentFor('bob')).get('/g/vote').set('Accept', JSON_ACCEPT).expect(403);
      expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'You do not have permission to perform this action.' });
      await request(app.getHttpServer()).get('/g/vote-raise').set('Accept', HTML).expect(403);
    });
  });

  describe('permissions and tests', () => {
    it('several permissions must all be held', async () => {
      await (await agentFor('alice')).get('/g/both').expect(200);
      const carolLike = await agentFor('admin');
      await carolLike.get('/g/both').expect(200);
    });

    it('an object permission resolver is passed to the backends', async () => {
      const bob = await agentFor('bob');
      await bob.get('/g/questions/7').expect(200, { id: '7' });
      await bob.get('/g/questions/8').expect(403);
      await (await agentFor('alice')).get('/g/questions/7').expect(403);
    });

    it('async user tests are awaited', async () => {
      await (await agentFor('alice')).get('/g/async-test').expect(200);
      await (await agentFor('bob')).get('/g/async-test').expect(403);
    });

    it('class-level decorators guard every handler, and stack with the handler\'s', async () => {
      const anonymous = await request(app.getHttpServer()).get('/staff-area').set('Accept', HTML).expect(302);
      expect(anonymous.headers.location).toBe('/accounts/login/?next=/staff-area');
      await (await agentFor('alice')).get('/staff-area').expect(403);
      const admin = await agentFor('admin');
      await admin.get('/staff-area').expect(200, { username: 'admin' });
      await admin.get('/staff-area/votes').expect(200);
    });

    it('@CurrentUser and @Perms (PermWrapper) for anonymous and logged-in users', async () => {
      await request(app.getHttpServer()).get('/g/me').expect(200, { authenticated: false, polls: false, auth: false, canVote: false });
      await (await agentFor('alice')).get('/g/me').expect(200, { authenticated: true, polls: true, auth: false, canVote: true });
      await (await agentFor('admin')).get('/g/me').expect(200, { authenticated: true, polls: true, auth: true, canVote: true });
    });

    it('templates rendered with @Render get user and perms', async () => {
      const anonymous = await request(app.getHttpServer()).get('/tpl').expect(200);
      expect(JSON.parse(anonymous.text)).toEqual({ title: 'hi', user: '', canVote: false });
      const alice = await (await agentFor('alice')).get('/tpl').expect(200);
      expect(JSON.parse(alice.text)).toEqual({ title: 'hi', user: 'alice', canVote: true });
    });
  });

  describe('global login mode', () => {
    let globalApp: INestApplication;

    beforeAll(async () => {
      ({ app: globalApp } = await createTestApp(database.url, {
        controllers: [LoginController, OpenController],
        extras: { globalLoginRequired: true },
        runMigrations: false,
      }));
      apps.push(globalApp);
    });

    it('every route requires login unless marked @LoginNotRequired()', async () => {
      await request(globalApp.getHttpServer()).get('/open/public').expect(200, { ok: true });
      const res = await request(globalApp.getHttpServer()).get('/open/closed').set('Accept', HTML).expect(302);
      expect(res.headers.location).toBe('/accounts/login/?next=/open/closed');
      await request(globalApp.getHttpServer()).get('/open/closed').set('Accept', JSON_ACCEPT).expect(401);
    });
  });
});
