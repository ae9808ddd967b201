import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupManager, User, UserManager } from 'nest-django-auth';
import { authConfig } from '../src/config/auth.config';
import { csrfFromLoginPage, postForm } from './support/csrf-login';
import { DemoProcess, startDemoProcess } from './support/demo-process';
import { freePort } from './support/django-site';
import { buildRequest, rawRequest } from './support/raw-http';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';

const SETTINGS = [
  'NODE_ENV', 'ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'EMAIL_BACKEND', 'EMAIL_FILE_PATH', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER',
  'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL', 'SECRET_KEY',
] as const;

/** authConfig() under the given environment (only these settings; the rest unset), the environment restored after. */
function configWith(env: Partial<Record<(typeof SETTINGS)[number], string>>) {
  const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  try {
    for (const name of SETTINGS) delete process.env[name];
    Object.assign(process.env, { SECRET_KEY: 'k'.repeat(50), ...env });
    return authConfig();
  } finally {
    for (const name of SETTINGS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

describe("the demo's settings from the environment (Django's names)", () => {
  it('ALLOWED_HOSTS: comma-separated; 127.0.0.1 and localhost by default in development, none outside it', () => {
    expect(configWith({ NODE_ENV: 'development' }).allowedHosts).toEqual(['127.0.0.1', 'localhost']);
    expect(configWith({}).allowedHosts).toEqual(['127.0.0.1', 'localhost']); // `npm start`: no NODE_ENV
    expect(configWith({ NODE_ENV: 'production' }).allowedHosts).toEqual([]);
    expect(configWith({ NODE_ENV: 'production', ALLOWED_HOSTS: ' example.com, .example.org ,' }).allowedHosts).toEqual(['example.com', '.example.org']);
  });

  it('CSRF_TRUSTED_ORIGINS, and CSRF checked on every unsafe request', () => {
    expect(configWith({}).csrf).toEqual({ trustedOrigins: [], global: true });
    expect(configWith({ CSRF_TRUSTED_ORIGINS: 'https://example.com,https://*.example.org' }).csrf).toEqual({
      trustedOrigins: ['https://example.com', 'https://*.example.org'],
      global: true,
    });
  });

  it('EMAIL_*: console by default, unset settings left to the library; Django dotted backend paths; a wrong backend is an error', () => {
    expect(configWith({}).email).toEqual({ backend: 'console', useTls: false, useSsl: false });
    expect(
      configWith({
        EMAIL_BACKEND: 'smtp', EMAIL_HOST: 'mail.example.com', EMAIL_PORT: '587', EMAIL_HOST_USER: 'app', EMAIL_HOST_PASSWORD: 'pw',
        EMAIL_USE_TLS: 'True', EMAIL_TIMEOUT: '10', DEFAULT_FROM_EMAIL: 'noreply@example.com',
      }).email,
    ).toEqual({ backend: 'smtp', host: 'mail.example.com', port: 587, user: 'app', password: 'pw', useTls: true, useSsl: false, timeout: 10, defaultFromEmail: 'noreply@example.com' });
    expect(configWith({ EMAIL_BACKEND: 'django.core.mail.backends.filebased.EmailBackend', EMAIL_FILE_PATH: '/tmp/m' }).email).toEqual(
      expect.objectContaining({ backend: 'file', filePath: '/tmp/m' }),
    );
    expect(configWith({ EMAIL_BACKEND: 'django.core.mail.backends.locmem.EmailBackend' }).email?.backend).toBe('locmem');
    expect(() => configWith({ EMAIL_BACKEND: 'sendgrid' })).toThrow('EMAIL_BACKEND must be one of console, file, smtp, locmem');
  });

  it('outside development the demo refuses to start without ALLOWED_HOSTS, saying so', async () => {
    await expect(startDemoProcess(await freePort(), { ALLOWED_HOSTS: '' })).rejects.toThrow(/demo exited with 1:[\s\S]*You must set ALLOWED_HOSTS/);
  });

  describe('the demo process', () => {
    let dir: string;
    let demo: DemoProcess;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'demo-settings-'));
      const url = `sqlite:${join(dir, 'demo.sqlite3')}`;
      const { app } = await createTestApp(url);
      await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
      await app.close();
      demo = await startDemoProcess(await freePort(), { DATABASE_URL: url, ALLOWED_HOSTS: 'localhost,127.0.0.1', CSRF_TRUSTED_ORIGINS: 'https://*.example.com' });
    }, 120_000);

    afterAll(async () => {
      await demo?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('a Host not in ALLOWED_HOSTS is a 400 on every route, before anything else', async () => {
      const port = Number(new URL(demo.url).port);
      for (const path of ['/health', '/accounts/login/', '/private']) {
        const res = await rawRequest(port, buildRequest('GET', path, [['Host', 'evil.com']]));
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.body).toContain("Invalid HTTP_HOST header: 'evil.com'. You may need to add 'evil.com' to ALLOWED_HOSTS.");
      }
      const allowed = await rawRequest(port, buildRequest('GET', '/health', [['Host', `localhost:${port}`]]));
      expect(allowed.status).toBe(200);
    });

    it('a post from a trusted origin is accepted, from any other origin refused with Django\'s reason', async () => {
      const csrf = await csrfFromLoginPage(demo.url);
      const login = (origin: string) => postForm(demo.url, '/accounts/login/', { username: 'alice', password: 'password' }, { csrf, headers: { origin } });
      expect((await login('https://shop.example.com')).status).toBe(302);
      expect((await login(demo.url)).status).toBe(302);
      const refused = await login('https://evil.example');
      expect(refused.status).toBe(403);
      const page = await postForm(demo.url, '/accounts/login/', { username: 'alice', password: 'password' }, {
        csrf, headers: { origin: 'https://evil.example', accept: 'text/html,*/*;q=0.8' },
      });
      expect([page.status, await page.text()]).toEqual([403, expect.stringContaining('<p>CSRF verification failed. Request aborted.</p>')]); // a browser: Django's page
      expect(await refused.json()).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Origin checking failed - https://evil.example does not match any trusted origins.',
      });
    });

    it('helmet\'s headers on every response, with Django\'s Referrer-Policy and X-Frame-Options, and no X-Powered-By', async () => {
      for (const path of ['/health', '/accounts/login/']) {
        const res = await fetch(`${demo.url}${path}`);
        expect([path, res.headers.get('x-powered-by')]).toEqual([path, null]);
        expect(res.headers.get('referrer-policy')).toBe('same-origin');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests'); // NODE_ENV=production
        expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      }
    });
  });
});
