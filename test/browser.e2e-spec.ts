import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, BrowserContext, Page, Response } from 'playwright-core';
import { GroupManager, User, UserManager } from 'nest-django-auth';
import { DemoProcess, startDemoProcess } from './support/demo-process';
import { freePort } from './support/django-site';
import { seedReferenceUsers } from './support/seed-reference';
import { REQUIRE_SERVICES } from './support/services';
import { createTestApp } from './support/test-app';

/**
 * The demo in a real browser: Debian's Chromium driven by playwright-core, against the demo started as a process
 * (SQLite, emails written to files by EMAIL_BACKEND=file). Every form post carries the page's CSRF token as a
 * browser sends it (with Chromium's own Origin and Referer); the pages are found by their labels and buttons.
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(__dirname, '..', 'test-output', 'screenshots');

const FIRST_PASSWORD = 'password';
const CHANGED_PASSWORD = 'quiet-Harbour-41';
const RESET_PASSWORD = 'amber-Lantern-73';

/** The newest email the file backend wrote (one file per message), once there is one. */
async function waitForEmail(dir: string, count: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.log')).sort() : [];
    if (files.length >= count) return readFileSync(join(dir, files[files.length - 1]), 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email in ${dir} after 10 s`);
}

function describeBrowser(): void {
  describe('the demo in a real browser (Chromium through playwright-core)', () => {
    let dir: string;
    let mailDir: string;
    let demo: DemoProcess;
    let context: BrowserContext;
    let page: Page;
    let base: string;

    const path = () => page.url().slice(base.length);
    const screenshot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

    async function logIn(password: string): Promise<void> {
      await page.getByLabel('Username').fill('alice');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForLoadState();
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'browser-demo-'));
      mailDir = join(dir, 'mail');
      mkdirSync(SCREENSHOTS, { recursive: true });
      const url = `sqlite:${join(dir, 'demo.sqlite3')}`;
      const { app } = await createTestApp(url);
      await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
      await app.close();
      demo = await startDemoProcess(await freePort(), { DATABASE_URL: url, EMAIL_BACKEND: 'file', EMAIL_FILE_PATH: mailDir });
      base = demo.url;
      context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 900, height: 800 },
      });
      page = context.pages()[0] ?? (await context.newPage());
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await demo?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('from /private to the login page; a wrong password is the form again with Django\'s message; logged in, back on /private', async () => {
      const response = (await page.goto(`${base}/private`)) as Response;
      expect(path()).toBe('/accounts/login/?next=/private');
      const headers = response.headers();
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['cache-control']).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(headers['referrer-policy']).toBe('same-origin');
      expect(headers['x-powered-by']).toBeUndefined();
      await screenshot('login');
      await page.setViewportSize({ width: 375, height: 700 });
      await screenshot('login-phone');
      await page.setViewportSize({ width: 900, height: 800 });

      await logIn('not-her-password');
      expect(path()).toBe('/accounts/login/');
      await expect(page.getByRole('alert').textContent()).resolves.toContain(
        'Please enter a correct username and password. Note that both fields may be case-sensitive.',
      );
      await screenshot('login-error');

      await logIn(FIRST_PASSWORD);
      expect(path()).toBe('/private');
      expect(await page.locator('main').textContent()).toContain('Hello alice');
      await screenshot('private');
    });

    it('changes the password (old one, new one twice) and stays logged in', async () => {
      await page.getByRole('link', { name: 'Change password' }).click();
      await page.waitForLoadState();
      expect(path()).toBe('/accounts/password_change/');
      await page.getByLabel('Old password').fill(FIRST_PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill(CHANGED_PASSWORD);
      await page.getByLabel('New password confirmation').fill(CHANGED_PASSWORD);
      await screenshot('password-change');
      await page.getByRole('button', { name: 'Change my password' }).click();
      await page.waitForLoadState();
      expect(path()).toBe('/accounts/password_change/done/');
      expect(await page.locator('main').textContent()).toContain('Your password was changed.');
      await page.goto(`${base}/private`);
      expect(path()).toBe('/private');
    });

    it('logs out with the button (a POST with the CSRF token); /private then sends the browser to the login page', async () => {
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForLoadState();
      expect(path()).toBe('/accounts/logout/');
      expect(await page.locator('h1').textContent()).toBe('Logged out');
      await page.goto(`${base}/private`);
      expect(path()).toBe('/accounts/login/?next=/private');
    });

    it('asks for a reset, opens the link from the email file, sets a new password, logs in with it; the link then no longer works', async () => {
      await page.getByRole('link', { name: 'Forgotten your password or username?' }).click();
      await page.waitForLoadState();
      expect(path()).toBe('/accounts/password_reset/');
      await page.getByLabel('Email').fill('alice@example.com');
      await screenshot('password-reset');
      await page.getByRole('button', { name: 'Reset my password' }).click();
      await page.waitForLoadState();
      expect(path()).toBe('/accounts/password_reset/done/');

      const email = await waitForEmail(mailDir, 1);
      expect(email).toMatch(/^To: alice@example\.com$/m);
      expect(email).toMatch(/^Subject: Password reset on 127\.0\.0\.1:\d+$/m);
      const link = /^(http:\/\/127\.0\.0\.1:\d+\/accounts\/reset\/[A-Za-z0-9_-]+\/[a-z0-9]+-[a-f0-9]+\/)$/m.exec(email)?.[1];
      expect(link).toBeDefined();
      const opened = (await page.goto(link!)) as Response;
      // The token left the URL for the session before the page was shown (Django's set-password redirect).
      expect(path()).toMatch(/^\/accounts\/reset\/[A-Za-z0-9_-]+\/set-password\/$/);
      // The token URL answered with no-referrer; the form page (it posts to itself) with the app's same-origin.
      const tokenUrl = await opened.request().redirectedFrom()?.response();
      expect([tokenUrl?.status(), tokenUrl?.headers()['referrer-policy']]).toEqual([302, 'no-referrer']);
      expect(opened.headers()['referrer-policy']).toBe('same-origin');
      await page.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD);
      await page.getByLabel('New password confirmation').fill(RESET_PASSWORD);
      await screenshot('password-reset-confirm');
      await page.getByRole('button', { name: 'Change my password' }).click();
      await page.waitForLoadState();
      expect(path()).toBe('/accounts/reset/done/');
      expect(await page.locator('main').textContent()).toContain('Your password has been set.');

      await page.getByRole('link', { name: 'Log in' }).click();
      await page.waitForLoadState();
      await logIn(CHANGED_PASSWORD);
      expect(path()).toBe('/accounts/login/');
      await logIn(RESET_PASSWORD);
      expect(path()).toBe('/private');
      expect(await page.locator('main').textContent()).toContain('Hello alice');

      await page.goto(link!);
      expect(await page.locator('h1').textContent()).toBe('Password reset unsuccessful');
    });

    it("a page of another site can neither log the browser out nor into the attacker's account (403, the session kept)", async () => {
      await page.goto(`${base}/private`);
      expect(path()).toBe('/private');
      // The attacker's page: another origin (localhost, another port) whose form posts itself to the demo on load.
      const attacker: Server = createServer((req, res) => {
        const [action, fields] = req.url === '/login' ? ['/accounts/login/', { username: 'bob', password: FIRST_PASSWORD }] : ['/accounts/logout/', {}];
        const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`).join('');
        res.setHeader('content-type', 'text/html');
        res.end(`<!doctype html><form method="post" action="${base}${action}">${inputs}</form><script>document.forms[0].submit()</script>`);
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
      const attackerUrl = `http://localhost:${(attacker.address() as { port: number }).port}`;
      try {
        for (const target of ['/logout', '/login']) {
          const refused = page.waitForResponse((res) => res.url().startsWith(`${base}/accounts/`) && res.request().method() === 'POST', { timeout: 15_000 });
          await page.goto(`${attackerUrl}${target}`);
          const response = await refused;
          expect([target, response.status()]).toEqual([target, 403]);
          // Django's failure page; the reason (a foreign Origin) is not shown outside development, as Django without DEBUG.
          expect(await response.text()).toContain('<p>CSRF verification failed. Request aborted.</p>');
        }
      } finally {
        attacker.closeAllConnections();
        await new Promise((resolve) => attacker.close(resolve));
      }
      await page.goto(`${base}/private`);
      expect(path()).toBe('/private');
      expect(await page.locator('main').textContent()).toContain('Hello alice');
    });
  });
}

if (existsSync(CHROMIUM)) {
  describeBrowser();
} else if (REQUIRE_SERVICES) {
  describe('the demo in a real browser', () => {
    it('runs (AUTH_TEST_REQUIRE_SERVICES=1)', () => {
      throw new Error(`AUTH_TEST_REQUIRE_SERVICES=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
    });
  });
} else {
  process.stderr.write(`\n${'!'.repeat(72)}\n  browser suite SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)\n${'!'.repeat(72)}\n\n`);
  describe.skip(`the demo in a real browser: SKIPPED, ${CHROMIUM} is missing`, () => it('needs Chromium', () => undefined));
}
