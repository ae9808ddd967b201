import { Injectable, INestApplication } from '@nestjs/common';
import {
  AnonymousUser,
  AuthService,
  BackendRegistry,
  BaseBackend,
  GroupManager,
  Pbkdf2PasswordHasher,
  ModelBackend,
  PermissionDeniedException,
  User,
  UserManager,
} from 'nest-django-auth';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';
import { vectors } from './support/vectors';

/** Counts every PBKDF2 derivation the login path computes (verify derives through encode), to see the timing defence at work. */
class CountingHasher extends Pbkdf2PasswordHasher {
  static calls = 0;
  override readonly algorithm = 'counting_pbkdf2';
  constructor() {
    super({ iterations: 10 });
  }
  override async encode(password: string, salt: string): Promise<string> {
    CountingHasher.calls++;
    return super.encode(password, salt);
  }
}

/** Grants "reports.view" to everyone active: a second backend, for the union. */
@Injectable()
class ReportsBackend extends BaseBackend<User> {
  static override backendName = 'tests.ReportsBackend';
  override async getUserPermissions(user: User): Promise<Set<string>> {
    return user.isActive ? new Set(['reports.view']) : new Set();
  }
  async hasModulePerms(user: User, appLabel: string): Promise<boolean> {
    return user.isActive && appLabel === 'reports';
  }
}

/** Vetoes: bob may never log in, and nobody may delete questions. */
@Injectable()
class VetoBackend extends BaseBackend<User> {
  static override backendName = 'tests.VetoBackend';
  override async authenticate(_request: unknown, credentials: Record<string, unknown>): Promise<User | null> {
    if (credentials.username === 'bob') throw new PermissionDeniedException();
    return null;
  }
  override async hasPerm(_user: User, perm: string): Promise<boolean> {
    if (perm === 'polls.delete_question') throw new PermissionDeniedException();
    return false;
  }
}

describeEachDatabase('ModelBackend and the backend chain', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let users: UserManager<User>;
  const extraApps: INestApplication[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await createTestApp(database.url));
    users = app.get(UserManager);
    await seedReferenceUsers(users, app.get(GroupManager));
  });

  afterAll(async () => {
    for (const extra of extraApps) await extra.close();
    await app?.close();
    await database?.drop();
  });

  const sorted = (set: Set<string>) => [...set].sort();
  const modelBackend = () => app.get(BackendRegistry).get(ModelBackend.backendName) as ModelBackend;

  describe.each(['alice', 'bob', 'carol', 'admin', '<AnonymousUser>'])("Django's permission answers for %s", (name) => {
    const expected = vectors.permissions.users[name];

    async function subject(): Promise<User | AnonymousUser> {
      return name === '<AnonymousUser>' ? new AnonymousUser() : (await users.getByNaturalKey(name))!;
    }

    it('ModelBackend: user, group and all permissions, has_perm, has_module_perms', async () => {
      const backend = modelBackend();
      const user = (await subject()) as User;
      expect(sorted(await backend.getUserPermissions(user as never))).toEqual(expected.get_user_permissions);
      expect(sorted(await backend.getGroupPermissions(user as never))).toEqual(expected.get_group_permissions);
      expect(sorted(await backend.getAllPermissions(user as never))).toEqual(expected.get_all_permissions);
      for (const [perm, answer] of Object.entries(expected.backend_has_perm)) expect([perm, await backend.hasPerm(user as never, perm)]).toEqual([perm, answer]);
      for (const [app_, answer] of Object.entries(expected.backend_has_module_perms)) expect([app_, await backend.hasModulePerms(user as never, app_)]).toEqual([app_, answer]);
    });

    it('the user object: hasPerm, hasPerms, hasModulePerms (through every backend)', async () => {
      const user = await subject();
      for (const [perm, answer] of Object.entries(expected.user_has_perm)) expect([perm, await user.hasPerm(perm)]).toEqual([perm, answer]);
      expect(await user.hasPerms(['polls.can_vote', 'polls.view_question'])).toBe(expected.user_has_perms_can_vote_and_view);
      for (const [app_, answer] of Object.entries(expected.user_has_module_perms)) expect([app_, await user.hasModulePerms(app_)]).toEqual([app_, answer]);
    });

    it('the permissions loaded with the user in one round trip are the same', async () => {
      if (name === '<AnonymousUser>') return;
      const plain = (await users.getByNaturalKey(name))!;
      const withPermissions = (await modelBackend().getUser(String(plain.id), { withPermissions: true })) as User | null;
      if (!expected.is_active) return expect(withPermissions).toBeNull();
      expect(sorted(await withPermissions!.getAllPermissions())).toEqual(expected.get_all_permissions);
    });
  });

  const authenticateCases: Array<[unknown, unknown, string | null, string | null]> = vectors.permissions.authenticate.map(
    (c: Record<string, unknown>) => [c.username, c.password, c.authenticate, c.backend],
  );
  it.each(authenticateCases)(
    'authenticate(%s, %s) → %s',
    async (username, password, result, backend) => {
      const user = await app.get(AuthService).authenticate<User>(null, { username, password });
      expect(user?.username ?? null).toBe(result);
      expect((user as unknown as { backend?: string })?.backend ?? null).toBe(backend);
    },
  );

  it('hashes once for an unknown user, as for a known one (no username enumeration by timing)', async () => {
    const { app: counting } = await createTestApp(database.url, { runMigrations: false, auth: { passwordHashers: [new CountingHasher()] } });
    extraApps.push(counting);
    await app.get(UserManager<User>).createUser('counted', null, 'x');
    const countingUsers = counting.get(UserManager<User>);
    const counted = (await countingUsers.getByNaturalKey('counted'))!;
    await counted.setPassword('right');
    await countingUsers.repository.save(counted);
    const auth = counting.get(AuthService);
    for (const [username, password] of [['counted', 'wrong'], ['counted', 'right'], ['nobody-here', 'whatever']]) {
      CountingHasher.calls = 0;
      await auth.authenticate(null, { username, password });
      expect([username, password, CountingHasher.calls]).toEqual([username, password, 1]);
    }
  });

  it('asks every backend: permissions are the union; a PermissionDenied stops the check and the login chain', async () => {
    const { app: chained } = await createTestApp(database.url, { runMigrations: false, auth: { backends: [VetoBackend, ModelBackend, ReportsBackend] } });
    extraApps.push(chained);
    const chainedUsers = chained.get(UserManager<User>);
    const alice = (await chainedUsers.getByNaturalKey('alice'))!;
    expect(sorted(await alice.getAllPermissions())).toEqual(['polls.can_vote', 'polls.view_question', 'reports.view']);
    expect(await alice.hasPerm('reports.view')).toBe(true);
    expect(await alice.hasModulePerms('reports')).toBe(true);
    await chainedUsers.userPermissions(alice).add('polls.delete_question');
    const reloaded = (await chainedUsers.getByNaturalKey('alice'))!;
    expect(await reloaded.hasPerm('polls.delete_question')).toBe(false);
    const auth = chained.get(AuthService);
    expect(await auth.authenticate(null, { username: 'bob', password: 'password' })).toBeNull();
    expect((await auth.authenticate<User>(null, { username: 'alice', password: 'password' }))!.username).toBe('alice');
  });
});
