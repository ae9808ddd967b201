import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { GroupManager, User, UserManager } from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { cookieValue } from './support/cookies';
import { createTestDatabase, DatabaseKind, TestDatabase } from './support/databases';
import { isAvailable } from './support/services';
import { seedReferenceUsers } from './support/seed-reference';
import { TcpProxy } from './support/tcp-proxy';
import { createTestApp } from './support/test-app';

/** Servers reached over the network: cut the connection, expect 503, restore it, expect service. */
const NETWORKED: Array<Extract<DatabaseKind, 'postgres' | 'mysql'>> = ['postgres', 'mysql'];

for (const kind of NETWORKED) {
  const run = isAvailable(kind) ? describe : describe.skip;
  run(`database unreachable [${kind}${isAvailable(kind) ? '' : ': SKIPPED, server unreachable'}]`, () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let app: INestApplication;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      const direct = new URL(database.url);
      proxy = new TcpProxy(direct.hostname, Number(direct.port));
      const viaProxy = new URL(database.url);
      viaProxy.port = String(await proxy.start());
      ({ app } = await createTestApp(viaProxy.toString(), {
        controllers: [AuthTestController],
        dataSource: kind === 'postgres' ? { extra: { connectionTimeoutMillis: 2000 } } : { connectTimeout: 2000 },
      }));
      await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
    });

    afterAll(async () => {
      proxy?.restore();
      await app?.close();
      await proxy?.stop();
      await database?.drop();
    });

    it('answers 503 with a clear message while the database is down, and recovers', async () => {
      const agent = request.agent(app.getHttpServer());
      const res = await agent.post('/login').send({ username: 'alice', password: 'password' }).expect(200);
      const key = cookieValue(res, 'sessionid')!;
      proxy.cut();
      const down = await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`);
      expect(down.status).toBe(503);
      expect(down.body.message).toMatch(/temporarily unavailable/);
      const loginDown = await request(app.getHttpServer()).post('/login').send({ username: 'alice', password: 'password' });
      expect(loginDown.status).toBe(503);
      proxy.restore();
      let recovered = 0;
      for (let attempt = 0; attempt < 20 && recovered !== 200; attempt++) {
        recovered = (await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`)).status;
        if (recovered !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(recovered).toBe(200);
      await request(app.getHttpServer()).get('/whoami').set('Cookie', `sessionid=${key}`).expect(200, { username: 'alice' });
    });
  });
}
