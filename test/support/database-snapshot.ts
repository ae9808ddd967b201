import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Tables whose content a hostile request must never change, with the columns compared. */
const TABLES: Array<[string, string]> = [
  ['auth_user', 'id, username, password, email, is_active, is_staff, is_superuser, last_login'],
  ['django_session', 'session_key, session_data, expire_date'],
  ['auth_group', 'id, name'],
  ['auth_user_groups', 'id, user_id, group_id'],
  ['auth_user_user_permissions', 'id, user_id, permission_id'],
  ['auth_permission', 'id, codename'],
];

/** Row counts and a SHA-256 of every row of the auth and session tables: equal before and after means unchanged. */
export async function databaseSnapshot(dataSource: DataSource): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const [table, columns] of TABLES) {
    const orderBy = columns.split(',')[0];
    const rows = (await dataSource.query(`SELECT ${columns} FROM ${table} ORDER BY ${orderBy}`)) as unknown[];
    snapshot[table] = `${rows.length} rows, sha256 ${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`;
  }
  return snapshot;
}
