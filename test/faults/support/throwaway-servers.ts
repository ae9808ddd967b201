import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect } from '../../support/services';

/**
 * Database and Redis servers of the fault suite's own, in temp directories on free ports: the shared servers
 * (5432/3306/6379) are never stopped. Each is stopped and started the way its service manager does it, and removed
 * afterwards by PID.
 */
export interface ThrowawayServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up within ${seconds} s`);
}

function waitForExit(pid: number, seconds = 30): Promise<void> {
  return waitFor(async () => !isAlive(pid), `process ${pid} exit`, seconds);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killByPid(pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (pid && isAlive(pid)) process.kill(pid, signal);
}

function tempDirFor(owner: string, label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `auth-faults-${label}-`));
  const uid = Number(execFileSync('id', ['-u', owner]).toString());
  const gid = Number(execFileSync('id', ['-g', owner]).toString());
  chownSync(dir, uid, gid);
  return dir;
}

const PG_BIN = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().pop()!, 'bin');
const asPostgres = (binary: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, binary), ...args], { stdio: 'pipe' });

/** PostgreSQL: initdb + pg_ctl (what pg_ctlcluster runs), as the postgres user, socket and data in a temp dir. */
export async function startThrowawayPostgres(): Promise<ThrowawayServer> {
  const dir = tempDirFor('postgres', 'pg');
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50 -c shared_buffers=16MB`;
  const pidOf = () => (existsSync(join(data, 'postmaster.pid')) ? Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) : undefined);
  let pid: number | undefined;
  const start = async () => {
    asPostgres('pg_ctl', ['start', '-w', '-D', data, '-l', join(dir, 'log'), '-o', options]);
    pid = pidOf();
    await waitFor(() => canConnect('127.0.0.1', port), 'throw-away PostgreSQL');
  };
  const stop = async () => {
    asPostgres('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]);
    if (pid) await waitForExit(pid);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    remove: async () => {
      killByPid(pid ?? pidOf(), 'SIGINT'); // fast shutdown, by PID
      if (pid) await waitForExit(pid).catch(() => killByPid(pid, 'SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** MariaDB: mariadb-install-db + mariadbd with its own datadir, socket and port; stopped with SIGTERM as start-stop-daemon does. */
export async function startThrowawayMariadb(): Promise<ThrowawayServer> {
  const dir = tempDirFor('mysql', 'mariadb');
  const port = await freePort();
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${join(dir, 'data')}`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'pipe' });
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      '/usr/sbin/mariadbd',
      ['--no-defaults', `--datadir=${join(dir, 'data')}`, `--socket=${join(dir, 'sock')}`, `--pid-file=${join(dir, 'pid')}`, `--port=${port}`, '--bind-address=127.0.0.1', '--user=mysql', '--skip-name-resolve', '--innodb-buffer-pool-size=32M', '--max-connections=60', `--log-error=${join(dir, 'log')}`],
      { stdio: 'ignore' },
    );
    await waitFor(() => canConnect('127.0.0.1', port), 'throw-away MariaDB');
    // root@localhost only: allow it over TCP from 127.0.0.1 too.
    execFileSync('mariadb', ['--no-defaults', `--socket=${join(dir, 'sock')}`, '-uroot', '-e', "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"], { stdio: 'pipe' });
  };
  const stop = async () => {
    const pid = child?.pid;
    killByPid(pid, 'SIGTERM');
    if (pid) await waitForExit(pid);
  };
  await start();
  return {
    url: `mysql://root@127.0.0.1:${port}/mysql`,
    port,
    start,
    stop,
    remove: async () => {
      await stop().catch(() => killByPid(child?.pid, 'SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Redis with an append-only file synced on every write: what it acknowledged survives its restart. */
export async function startThrowawayRedis(): Promise<ThrowawayServer> {
  const dir = tempDirFor('root', 'redis');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--logfile', join(dir, 'log')], { stdio: 'ignore' });
    await waitFor(() => canConnect('127.0.0.1', port), 'throw-away Redis');
  };
  const stop = async () => {
    const pid = child?.pid;
    killByPid(pid, 'SIGTERM');
    if (pid) await waitForExit(pid);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    remove: async () => {
      await stop().catch(() => killByPid(child?.pid, 'SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
