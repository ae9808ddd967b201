import { ChildProcess, spawn } from 'node:child_process';

export interface ServerSpec {
  name: string;
  /** node arguments, e.g. ['dist/src/main.js'] */
  args: string[];
  env: Record<string, string>;
  port: number;
  /** An IPC channel to the server (bench/probe.ts asks its preloaded probe for allocations and profiles). */
  ipc?: boolean;
}

export interface RunningServer {
  spec: ServerSpec;
  url: string;
  /** The server's process id (its CPU time is read from /proc/<pid>/stat). */
  pid?: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not answer /health within ${timeoutMs} ms:\n${output()}`);
}

/** Starts a server in its own process (its own event loop) and waits until /health answers. */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const child = spawn(process.execPath, spec.args, {
    env: { ...process.env, ...spec.env, PORT: String(spec.port), HOST: '127.0.0.1' },
    stdio: spec.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${spec.port}`;
  try {
    await waitForHealth(url, child, 60_000, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    spec,
    url,
    pid: child.pid,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        // A server that ended on a signal (Nest's shutdown hooks re-raise SIGTERM) has no exit code.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
