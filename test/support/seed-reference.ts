import { GroupManager, User, UserManager } from 'nest-django-auth';

/** The reference Django project's seed (shared/django/project/seed.py), made through our managers. */
export async function seedReferenceUsers(users: UserManager<User>, groups: GroupManager): Promise<Record<string, User>> {
  const voters = await groups.create('voters');
  await groups.permissions(voters).add('polls.can_vote');
  const alice = await users.createUser('alice', 'alice@example.com', 'password', { firstName: 'Alice', lastName: 'Liddell' });
  await users.groups(alice).add(voters);
  await users.userPermissions(alice).add('polls.view_question');
  const bob = await users.createUser('bob', 'bob@example.com', 'password', { firstName: 'Bob', lastName: 'Builder' });
  const carol = await users.createUser('carol', 'carol@example.com', 'password', { firstName: 'Carol', lastName: 'Danvers', isActive: false });
  await users.groups(carol).add('voters');
  const admin = await users.createSuperuser('admin', 'admin@example.com', 'password');
  return { alice, bob, carol, admin };
}
