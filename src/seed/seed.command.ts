import { GroupManager, User, UserManager } from 'nest-django-auth';
import { INestApplicationContext } from '@nestjs/common';

export interface SeedOptions {
  password: string;
}

/**
 * The demo's populate_db: alice (group voters with polls.can_vote, plus
 * polls.view_question), bob (nothing), carol (inactive, in voters), admin
 * (superuser). Existing users are left alone, so it can run twice.
 */
export async function seedDemo(app: INestApplicationContext, { password }: SeedOptions): Promise<string[]> {
  const users = app.get(UserManager) as UserManager<User>;
  const groups = app.get(GroupManager);
  const created: string[] = [];
  const voters = (await groups.getByNaturalKey('voters')) ?? (await groups.create('voters'));
  await groups.permissions(voters).add('polls.can_vote');

  const ensure = async (username: string, make: () => Promise<User>) => {
    const existing = await users.getByNaturalKey(username);
    if (existing) return existing;
    created.push(username);
    return make();
  };
  const alice = await ensure('alice', () => users.createUser('alice', 'alice@example.com', password, { firstName: 'Alice', lastName: 'Liddell' }));
  await users.groups(alice).add(voters);
  await users.userPermissions(alice).add('polls.view_question');
  await ensure('bob', () => users.createUser('bob', 'bob@example.com', password, { firstName: 'Bob', lastName: 'Builder' }));
  const carol = await ensure('carol', () => users.createUser('carol', 'carol@example.com', password, { isActive: false }));
  await users.groups(carol).add(voters);
  await ensure('admin', () => users.createSuperuser('admin', 'admin@example.com', password));
  return created;
}
