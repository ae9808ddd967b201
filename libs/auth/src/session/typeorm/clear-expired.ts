import type { DataSource } from 'typeorm';
import { Session } from '../entities/session.entity';
import { executeCountingRows, prepare } from './affected-rows';
import { DELETE_BATCH_SIZE } from './batched-delete';
import type { UserSessionIndex } from './user-session-index';

/**
 * Django's clear_expired, batched: up to `batchSize` expired keys are picked,
 * their index rows deleted, then the sessions still expired (one renewed
 * meanwhile survives). Each statement stays short, so live traffic is never
 * locked out, and the index never fills up with orphans that a later sweep
 * would have to find (that sweep was most of the time on a million rows).
 * Returns how many sessions were deleted.
 */
export async function clearExpiredSessions(
  dataSource: DataSource,
  index: UserSessionIndex,
  now: Date,
  batchSize = DELETE_BATCH_SIZE,
  onProgress?: (cleared: number) => void,
): Promise<number> {
  let cleared = 0;
  for (;;) {
    const keys = await expiredKeys(dataSource, now, batchSize);
    if (keys.length === 0) break;
    await index.forgetMany(keys);
    cleared += await deleteIfStillExpired(dataSource, keys, now);
    onProgress?.(cleared);
    if (keys.length < batchSize) break;
  }
  await index.pruneOrphans();
  return cleared;
}

async function expiredKeys(dataSource: DataSource, now: Date, limit: number): Promise<string[]> {
  const rows = await dataSource
    .createQueryBuilder()
    .select('session.sessionKey', 'session_key')
    .from(Session, 'session')
    .where('session.expireDate <= :now', { now })
    .limit(limit)
    .getRawMany<{ session_key: string }>();
  return rows.map((row) => row.session_key);
}

function deleteIfStillExpired(dataSource: DataSource, keys: string[], now: Date): Promise<number> {
  const table = dataSource.driver.escape(dataSource.getMetadata(Session).tableName);
  const sql = `DELETE FROM ${table} WHERE session_key IN (:...keys) AND expire_date <= :now`;
  return executeCountingRows(dataSource, prepare(dataSource, sql, { keys, now }));
}
