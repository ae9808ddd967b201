export { evaluateScaleBudgets } from './budgets';
export { scaleOptionsFromEnv } from './options';
export type { ScaleOptions } from './options';
export { printScaleReport } from './print-scale-report';
export type { BudgetCheck, ScaleResult } from './result';
export { runScaleBench } from './run-scale-bench';
export { runAndReportScaleBench } from './report-scale-bench';
