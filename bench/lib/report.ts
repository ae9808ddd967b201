export interface RouteFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface Report {
  date: string;
  settings: Record<string, number>;
  throughput: Record<string, Record<string, RouteFigures>>;
  queries: Record<string, Record<string, { queries: number; writes: number }>>;
  bursts: Record<
    string,
    { login: { requestsPerSecond: number; p99: number }; health: { p99: number; p50: number }; hashesPerSecond: number }
  >;
  budgets?: Array<{ budget: string; measured: string; met: boolean }>;
}

const CEILING = 'ceiling (bare NestJS)';
/** The peer stack (bench/peer) is a yardstick: the product budgets do not apply to it. */
const PEER_PREFIX = 'peer ';

function isPeer(name: string): boolean {
  return name.startsWith(PEER_PREFIX);
}

/** Demo targets paired with the peer on the same database ('demo sqlite' ↔ 'peer sqlite'). */
function demoPeerPairs(report: Report): Array<{ kind: string; demo: Record<string, RouteFigures>; peer: Record<string, RouteFigures> }> {
  return Object.entries(report.throughput)
    .filter(([name]) => name.startsWith('demo ') && report.throughput[PEER_PREFIX + name.slice('demo '.length)])
    .map(([name, demo]) => {
      const kind = name.slice('demo '.length);
      return { kind, demo, peer: report.throughput[PEER_PREFIX + kind] };
    });
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '| ' + r.map((c, i) => pad(c, widths[i])).join(' | ') + ' |').join('\n');
}

/** Checks every budget the issues name that this run can measure. */
export function evaluateBudgets(report: Report): Array<{ budget: string; measured: string; met: boolean }> {
  const ceiling = report.throughput[CEILING]['/health'].requestsPerSecond;
  const budgets: Array<{ budget: string; measured: string; met: boolean }> = [];
  for (const [name, routes] of Object.entries(report.throughput)) {
    if (name === CEILING || isPeer(name)) continue;
    const ratio = (route: string) => routes[route].requestsPerSecond / ceiling;
    budgets.push({ budget: `${name}: anonymous /health ≥ 0.90× ceiling`, measured: `${ratio('/health').toFixed(2)}×`, met: ratio('/health') >= 0.9 });
    if (name.includes('sqlite')) {
      budgets.push({ budget: `${name}: /vote ≥ 0.50× ceiling /health (issue 4)`, measured: `${ratio('/vote').toFixed(2)}×`, met: ratio('/vote') >= 0.5 });
    }
    budgets.push({ budget: `${name}: /vote ≥ 0.70× ceiling /health (issue 5)`, measured: `${ratio('/vote').toFixed(2)}×`, met: ratio('/vote') >= 0.7 });
  }
  for (const { kind, demo, peer } of demoPeerPairs(report)) {
    const times = demo['/vote'].requestsPerSecond / peer['/vote'].requestsPerSecond;
    budgets.push({ budget: `demo ${kind}: /vote ≥ 3× the peer stack on ${kind}`, measured: `${times.toFixed(2)}×`, met: times >= 3 });
  }
  for (const [name, counts] of Object.entries(report.queries)) {
    if (isPeer(name)) continue;
    // With a cache session engine the session costs no SQL: only the user (with its permissions) is read.
    const limit = /cache/.test(name) ? 1 : 2;
    for (const route of ['/private', '/vote']) {
      const c = counts[route];
      budgets.push({
        budget: `${name}: ${route} ≤ ${limit} SQL round trip${limit > 1 ? 's' : ''}, no write`,
        measured: `${c.queries} queries, ${c.writes} writes`,
        met: c.queries <= limit && c.writes === 0,
      });
    }
    const health = counts['/health (with session cookie)'];
    budgets.push({ budget: `${name}: /health with a session cookie: no query`, measured: `${health.queries} queries`, met: health.queries === 0 });
  }
  for (const [name, burst] of Object.entries(report.bursts)) {
    if (isPeer(name)) continue;
    const maxLogins = burst.hashesPerSecond;
    budgets.push({
      budget: `${name}: logins ≥ 90% of what the hasher allows on ${report.settings.cores} cores (${maxLogins.toFixed(1)}/s)`,
      measured: `${burst.login.requestsPerSecond.toFixed(1)}/s (${((burst.login.requestsPerSecond / maxLogins) * 100).toFixed(0)}%)`,
      met: burst.login.requestsPerSecond >= 0.9 * maxLogins,
    });
    budgets.push({ budget: `${name}: /health p99 < 50 ms during a 32-connection login burst`, measured: `${burst.health.p99} ms`, met: burst.health.p99 < 50 });
  }
  return budgets;
}

export function printReport(report: Report): void {
  const ceiling = report.throughput[CEILING]['/health'].requestsPerSecond;
  const rows = [['target', 'route', 'req/s', '× ceiling /health', 'p50 ms', 'p99 ms', 'errors']];
  for (const [name, routes] of Object.entries(report.throughput)) {
    for (const [route, f] of Object.entries(routes)) {
      rows.push([name, route, f.requestsPerSecond.toFixed(0), (f.requestsPerSecond / ceiling).toFixed(2), String(f.p50), String(f.p99), String(f.errors)]);
    }
  }
  const queryRows = [['target', 'request', 'SQL per request', 'writes']];
  for (const [name, counts] of Object.entries(report.queries)) {
    for (const [route, c] of Object.entries(counts)) queryRows.push([name, route, String(c.queries), String(c.writes)]);
  }
  const burstRows = [['target', 'hashes/s just before', 'logins/s', 'login p99 ms', '/health p50 ms', '/health p99 ms']];
  for (const [name, b] of Object.entries(report.bursts)) {
    burstRows.push([
      name,
      b.hashesPerSecond.toFixed(1),
      b.login.requestsPerSecond.toFixed(1),
      String(b.login.p99),
      String(b.health.p50),
      String(b.health.p99),
    ]);
  }
  const peerRows = [['database', 'route', 'demo req/s', 'peer req/s', 'demo ÷ peer']];
  for (const { kind, demo, peer } of demoPeerPairs(report)) {
    for (const route of Object.keys(demo)) {
      const d = demo[route].requestsPerSecond;
      const p = peer[route]?.requestsPerSecond ?? 0;
      peerRows.push([kind, route, d.toFixed(0), p.toFixed(0), p ? `${(d / p).toFixed(2)}×` : '—']);
    }
  }
  report.budgets = evaluateBudgets(report);
  const budgetRows = [['budget', 'measured', 'met']];
  for (const b of report.budgets) budgetRows.push([b.budget, b.measured, b.met ? 'yes' : 'MISSED']);
  process.stdout.write(
    [
      `# Benchmark ${report.date}`,
      `${report.settings.rounds} interleaved rounds × ${report.settings.seconds} s, ${report.settings.connections} connections, autocannon on loopback`,
      '',
      table(rows),
      '',
      ...(peerRows.length > 1 ? ['Demo against the peer stack (@nestjs/passport + express-session + connect-typeorm), same database', table(peerRows), ''] : []),
      table(queryRows),
      '',
      `Login burst (32 connections, ${report.settings.burstSeconds} s, after a 2 s warm-up, /health probed at 50 req/s meanwhile). Hashes/s: the default hasher (pbkdf2_sha256, 1,000,000 iterations) on all ${report.settings.cores} cores, measured right before each burst; the peer hashes with bcrypt, cost 10`,
      table(burstRows),
      '',
      table(budgetRows),
      '',
    ].join('\n'),
  );
}
