import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_SECRET_KEY } from './test-app';

/** The demo app in a process of its own (its own event loop and connection pool), as a second machine would run it. */
export interface DemoProcess {
  url: string;
  stop(): Promise<void>;
  /** null while it runs. */
  readonly exitCode: number | null;
  /** The last 4,000 characters it printed. */
  output(): string;
}

const ROOT = join(__dirname, '..', '..');

async function waitUntilHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`demo exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`demo did not start:\n${log()}`);
}

/** The demo from its sources on 127.0.0.1:`port`, in production mode unless `env` says otherwise (an undefined value unsets a variable). */
export async function startDemoProcess(port: number, env: Record<string, string | undefined>): Promise<DemoProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SECRET_KEY: TEST_SECRET_KEY,
        PORT: String(port),
        HOST: '127.0.0.1',
        // Outside development the demo refuses to start without it, as Django's runserver does.
        ALLOWED_HOSTS: '127.0.0.1,localhost',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(url, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    get exitCode() {
      return child.exitCode;
    },
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
