import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { optionalRequire } from '../utils/optional-require';

export type SupportedDatabase = 'better-sqlite3' | 'postgres' | 'mysql';

/**
 * Turns a DATABASE_URL into TypeORM connection options:
 * `sqlite:<path>` (or `sqlite::memory:`), `postgres://user@host:port/db`,
 * `mysql://user:pass@host:port/db` (MySQL and MariaDB). Dates are UTC on
 * every backend, as Django stores them with USE_TZ = True.
 * @publicApi
 */
export function databaseOptionsFromUrl(url: string): DataSourceOptions {
  if (url.startsWith('sqlite:')) {
    requireDriver('better-sqlite3', 'sqlite:');
    return sqliteOptions(url.slice('sqlite:'.length).replace(/^\/\//, ''));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    requireDriver('pg', 'postgres://');
    return { type: 'postgres', url };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    requireDriver('mysql2', 'mysql://');
    return { type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:'), timezone: 'Z', charset: 'utf8mb4' };
  }
  throw new ImproperlyConfiguredError(
    `Unsupported database URL scheme in ${JSON.stringify(redactUrl(url))}: use sqlite:<path>, postgres://… or mysql://…`,
  );
}

/** TypeORM loads the driver itself, later and with a less helpful error: check it is there now. */
function requireDriver(packageName: string, scheme: string): void {
  optionalRequire(packageName, `A ${scheme} database URL`);
}

function sqliteOptions(path: string): DataSourceOptions {
  const database = path || ':memory:';
  if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
  return {
    type: 'better-sqlite3',
    database,
    // WAL lets readers proceed while a login writes; the busy timeout makes
    // concurrent writers wait instead of failing with SQLITE_BUSY.
    enableWAL: database !== ':memory:',
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}

/** The URL with its password masked, for error messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
