import { spawn } from 'node:child_process';
import { DEMO_ENV } from './demo-env';

/** Far above the 60 s budget: a clear that hangs is killed rather than waited for. */
export const CLEAR_TIMEOUT_SECONDS = 300;

export interface ClearRun {
  cleared: number;
  /** Wall time of the whole process (Node and Nest start-up included). */
  seconds: number;
}

/** `clearsessions` of the compiled demo CLI (what `npm run cli -- clearsessions` runs), in its own process. */
export function runClearSessions(databaseUrl: string): Promise<ClearRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['dist/src/cli.js', 'clearsessions'], {
    env: { ...process.env, ...DEMO_ENV, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), CLEAR_TIMEOUT_SECONDS * 1000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cleared = /^cleared (\d+) expired sessions$/m.exec(output);
      if (status !== 0 || !cleared) return reject(new Error(`clearsessions exited with ${status}:\n${output}`));
      resolve({ cleared: Number(cleared[1]), seconds });
    });
  });
}
