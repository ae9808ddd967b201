// The demo and the in-process library run on a non-UTC zone: Django's datetimes must still be read and written as UTC.
process.env.TZ = 'America/New_York';

import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkPasswordHashes, passwordHashersFromDjango, User, UserManager } from 'nest-django-auth';
import { PasswordResetTokenGenerator, PasswordResetTokenUser, urlsafeBase64Encode } from 'nest-django-auth';
import { createTestDatabase, DatabaseKind, TestDatabase } from './support/databases';
import { DemoProcess, startDemoProcess } from './support/demo-process';
import { DJANGO_PASSWORD_HASHERS, DJANGO_SECRET_KEY, DjangoSite, djangoUnavailableReason, freePort } from './support/django-site';
import { isAvailable, REQUIRE_SERVICES } from './support/services';
import { createTestApp } from './support/test-app';
import { loginOverHttp, logoutOverHttp } from './support/csrf-login';

/** Django 3.2's PBKDF2 count: configured on our side too, so neither side rewrites the other's hashes. */
const DJANGO_32_ITERATIONS = 260_000;
const PASSWORD = 'password';

const unavailable = djangoUnavailableReason();

/**
 * A session key from a form login (both sides answer 302), or null when refused. The demo's form needs its CSRF
 * cookie and token from the login page; the reference project's login is CSRF-exempt and has no form.
 */
async function login(base: string, username: string, password = PASSWORD): Promise<string | null> {
  const { response, session } = await loginOverHttp(base, username, password);
  if (response.status !== 302) return null;
  return session ? session.slice('sessionid='.length) : null;
}

/** `hello <username>` from /private with the session cookie, or null when the side does not know the session. */
async function whoami(base: string, sessionKey: string | null): Promise<string | null> {
  const res = await fetch(`${base}/private`, { headers: { cookie: `sessionid=${sessionKey}` }, redirect: 'manual' });
  return res.status === 200 ? res.text() : null;
}

async function logout(base: string, sessionKey: string): Promise<number> {
  return (await logoutOverHttp(base, `sessionid=${sessionKey}`)).status;
}

