import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_SECRET_KEY } from './test-app';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = join(__dirname, '..', '..');
const TIMEOUT_MS = 60_000;

/** The demo's CLI (src/cli.ts) in a process of its own, as `npm run cli -- …` runs it; killed after a minute. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', SECRET_KEY: TEST_SECRET_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
