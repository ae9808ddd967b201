import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { AUTH_MIGRATIONS, databaseOptionsFromUrl } from 'nest-django-auth';
import { isAvailable, SERVICES } from './services';

export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgres', 'mysql'];

/** A throw-away database of its own for one test file: isolated, dropped afterwards. */
export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

function uniqueName(): string {
  return `auth_test_${randomBytes(6).toString('hex')}`;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new DataSource({ ...databaseOptionsFromUrl(url), logging: false } as DataSourceOptions);
  await admin.initialize();
  try {
    await admin.query(sql);
  } finally {
    await admin.destroy();
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const name = uniqueName();
  if (kind === 'sqlite') {
    const path = join(tmpdir(), `${name}.sqlite3`);
    const drop = async () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(path + suffix, { force: true }));
    return { kind, url: `sqlite:${path}`, drop };
  }
  const serverUrl = SERVICES[kind];
  const quoted = kind === 'postgres' ? `"${name}"` : `\`${name}\``;
  await adminQuery(serverUrl, `CREATE DATABASE ${quoted}`);
  const force = kind === 'postgres' ? ' WITH (FORCE)' : '';
  return { kind, url: withDatabase(serverUrl, name), drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${quoted}${force}`) };
}

export interface OpenOptions {
  entities: MixedList<Function | string | EntitySchema>;
  migrations?: MixedList<Function | string>;
  logging?: boolean;
}

/** Opens a DataSource on the URL and runs the module's migrations (never synchronize). */
export async function openDataSource(url: string, options: OpenOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    ...databaseOptionsFromUrl(url),
    entities: options.entities,
    migrations: options.migrations ?? AUTH_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: options.logging ?? false,
  } as DataSourceOptions);
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

/**
 * `describe` once per database. A database whose server is unreachable is
 * skipped with a loud message (global-setup), or fails the run in CI.
 */
export function describeEachDatabase(title: string, body: (kind: DatabaseKind) => void): void {
  for (const kind of DATABASE_KINDS) {
    const available = kind === 'sqlite' || isAvailable(kind);
    (available ? describe : describe.skip)(`${title} [${kind}${available ? '' : ': SKIPPED, server unreachable'}]`, () =>
      body(kind),
    );
  }
}
