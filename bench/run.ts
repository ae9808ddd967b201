/**
 * npm run bench: throughput, latency and SQL per request of the demo app
 * against a bare NestJS app (the ceiling) and the peer stack (bench/peer:
 * passport + express-session + connect-typeorm), on SQLite and PostgreSQL,
 * targets interleaved so machine drift hits all alike; then the scale budgets
 * (bench/scale: withPerm and /vote on 1,000,000 users, clearsessions of
 * 1,000,000 sessions under load). Loopback only; every load run is bounded in time.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Pbkdf2PasswordHasher } from '../libs/auth/src/hashers/pbkdf2.hasher';
import { BenchDatabase, createBenchDatabase } from './lib/database';
import { processCpuSeconds } from './lib/cpu';
import { load, LoadResult, median } from './lib/load';
import { freePort } from './lib/ports';
import { RunningServer, startServer } from './lib/processes';
import { countPeerQueries, countQueries, QueryCounts } from './lib/query-counts';
import { DEMO_ALLOWED_HOSTS, loginCookie, loginRequest, PASSWORD, seedDatabase } from './lib/demo';
import { PEER_NODE_ARGS, peerLoginCookie, seedPeerDatabase } from './lib/peer';
import { printReport, Report } from './lib/report';
import { runAndReportScaleBench, scaleOptionsFromEnv } from './scale';
import { deleteRedisKeys } from '../test/support/redis';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BURST_SECONDS = Number(process.env.BENCH_BURST_SECONDS ?? 10);
const SECRET_KEY = 'bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH';
const ROUTES = ['/health', '/private', '/vote'] as const;
const HEALTH_PROBE_RATE = 50;

interface Target {
  name: string;
  server: RunningServer;
  cookie?: string;
  database?: BenchDatabase;
  /** The login form post a login burst repeats (the demo's carries its CSRF cookie and token). */
  login?: { headers: Record<string, string>; body: string };
}

function nodeArgs(entry: string): string[] {
  return entry.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry] : [entry];
}

