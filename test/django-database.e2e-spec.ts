import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupManager, Pbkdf2PasswordHasher, User, UserManager } from 'nest-django-auth';
import { createTestApp } from './support/test-app';
import { vectors } from './support/vectors';

/**
 * The database Django 3.2 made (migrate + seed.py), opened as it is: no
 * migrations, no synchronize. Its users, groups, permissions and password
 * hashes must all work.
 */
describe('a database made by Django', () => {
  const path = join(tmpdir(), `django-made-${process.pid}.sqlite3`);
  let app: INestApplication;
  let dataSource: DataSource;
  let users: UserManager<User>;
  let schemaBefore: string;

  const schema = async () =>
    JSON.stringify(await dataSource.query("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"));

  beforeAll(async () => {
    copyFileSync(join(__dirname, 'fixtures', 'django', 'db.sqlite3'), path);
    ({ app, dataSource } = await createTestApp(`sqlite:${path}`, {
      runMigrations: false,
      migrations: [],
      auth: { passwordHashers: [new Pbkdf2PasswordHasher({ iterations: vectors.hasher_config.pbkdf2_iterations })] },
    }));
    users = app.get(UserManager);
    schemaBefore = await schema();
  });

  afterAll(async () => {
    await app?.close();
    ['', '-wal', '-shm'].forEach((suffix) => rmSync(path + suffix, { force: true }));
  });

  it('loads the users with their fields', async () => {
    const all = await users.repository.find({ order: { id: 'ASC' } });
    expect(all.map((u) => [u.id, u.username, u.isActive, u.isSuperuser, u.isStaff])).toEqual([
      [1, 'alice', true, false, false],
      [2, 'bob', true, false, false],
      [3, 'carol', false, false, false],
      [4, 'admin', true, true, true],
    ]);
    const alice = all[0];
    expect(alice.email).toBe('alice@example.com');
    expect(alice.getFullName()).toBe('Alice Liddell');
    expect(alice.dateJoined.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(alice.lastLogin).toBeNull();
  });

  it('loads groups and permissions through the relations', async () => {
    const alice = (await users.repository.findOne({
      where: { username: 'alice' },
      relations: { groups: { permissions: { contentType: true } }, userPermissions: { contentType: true } },
    }))!;
    expect(alice.groups!.map((g) => g.name)).toEqual(['voters']);
    expect(alice.groups![0].permissions!.map((p) => `${p.contentType.appLabel}.${p.codename}`)).toEqual(['polls.can_vote']);
    expect(alice.userPermissions!.map((p) => `${p.contentType.appLabel}.${p.codename}`)).toEqual(['polls.view_question']);
    expect((await users.groups(alice).all()).map((g) => g.name)).toEqual(['voters']);
  });

  it("accepts every user's Django password and computes Django's session auth hash", async () => {
    for (const vector of vectors.session_auth_hash.users.filter((u: { pk: number }) => u.pk < 99)) {
      const user = (await users.getByNaturalKey(vector.username))!;
      expect(user.password).toBe(vector.password_field);
      expect(await user.checkPassword('password')).toBe(true);
      expect(await user.checkPassword('wrong')).toBe(false);
      expect(user.getSessionAuthHash(vectors.meta.SECRET_KEY)).toBe(vector.get_session_auth_hash);
    }
  });

  it('answers withPerm as Django does', async () => {
    const names = async (perm: string, options = {}) => (await users.withPerm(perm, options)).map((u) => u.username).sort();
    expect(await names('polls.can_vote')).toEqual(['admin', 'alice']);
    expect(await names('polls.can_vote', { isActive: false })).toEqual(['carol']);
    expect(await names('polls.view_question', { includeSuperusers: false })).toEqual(['alice']);
  });

  it('creates a user Django can read, and changes no schema', async () => {
    const groups = app.get(GroupManager);
    const dave = await users.createUser('dave', 'dave@example.com', 'password');
    await users.groups(dave).add('voters');
    const row = (await dataSource.query("SELECT password, date_joined, is_active, last_login FROM auth_user WHERE username = 'dave'"))[0];
    expect(row.password).toMatch(/^pbkdf2_sha256\$260000\$[a-zA-Z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
    expect(row.date_joined).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(row.last_login).toBeNull();
    expect(await groups.getByNaturalKey('voters')).not.toBeNull();
    expect(await schema()).toBe(schemaBefore);
  });
});
