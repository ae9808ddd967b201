import { Controller, HttpCode, Injectable, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AuthService,
  BaseBackend,
  checkPasswordHashes,
  GroupManager,
  getUserModel,
  MD5PasswordHasher,
  ModelBackend,
  Pbkdf2PasswordHasher,
  resolveAuthOptions,
  User,
  UserManager,
} from 'nest-django-auth';
import { PasswordResetTokenGenerator } from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { createTestDatabase, describeEachDatabase, openDataSource, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp, TEST_SECRET_KEY } from './support/test-app';
import { authEntities } from 'nest-django-auth';
import { INestApplication } from '@nestjs/common';

const PASSWORD = 'password';
/** The configured count; "legacy" hashes have fewer iterations, "newer" ones more. */
const ITERATIONS = 20_000;
const hashers = () => [new Pbkdf2PasswordHasher({ iterations: ITERATIONS }), new MD5PasswordHasher()];

@Controller()
class ExpiryController {
  constructor(private readonly auth: AuthService) {}

  @Post('expire-at')
  @HttpCode(200)
  async expireAt(@Req() req: Request) {
    const session = await this.auth.getSession(req);
    session.setExpiry(new Date(Date.UTC(2031, 0, 2, 3, 4, 5, 678)));
    return { age: session.getExpiryAge(new Date(Date.UTC(2031, 0, 1, 3, 4, 5, 678))) };
  }
}

/** A backend that knows no with_perm, as Django's BaseBackend. */
@Injectable()
class NoWithPermBackend extends BaseBackend {
  static override backendName = 'tests.NoWithPermBackend';
  override async getUser(): Promise<null> {
    return null;
  }
}

