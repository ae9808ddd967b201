import type { DataSource } from 'typeorm';
// rate-limiter-flexible ships no typings for its abstract store; its contract is documented in the file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RateLimiterStoreAbstract = require('rate-limiter-flexible/lib/RateLimiterStoreAbstract');
import { RateLimiterRes } from 'rate-limiter-flexible';
import { dialectOf, Dialect } from '../database/raw-query';

export const THROTTLE_TABLE = 'auth_login_throttle';

interface StoredCounter {
  points: number;
  /** Epoch milliseconds; null never expires. */
  expire: number | null;
}

export interface ThrottleLabels {
  username?: string | null;
  ipAddress?: string | null;
}

export interface ThrottleRow extends StoredCounter, ThrottleLabels {
  key: string;
}

/** `?` → `$n` for PostgreSQL. */
function placeholders(dialect: Dialect, sql: string): string {
  let index = 0;
  return dialect === 'postgres' ? sql.replace(/\?/g, () => `$${++index}`) : sql;
}

function toCounter(row: Record<string, unknown>): StoredCounter {
  return { points: Number(row.points), expire: row.expire === null || row.expire === undefined ? null : Number(row.expire) };
}

/**
 * rate-limiter-flexible's store contract (`RateLimiterStoreAbstract`: consume,
 * penalty, block, get, delete) on our own table, the same on SQLite,
 * PostgreSQL and MySQL/MariaDB through the app's TypeORM DataSource.
 * The library's own SQL stores each need a driver handle of their own, make
 * their table at run time with a schema of their own per database (MySQL's in
 * 3-byte utf8 with a case-insensitive key), and cannot list what they hold;
 * this one's table comes from our migrations and can be listed and cleared.
 * Adds `getMany`: the lock-out check of a login is one query.
 */
export class DatabaseRateLimiter extends RateLimiterStoreAbstract {
  private readonly dialect: Dialect;

  constructor(
    opts: { points: number; duration: number; keyPrefix: string },
    private readonly dataSource: DataSource,
  ) {
    super({ ...opts, storeClient: dataSource });
    this.dialect = dialectOf(dataSource);
  }

  private query(sql: string, params: unknown[]): Promise<any> {
    return this.dataSource.query(placeholders(this.dialect, sql), params);
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, result: StoredCounter): RateLimiterRes {
    const msBeforeNext = result.expire === null ? -1 : Math.max(result.expire - Date.now(), 0);
    return new RateLimiterRes(Math.max((this as any).points - result.points, 0), msBeforeNext, result.points, result.points === changedPoints);
  }

  async _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false, options: { labels?: ThrottleLabels } = {}): Promise<StoredCounter> {
    const now = Date.now();
    const expire = msDuration > 0 ? now + msDuration : null;
    const force = forceExpire ? 1 : 0;
    const labels = [options.labels?.username ?? null, options.labels?.ipAddress ?? null];
    const t = THROTTLE_TABLE;
    if (this.dialect === 'mysql') {
      await this.query(
        `INSERT INTO ${t} (throttle_key, points, expire, username, ip_address) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE ` +
          `points = IF(? = 1 OR expire <= ?, VALUES(points), points + VALUES(points)), expire = IF(? = 1 OR expire <= ?, VALUES(expire), expire)`,
        [rlKey, points, expire, ...labels, force, now, force, now],
      );
      const rows = await this.query(`SELECT points, expire FROM ${t} WHERE throttle_key = ?`, [rlKey]);
      return toCounter(rows[0]);
    }
    const rows = await this.query(
      `INSERT INTO ${t} (throttle_key, points, expire, username, ip_address) VALUES (?, ?, ?, ?, ?) ON CONFLICT (throttle_key) DO UPDATE SET ` +
        `points = CASE WHEN ? = 1 OR ${t}.expire <= ? THEN excluded.points ELSE ${t}.points + excluded.points END, ` +
        `expire = CASE WHEN ? = 1 OR ${t}.expire <= ? THEN excluded.expire ELSE ${t}.expire END RETURNING points, expire`,
      [rlKey, points, expire, ...labels, force, now, force, now],
    );
    return toCounter(rows[0]);
  }

  async _get(rlKey: string): Promise<StoredCounter | null> {
    return (await this.getRows([rlKey])).get(rlKey) ?? null;
  }

  async _delete(rlKey: string): Promise<boolean> {
    await this.query(`DELETE FROM ${THROTTLE_TABLE} WHERE throttle_key = ?`, [rlKey]);
    return true;
  }

  /** The live counters among these keys (already prefixed), in one query. */
  async getRows(rlKeys: string[]): Promise<Map<string, StoredCounter>> {
    const rows: Array<Record<string, unknown>> = await this.query(
      `SELECT throttle_key, points, expire FROM ${THROTTLE_TABLE} WHERE throttle_key IN (${rlKeys.map(() => '?').join(', ')}) AND (expire IS NULL OR expire > ?)`,
      [...rlKeys, Date.now()],
    );
    return new Map(rows.map((row) => [String(row.throttle_key), toCounter(row)]));
  }
}

/** Every live row of the table (for listing lock-outs). */
export async function throttleRows(dataSource: DataSource): Promise<ThrottleRow[]> {
  const dialect = dialectOf(dataSource);
  const rows: Array<Record<string, unknown>> = await dataSource.query(
    placeholders(dialect, `SELECT throttle_key, points, expire, username, ip_address FROM ${THROTTLE_TABLE} WHERE expire IS NULL OR expire > ?`),
    [Date.now()],
  );
  return rows.map((row) => ({ key: String(row.throttle_key), ...toCounter(row), username: row.username as string | null, ipAddress: row.ip_address as string | null }));
}

export async function deleteThrottleRows(dataSource: DataSource, keys: string[]): Promise<void> {
  if (!keys.length) return;
  const dialect = dialectOf(dataSource);
  await dataSource.query(placeholders(dialect, `DELETE FROM ${THROTTLE_TABLE} WHERE throttle_key IN (${keys.map(() => '?').join(', ')})`), keys);
}
