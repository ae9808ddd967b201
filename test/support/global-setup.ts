import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeServices, recordAvailable, REQUIRE_SERVICES, SERVICES, ServiceName } from './services';

const LABELS: Record<ServiceName, string> = { postgres: 'PostgreSQL', mysql: 'MariaDB/MySQL', redis: 'Redis' };

/** Probes the database servers once; suites for the missing ones are skipped, loudly (or fail in CI). */
export default async function globalSetup(): Promise<void> {
  // Everything the suites print is teed here and scanned for secrets by global-teardown.
  process.env.AUTH_TEST_LOG_CAPTURE ??= join(tmpdir(), `auth-test-log-${process.pid}-${Date.now()}.txt`);
  const available = await probeServices();
  recordAvailable(available);
  const missing = (Object.keys(available) as ServiceName[]).filter((name) => !available[name]);
  if (missing.length === 0) return;
  const lines = missing.map((name) => `  ${LABELS[name]} unreachable at ${SERVICES[name]}: its suites are SKIPPED`);
  if (REQUIRE_SERVICES) {
    throw new Error(`AUTH_TEST_REQUIRE_SERVICES=1 but services are down:\n${lines.join('\n')}`);
  }
  process.stderr.write(`\n${'!'.repeat(72)}\n${lines.join('\n')}\n${'!'.repeat(72)}\n\n`);
}
