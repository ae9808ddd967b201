import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateScaleBudgets } from './budgets';
import type { ScaleOptions } from './options';
import { printScaleReport } from './print-scale-report';
import { runScaleBench } from './run-scale-bench';

/** Runs the scale budgets, prints their tables and writes bench/results/scale-latest.json. */
export async function runAndReportScaleBench(options: ScaleOptions): Promise<void> {
  const result = await runScaleBench(options);
  if (!result) return;
  printScaleReport(result);
  mkdirSync(join('bench', 'results'), { recursive: true });
  writeFileSync(join('bench', 'results', 'scale-latest.json'), JSON.stringify({ ...result, budgets: evaluateScaleBudgets(result) }, null, 2));
}
