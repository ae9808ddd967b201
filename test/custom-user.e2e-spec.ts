import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AUTH_MIGRATIONS, GroupManager, UserManager } from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { EmailUser, EmailUserInitial1700000001000 } from './fixtures/entities/email-user.entity';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { createTestApp } from './support/test-app';

describeEachDatabase('a custom user entity (email login, own tables)', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let users: UserManager<EmailUser>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await createTestApp(database.url, {
      userEntity: EmailUser,
      migrations: [...AUTH_MIGRATIONS, EmailUserInitial1700000001000],
      controllers: [AuthTestController],
      auth: { models: [EmailUser] },
    }));
    users = app.get(UserManager);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('creates users by email (domain lower-cased), and logs them in with it', async () => {
    const user = await users.createUser('Ann@EXAMPLE.org', null, 'secret-pw', { dateOfBirth: '1990-01-01' });
    expect(user.email).toBe('Ann@example.org');
    expect(user.getUsername()).toBe('Ann@example.org');
    expect(await users.getByNaturalKey('Ann@example.org')).not.toBeNull();
    const agent = request.agent(app.getHttpServer());
    await agent.post('/login').send({ email: 'Ann@example.org', password: 'secret-pw' }).expect(200);
    await agent.post('/login').send({ username: 'Ann@example.org', password: 'secret-pw' }).expect(200);
    await agent.get('/whoami').expect(200, { username: 'Ann@example.org' });
  });

  it('gives the custom user content type and permissions, through its own join tables', async () => {
    const groups = app.get(GroupManager);
    const editors = await groups.create('editors');
    await groups.permissions(editors).add('accounts.change_emailuser');
    const bea = await users.createUser('bea@example.org', null, 'pw');
    await users.groups(bea).add(editors);
    await users.userPermissions(bea).add('accounts.view_emailuser');
    expect((await users.withPerm('accounts.change_emailuser')).map((u) => u.email)).toEqual(['bea@example.org']);
    const agent = request.agent(app.getHttpServer());
    await agent.post('/login').send({ email: 'bea@example.org', password: 'pw' }).expect(200);
    await agent.get('/can?perm=accounts.change_emailuser').expect(200, { allowed: true });
    await agent.get('/can?perm=accounts.view_emailuser').expect(200, { allowed: true });
    await agent.get('/can?perm=accounts.delete_emailuser').expect(200, { allowed: false });
  });
});
