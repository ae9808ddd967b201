import { appendFileSync } from 'node:fs';
import { format } from 'node:util';

/**
 * Tees everything a test file prints (Nest's Logger writes to stdout/stderr; jest's console is buffered
 * apart) into the run's capture file, which the global teardown scans for secrets.
 */
const file = process.env.AUTH_TEST_LOG_CAPTURE;
if (file) {
  const tee = (chunk: unknown) => {
    try {
      appendFileSync(file, typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : String(chunk));
    } catch {
      // never fail a test over the capture itself
    }
  };
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      tee(chunk);
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      tee(`${format(...args)}\n`);
      original(...args);
    };
  }
}
