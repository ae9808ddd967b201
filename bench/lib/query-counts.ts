import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchDatabase } from './database';
import { DEMO_ALLOWED_HOSTS, loginCookie, loginRequest, PASSWORD } from './demo';
import { PEER_NODE_ARGS, peerLoginCookie } from './peer';
import { PgWireCounter } from './pg-wire-counter';
import { startServer } from './processes';

/**
 * Per request: statements the app logged and, on PostgreSQL, `wire`: the
 * statements PostgreSQL was asked to run, counted on the wire protocol.
 */
export type QueryCounts = Record<string, { queries: number; writes: number; wire?: { queries: number; writes: number } }>;

const REQUESTS = 20;
/** Lets statements a server issues after answering (fire-and-forget writes) reach the log. */
const SETTLE_MS = 150;

interface CountedServer {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  login(baseUrl: string): Promise<string>;
  /** The login form post counted (the demo's with its CSRF cookie and token). */
  loginRequest(baseUrl: string): Promise<{ headers: Record<string, string>; body: string }>;
  /** PostgreSQL's URL: the server then reaches it through a counting proxy. */
  postgresUrl?: string;
}

/**
 * SQL statements per request, counted by a separate demo instance that logs
 * every statement to a file (logging would distort the throughput runs).
 */
export async function countQueries(database: BenchDatabase, secretKey: string, port: number, extraEnv: Record<string, string> = {}): Promise<QueryCounts> {
  const env = { NODE_ENV: 'production', SECRET_KEY: secretKey, DATABASE_URL: database.url, ...DEMO_ALLOWED_HOSTS, ...extraEnv };
  return countOn({ name: `count ${database.kind}`, args: ['dist/src/main.js'], env, port, login: loginCookie, loginRequest, postgresUrl: postgresUrlOf(database) });
}

/** The same count on a separate instance of the peer stack, on its (already seeded) database. */
export async function countPeerQueries(database: BenchDatabase, port: number): Promise<QueryCounts> {
  const loginRequest = async () => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'alice', password: PASSWORD }).toString(),
  });
  return countOn({ name: `count peer ${database.kind}`, args: PEER_NODE_ARGS, env: { DATABASE_URL: database.url }, port, login: peerLoginCookie, loginRequest, postgresUrl: postgresUrlOf(database) });
}

function postgresUrlOf(database: BenchDatabase): string | undefined {
  return database.kind === 'postgres' ? database.url : undefined;
}

async function loggedStatements(log: string): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return readFileSync(log, 'utf8').split('\n').filter((l) => l && !/^(BEGIN|COMMIT|START TRANSACTION)/i.test(l));
}

function tally(lines: string[], requests: number): { queries: number; writes: number } {
  return { queries: lines.length / requests, writes: lines.filter((l) => /^(UPDATE|INSERT|DELETE)/i.test(l)).length / requests };
}

async function countOn(spec: CountedServer): Promise<QueryCounts> {
  const log = join(tmpdir(), `bench-queries-${process.pid}-${spec.port}.log`);
  writeFileSync(log, '');
  let wire: PgWireCounter | undefined;
  const env: Record<string, string> = { ...spec.env, SQL_LOG_FILE: log };
  if (spec.postgresUrl) {
    const url = new URL(spec.postgresUrl);
    wire = new PgWireCounter(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${await wire.start()}`;
    env.DATABASE_URL = url.toString();
  }
  const server = await startServer({ name: spec.name, args: spec.args, env, port: spec.port }).catch(async (error) => {
    await wire?.stop();
    throw error;
  });
  try {
    const cookie = await spec.login(server.url);
    const counts: QueryCounts = {};
    const routes: Array<[string, string | undefined]> = [
      ['/health (anonymous)', undefined],
      ['/health (with session cookie)', cookie],
      ['/private', cookie],
      ['/vote', cookie],
    ];
    for (const [label, sendCookie] of routes) {
      await loggedStatements(log);
      writeFileSync(log, '');
      wire?.reset();
      const path = label.split(' ')[0];
      for (let i = 0; i < REQUESTS; i++) await fetch(server.url + path, { headers: sendCookie ? { cookie: sendCookie } : {} });
      counts[label] = { ...tally(await loggedStatements(log), REQUESTS), ...(wire ? { wire: wire.tally(REQUESTS) } : {}) };
    }
    const login = await spec.loginRequest(server.url);
    await loggedStatements(log);
    writeFileSync(log, '');
    wire?.reset();
    await fetch(`${server.url}/accounts/login/`, { method: 'POST', ...login, redirect: 'manual' });
    counts['POST /accounts/login/'] = { ...tally(await loggedStatements(log), 1), ...(wire ? { wire: wire.tally(1) } : {}) };
    return counts;
  } finally {
    await server.stop();
    await wire?.stop();
    rmSync(log, { force: true });
  }
}
