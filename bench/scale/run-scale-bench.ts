import { existsSync } from 'node:fs';
import { canConnect, portOf } from '../../test/support/services';
import { createBenchDatabase, POSTGRES_URL } from '../lib/database';
import { seedDatabase } from '../lib/demo';
import { freePort } from '../lib/ports';
import { ClearSessionsFigures, measureClearSessions } from './clear-sessions.bench';
import { LoggedInDemo, startLoggedInDemo } from './demo-server';
import { count } from './format';
import { ScaleOptions, SMALL_USERS } from './options';
import { measurePermissionCheck, PermissionCheckFigures } from './permission-check.bench';
import { expectedHolders, populationOf } from './population';
import { progress } from './progress';
import type { ScaleResult } from './result';
import { seedSessions } from './seed-sessions';
import { seedPopulation } from './seed-users';
import { measureWithPerm } from './with-perm.bench';

type Cleanup = () => Promise<void>;

async function postgresReachable(): Promise<boolean> {
  const { host, port } = portOf(POSTGRES_URL, 5432);
  return canConnect(host, port);
}

function assertDemoBuilt(): void {
  if (!existsSync('dist/src/main.js') || !existsSync('dist/src/cli.js')) throw new Error('the demo is not built: run `npx nest build` first');
}

/** Demo seed (migrations, alice, bob, carol, admin) then the fillers up to `users`, set-based. */
async function seedUsers(url: string, users: number): Promise<number> {
  const started = Date.now();
  await seedDatabase(url);
  const population = populationOf(users);
  await seedPopulation(url, population);
  progress(`seeded ${count(users)} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return expectedHolders(population);
}

/** Registers a resource's cleanup (run in reverse order, whatever happens) and hands the resource back. */
type Own = <T>(resource: T, cleanup: (resource: T) => Promise<void>) => T;

/**
 * /vote at the large database's demo against a demo on a second database of
 * SMALL_USERS users, alive at the same time so the rounds can interleave.
 */
async function permissionCheckAgainstSmall(largeDemo: LoggedInDemo, options: ScaleOptions, own: Own): Promise<PermissionCheckFigures> {
  const small = own(await createBenchDatabase('postgres'), (db) => db.drop());
  await seedUsers(small.url, SMALL_USERS);
  const smallDemo = own(await startLoggedInDemo(`demo ${SMALL_USERS} users`, small.url, await freePort()), (demo) => demo.server.stop());
  try {
    return await measurePermissionCheck({ users: SMALL_USERS, demo: smallDemo }, { users: options.users, demo: largeDemo }, options);
  } finally {
    await smallDemo.server.stop();
  }
}

async function clearSessionsUnderLoad(url: string, demo: LoggedInDemo, options: ScaleOptions): Promise<ClearSessionsFigures> {
  const started = Date.now();
  await seedSessions(url, options.sessions, options.users);
  progress(`seeded ${count(options.sessions)} expired sessions in ${((Date.now() - started) / 1000).toFixed(1)} s; clearsessions under load`);
  return measureClearSessions(url, demo, options.sessions, options.connections);
}

async function runAll(options: ScaleOptions, own: Own): Promise<ScaleResult> {
  const large = own(await createBenchDatabase('postgres'), (db) => db.drop());
  const expected = await seedUsers(large.url, options.users);
  progress(`withPerm on ${count(options.users)} users`);
  const withPerm = await measureWithPerm(large.url, options.users, expected, options.withPermRuns);
  const largeDemo = own(await startLoggedInDemo(`demo ${options.users} users`, large.url, await freePort()), (demo) => demo.server.stop());
  const permissionCheck = await permissionCheckAgainstSmall(largeDemo, options, own);
  const clearSessions = await clearSessionsUnderLoad(large.url, largeDemo, options);
  return { date: new Date().toISOString(), settings: options, withPerm, permissionCheck, clearSessions };
}

/**
 * The scale budgets on PostgreSQL: withPerm on `users` users, /vote at 1,000
 * and at `users` users, clearsessions of `sessions` expired sessions under
 * load. Needs the demo built (dist/). Null, said loudly, when PostgreSQL is
 * unreachable. Every server it starts and database it makes is gone when it
 * returns or throws.
 */
export async function runScaleBench(options: ScaleOptions): Promise<ScaleResult | null> {
  if (!(await postgresReachable())) {
    process.stderr.write(`!!! PostgreSQL unreachable at ${POSTGRES_URL}: the scale budgets are SKIPPED\n`);
    return null;
  }
  assertDemoBuilt();
  const cleanups: Cleanup[] = [];
  const own: Own = (resource, cleanup) => {
    cleanups.push(() => cleanup(resource));
    return resource;
  };
  try {
    return await runAll(options, own);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => progress(`cleanup failed: ${error}`));
  }
}
