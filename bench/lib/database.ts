import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createBenchDatabase(kind: 'sqlite' | 'postgres'): Promise<BenchDatabase> {
  const name = `auth_bench_${randomBytes(5).toString('hex')}`;
  if (kind === 'sqlite') {
    const path = join(tmpdir(), `${name}.sqlite3`);
    return { kind, url: `sqlite:${path}`, drop: async () => ['', '-wal', '-shm'].forEach((s) => rmSync(path + s, { force: true })) };
  }
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