async function reachable(port: number): Promise<boolean> {
  const { canConnect } = await import('../test/support/services');
  return canConnect('127.0.0.1', port);
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The cached_db demo's sessions live under a prefix of this run's, deleted at the end. */
const REDIS_KEY_PREFIX = `auth_bench_${randomBytes(5).toString('hex')}.`;

/** Demo variants: the default db session engine, and cached_db on Redis when Redis is up. */
interface DemoSpec {
  name: string;
  database: BenchDatabase;
  env: Record<string, string>;
}

async function startDemo({ name, database, env }: DemoSpec): Promise<Target> {
  const server = await startServer({
    name,
    args: nodeArgs('dist/src/main.js'),
    env: { NODE_ENV: 'production', SECRET_KEY, DATABASE_URL: database.url, ...DEMO_ALLOWED_HOSTS, ...env },
    port: await freePort(),
  });
  return { name, server, database, cookie: await loginCookie(server.url), login: await loginRequest(server.url) };
}

/** The peer stack on its own fresh database (seeded here), logged in through its login form. */
async function startPeer(kind: BenchDatabase['kind']): Promise<{ target: Target; database: BenchDatabase }> {
  const database = await createBenchDatabase(kind);
  try {
    await seedPeerDatabase(database.url);
    const server = await startServer({ name: `peer ${kind}`, args: PEER_NODE_ARGS, env: { DATABASE_URL: database.url }, port: await freePort() });
    const target: Target = { name: `peer ${kind}`, server, database };
    try {
      target.cookie = await peerLoginCookie(server.url);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return { target, database };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** A load run and the server's own CPU time per answered request over it (/proc/<pid>/stat: user + system). */
type MeasuredRun = LoadResult & { cpuMicrosPerRequest: number | null };

async function measureThroughput(targets: Target[]): Promise<Record<string, Record<string, MeasuredRun[]>>> {
  const results: Record<string, Record<string, MeasuredRun[]>> = {};
  for (const target of targets) {
    for (const route of ROUTES) await load({ url: target.server.url + route, connections: CONNECTIONS, durationSeconds: 1, headers: target.cookie ? { cookie: target.cookie } : undefined });
  }
  for (let round = 1; round <= ROUNDS; round++) {
    // Rotate the order each round so no target always runs first (on a cooler, idler machine).
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    for (const route of ROUTES) {
      for (const target of order) {
        const anonymous = route === '/health';
        const headers = !anonymous && target.cookie ? { cookie: target.cookie } : undefined;
        const cpuBefore = processCpuSeconds(target.server.pid);
        const result = await load({ url: target.server.url + route, connections: CONNECTIONS, durationSeconds: SECONDS, headers });
        const cpuAfter = processCpuSeconds(target.server.pid);
        const answered = result.requestsPerSecond * SECONDS;
        const cpuMicrosPerRequest = cpuBefore === null || cpuAfter === null || answered === 0 ? null : ((cpuAfter - cpuBefore) / answered) * 1e6;
        ((results[target.name] ??= {})[route] ??= []).push({ ...result, cpuMicrosPerRequest });
        const cpu = cpuMicrosPerRequest === null ? '' : `, ${cpuMicrosPerRequest.toFixed(0)} µs CPU/req`;
        process.stderr.write(`round ${round} ${target.name} ${route}: ${result.requestsPerSecond.toFixed(0)} req/s${cpu}\n`);
      }
    }
  }
  return results;
}

function loadLogins(target: Target, connections: number, durationSeconds: number): Promise<LoadResult> {
  return load({
    url: `${target.server.url}/accounts/login/`,
    method: 'POST',
    connections,
    durationSeconds,
    ...(target.login ?? {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'alice', password: PASSWORD }).toString(),
    }),
    expectRedirect: true,
  });
}

async function loginBurst(target: Target): Promise<{ login: LoadResult; health: LoadResult }> {
  // Warm the login path (JIT, hashing threads, database connections) as the throughput rounds warm theirs, then let
  // the few logins still in flight finish so they do not count against the measured burst.
  await loadLogins(target, 4, 2);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const [login, health] = await Promise.all([
    loadLogins(target, 32, BURST_SECONDS),
    // A probe at 50 req/s: its latency is what counts, and a saturating loop would take the cores the hashes need.
    load({ url: `${target.server.url}/health`, connections: 1, durationSeconds: BURST_SECONDS, ratePerSecond: HEALTH_PROBE_RATE }),
  ]);
  return { login, health };
}

/**
 * What the default hasher allows here and now: hashes per second with every core hashing, measured in this process
 * right before each burst (this machine's speed drifts by a third over minutes, so a figure from earlier misleads).
 */
async function hasherCapacity(): Promise<number> {
  const hasher = new Pbkdf2PasswordHasher();
  await hasher.encode(PASSWORD, 'warmupsalt0000000000000');
  const hashes = availableParallelism() * 6;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: hashes }, (_, i) => hasher.encode(PASSWORD, `salt${i}00000000000000000`)));
  return hashes / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  process.stderr.write('building the demo…\n');
  const build = spawnSync('npx', ['nest', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('nest build failed');

  const wanted = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
  const postgresUp = await reachable(5432);
  const redisUp = await reachable(Number(new URL(REDIS_URL).port || 6379));
  if (!redisUp) process.stderr.write('!!! Redis unreachable: the cached_db figures are SKIPPED\n');
  if (wanted.includes('postgres') && !postgresUp) process.stderr.write('!!! PostgreSQL unreachable: its figures are SKIPPED\n');
  const kinds = (['sqlite', 'postgres'] as const).filter((k) => wanted.includes(k) && (k === 'sqlite' || postgresUp));
  const databases: BenchDatabase[] = [];
  const peerDatabases: BenchDatabase[] = [];
  const targets: Target[] = [];
  try {
    for (const kind of kinds) {
      const database = await createBenchDatabase(kind);
      databases.push(database);
      await seedDatabase(database.url);
    }
    targets.push({ name: 'ceiling (bare NestJS)', server: await startServer({ name: 'ceiling', args: nodeArgs('bench/bare/bare.main.ts'), env: {}, port: await freePort() }) });
    const demos: DemoSpec[] = databases.map((database) => ({ name: `demo ${database.kind}`, database, env: {} }));
    const postgres = databases.find((d) => d.kind === 'postgres');
    if (redisUp && postgres) {
      demos.push({ name: 'demo postgres + cached_db', database: postgres, env: { SESSION_ENGINE: 'cached_db', REDIS_URL, REDIS_KEY_PREFIX } });
    }
    for (const demo of demos) targets.push(await startDemo(demo));
    for (const kind of kinds) {
      const peer = await startPeer(kind);
      peerDatabases.push(peer.database);
      targets.push(peer.target);
    }

    const throughput = await measureThroughput(targets);
    const queries: Record<string, QueryCounts> = {};
    for (const demo of demos) queries[demo.name] = await countQueries(demo.database, SECRET_KEY, await freePort(), demo.env);
    for (const database of peerDatabases) queries[`peer ${database.kind}`] = await countPeerQueries(database, await freePort());
    const bursts: Report['bursts'] = {};
    for (const target of targets.filter((t) => t.database)) {
      const hashesPerSecond = await hasherCapacity();
      bursts[target.name] = { ...(await loginBurst(target)), hashesPerSecond };
      // autocannon stops sending, but the server still hashes the logins in flight: let them finish before the next measure.
      await new Promise((resolve) => setTimeout(resolve, (32 / hashesPerSecond + 1) * 1000));
    }

    const report: Report = {
      date: new Date().toISOString(),
      settings: { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, burstSeconds: BURST_SECONDS, cores: availableParallelism() },
      throughput: Object.fromEntries(
        Object.entries(throughput).map(([name, routes]) => [
          name,
          Object.fromEntries(
            Object.entries(routes).map(([route, runs]) => [
              route,
              {
                requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
                p50: median(runs.map((r) => r.p50)),
                p99: median(runs.map((r) => r.p99)),
                errors: runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
                cpuMicrosPerRequest: runs.some((r) => r.cpuMicrosPerRequest === null) ? null : median(runs.map((r) => r.cpuMicrosPerRequest!)),
              },
            ]),
          ),
        ]),
      ),
      queries,
      bursts,
    };
    printReport(report);
    mkdirSync(join('bench', 'results'), { recursive: true });
    writeFileSync(join('bench', 'results', 'latest.json'), JSON.stringify(report, null, 2));
  } finally {
    for (const target of targets) await target.server.stop();
    for (const database of [...databases, ...peerDatabases]) await database.drop();
    if (redisUp) await deleteRedisKeys(REDIS_KEY_PREFIX, REDIS_URL);
  }
  // After the throughput servers are gone, so they do not compete for the 2 cores. BENCH_SCALE=0 skips it.
  if (process.env.BENCH_SCALE !== '0') await runAndReportScaleBench(scaleOptionsFromEnv());
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
