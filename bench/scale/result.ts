import type { ClearSessionsFigures } from './clear-sessions.bench';
import type { ScaleOptions } from './options';
import type { PermissionCheckFigures } from './permission-check.bench';
import type { WithPermFigures } from './with-perm.bench';

/** What runScaleBench measured (bench/results/scale-latest.json). */
export interface ScaleResult {
  date: string;
  settings: ScaleOptions;
  withPerm: WithPermFigures;
  permissionCheck: PermissionCheckFigures;
  clearSessions: ClearSessionsFigures;
}

/** One budget of the issue, as bench/lib/report.ts evaluates them. */
export interface BudgetCheck {
  budget: string;
  measured: string;
  met: boolean;
}
