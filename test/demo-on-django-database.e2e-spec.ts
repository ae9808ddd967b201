import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TEST_SECRET_KEY } from './support/test-app';
import { agentLogin } from './support/csrf-login';

const INVALID_LOGIN = 'Please enter a correct username and password. Note that both fields may be case-sensitive.';

/**
 * The demo app itself (src/app.module.ts), pointed at the database Django
 * made: served as it is, and Django's users log in with their passwords.
 */
describe('the demo on a database Django created', () => {
  const path = join(tmpdir(), `demo-django-${process.pid}.sqlite3`);
  let app: INestApplication;
  let schemaBefore: string;

  const schemaOf = async (dataSource: DataSource) =>
    JSON.stringify(await dataSource.query('SELECT type, name, sql FROM sqlite_master ORDER BY type, name'));

  beforeAll(async () => {
    copyFileSync(join(__dirname, 'fixtures', 'django', 'db.sqlite3'), path);
    process.env.DATABASE_URL = `sqlite:${path}`;
    process.env.SECRET_KEY = TEST_SECRET_KEY;
    const { prepareDatabase } = await import('../src/config/prepare-database');
    const probe = new DataSource({ type: 'better-sqlite3', database: path });
    await probe.initialize();
    schemaBefore = await schemaOf(probe);
    await probe.destroy();
    await prepareDatabase(process.env.DATABASE_URL);
    const { AppModule } = await import('../src/app.module');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    delete process.env.DATABASE_URL;
    delete process.env.SECRET_KEY;
    ['', '-wal', '-shm'].forEach((suffix) => rmSync(path + suffix, { force: true }));
  });

  it("logs Django's users in with their Django passwords and serves the routes", async () => {
    const alice = request.agent(app.getHttpServer());
    const login = await agentLogin(alice, 'alice', 'password');
    expect([login.status, login.headers.location]).toEqual([302, '/private']);
    await alice.get('/private').expect(200, 'hello alice');
    await alice.get('/vote').expect(200, 'voted');
    const bob = request.agent(app.getHttpServer());
    expect((await agentLogin(bob, 'bob', 'password')).status).toBe(302);
    await bob.get('/vote').expect(403);
    // Django's inactive carol: ModelBackend refuses her, so the form's generic message, as Django's LoginView answers.
    const carol = await agentLogin(request.agent(app.getHttpServer()), 'carol', 'password', 'application/json');
    expect([carol.status, carol.body.errors]).toEqual([400, { __all__: [INVALID_LOGIN] }]);
    const admin = request.agent(app.getHttpServer());
    expect((await agentLogin(admin, 'admin', 'password')).status).toBe(302);
    await admin.get('/staff').expect(200, 'staff admin');
  });

  it('leaves the schema exactly as Django made it', async () => {
    expect(await schemaOf(app.get(getDataSourceToken()))).toBe(schemaBefore);
  });
});