function describeLiveDjango(kind: Extract<DatabaseKind, 'sqlite' | 'postgres'>): void {
  describe(`a live Django 3.2 site and the demo on one ${kind} database`, () => {
    let database: TestDatabase;
    let django: DjangoSite;
    let demo: DemoProcess | undefined;
    let nest: INestApplication | undefined;
    let dataSource: DataSource;
    let users: UserManager<User>;

    const stored = async (username: string): Promise<string> => (await users.getByNaturalKey(username))!.password;
    const tokenUser = async (username: string) => (await users.getByNaturalKey(username)) as unknown as PasswordResetTokenUser;
    const bothSides = async (sessionKey: string | null) => [await whoami(django.url, sessionKey), await whoami(demo!.url, sessionKey)];

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      django = new DjangoSite(database.url);
      await django.setUp();
      [, demo] = await Promise.all([
        django.start(),
        startDemoProcess(await freePort(), {
          DATABASE_URL: database.url,
          NODE_ENV: 'production',
          SECRET_KEY: DJANGO_SECRET_KEY,
          ALLOW_WEAK_SECRET_KEY: '1',
          PASSWORD_HASHERS: DJANGO_PASSWORD_HASHERS.join(','),
          PBKDF2_ITERATIONS: String(DJANGO_32_ITERATIONS),
          TZ: 'America/New_York',
        }),
      ]);
      ({ app: nest, dataSource } = await createTestApp(database.url, {
        runMigrations: false,
        auth: {
          secretKey: DJANGO_SECRET_KEY,
          allowWeakSecretKey: true,
          syncPermissions: false,
          passwordHashers: passwordHashersFromDjango(DJANGO_PASSWORD_HASHERS, { pbkdf2Iterations: DJANGO_32_ITERATIONS }),
        },
      }));
      users = nest.get(UserManager);
    }, 180_000);

    afterAll(async () => {
      await Promise.allSettled([demo?.stop(), django?.stop(), nest?.close()]);
      await database?.drop();
    });

    it("checkPasswordHashes on the site's database: weaker under Django 5.2's count, current under 3.2's, stronger under less", async () => {
      const check = async (pbkdf2Iterations?: number) =>
        (await checkPasswordHashes(dataSource, { passwordHashers: passwordHashersFromDjango(DJANGO_PASSWORD_HASHERS, { pbkdf2Iterations }) })).map(
          (m) => `${m.id} ${m.msg.split(' ')[0]}`,
        );
      expect(await check()).toEqual(['auth.I010 4']);
      expect(await check(DJANGO_32_ITERATIONS)).toEqual([]);
      expect(await check(100_000)).toEqual(['auth.W011 4']);
    });

    it('a session made on either side is honoured by the other', async () => {
      const onDjango = await login(django.url, 'alice');
      expect(await bothSides(onDjango)).toEqual(['hello alice', 'hello alice']);
      const onDemo = await login(demo!.url, 'alice');
      expect(await bothSides(onDemo)).toEqual(['hello alice', 'hello alice']);
      const vote = await fetch(`${django.url}/vote`, { headers: { cookie: `sessionid=${onDemo}` } });
      expect([vote.status, await vote.text()]).toEqual([200, 'voted']);
      expect(await fetch(`${demo!.url}/vote`, { headers: { cookie: `sessionid=${onDjango}` } }).then((r) => r.text())).toBe('voted');
    });

    it('logging out on either side ends the session on both', async () => {
      const onDjango = (await login(django.url, 'bob'))!;
      expect(await logout(demo!.url, onDjango)).toBe(200);
      expect(await bothSides(onDjango)).toEqual([null, null]);
      const onDemo = (await login(demo!.url, 'bob'))!;
      expect(await bothSides(onDemo)).toEqual(['hello bob', 'hello bob']);
      expect(await logout(django.url, onDemo)).toBe(200);
      expect(await bothSides(onDemo)).toEqual([null, null]);
    });

    it('alternating logins five times with the same iteration count never change the stored hash, and every session stays valid', async () => {
      const initial = await stored('alice');
      expect(initial).toMatch(/^pbkdf2_sha256\$260000\$/);
      const sessions: string[] = [];
      for (let round = 0; round < 5; round++) {
        sessions.push((await login(django.url, 'alice'))!);
        expect(await stored('alice')).toBe(initial);
        sessions.push((await login(demo!.url, 'alice'))!);
        expect(await stored('alice')).toBe(initial);
      }
      for (const session of sessions) expect(await bothSides(session)).toEqual(['hello alice', 'hello alice']);
    });

    it('a password changed on either side works on both and ends the sessions made with the old one', async () => {
      const before = [(await login(django.url, 'bob'))!, (await login(demo!.url, 'bob'))!];
      await django.python(
        "from django.contrib.auth.models import User\nu = User.objects.get(username='bob')\nu.set_password('changed-on-django')\nu.save()",
      );
      for (const session of before) expect(await bothSides(session)).toEqual([null, null]);
      expect(await login(demo!.url, 'bob', PASSWORD)).toBeNull();
      const afterDjangoChange = (await login(demo!.url, 'bob', 'changed-on-django'))!;
      expect(await bothSides(afterDjangoChange)).toEqual(['hello bob', 'hello bob']);

      const bob = (await users.getByNaturalKey('bob'))!;
      await bob.setPassword('changed-on-nest');
      await users.repository.save(bob);
      expect(await stored('bob')).toMatch(/^pbkdf2_sha256\$260000\$/);
      expect(await bothSides(afterDjangoChange)).toEqual([null, null]);
      expect(await login(django.url, 'bob', 'changed-on-django')).toBeNull();
      const afterNestChange = (await login(django.url, 'bob', 'changed-on-nest'))!;
      expect(await bothSides(afterNestChange)).toEqual(['hello bob', 'hello bob']);
    });

    it("a reset token made by either side validates on the other (Django's last_login read as UTC)", async () => {
      const tokens = new PasswordResetTokenGenerator({ secret: DJANGO_SECRET_KEY });
      await login(django.url, 'admin');
      if (kind === 'sqlite') {
        const [row] = await dataSource.query("SELECT last_login FROM auth_user WHERE username = 'admin'");
        expect(row.last_login).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      }
      const checkOnDjango = (token: string) =>
        django.python(
          'from django.contrib.auth.models import User\nfrom django.contrib.auth.tokens import default_token_generator as g\n' +
            `print(g.check_token(User.objects.get(username='admin'), ${JSON.stringify(token)}))`,
        );
      const fromDjango = await django.python(
        "from django.contrib.auth.models import User\nfrom django.contrib.auth.tokens import default_token_generator as g\nprint(g.make_token(User.objects.get(username='admin')))",
      );
      const admin = await tokenUser('admin');
      expect(tokens.checkToken(admin, fromDjango)).toBe(true);
      const fromNest = tokens.makeToken(admin);
      expect(await checkOnDjango(fromNest)).toBe('True');

      // A login on the demo changes last_login: both tokens stop working on both sides.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await login(demo!.url, 'admin');
      const relogged = await tokenUser('admin');
      expect(tokens.checkToken(relogged, fromDjango)).toBe(false);
      expect(await checkOnDjango(fromNest)).toBe('False');
      expect(await checkOnDjango(tokens.makeToken(relogged))).toBe('True');
    });

    it("a reset link made by either side opens the other's reset form (Django's PasswordResetConfirmView, the demo's reset/ page)", async () => {
      const admin = await tokenUser('admin');
      const uid = urlsafeBase64Encode(String((admin as unknown as { id: number }).id));
      /** Django's own view on a request for /reset/<uid>/<token>/: `302 <set-password URL>` for a valid link, `200 None` else. */
      const djangoConfirm = (token: string) =>
        django.python(
          [
            'from django.test import RequestFactory',
            'from django.contrib.auth.models import AnonymousUser',
            'from django.contrib.sessions.middleware import SessionMiddleware',
            'from django.contrib.auth.views import PasswordResetConfirmView',
            `request = RequestFactory().get('/reset/${uid}/${token}/')`,
            'SessionMiddleware(lambda r: None).process_request(request)',
            'request.user = AnonymousUser()',
            `response = PasswordResetConfirmView.as_view()(request, uidb64='${uid}', token=${JSON.stringify(token)})`,
            "print(response.status_code, response.get('Location'))",
          ].join('\n'),
        );
      /** The demo's page: the redirect to set-password and, with the session it set, the form. */
      const demoConfirm = async (token: string) => {
        const link = await fetch(`${demo!.url}/accounts/reset/${uid}/${token}/`, { redirect: 'manual' });
        if (link.status !== 302) return `${link.status}`;
        const cookie = link.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
        const page = await fetch(new URL(link.headers.get('location')!, demo!.url), { headers: { cookie }, redirect: 'manual' });
        const html = await page.text();
        return `${link.status} ${link.headers.get('location')} ${page.status} ${html.includes('name="new_password1"') ? 'form' : 'no form'}`;
      };
      const fromDjango = await django.python(
        "from django.contrib.auth.models import User\nfrom django.contrib.auth.tokens import default_token_generator as g\nprint(g.make_token(User.objects.get(username='admin')))",
      );
      const fromNest = new PasswordResetTokenGenerator({ secret: DJANGO_SECRET_KEY }).makeToken(admin);
      expect(await demoConfirm(fromDjango)).toBe(`302 /accounts/reset/${uid}/set-password/ 200 form`);
      expect(await djangoConfirm(fromNest)).toBe(`302 /reset/${uid}/set-password/`);
      const forged = fromNest.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
      expect(await demoConfirm(forged)).toBe('200');
      expect(await djangoConfirm(forged)).toBe('200 None');
    });

    it('legacy-hasher users of the Django database log in through the demo and are upgraded once', async () => {
      const legacy: Array<[string, string, RegExp]> = [
        ['md5user', 'md5', /^md5\$/],
        ['sha1user', 'sha1', /^sha1\$[^$]+\$/],
        ['umd5user', 'unsalted_md5', /^[0-9a-f]{32}$/],
        ['usha1user', 'unsalted_sha1', /^sha1\$\$[0-9a-f]{40}$/],
        ['bcryptuser', 'bcrypt', /^bcrypt\$\$2b\$/],
      ];
      await django.python(
        'from django.contrib.auth.hashers import make_password\nfrom django.contrib.auth.models import User\n' +
          legacy.map(([name, algorithm]) => `User.objects.create(username=${JSON.stringify(name)}, password=make_password('password', hasher=${JSON.stringify(algorithm)}))`).join('\n'),
      );
      for (const [name, , format] of legacy) {
        expect([name, await stored(name)]).toEqual([name, expect.stringMatching(format)]);
        expect(await login(demo!.url, name, 'wrong')).toBeNull();
        const first = (await login(demo!.url, name))!;
        const upgraded = await stored(name);
        expect([name, upgraded]).toEqual([name, expect.stringMatching(/^pbkdf2_sha256\$260000\$/)]);
        const again = (await login(demo!.url, name))!;
        const onDjango = (await login(django.url, name))!;
        expect(await stored(name)).toBe(upgraded);
        for (const session of [first, again, onDjango]) expect(await bothSides(session)).toEqual([`hello ${name}`, `hello ${name}`]);
      }
    });
  });
}

if (unavailable) {
  if (REQUIRE_SERVICES) {
    describe('a live Django site', () => {
      it('runs (AUTH_TEST_REQUIRE_SERVICES=1)', () => {
        throw new Error(`AUTH_TEST_REQUIRE_SERVICES=1 but the live Django test cannot run: ${unavailable}`);
      });
    });
  } else {
    process.stderr.write(`\n${'!'.repeat(72)}\n  live Django suite SKIPPED: ${unavailable}\n${'!'.repeat(72)}\n\n`);
    describe.skip(`a live Django site: SKIPPED, ${unavailable}`, () => it('needs Django', () => undefined));
  }
} else {
  describeLiveDjango('sqlite');
  (isAvailable('postgres') ? describeLiveDjango : (kind: string) => describe.skip(`a live Django site [${kind}: SKIPPED, server unreachable]`, () => it('needs PostgreSQL', () => undefined)))('postgres');
}
