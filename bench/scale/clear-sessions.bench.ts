import type { LoadResult } from '../lib/load';
import { CLEAR_TIMEOUT_SECONDS, runClearSessions } from './clearsessions-process';
import type { LoggedInDemo } from './demo-server';
import { loadUntil } from './load-until';
import { countSessions, SessionCounts } from './seed-sessions';

export interface ClearSessionsFigures {
  /** Expired sessions seeded. */
  sessions: number;
  /** clearsessions' wall time, process start-up included. */
  seconds: number;
  cleared: number;
  /** A second run with nothing left to clear: what start-up and shutdown alone cost. */
  idleRunSeconds: number;
  before: SessionCounts;
  after: SessionCounts;
  /** GET /vote as alice while clearsessions ran. */
  duringClear: LoadResult;
}

/** clearsessions on the demo's database while alice keeps voting at the demo. */
export async function measureClearSessions(databaseUrl: string, demo: LoggedInDemo, sessions: number, connections: number): Promise<ClearSessionsFigures> {
  const before = await countSessions(databaseUrl);
  const clear = runClearSessions(databaseUrl);
  const duringClear = await loadUntil(
    { url: `${demo.server.url}/vote`, connections, headers: { cookie: demo.aliceCookie }, maxSeconds: CLEAR_TIMEOUT_SECONDS },
    clear,
  );
  const { cleared, seconds } = await clear;
  const after = await countSessions(databaseUrl);
  const idleRun = await runClearSessions(databaseUrl);
  return { sessions, seconds, cleared, idleRunSeconds: idleRun.seconds, before, after, duringClear };
}
