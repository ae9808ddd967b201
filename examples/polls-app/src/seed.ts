import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GroupManager, User, UserManager } from 'nest-django-auth';
import { AppModule } from './app.module.js';

/** alice (group voters, with polls.can_vote) and bob (no permission); the password comes from SEED_PASSWORD. */
async function seed(): Promise<void> {
  const password = process.env.SEED_PASSWORD;
  if (!password) throw new Error('Set SEED_PASSWORD.');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const users = app.get<UserManager<User>>(UserManager);
    const groups = app.get(GroupManager);
    const voters = (await groups.getByNaturalKey('voters')) ?? (await groups.create('voters'));
    await groups.permissions(voters).add('polls.can_vote');
    const alice = (await users.getByNaturalKey('alice')) ?? (await users.createUser('alice', 'alice@example.com', password));
    await users.groups(alice).add(voters);
    if (!(await users.getByNaturalKey('bob'))) await users.createUser('bob', 'bob@example.com', password);
  } finally {
    await app.close();
  }
}

seed().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
