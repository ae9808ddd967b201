import type { Client } from 'pg';
import type { Population } from './population';
import { withClient } from './sql';

const FILLER = `'filler' || n`;

/** Fillers [from, to] with unusable passwords, every hundredth inactive (isActiveFiller), in one statement. */
async function insertFillers(client: Client, from: number, to: number): Promise<void> {
  await client.query(
    `INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
     SELECT '!' || md5(n::text), NULL, false, ${FILLER}, '', '', ${FILLER} || '@example.com', false, n % 100 <> 0, now()
     FROM generate_series($1::int, $2::int) AS n`,
    [from, to],
  );
}

async function addToVoters(client: Client, from: number, to: number): Promise<void> {
  await client.query(
    `INSERT INTO auth_user_groups (user_id, group_id)
     SELECT u.id, g.id FROM generate_series($1::int, $2::int) AS n
     INNER JOIN auth_user u ON u.username = ${FILLER}
     CROSS JOIN auth_group g WHERE g.name = 'voters'`,
    [from, to],
  );
}

async function grantCanVoteDirectly(client: Client, from: number, to: number): Promise<void> {
  await client.query(
    `INSERT INTO auth_user_user_permissions (user_id, permission_id)
     SELECT u.id, p.id FROM generate_series($1::int, $2::int) AS n
     INNER JOIN auth_user u ON u.username = ${FILLER}
     CROSS JOIN auth_permission p INNER JOIN django_content_type ct ON ct.id = p.content_type_id
     WHERE ct.app_label = 'polls' AND p.codename = 'can_vote'`,
    [from, to],
  );
}

async function makeSuperusers(client: Client, from: number, to: number): Promise<void> {
  await client.query(
    `UPDATE auth_user SET is_superuser = true, is_staff = true
     WHERE username IN (SELECT ${FILLER} FROM generate_series($1::int, $2::int) AS n)`,
    [from, to],
  );
}

/**
 * Adds the population's fillers and their polls.can_vote grants to a database
 * the demo seed made (it has the `voters` group and the permission), then
 * ANALYZEs so the planner knows the sizes.
 */
export async function seedPopulation(url: string, population: Population): Promise<void> {
  await withClient(url, async (client) => {
    if (population.fillers > 0) await insertFillers(client, 1, population.fillers);
    if (population.groupMembers > 0) await addToVoters(client, 1, population.groupMembers);
    if (population.directTo >= population.directFrom) await grantCanVoteDirectly(client, population.directFrom, population.directTo);
    if (population.superusersTo >= population.superusersFrom) await makeSuperusers(client, population.superusersFrom, population.superusersTo);
    await client.query('ANALYZE');
  });
}
