import { BaseCommand, BaseCommandOptions, CommandError, createPermissions, GroupManager, User, UserManager } from 'nest-django-auth';
import { INestApplicationContext } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { databaseUrl } from '../config/database.config';
import { prepareDatabase } from '../config/prepare-database';

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

interface SeedCommandOptions extends BaseCommandOptions {
  password?: string;
  passwordEnv?: string;
}

/** `manage seed`: an app's own command, registered like Django's management/commands/seed.py. */
@Command({ name: 'seed', description: 'Seeds the demo users alice, bob, carol (inactive) and admin (superuser). No default password.' })
export class SeedCommand extends BaseCommand<SeedCommandOptions> {
  static override appLabel = 'demo';

  @Option({ flags: '--password <password>', description: 'The users\' password.' })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '--password-env <VAR>', description: 'The environment variable holding the password (default SEED_PASSWORD).' })
  parsePasswordEnv(value: string): string {
    return value;
  }

  async handle(_args: string[], options: SeedCommandOptions): Promise<void> {
    const password = options.password ?? process.env[options.passwordEnv ?? 'SEED_PASSWORD'];
    if (!password) throw new CommandError('no password given: use --password, or set SEED_PASSWORD (or the variable named by --password-env).');
    // The server migrates at start-up; seeding a fresh database does the same, then post_migrate's permissions.
    await prepareDatabase(databaseUrl());
    await createPermissions(this.app);
    const created = await seedDemo(await this.app.context(), { password });
    this.stdout.write(created.length ? `created: ${created.join(', ')}` : 'nothing to do: the demo users exist');
  }
}
