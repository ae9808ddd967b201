import type { DataSource, EntityManager } from 'typeorm';
import { sqliteDatetime } from './datetimes';

export type Executor = DataSource | EntityManager;

function typeOf(db: Executor): string {
  return ('connection' in db ? db.connection : db).options.type;
}

export function isPostgres(db: Executor): boolean {
  return typeOf(db) === 'postgres';
}

export function isSqlite(db: Executor): boolean {
  return typeOf(db) === 'better-sqlite3' || typeOf(db) === 'sqlite';
}

export function quote(db: Executor, name: string): string {
  return ('connection' in db ? db.connection : db).driver.escape(name);
}

/** A raw statement with `?` placeholders on every driver (`$n` on PostgreSQL), values bound as the driver wants them. */
export async function run<T = Record<string, unknown>>(db: Executor, sql: string, params: unknown[] = []): Promise<T[]> {
  let n = 0;
  const text = isPostgres(db) ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  const bound = params.map((value) => bindValue(db, value));
  const result = await db.query(text, bound);
  return Array.isArray(result) ? (result as T[]) : [];
}

function bindValue(db: Executor, value: unknown): unknown {
  if (typeof value === 'boolean' && !isPostgres(db)) return value ? 1 : 0;
  if (value instanceof Date && isSqlite(db)) return sqliteDatetime(value);
  return value;
}

export function readBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}
