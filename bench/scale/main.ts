/**
 * npm run bench:scale: the scale budgets alone (PostgreSQL), on a freshly
 * built demo; writes bench/results/scale-latest.json. Sizes from
 * BENCH_SCALE_USERS and BENCH_SCALE_SESSIONS (default 1,000,000 each).
 */
import { spawnSync } from 'node:child_process';
import { runAndReportScaleBench, scaleOptionsFromEnv } from './index';

async function main(): Promise<void> {
  const options = scaleOptionsFromEnv();
  process.stderr.write('building the demo…\n');
  if (spawnSync('npx', ['nest', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('nest build failed');
  await runAndReportScaleBench(options);
}

main().catch((error) => {
  process.stderr.write(`scale bench failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
