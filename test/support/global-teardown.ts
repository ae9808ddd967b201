import { existsSync, readFileSync, rmSync } from 'node:fs';
import { findSecrets } from './log-secrets';

/** Fails the e2e run when anything the suites printed holds a secret (the capture is made by log-capture.setup.ts). */
export default async function globalTeardown(): Promise<void> {
  const file = process.env.AUTH_TEST_LOG_CAPTURE;
  if (!file || !existsSync(file)) return;
  const log = readFileSync(file, 'utf8');
  rmSync(file, { force: true });
  const found = findSecrets(log);
  process.stdout.write(`\nlog scan: ${log.length} characters of test output checked for secrets, ${found.length} found\n`);
  if (found.length) throw new Error(`secrets in the test log:\n${found.join('\n')}`);
}
