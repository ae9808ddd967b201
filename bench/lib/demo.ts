import { spawnSync } from 'node:child_process';
import { csrfFromLoginPage, CsrfPair, loginOverHttp } from '../../test/support/csrf-login';

/** The demo refuses to start in production without ALLOWED_HOSTS; the benchmarks reach it on the loopback. */
export const DEMO_ALLOWED_HOSTS = { ALLOWED_HOSTS: '127.0.0.1,localhost' };

/** The seeded users' password in the benchmark databases (throw-away databases, loopback only). */
export const PASSWORD = 'bench-password-not-secret';

/** Runs the demo's own seed command (migrations + users) against a database. */
export async function seedDatabase(databaseUrl: string): Promise<void> {
  const result = spawnSync(process.execPath, ['dist/src/cli.js', 'seed', '--password-env', 'BENCH_PASSWORD'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_PASSWORD: PASSWORD, NODE_ENV: 'development' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`seed failed: ${result.stderr}`);
}

/** Logs alice in (the login page for the CSRF cookie and token, then the form) and returns the session cookie to send with the logged-in routes. */
export async function loginCookie(baseUrl: string): Promise<string> {
  const { response, session } = await loginOverHttp(baseUrl, 'alice', PASSWORD);
  if (response.status !== 302 || !session) throw new Error(`login failed on ${baseUrl}: ${response.status}`);
  return session;
}

/** The login form's fields and headers with a CSRF pair, for a load run that repeats one login (the pair stays valid while its cookie is sent). */
export async function loginRequest(baseUrl: string): Promise<{ headers: Record<string, string>; body: string }> {
  const csrf: CsrfPair | null = await csrfFromLoginPage(baseUrl);
  if (!csrf) throw new Error(`no CSRF token on ${baseUrl}/accounts/login/`);
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf.cookie },
    body: new URLSearchParams({ username: 'alice', password: PASSWORD, csrfmiddlewaretoken: csrf.token }).toString(),
  };
}
