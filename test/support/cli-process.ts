import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_SECRET_KEY } from './test-app';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = join(__dirname, '..', '..');
const TIMEOUT_MS = 60_000;
/** `npm run cli` runs this launcher: compiled JavaScript, built first when stale. */
export const CLI_LAUNCHER = join(ROOT, 'scripts', 'cli.js');
/** The package's bare bin (no app: DATABASE_URL and SECRET_KEY). */
export const PACKAGE_BIN = join(ROOT, 'dist', 'libs', 'auth', 'src', 'cli', 'main.js');

/** Builds the demo and the library (nest build) when dist is missing or stale; once per machine at a time. */
export function ensureCliBuilt(): void {
  const result = spawnSync(process.execPath, [CLI_LAUNCHER, 'help'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`building the CLI failed (${result.status}):\n${result.stderr}`);
}

function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production', SECRET_KEY: TEST_SECRET_KEY, ...env };
}

export interface RunOptions {
  /** Written to the command's stdin, which is then closed (a pipe, not a terminal). */
  input?: string;
  /** Run the package's bare bin instead of the demo's `npm run cli`. */
  bin?: boolean;
}

/** The demo's CLI (`npm run cli -- …`: scripts/cli.js → dist/src/cli.js) in a process of its own; killed after a minute. */
export function runCli(args: string[], env: Record<string, string>, options: RunOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [options.bin ? PACKAGE_BIN : CLI_LAUNCHER, ...args], {
    cwd: ROOT,
    env: cliEnv(env),
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
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

/** One exchange with a command on a terminal: wait for `expect` in the output, then type `send`. */
export interface TerminalStep {
  expect: string;
  send: string;
}

export interface TerminalResult {
  status: number | null;
  /** What the terminal showed (stdout and stderr together, `\r\n` line ends), ANSI colours removed. */
  screen: string;
  /** The same with its ANSI escapes. */
  raw: string;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the demo's CLI on a pseudo-terminal (util-linux `script`), answering
 * prompts as a person would: each answer is typed only once its prompt is
 * on the screen, so a hidden input really is read with echo off.
 */
export function runCliInTerminal(args: string[], env: Record<string, string>, steps: TerminalStep[]): Promise<TerminalResult> {
  const command = [process.execPath, CLI_LAUNCHER, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let next = 0;
  let searchFrom = 0;
  const onOutput = (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    while (next < steps.length) {
      const at = screen.indexOf(steps[next].expect, searchFrom);
      if (at < 0) break;
      searchFrom = at + steps[next].expect.length;
      child.stdin!.write(steps[next].send);
      next++;
    }
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      child.stdin!.destroy();
      // eslint-disable-next-line no-control-regex
      resolve({ status, raw: screen, screen: screen.replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}