describeEachDatabase('beside a Django site', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let dataSource: DataSource;
  let users: UserManager<User>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app, dataSource } = await createTestApp(database.url, {
      controllers: [AuthTestController, ExpiryController],
      auth: { passwordHashers: hashers() },
    }));
    users = app.get(UserManager);
    await seedReferenceUsers(users, app.get(GroupManager));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const storedPassword = async (username: string) => (await users.getByNaturalKey(username))!.password;
  const setStoredPassword = (username: string, password: string) => users.repository.update({ username }, { password });
  const legacyHash = () => new Pbkdf2PasswordHasher({ iterations: ITERATIONS / 2 }).encode(PASSWORD, 'legacySalt000000000000');

  describe('hash upgrades', () => {
    it('four concurrent correct logins on a legacy hash: all four sessions work, the hash is upgraded once', async () => {
      await setStoredPassword('alice', await legacyHash());
      const agents = [0, 1, 2, 3].map(() => request.agent(app.getHttpServer()));
      const logins = await Promise.all(agents.map((agent) => agent.post('/login').send({ username: 'alice', password: PASSWORD })));
      expect(logins.map((res) => res.status)).toEqual([200, 200, 200, 200]);
      for (const agent of agents) expect((await agent.get('/whoami')).body).toEqual({ username: 'alice' });
      const upgraded = await storedPassword('alice');
      expect(upgraded).toMatch(new RegExp(`^pbkdf2_sha256\\$${ITERATIONS}\\$`));
      // A fifth login keeps the upgraded hash, and the four sessions still work.
      await request.agent(app.getHttpServer()).post('/login').send({ username: 'alice', password: PASSWORD }).expect(200);
      expect(await storedPassword('alice')).toBe(upgraded);
      for (const agent of agents) expect((await agent.get('/whoami')).body).toEqual({ username: 'alice' });
    });

    it('the upgrade is a compare-and-set: racing checks all adopt the one hash written', async () => {
      await setStoredPassword('bob', await legacyHash());
      const racers = await Promise.all([0, 1, 2, 3].map(() => users.getByNaturalKey('bob')));
      expect(await Promise.all(racers.map((user) => user!.checkPassword(PASSWORD)))).toEqual([true, true, true, true]);
      const stored = await storedPassword('bob');
      expect(stored).toMatch(new RegExp(`^pbkdf2_sha256\\$${ITERATIONS}\\$`));
      expect(racers.map((user) => user!.password)).toEqual([stored, stored, stored, stored]);
    });

    it('a password changed while a login upgraded the old hash makes that login fail', async () => {
      await setStoredPassword('bob', await legacyHash());
      const stale = (await users.getByNaturalKey('bob'))!;
      const changed = (await users.getByNaturalKey('bob'))!;
      await changed.setPassword('another-password');
      await users.repository.save(changed);
      expect(await stale.checkPassword(PASSWORD)).toBe(false);
      expect(await storedPassword('bob')).toBe(changed.password);
    });

    it('never downgrades: a hash with more iterations than configured is kept at login', async () => {
      const newer = await new Pbkdf2PasswordHasher({ iterations: ITERATIONS * 2 }).encode(PASSWORD, 'newerSalt0000000000000');
      await setStoredPassword('admin', newer);
      const agent = request.agent(app.getHttpServer());
      await agent.post('/login').send({ username: 'admin', password: PASSWORD }).expect(200);
      expect(await storedPassword('admin')).toBe(newer);
      expect((await agent.get('/whoami')).body).toEqual({ username: 'admin' });
    });

    it('checkPasswordHashes counts weaker, stronger and unknown hashes as Django check messages', async () => {
      await setStoredPassword('alice', await legacyHash());
      await setStoredPassword('bob', 'md5$salt$67a1e09bb1f83f5007dc119c14d663aa');
      await setStoredPassword('carol', 'crypt$$ab1Hv2Lg7ltQo');
      await setStoredPassword('admin', await new Pbkdf2PasswordHasher({ iterations: ITERATIONS * 2 }).encode(PASSWORD, 'newerSalt0000000000000'));
      const messages = await checkPasswordHashes(dataSource, { passwordHashers: hashers(), batchSize: 2 });
      expect(messages.map((m) => [m.level, m.id, m.msg.split(' ').slice(0, 4).join(' ')])).toEqual([
        ['INFO', 'auth.I010', '2 stored password hashes'],
        ['WARNING', 'auth.W011', '1 stored password hash'],
        ['WARNING', 'auth.W012', '1 stored password hash'],
      ]);
      expect(messages[1].msg).toContain(`pbkdf2_sha256, iterations ${ITERATIONS}`);
      for (const message of messages) expect(typeof message.hint).toBe('string');

      const weakKey = 'reference-secret-key-not-for-production';
      const withKey = await checkPasswordHashes(dataSource, { passwordHashers: hashers(), secretKey: weakKey, allowWeakSecretKey: true });
      expect(withKey.at(-1)).toMatchObject({ level: 'WARNING', id: 'security.W009' });
      expect(JSON.stringify(withKey)).not.toContain(weakKey);
      const all = await Promise.all(['alice', 'bob', 'carol', 'admin'].map((name) => users.getByNaturalKey(name)));
      for (const user of all) {
        await user!.setPassword(PASSWORD);
        await users.repository.save(user!);
      }
      expect(await checkPasswordHashes(dataSource, { passwordHashers: hashers() })).toEqual([]);
    });
  });

  describe("Django's datetimes", () => {
    it("reads a last_login Django wrote (six fractional digits, naive UTC) as UTC, so Django's reset tokens validate", async () => {
      const literal = kind === 'postgres' ? "'2024-01-02 03:04:05.678901+00'" : "'2024-01-02 03:04:05.678901'";
      await dataSource.query(`UPDATE auth_user SET last_login = ${literal} WHERE username = 'alice'`);
      const alice = (await users.getByNaturalKey('alice'))!;
      expect(alice.lastLogin!.toISOString()).toBe('2024-01-02T03:04:05.678Z');
      // The Django vector's user (same pk, hash, last_login and email) and token.
      const vector = { pk: 1, password: 'pbkdf2_sha256$260000$aliceSalt0000000000000$6msbPTWY+bChN79pQYQiFmKa8BgYlpHuTheNhSeh3nU=' };
      const tokens = new PasswordResetTokenGenerator({ secret: 'reference-secret-key-not-for-production', now: () => new Date('2024-03-01T12:00:00Z') });
      const user = Object.assign(Object.create(User.prototype), alice, { id: vector.pk, password: vector.password }) as User;
      expect(tokens.checkToken(user as never, 'c37lc0-07eb6baa2eee863d30e438e238addf41')).toBe(true);
    });

    it('writes last_login and expire_date as Django does', async () => {
      const agent = request.agent(app.getHttpServer());
      const before = Date.now();
      await agent.post('/login').send({ username: 'alice', password: PASSWORD }).expect(200);
      const [row] = await dataSource.query(`SELECT last_login FROM auth_user WHERE username = 'alice'`);
      const [session] = await dataSource.query('SELECT expire_date FROM django_session ORDER BY expire_date DESC LIMIT 1');
      if (kind === 'sqlite') {
        expect(row.last_login).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
        expect(session.expire_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
      }
      const lastLogin = (await users.getByNaturalKey('alice'))!.lastLogin!.getTime();
      expect(lastLogin).toBeGreaterThanOrEqual(before - 1000);
      expect(lastLogin).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it("stores setExpiry(Date) as Python's isoformat (+00:00), which Python 3.10's fromisoformat reads", async () => {
      const agent = request.agent(app.getHttpServer());
      await agent.post('/login').send({ username: 'alice', password: PASSWORD }).expect(200);
      expect((await agent.post('/expire-at').expect(200)).body).toEqual({ age: 86400 });
      expect((await agent.get('/session').query({ key: '_session_expiry' })).body.value).toBe('2031-01-02T03:04:05.678000+00:00');
      const [row] = await dataSource.query('SELECT expire_date FROM django_session ORDER BY expire_date DESC LIMIT 1');
      const expireDate = kind === 'sqlite' ? row.expire_date : new Date(row.expire_date).toISOString();
      expect(expireDate).toBe(kind === 'sqlite' ? '2031-01-02 03:04:05.678000' : '2031-01-02T03:04:05.678Z');
    });
  });

  it('accepts sessions over 64 KB (LONGTEXT on MySQL, as Django)', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.post('/login').send({ username: 'alice', password: PASSWORD }).expect(200);
    const big = require('node:crypto').randomBytes(60_000).toString('base64');
    await agent.post('/session').send({ key: 'big', value: big }).expect(200);
    expect((await agent.get('/session').query({ key: 'big' })).body.value).toBe(big);
  });

  it('getUserModel() is the configured user entity', () => {
    expect(getUserModel()).toBe(User);
  });

  describe('withPerm asks the backends as Django does', () => {
    let multi: INestApplication;

    beforeAll(async () => {
      ({ app: multi } = await createTestApp(database.url, { runMigrations: false, auth: { backends: [ModelBackend, NoWithPermBackend] } }));
    });

    afterAll(() => multi?.close());

    it('one backend: asked without naming it', async () => {
      expect((await users.withPerm('polls.can_vote')).map((u) => u.username)).toEqual(['alice', 'admin']);
    });

    it('several backends: the backend must be named; one without withPerm gives no user', async () => {
      const manager = multi.get(UserManager) as UserManager<User>;
      await expect(manager.withPerm('polls.can_vote')).rejects.toThrow('You have multiple authentication backends configured and therefore must provide the `backend` argument.');
      const viaModel = await manager.withPerm('polls.can_vote', { backend: 'django.contrib.auth.backends.ModelBackend', includeSuperusers: false });
      expect(viaModel.map((u) => u.username)).toEqual(['alice']);
      expect(await manager.withPerm('polls.can_vote', { backend: 'tests.NoWithPermBackend' })).toEqual([]);
      await expect(manager.withPerm('polls.can_vote', { backend: 42 as never })).rejects.toThrow(TypeError);
      await expect(manager.withPerm('polls.can_vote', { backend: 'nope.Backend' })).rejects.toThrow('no configured backend');
    });
  });

  if (kind === 'mysql') {
    describe('MySQL/MariaDB columns as Django makes them', () => {
      const columns = async (ds: DataSource) =>
        ds.query(
          "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS type, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND ((TABLE_NAME = 'django_session' AND COLUMN_NAME = 'session_data') OR (TABLE_NAME = 'auth_user' AND COLUMN_NAME = 'username')) ORDER BY TABLE_NAME",
        );
      const djangoColumns = [
        { t: 'auth_user', c: 'username', type: 'varchar', collation: 'utf8mb4_general_ci' },
        { t: 'django_session', c: 'session_data', type: 'longtext', collation: 'utf8mb4_general_ci' },
      ];

      it('new installs: LONGTEXT session data, the username in the default case-insensitive collation', async () => {
        expect(await columns(dataSource)).toEqual(djangoColumns);
      });

      it('the migration fixes an install made before it, and keeps a case-sensitive username column that has case duplicates', async () => {
        const old = await createTestDatabase('mysql');
        try {
          const ds = await openDataSource(old.url, { entities: authEntities() });
          const downgrade = async () => {
            await ds.query('ALTER TABLE django_session MODIFY session_data TEXT NOT NULL');
            await ds.query('ALTER TABLE auth_user MODIFY username varchar(150) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
            await ds.query("DELETE FROM migrations WHERE name = 'MysqlDjangoColumns1700000000002'");
          };
          await downgrade();
          expect((await ds.runMigrations()).map((m) => m.name)).toEqual(['MysqlDjangoColumns1700000000002']);
          expect(await columns(ds)).toEqual(djangoColumns);

          await downgrade();
          const insert = "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) VALUES ('!', 0, ?, '', '', '', 0, 1, '2024-01-01')";
          await ds.query(insert, ['dave']);
          await ds.query(insert, ['Dave']);
          await ds.runMigrations();
          expect(await columns(ds)).toEqual([
            { t: 'auth_user', c: 'username', type: 'varchar', collation: 'utf8mb4_bin' },
            djangoColumns[1],
          ]);
          await ds.destroy();
        } finally {
          await old.drop();
        }
      });
    });
  }
});

describe('allowWeakSecretKey', () => {
  const weakKey = 'reference-secret-key-not-for-production';

  it('a weak key outside development is refused, unless explicitly allowed (then a warning)', () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) } as never;
    expect(() => resolveAuthOptions({ secretKey: weakKey, development: false }, logger)).toThrow('secretKey is weak');
    const resolved = resolveAuthOptions({ secretKey: weakKey, development: false, allowWeakSecretKey: true }, logger);
    expect(resolved.allowWeakSecretKey).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('allowWeakSecretKey');
    expect(warnings[0]).not.toContain(weakKey);
    expect(() => resolveAuthOptions({ secretKey: '', allowWeakSecretKey: true }, logger)).toThrow('must not be empty');
    expect(TEST_SECRET_KEY.length).toBeGreaterThanOrEqual(50);
  });
});
