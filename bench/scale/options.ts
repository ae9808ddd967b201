/** What the scale benchmark measures on, and how long it loads. */
export interface ScaleOptions {
  /** Users in the large database (BENCH_SCALE_USERS, default 1,000,000). */
  users: number;
  /** Expired sessions clearsessions removes (BENCH_SCALE_SESSIONS, default 1,000,000). */
  sessions: number;
  /** Interleaved rounds of the /vote load at both sizes (BENCH_SCALE_ROUNDS, default 3). */
  rounds: number;
  /** Seconds per load run (BENCH_SCALE_SECONDS, default 5). */
  seconds: number;
  /** autocannon connections (BENCH_SCALE_CONNECTIONS, default 32). */
  connections: number;
  /** Timed withPerm calls after the warm-up (BENCH_SCALE_WITH_PERM_RUNS, default 5). */
  withPermRuns: number;
}

/** The size the permission check is compared against. */
export const SMALL_USERS = 1_000;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not ${env[name]}`);
  return value;
}

export function scaleOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ScaleOptions {
  return {
    users: positiveInteger(env, 'BENCH_SCALE_USERS', 1_000_000),
    sessions: positiveInteger(env, 'BENCH_SCALE_SESSIONS', 1_000_000),
    rounds: positiveInteger(env, 'BENCH_SCALE_ROUNDS', 3),
    seconds: positiveInteger(env, 'BENCH_SCALE_SECONDS', 5),
    connections: positiveInteger(env, 'BENCH_SCALE_CONNECTIONS', 32),
    withPermRuns: positiveInteger(env, 'BENCH_SCALE_WITH_PERM_RUNS', 5),
  };
}
