import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { databaseUrl } from './config/database.config';
import { prepareDatabase } from './config/prepare-database';
import { seedDemo } from './seed/seed.command';
import { clearExpiredSessions } from './sessions/clear-sessions.command';

const USAGE = `usage: npm run cli -- <command>

  seed [--password <password> | --password-env <VAR>]
      Seeds the demo users alice, bob, carol (inactive) and admin (superuser).
      The password comes from --password, or from the environment variable named
      by --password-env (default SEED_PASSWORD). There is no built-in default.

  clearsessions
      Deletes the expired sessions (Django's clearsessions), in batches.`;

type Command = (args: string[]) => Promise<number>;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** Every command runs on a migrated database, as the server does at start-up. */
async function withApp<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  await prepareDatabase(databaseUrl());
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function seed(args: string[]): Promise<number> {
  const password = option(args, '--password') ?? process.env[option(args, '--password-env') ?? 'SEED_PASSWORD'];
  if (!password) {
    process.stderr.write(`seed: no password given.\n${USAGE}\n`);
    return 2;
  }
  const created = await withApp((app) => seedDemo(app, { password }));
  process.stdout.write(created.length ? `created: ${created.join(', ')}\n` : 'nothing to do: the demo users exist\n');
  return 0;
}

async function clearSessions(): Promise<number> {
  const cleared = await withApp(clearExpiredSessions);
  process.stdout.write(`cleared ${cleared} expired sessions\n`);
  return 0;
}

const COMMANDS = new Map<string, Command>([
  ['seed', seed],
  ['clearsessions', clearSessions],
]);

async function main([name, ...args]: string[]): Promise<number> {
  const command = COMMANDS.get(name);
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${process.argv[2]} failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
