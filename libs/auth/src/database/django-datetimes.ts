import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Django on SQLite (USE_TZ = True) stores a datetime as naive UTC text,
 * `str(value)`: `2024-01-02 03:04:05.678901`, or without the fraction when
 * the microseconds are 0. With a JS Date's milliseconds that is `.678000`.
 */
export function formatSqliteDatetime(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  return `${day} ${time}${ms ? `.${pad(ms, 3)}000` : ''}`;
}

/**
 * Python's `datetime.isoformat()` of an aware UTC datetime, as Django's
 * set_expiry() stores one in the session: `2024-01-02T03:04:05.678000+00:00`
 * (Python 3.10's fromisoformat cannot read a `Z`).
 */
export function formatIsoDatetime(date: Date): string {
  return `${formatSqliteDatetime(date).replace(' ', 'T')}+00:00`;
}

const SQLITE_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Django's parse_datetime (and Python's fromisoformat) for SQLite text and
 * session values: naive values are UTC (whatever
 * the process time zone), 0 to 6 (or more) fractional digits, an explicit
 * offset honoured. Null for anything else.
 */
export function parseDjangoDatetime(text: string): Date | null {
  const match = SQLITE_DATETIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds = '0', fraction = '', offset] = match;
  const ms = Number((fraction + '000').slice(0, 3));
  let time = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds), ms);
  if (offset && offset !== 'Z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date;
}

const PATCHED = Symbol('auth:djangoDatetimes');

type SqliteDriver = {
  options: { type: string };
  [PATCHED]?: true;
  preparePersistentValue(value: unknown, column: ColumnMetadata): unknown;
  prepareHydratedValue(value: unknown, column: ColumnMetadata): unknown;
  escapeQueryWithParameters(sql: string, parameters: Record<string, unknown>, native: Record<string, unknown>): [string, unknown[]];
};

function isDatetimeColumn(column: ColumnMetadata): boolean {
  return column.type === Date || column.type === 'datetime';
}

/**
 * Makes a SQLite DataSource read and write datetimes exactly as Django does.
 * TypeORM reads `2024-01-02 03:04:05.678901` (Django's six digits) as the
 * process's local time, as it adds `Z` only to 0 or 3 fractional digits,
 * and writes three digits. Other databases need nothing: PostgreSQL's
 * timestamptz is absolute, MySQL runs with `timezone: 'Z'`. Idempotent.
 * AuthModule applies it to its DataSource; call it on any other SQLite
 * DataSource that reads or writes Django's tables.
 * @publicApi
 */
export function useDjangoDatetimes(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as SqliteDriver;
  if (!['better-sqlite3', 'sqlite'].includes(driver.options.type) || driver[PATCHED]) return;
  driver[PATCHED] = true;
  const persist = driver.preparePersistentValue.bind(driver);
  const hydrate = driver.prepareHydratedValue.bind(driver);
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.preparePersistentValue = (value, column) =>
    isDatetimeColumn(column) && value instanceof Date && !column.transformer ? formatSqliteDatetime(value) : persist(value, column);
  driver.prepareHydratedValue = (value, column) => {
    if (isDatetimeColumn(column) && typeof value === 'string' && !column.transformer) return parseDjangoDatetime(value) ?? hydrate(value, column);
    return hydrate(value, column);
  };
  driver.escapeQueryWithParameters = (sql, parameters, native) => {
    const converted = parameters && Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, value instanceof Date ? formatSqliteDatetime(value) : value]));
    return escape(sql, converted, native);
  };
}
