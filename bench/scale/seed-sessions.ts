import { countOf, withClient } from './sql';

/** Live sessions beside the expired ones: clearsessions must leave every one of them. */
export const LIVE_SESSIONS = 1_000;

/** A Django-signed session of the usual length (clearsessions never decodes it). */
const SESSION_DATA =
  '.eJxVjEEOgjAQRe8ya0NoQVCWbr2BMWRaRmjEDukUiTHe3UrcuP3_vfcCwbBkwC6hdTQ4u3fB0cF3C4fGfEhTOhNjigMBLoDjNkETSC5wE0MGYrfYfQgwOfxqPaZt-KJHDVAwIrV_Eby3HLd8aZ3MsXdzDsr5AT4k0w:1tXyZa:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcde';

/**
 * `count` sessions keyed md5(prefix || n) (32 chars of [a-f0-9]: valid
 * Django keys), expiring `expiry` from now, spread over a month, each with its
 * user index row (user ids 1…users), in two set-based statements.
 */
async function insertSessions(url: string, prefix: string, count: number, expiry: string, users: number): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(
      `INSERT INTO django_session (session_key, session_data, expire_date)
       SELECT md5($1 || n), $2, now() + $3::interval - (n % 43200) * interval '1 minute'
       FROM generate_series(1, $4::int) AS n`,
      [prefix, SESSION_DATA, expiry, count],
    );
    await client.query(
      `INSERT INTO auth_user_session_index (session_key, user_id, created_at)
       SELECT md5($1 || n), (1 + n % $2::int)::text, now() + $3::interval - interval '14 days' - (n % 43200) * interval '1 minute'
       FROM generate_series(1, $4::int) AS n`,
      [prefix, users, expiry, count],
    );
  });
}

/** The expired sessions clearsessions must remove (expired 1 hour to 30 days ago), plus live ones; then ANALYZE. */
export async function seedSessions(url: string, expired: number, users: number): Promise<void> {
  await insertSessions(url, 'expired', expired, '-1 hour', users);
  await insertSessions(url, 'live', LIVE_SESSIONS, '+31 days', users);
  await withClient(url, (client) => client.query('ANALYZE django_session, auth_user_session_index'));
}

export interface SessionCounts {
  expired: number;
  live: number;
  indexRows: number;
}

export async function countSessions(url: string): Promise<SessionCounts> {
  return withClient(url, async (client) => ({
    expired: await countOf(client, 'SELECT count(*) FROM django_session WHERE expire_date <= now()'),
    live: await countOf(client, 'SELECT count(*) FROM django_session WHERE expire_date > now()'),
    indexRows: await countOf(client, 'SELECT count(*) FROM auth_user_session_index'),
  }));
}
