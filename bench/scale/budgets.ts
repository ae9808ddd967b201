import { count } from './format';
import type { BudgetCheck, ScaleResult } from './result';

const WITH_PERM_BUDGET_MS = 1_000;
const MIN_SIZE_RATIO = 0.9;
const CLEAR_BUDGET_SECONDS = 60;

function withPermBudgets({ withPerm: w }: ScaleResult): BudgetCheck[] {
  return [
    {
      budget: `withPerm('polls.can_vote') on ${count(w.users)} users < 1 s (PostgreSQL)`,
      measured: `${w.medianMs.toFixed(0)} ms (median of ${w.runsMs.length})`,
      met: w.medianMs < WITH_PERM_BUDGET_MS,
    },
    { budget: 'withPerm returns every active holder, once', measured: `${count(w.returned)} of ${count(w.expected)}`, met: w.returned === w.expected },
  ];
}

function permissionCheckBudget({ permissionCheck: p }: ScaleResult): BudgetCheck {
  return {
    budget: `/vote at ${count(p.large.users)} users ≥ ${MIN_SIZE_RATIO.toFixed(2)}× /vote at ${count(p.small.users)}`,
    measured: `${p.ratio.toFixed(2)}× (${p.large.requestsPerSecond.toFixed(0)} vs ${p.small.requestsPerSecond.toFixed(0)} req/s)`,
    met: p.ratio >= MIN_SIZE_RATIO,
  };
}

function clearSessionsBudgets({ clearSessions: c }: ScaleResult): BudgetCheck[] {
  const during = c.duringClear;
  return [
    {
      budget: `clearsessions removes ${count(c.sessions)} expired sessions < ${CLEAR_BUDGET_SECONDS} s`,
      measured: `${c.seconds.toFixed(1)} s`,
      met: c.seconds < CLEAR_BUDGET_SECONDS,
    },
    {
      budget: 'clearsessions clears exactly the expired sessions',
      measured: `${count(c.cleared)} cleared, ${count(c.after.expired)} expired left, live ${count(c.before.live)} → ${count(c.after.live)}`,
      met: c.cleared === c.sessions && c.after.expired === 0 && c.after.live === c.before.live,
    },
    {
      budget: '/vote during clearsessions: 0 errors, 0 non-2xx',
      measured: `${during.errors} errors, ${during.non2xx} non-2xx (${during.requestsPerSecond.toFixed(0)} req/s, p99 ${during.p99} ms)`,
      met: during.errors === 0 && during.non2xx === 0,
    },
  ];
}

/** The scale budgets of the performance issue, in evaluateBudgets' shape. */
export function evaluateScaleBudgets(result: ScaleResult): BudgetCheck[] {
  return [...withPermBudgets(result), permissionCheckBudget(result), ...clearSessionsBudgets(result)];
}
