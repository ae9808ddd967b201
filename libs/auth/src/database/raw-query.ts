import { createHash } from 'node:crypto';
import { formatSqliteDatetime } from './django-datetimes';
import type { DataSource } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export function dialectOf(dataSource: DataSource): Dialect {
  const type = dataSource.options.type;
  if (type === 'postgres') return 'postgres';
  if (type === 'mysql' || type === 'mariadb') return 'mysql';
  return 'sqlite';
}

type Row = Record<string, unknown>;

/** `?` placeholders → `$1, $2…` for PostgreSQL (statements here never contain a literal `?`). */
function toPostgresPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/**
 * The hot path's queries (session load, user + permissions), sent straight to
 * the driver as prepared statements: a cached better-sqlite3 statement, a
 * named pg statement, a mysql2 `execute`. TypeORM's query builder and query
 * runner cost more per request than the query itself; everything else in the
 * library goes through TypeORM. Statements are logged through TypeORM's logger
 * when query logging is on, so query budgets stay observable.
 */
export class RawQueries {
  readonly dialect: Dialect;
  private readonly sqliteStatements = new Map<string, { all(...params: unknown[]): Row[] }>();
  private readonly postgresNames = new Map<string, { name: string; text: string }>();
  private sqliteConnection: unknown;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
  }

  /** Runs a statement written with `?` placeholders; values must already be driver-ready (see `param`). */
  async all<T extends Row = Row>(sql: string, params: unknown[]): Promise<T[]> {
    this.log(sql, params);
    switch (this.dialect) {
      case 'sqlite':
        return this.sqliteStatement(sql).all(...params) as T[];
      case 'postgres':
        return (await this.postgresPool().query({ ...this.postgresStatement(sql), values: params })).rows as T[];
      default:
        return this.mysqlExecute<T>(sql, params);
    }
  }

  /**
   * A parameter as the driver needs it: dates as UTC text on SQLite (as
   * TypeORM and Django store them) and MySQL (whatever the session time zone),
   * booleans as 0/1 on SQLite.
   */
  param(value: unknown): unknown {
    if (this.dialect === 'postgres') return value;
    if (value instanceof Date) return this.dialect === 'sqlite' ? formatSqliteDatetime(value) : value.toISOString().replace('T', ' ').replace('Z', '');
    if (typeof value === 'boolean' && this.dialect === 'sqlite') return value ? 1 : 0;
    return value;
  }

  private sqliteStatement(sql: string) {
    const connection = (this.dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): any } }).databaseConnection;
    // A statement belongs to the connection that prepared it: a re-opened DataSource needs new ones.
    if (connection !== this.sqliteConnection) {
      this.sqliteStatements.clear();
      this.sqliteConnection = connection;
    }
    let statement = this.sqliteStatements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql) as { all(...params: unknown[]): Row[] };
      this.sqliteStatements.set(sql, statement);
    }
    return statement;
  }

  private postgresStatement(sql: string): { name: string; text: string } {
    let statement = this.postgresNames.get(sql);
    if (!statement) {
      // Named after the text: pg prepares a name once per connection, so one name must always mean one text.
      const name = `auth_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      statement = { name, text: toPostgresPlaceholders(sql) };
      this.postgresNames.set(sql, statement);
    }
    return statement;
  }

  private postgresPool(): { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }> } {
    return (this.dataSource.driver as unknown as { master: any }).master;
  }

  private mysqlExecute<T>(sql: string, params: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { pool: any }).pool;
    return new Promise((resolve, reject) =>
      pool.execute(sql, params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows))),
    );
  }

  private log(sql: string, params: unknown[]): void {
    if (this.dataSource.options.logging) this.dataSource.logger.logQuery(sql, params);
  }
}
