import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ModelBackend, PersistentRemoteUserMiddleware, RemoteUserBackend, User, UserManager } from 'nest-django-auth';
import { remoteUserAppModule } from './fixtures/controllers/remote-user-app.module';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { createTestApp } from './support/test-app';

describeEachDatabase('remote users (trusted proxy header)', (kind) => {
  let database: TestDatabase;
  const apps: INestApplication[] = [];

  async function start(persistent: boolean) {
    const { app } = await createTestApp(database.url, {
      imports: [remoteUserAppModule(persistent ? PersistentRemoteUserMiddleware : undefined)],
      auth: { backends: [RemoteUserBackend, ModelBackend] },
      runMigrations: apps.length === 0,
    });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('creates and logs in the user named by the header, with an unusable password', async () => {
    const app = await start(false);
    const agent = request.agent(app.getHttpServer());
    await agent.get('/whoami').set('x-remote-user', 'proxied').expect(200, { username: 'proxied' });
    const user = (await app.get(UserManager<User>).getByNaturalKey('proxied'))!;
    expect(user.hasUsablePassword()).toBe(false);
    await agent.get('/whoami').set('x-remote-user', 'proxied').expect(200, { username: 'proxied' });
  });

  it('RemoteUserMiddleware logs out when the header disappears or names someone else', async () => {
    const app = await start(false);
    const agent = request.agent(app.getHttpServer());
    await agent.get('/whoami').set('x-remote-user', 'first').expect(200, { username: 'first' });
    await agent.get('/whoami').set('x-remote-user', 'second').expect(200, { username: 'second' });
    await agent.get('/whoami').expect(200, { username: null });
  });

  it('PersistentRemoteUserMiddleware keeps the session when the header disappears', async () => {
    const app = await start(true);
    const agent = request.agent(app.getHttpServer());
    await agent.get('/whoami').set('x-remote-user', 'persistent').expect(200, { username: 'persistent' });
    await agent.get('/whoami').expect(200, { username: 'persistent' });
  });

  it('leaves users who logged in with a password alone when the header is missing', async () => {
    const app = await start(false);
    await app.get(UserManager<User>).createUser('local', null, 'password');
    const agent = request.agent(app.getHttpServer());
    await agent.post('/login').send({ username: 'local', password: 'password' }).expect(200);
    await agent.get('/whoami').expect(200, { username: 'local' });
  });
});
