import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { authEntities, GroupManager, Permission, User, UserManager, ValidationError } from 'nest-django-auth';
import { QueryCounter } from './support/query-counter';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp, TEST_SECRET_KEY } from './support/test-app';
import { vectors } from './support/vectors';

describeEachDatabase('users, groups and permissions', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let dataSource: DataSource;
  let users: UserManager<User>;
  let groups: GroupManager;
  let seeded: Record<string, User>;
  const counter = new QueryCounter();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app, dataSource } = await createTestApp(database.url, { dataSource: { logging: ['query'], logger: counter } }));
    users = app.get(UserManager);
    groups = app.get(GroupManager);
    seeded = await seedReferenceUsers(users, groups);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  describe('schema', () => {
    it("creates Django's tables and columns", async () => {
      const runner = dataSource.createQueryRunner();
      try {
        const user = await runner.getTable('auth_user');
        expect(user!.columns.map((c) => c.name).sort()).toEqual(
          ['date_joined', 'email', 'first_name', 'id', 'is_active', 'is_staff', 'is_superuser', 'last_login', 'last_name', 'password', 'username'].sort(),
        );
        expect(user!.findColumnByName('username')!.length).toBe('150');
        expect(user!.findColumnByName('email')!.length).toBe('254');
        expect(user!.findColumnByName('password')!.length).toBe('128');
        expect(user!.findColumnByName('last_login')!.isNullable).toBe(true);
        for (const table of ['auth_group', 'auth_permission', 'django_content_type', 'auth_user_groups', 'auth_user_user_permissions', 'auth_group_permissions', 'django_session']) {
          expect(await runner.hasTable(table)).toBe(true);
        }
        const junction = await runner.getTable('auth_user_groups');
        expect(junction!.columns.map((c) => c.name).sort()).toEqual(['group_id', 'id', 'user_id']);
      } finally {
        await runner.release();
      }
    });

    it('migrations go down and up again cleanly', async () => {
      const fresh = await createTestDatabase(kind);
      try {
        const { openDataSource } = await import('./support/databases');
        const other = await openDataSource(fresh.url, { entities: authEntities() });
        for (let i = 0; i < 4; i++) await other.undoLastMigration();
        const runner = other.createQueryRunner();
        expect(await runner.hasTable('auth_user')).toBe(false);
        expect(await runner.hasTable('django_session')).toBe(false);
        expect(await runner.hasTable('auth_login_throttle')).toBe(false);
        await runner.release();
        expect((await other.runMigrations()).map((m) => m.name)).toEqual([
          'AuthInitial1700000000000',
          'SessionsInitial1700000000001',
          'MysqlDjangoColumns1700000000002',
          'LoginThrottle1700000000003',
        ]);
        await other.destroy();
      } finally {
        await fresh.drop();
      }
    });

    it('rejects a duplicate username at the database', async () => {
      await expect(users.createUser('alice', 'other@example.com', 'x')).rejects.toThrow();
    });
  });

  describe('content types and permissions', () => {
    it("creates the same 25 permissions Django's migrate creates, idempotently", async () => {
      const rows = await dataSource
        .getRepository(Permission)
        .find({ relations: { contentType: true } });
      const names = rows.map((p) => `${p.contentType.appLabel}.${p.codename}`).sort();
      expect(names).toEqual([...vectors.permissions.all_permissions_in_db].sort());
      const canVote = rows.find((p) => p.codename === 'can_vote')!;
      expect(canVote.name).toBe('Can vote in elections');
      expect(rows.find((p) => p.codename === 'add_contenttype')!.name).toBe('Can add content type');
    });

    it('withPerm matches Django for every case', async () => {
      const cases: Array<[string, object, string[]]> = [
        ['polls.can_vote', {}, ['admin', 'alice']],
        ['polls.can_vote', { includeSuperusers: false }, ['alice']],
        ['polls.can_vote', { isActive: false }, ['carol']],
        ['polls.can_vote', { isActive: null }, ['admin', 'alice', 'carol']],
        ['polls.view_question', {}, ['admin', 'alice']],
        ['auth.add_user', {}, ['admin']],
        ['auth.add_user', { includeSuperusers: false }, []],
        ['polls.nonexistent', {}, ['admin']],
      ];
      for (const [perm, options, expected] of cases) {
        counter.reset();
        const found = await users.withPerm(perm, options);
        expect(found.map((u) => u.username).sort()).toEqual(expected);
        expect(counter.count).toBe(1);
      }
      const withPerm = vectors.permissions.with_perm;
      expect(withPerm["User.objects.with_perm('polls.can_vote', is_active=None)"]).toEqual(['admin', 'alice', 'carol']);
      await expect(users.withPerm('can_vote')).rejects.toThrow(withPerm["User.objects.with_perm('can_vote')"].message);
    });

    it('withPerm accepts a Permission entity and returns nobody for an object', async () => {
      const canVote = (await groups.getPermission('polls.can_vote'))!;
      expect((await users.withPerm(canVote)).map((u) => u.username).sort()).toEqual(['admin', 'alice']);
      expect(await users.withPerm('polls.can_vote', { obj: { id: 1 } })).toEqual([]);
      await expect(users.withPerm(42 as never)).rejects.toThrow(TypeError);
    });
  });

  describe('creating users', () => {
    it('normalizes the email domain and the username (NFKC) and hashes the password', async () => {
      const user = await users.createUser('ｊｏｈｎ', 'John@EXAMPLE.Com', 'secret pass');
      expect(user.username).toBe('john');
      expect(user.email).toBe('John@example.com');
      expect(user.password.startsWith('pbkdf2_sha256$1000$')).toBe(true);
      expect(user.isActive).toBe(true);
      expect(user.isStaff).toBe(false);
      expect(user.isSuperuser).toBe(false);
      expect(user.dateJoined).toBeInstanceOf(Date);
      const loaded = (await users.getByNaturalKey('john'))!;
      expect(await loaded.checkPassword('secret pass')).toBe(true);
      expect(await loaded.checkPassword('Secret pass')).toBe(false);
    });

    it('gives a user created without a password an unusable one', async () => {
      const user = await users.createUser('nopass');
      expect(user.hasUsablePassword()).toBe(false);
      expect(user.password).toMatch(/^![a-zA-Z0-9]{40}$/);
      expect(await user.checkPassword('')).toBe(false);
    });

    it('refuses an empty or invalid username', async () => {
      await expect(users.createUser('')).rejects.toThrow('The given username must be set');
      await expect(users.createUser('bad name')).rejects.toBeInstanceOf(ValidationError);
      await expect(users.createUser('x'.repeat(151))).rejects.toBeInstanceOf(ValidationError);
    });

    it('createSuperuser forces staff and superuser, and refuses them false', async () => {
      expect(seeded.admin.isStaff && seeded.admin.isSuperuser).toBe(true);
      await expect(users.createSuperuser('root2', null, 'x', { isStaff: false })).rejects.toThrow('Superuser must have is_staff=True.');
      await expect(users.createSuperuser('root3', null, 'x', { isSuperuser: false })).rejects.toThrow('Superuser must have is_superuser=True.');
    });

    it("looks users up by natural key, case-sensitively on every database (also under MySQL's case-insensitive collation)", async () => {
      expect((await users.getByNaturalKey('alice'))!.id).toBe(seeded.alice.id);
      expect(await users.getByNaturalKey('Alice')).toBeNull();
    });
  });

  describe('user methods', () => {
    it('names', async () => {
      const alice = (await users.getByNaturalKey('alice'))!;
      expect(alice.getUsername()).toBe('alice');
      expect(alice.getFullName()).toBe('Alice Liddell');
      expect(alice.getShortName()).toBe('Alice');
      expect(alice.isAuthenticated).toBe(true);
      expect(alice.isAnonymous).toBe(false);
      expect(alice.naturalKey()).toEqual(['alice']);
    });

    it("re-hashes a correct password stored with an outdated hasher, and saves it", async () => {
      const user = await users.createUser('legacy', null, null);
      await users.repository.update(user.id, { password: 'md5$seasalt$' + require('node:crypto').createHash('md5').update('seasaltlegacy-pw').digest('hex') });
      const loaded = (await users.getByNaturalKey('legacy'))!;
      expect(await loaded.checkPassword('wrong')).toBe(false);
      expect((await users.getByNaturalKey('legacy'))!.password.startsWith('md5$')).toBe(true);
      expect(await loaded.checkPassword('legacy-pw')).toBe(true);
      const reloaded = (await users.getByNaturalKey('legacy'))!;
      expect(reloaded.password.startsWith('pbkdf2_sha256$1000$')).toBe(true);
      expect(await reloaded.checkPassword('legacy-pw')).toBe(true);
    });

    it("computes Django's session auth hash", async () => {
      const alice = (await users.getByNaturalKey('alice'))!;
      alice.password = vectors.session_auth_hash.users.find((u: { username: string }) => u.username === 'alice').password_field;
      const expected = vectors.session_auth_hash.users.find((u: { username: string }) => u.username === 'alice').get_session_auth_hash;
      expect(alice.getSessionAuthHash(vectors.meta.SECRET_KEY)).toBe(expected);
      expect(alice.getSessionAuthHash()).not.toBe(expected); // the module's own key
      expect(alice.getSessionAuthHash()).toBe(alice.getSessionAuthHash(TEST_SECRET_KEY));
    });
  });

  describe('related managers', () => {
    it('adds, removes, sets and clears groups and permissions', async () => {
      const dave = await users.createUser('dave');
      const editors = await groups.create('editors');
      await groups.permissions(editors).set(['polls.add_question', 'polls.change_question']);
      expect((await groups.permissions(editors).all()).map((p) => p.codename).sort()).toEqual(['add_question', 'change_question']);

      await users.groups(dave).add(editors, 'voters');
      await users.groups(dave).add(editors); // already there: no error, no duplicate
      expect((await users.groups(dave).all()).map((g) => g.name).sort()).toEqual(['editors', 'voters']);
      await users.groups(dave).remove('voters');
      expect((await users.groups(dave).all()).map((g) => g.name)).toEqual(['editors']);
      await users.groups(dave).set(['voters']);
      expect((await users.groups(dave).all()).map((g) => g.name)).toEqual(['voters']);
      await users.groups(dave).clear();
      expect(await users.groups(dave).all()).toEqual([]);

      await users.userPermissions(dave).add('auth.view_user');
      expect((await users.userPermissions(dave).all()).map((p) => p.codename)).toEqual(['view_user']);
      await expect(users.userPermissions(dave).add('auth.no_such_perm')).rejects.toThrow('Permission "auth.no_such_perm" does not exist.');
      await expect(users.groups(dave).add('nobody')).rejects.toThrow('Group "nobody" does not exist.');
    });

    it('deleteUser removes the user and its links', async () => {
      const eve = await users.createUser('eve');
      await users.groups(eve).add('voters');
      await users.userPermissions(eve).add('polls.can_vote');
      await users.deleteUser(eve);
      expect(await users.getByNaturalKey('eve')).toBeNull();
      const links = await dataSource.query(`SELECT COUNT(*) AS n FROM auth_user_groups WHERE user_id = ${Number(eve.id)}`);
      expect(Number(links[0].n)).toBe(0);
    });
  });
});
