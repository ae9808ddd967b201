import { Client } from 'pg';

/** A plain pg connection for the set-based seeding and the checks (faster and clearer than an ORM here). */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function countOf(client: Client, sql: string, parameters: unknown[] = []): Promise<number> {
  const { rows } = await client.query<{ count: string }>(sql, parameters);
  return Number(rows[0].count);
}
