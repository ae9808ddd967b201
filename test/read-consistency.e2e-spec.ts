import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import { DataSource, DataSourceOptions } from 'typeorm';
import { authEntities, databaseOptionsFromUrl, GroupManager, Session, SessionEngineName, User, UserManager, UserSession } from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { cookieValue } from './support/cookies';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from './support/databases';
import { QueryCounter } from './support/query-counter';
import { deleteRedisKeys, uniqueRedisPrefix } from './support/redis';
import { seedReferenceUsers } from './support/seed-reference';
import { isAvailable, SERVICES } from './support/services';
import { createTestApp } from './support/test-app';

/**
 * Django's consistency rule on the read path: whatever another connection
 * changed (a revoked permission, a deactivated user, a changed password, a
 * deleted session) is seen by the very next request, with every session engine
 * and on every database. The db and cached_db engines read the session, its
 * user and both permission sets in one statement through the user → session
 * index; these tests also hold that statement to the session's own word.
 */
const ENGINES: SessionEngineName[] = ['db', 'cache', 'cached_db'];

for (const engineName of ENGINES) {
  for (const kind of DATABASE_KINDS) {
    const needsRedis = engineName !== 'db';
    const available = (kind === 'sqlite' || isAvailable(kind)) && (!needsRedis || isAvailable('redis'));
    const describeKind = available ? describe : describe.skip;
    describeKind(`the next request sees changes made elsewhere [${engineName}, ${kind}${available ? '' : ': SKIPPED, server unreachable'}]`, () => {
      let database: TestDatabase;
      let app: INestApplication;
      let other: DataSource;
      let redis: Redis | undefined;
      let users: Record<string, User>;
      const counter = new QueryCounter();
      const keyPrefix = uniqueRedisPrefix(`consistency_${engineName}`);

      beforeAll(async () => {
        database = await createTestDatabase(kind);
        ({ app } = await createTestApp(database.url, {
          controllers: [AuthTestController],
          auth: needsRedis ? { session: { engine: engineName, redis: { url: SERVICES.redis, keyPrefix } } } : {},
          dataSource: { logging: ['query'], logger: counter },
        }));
        users = await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
        // Another connection (another pool; on SQLite another handle on the file), as Django or a SQL console would be.
        other = new DataSource({ ...databaseOptionsFromUrl(database.url), entities: authEntities(), logging: false } as DataSourceOptions);
        await other.initialize();
        if (needsRedis) redis = new Redis(SERVICES.redis);
      });

      afterAll(async () => {
        await app?.close();
        await other?.destroy();
        await redis?.quit();
        await database?.drop();
        if (needsRedis) await deleteRedisKeys(keyPrefix);
      });

      async function loggedIn(username: string): Promise<{ agent: ReturnType<typeof request.agent>; key: string }> {
        const agent = request.agent(app.getHttpServer());
        const res = await agent.post('/login').send({ username, password: 'password' }).expect(200);
        return { agent, key: cookieValue(res, 'sessionid')! };
      }

      it('a permission revoked by another connection (group membership, then a direct permission)', async () => {
        const { agent } = await loggedIn('alice');
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: true });
        await agent.get('/can?perm=polls.view_question').expect(200, { allowed: true });
        await other.createQueryBuilder().delete().from('auth_user_groups').where('user_id = :id', { id: users.alice.id }).execute();
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: false });
        await agent.get('/can?perm=polls.view_question').expect(200, { allowed: true });
        await other.createQueryBuilder().delete().from('auth_user_user_permissions').where('user_id = :id', { id: users.alice.id }).execute();
        await agent.get('/can?perm=polls.view_question').expect(200, { allowed: false });
        await agent.get('/whoami').expect(200, { username: 'alice' });
      });

      it('a user deactivated by another connection', async () => {
        const { agent } = await loggedIn('bob');
        await agent.get('/whoami').expect(200, { username: 'bob' });
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: false });
        await other.createQueryBuilder().update(User).set({ isActive: false }).where({ id: users.bob.id }).execute();
        await agent.get('/whoami').expect(200, { username: null });
        await other.createQueryBuilder().update(User).set({ isActive: true }).where({ id: users.bob.id }).execute();
      });

      it('a password changed by another connection ends the session', async () => {
        const { agent } = await loggedIn('admin');
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: true });
        await other.createQueryBuilder().update(User).set({ password: 'md5$othersalt$0123456789abcdef0123456789abcdef' }).where({ id: users.admin.id }).execute();
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: false });
        await agent.get('/whoami').expect(200, { username: null });
      });

      it('a session deleted by another connection (a logout elsewhere)', async () => {
        await other.createQueryBuilder().update(User).set({ isActive: true }).where({ id: users.bob.id }).execute();
        const { agent, key } = await loggedIn('bob');
        await agent.get('/whoami').expect(200, { username: 'bob' });
        if (engineName === 'cache') await redis!.del(keyPrefix + key);
        else await other.getRepository(Session).delete({ sessionKey: key });
        await agent.get('/whoami').expect(200, { username: null });
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: false });
      });

      if (engineName === 'cache') return;

      it('reads the session, its user and both permission sets in one statement, and writes nothing', async () => {
        const { agent } = await loggedIn('alice');
        await agent.get('/whoami').expect(200);
        for (const path of ['/whoami', '/can?perm=polls.view_question']) {
          counter.reset();
          await agent.get(path).expect(200);
          expect(counter.count).toBe(1);
          expect(counter.queries.filter((q) => /^\s*(UPDATE|INSERT|DELETE)/i.test(q))).toEqual([]);
        }
      });

      it('falls back to a second statement when the index has no row for the session (a session Django wrote)', async () => {
        await other.createQueryBuilder().update(User).set({ isActive: true }).where({ id: users.bob.id }).execute();
        const { agent, key } = await loggedIn('bob');
        await other.getRepository(UserSession).delete({ sessionKey: key });
        counter.reset();
        await agent.get('/whoami').expect(200, { username: 'bob' });
        expect(counter.count).toBe(2);
        await other.createQueryBuilder().update(User).set({ isActive: false }).where({ id: users.bob.id }).execute();
        await agent.get('/whoami').expect(200, { username: null });
        await other.createQueryBuilder().update(User).set({ isActive: true }).where({ id: users.bob.id }).execute();
      });

      it('never trusts an index row that names another user than the signed session does', async () => {
        const { agent, key } = await loggedIn('bob');
        await other.getRepository(UserSession).update({ sessionKey: key }, { userId: String(users.admin.id) });
        await agent.get('/whoami').expect(200, { username: 'bob' });
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: false });
        await other.getRepository(UserSession).update({ sessionKey: key }, { userId: `${users.bob.id}abc` });
        await agent.get('/whoami').expect(200, { username: 'bob' });
        await agent.get('/can?perm=polls.can_vote').expect(200, { allowed: false });
      });
    });
  }
}
