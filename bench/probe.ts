/**
 * npm run bench:probe — what one request costs the server, measured in ways a noisy machine disturbs little:
 * CPU time per request (/proc/<pid>/stat), bytes allocated per request and GC time (V8's GC statistics, through
 * bench/lib/alloc-probe.js preloaded into the server), over a fixed number of requests after a warm-up; and
 * optionally a CPU profile of each (PROBE_PROFILE_DIR), or an allocation profile (PROBE_PROFILE=heap). Not part of `npm run bench`: a tool for changing the hot path.
 * Knobs: PROBE_TARGETS (ceiling,sqlite,postgres,cached_db), PROBE_ROUTES, PROBE_REQUESTS, PROBE_CONNECTIONS, PROBE_BUILD=0.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { BenchDatabase, createBenchDatabase } from './lib/database';
import { processCpuSeconds } from './lib/cpu';
import { loginCookie, seedDatabase } from './lib/demo';
import { freePort } from './lib/ports';
import { RunningServer, startServer } from './lib/processes';
import { deleteRedisKeys } from '../test/support/redis';

const TARGETS = (process.env.PROBE_TARGETS ?? 'ceiling,sqlite,postgres,cached_db').split(',');
const ROUTES = (process.env.PROBE_ROUTES ?? '/health,/private,/vote').split(',');
const REQUESTS = Number(process.env.PROBE_REQUESTS ?? 20000);
const CONNECTIONS = Number(process.env.PROBE_CONNECTIONS ?? 8);
const PROFILE_DIR = process.env.PROBE_PROFILE_DIR;
/** `cpu` (default) or `heap`: a CPU profile or an allocation sampling profile per target and route. */
const PROFILE_KIND = process.env.PROBE_PROFILE === 'heap' ? 'heap' : 'profile';
const SECRET_KEY = 'bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_KEY_PREFIX = `auth_probe_${randomBytes(5).toString('hex')}.`;
const PROBE = ['-r', resolve('bench/lib/alloc-probe.js')];

interface Allocation {
  allocated: number;
  collections: number;
  gcMs: number;
}

function ask<T>(server: RunningServer, message: object, reply: string): Promise<T> {
  return new Promise((resolveReply) => {
    const listener = (m: { type: string }) => {
      if (m?.type !== reply) return;
      server.child.off('message', listener);
      resolveReply(m as T);
    };
    server.child.on('message', listener);
    server.child.send(message);
  });
}

async function fire(url: string, amount: number, cookie?: string): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, amount, headers: cookie ? { cookie } : undefined });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result['2xx'];
}

async function measure(name: string, server: RunningServer, cookie?: string): Promise<void> {
  for (const route of ROUTES) {
    const sendCookie = route === '/health' ? undefined : cookie;
    await fire(server.url + route, Math.min(5000, REQUESTS), sendCookie);
    await ask<Allocation>(server, { type: 'alloc' }, 'alloc');
    if (PROFILE_DIR) await ask(server, { type: `${PROFILE_KIND}-start` }, `${PROFILE_KIND}-started`);
    const cpuBefore = processCpuSeconds(server.pid)!;
    const done = await fire(server.url + route, REQUESTS, sendCookie);
    const cpu = processCpuSeconds(server.pid)! - cpuBefore;
    const alloc = await ask<Allocation>(server, { type: 'alloc' }, 'alloc');
    if (PROFILE_DIR) {
      const extension = PROFILE_KIND === 'heap' ? 'heapprofile' : 'cpuprofile';
      const file = join(PROFILE_DIR, `${name.replace(/\W+/g, '_')}${route.replace(/\W+/g, '_')}.${extension}`);
      await ask(server, { type: `${PROFILE_KIND}-stop`, file }, `${PROFILE_KIND}-stopped`);
    }
    process.stdout.write(
      `${name.padEnd(20)} ${route.padEnd(9)} cpu ${((cpu / done) * 1e6).toFixed(0).padStart(5)} µs/req` +
        `  alloc ${(alloc.allocated / done / 1024).toFixed(1).padStart(6)} KiB/req  gc ${((alloc.gcMs / done) * 1000).toFixed(1)} µs/req (${alloc.collections} collections)\n`,
    );
  }
}

async function main(): Promise<void> {
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  if (process.env.PROBE_BUILD !== '0' && TARGETS.some((t) => t !== 'ceiling') && spawnSync('npx', ['nest', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('nest build failed');
  const databases: Partial<Record<BenchDatabase['kind'], BenchDatabase>> = {};
  const database = async (kind: BenchDatabase['kind']) => {
    if (!databases[kind]) {
      databases[kind] = await createBenchDatabase(kind);
      await seedDatabase(databases[kind]!.url);
    }
    return databases[kind]!;
  };
  try {
    for (const target of TARGETS) {
      let server: RunningServer;
      if (target === 'ceiling') {
        server = await startServer({ name: target, args: [...PROBE, '-r', 'ts-node/register/transpile-only', 'bench/bare/bare.main.ts'], env: {}, port: await freePort(), ipc: true });
      } else {
        const db = await database(target === 'sqlite' ? 'sqlite' : 'postgres');
        const env: Record<string, string> = { NODE_ENV: 'production', SECRET_KEY, DATABASE_URL: db.url };
        if (target === 'cached_db') Object.assign(env, { SESSION_ENGINE: 'cached_db', REDIS_URL, REDIS_KEY_PREFIX });
        server = await startServer({ name: target, args: [...PROBE, 'dist/src/main.js'], env, port: await freePort(), ipc: true });
      }
      try {
        await measure(target, server, target === 'ceiling' ? undefined : await loginCookie(server.url));
      } finally {
        await server.stop();
      }
    }
  } finally {
    for (const db of Object.values(databases)) await db!.drop();
    if (TARGETS.includes('cached_db')) await deleteRedisKeys(REDIS_KEY_PREFIX, REDIS_URL);
  }
}

main().catch((error) => {
  process.stderr.write(`probe failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
