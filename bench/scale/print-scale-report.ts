import { table } from '../lib/report';
import { evaluateScaleBudgets } from './budgets';
import { count } from './format';
import type { ScaleResult } from './result';

function withPermTable({ withPerm: w }: ScaleResult): string {
  return table([
    ['users', 'runs (ms)', 'median ms', 'returned', 'expected'],
    [count(w.users), w.runsMs.map((ms) => ms.toFixed(0)).join(', '), w.medianMs.toFixed(0), count(w.returned), count(w.expected)],
  ]);
}

function voteTable({ permissionCheck: p, clearSessions: c }: ScaleResult): string {
  const during = c.duringClear;
  return table([
    ['GET /vote as alice', 'req/s', 'p50 ms', 'p99 ms', 'errors + non-2xx'],
    ...[p.small, p.large].map((f) => [`${count(f.users)} users`, f.requestsPerSecond.toFixed(0), String(f.p50), String(f.p99), String(f.errors)]),
    [`${count(p.large.users)} users, during clearsessions`, during.requestsPerSecond.toFixed(0), String(during.p50), String(during.p99), String(during.errors + during.non2xx)],
  ]);
}

function clearTable({ clearSessions: c }: ScaleResult): string {
  return table([
    ['expired sessions', 'clear s', 'cleared', 'idle run s', 'expired before → after', 'live before → after', 'index rows before → after'],
    [
      count(c.sessions),
      c.seconds.toFixed(1),
      count(c.cleared),
      c.idleRunSeconds.toFixed(1),
      `${count(c.before.expired)} → ${count(c.after.expired)}`,
      `${count(c.before.live)} → ${count(c.after.live)}`,
      `${count(c.before.indexRows)} → ${count(c.after.indexRows)}`,
    ],
  ]);
}

function budgetTable(result: ScaleResult): string {
  return table([['budget', 'measured', 'met'], ...evaluateScaleBudgets(result).map((b) => [b.budget, b.measured, b.met ? 'yes' : 'MISSED'])]);
}

/** The scale figures and budgets as markdown tables on stdout. */
export function printScaleReport(result: ScaleResult): void {
  const s = result.settings;
  process.stdout.write(
    [
      `# Scale benchmark ${result.date} (PostgreSQL)`,
      `${s.rounds} interleaved rounds × ${s.seconds} s, ${s.connections} connections, autocannon on loopback`,
      '',
      "UserManager.withPerm('polls.can_vote') through the library, after a warm-up",
      withPermTable(result),
      '',
      voteTable(result),
      '',
      'clearsessions (compiled demo CLI, its own process; times include its start-up) while alice votes',
      clearTable(result),
      '',
      budgetTable(result),
      '',
    ].join('\n'),
  );
}
