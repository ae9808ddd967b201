import { Controller, Get, INestApplication, Post, Req, Res, Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import {
  AccountsModule,
  AccountsModuleOptions,
  AllowAllUsersModelBackend,
  AuthenticationForm,
  AuthModuleOptions,
  GroupManager,
  MailService,
  PasswordResetTokenGenerator,
  urlsafeBase64Encode,
  User,
  UserManager,
  ValidationError,
  redirectToLogin,
  logoutThenLogin,
  CsrfProtect,
  messages,
} from 'nest-django-auth';
import { cookieValue, setCookies } from './support/cookies';
import { createTestDatabase, DatabaseKind, describeEachDatabase, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp, TEST_SECRET_KEY } from './support/test-app';

const INVALID_LOGIN = 'Please enter a correct username and password. Note that both fields may be case-sensitive.';
const REQUIRED = 'This field is required.';
const NEVER_CACHE = 'max-age=0, no-cache, no-store, must-revalidate, private';

interface Booted {
  app: INestApplication;
  database: TestDatabase;
  users: Record<string, User>;
}

async function boot(kind: DatabaseKind, auth: Partial<AuthModuleOptions> = {}, accounts: AccountsModuleOptions = {}, controllers: Type[] = []): Promise<Booted> {
  const database = await createTestDatabase(kind);
  const { app } = await createTestApp(database.url, {
    controllers,
    auth: { allowedHosts: ['127.0.0.1', 'testserver', '.example.com'], email: { backend: 'locmem', defaultFromEmail: 'accounts@example.com' }, ...auth } as never,
    imports: [AccountsModule.forRoot({ prefix: 'accounts', siteName: 'Test site', ...accounts })],
  });
  const users = await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
  return { app, database, users };
}

/** The reset emails sent so far (the locmem backend's outbox). */
function outbox(app: INestApplication) {
  return app.get(MailService).outbox;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The outbox once it holds `count` messages: the reset view answers before its mail goes out. */
async function sentMail(app: INestApplication, count = 1) {
  for (const deadline = Date.now() + 5_000; outbox(app).length < count && Date.now() < deadline; ) await sleep(10);
  expect(outbox(app).length).toBe(count);
  return outbox(app);
}

/** No mail, checked after the time a mail takes to go out. */
async function expectNoMail(app: INestApplication) {
  await sleep(300);
  expect(outbox(app)).toEqual([]);
}

const HOST = 'testserver';

/** A browser: cookies kept between requests, Host set as a client would. */
function browser(app: INestApplication): TestAgent {
  return request.agent(app.getHttpServer()).set('Host', HOST) as unknown as TestAgent;
}

/** The hidden csrfmiddlewaretoken of a rendered form. */
function formToken(html: string): string {
  const match = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no csrfmiddlewaretoken in:\n${html.slice(0, 500)}`);
  return match[1];
}

/** GET a form page, then POST it with its token, as a browser does. */
async function submit(agent: TestAgent, path: string, fields: Record<string, string>, query = '') {
  const page = await agent.get(path + query);
  expect(page.status).toBe(200);
  return agent.post(path + query).type('form').send({ ...fields, csrfmiddlewaretoken: formToken(page.text) });
}

/** A JSON client: the token from `csrf/`, sent back in X-CSRFToken. */
async function postJson(agent: TestAgent, path: string, body: Record<string, unknown>) {
  const token = (await agent.get(`/${path.split('/')[1]}/csrf/`).set('Accept', 'application/json')).body.csrfToken;
  return agent.post(path).set({ Accept: 'application/json', 'X-CSRFToken': token }).send(body);
}

async function loggedIn(app: INestApplication, username = 'alice', password = 'password'): Promise<TestAgent> {
  const agent = browser(app);
  const res = await submit(agent, '/accounts/login/', { username, password });
  expect(res.status).toBe(302);
  return agent;
}

function resetLink(body: string): string {
  const match = /http:\/\/testserver(\/accounts\/reset\/[^/\s]+\/[^/\s]+\/)/.exec(body);
  if (!match) throw new Error(`no reset link in:\n${body}`);
  return match[1];
}

function expectPageHeaders(res: request.Response) {
  expect(res.headers['cache-control']).toBe(NEVER_CACHE);
  expect(res.headers.expires).toBeDefined();
  expect(res.headers['x-frame-options']).toBe('DENY');
}

describeEachDatabase('account pages', (kind) => {
  let booted: Booted;
  let app: INestApplication;

  beforeAll(async () => {
    booted = await boot(kind);
    app = booted.app;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await booted?.database.drop();
  });

  beforeEach(() => {
    outbox(app).length = 0;
  });

  describe('login', () => {
    it('GET: the form, accessible, with the CSRF field, the safe next and never cached', async () => {
      const res = await browser(app).get('/accounts/login/?next=/polls/');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expectPageHeaders(res);
      expect(res.text).toContain('<title>Log in | Test site</title>');
      expect(res.text).toContain('<label for="id_username">Username</label>');
      expect(res.text).toContain('<label for="id_password">Password</label>');
      expect(res.text).toMatch(/<input type="text" name="username" id="id_username" required maxlength="150" autocomplete="username" autofocus autocapitalize="none">/);
      expect(res.text).toContain('<input type="hidden" name="next" value="/polls/">');
      expect(formToken(res.text)).toMatch(/^[a-zA-Z0-9]{64}$/);
      expect(cookieValue(res, 'csrftoken')).toMatch(/^[a-zA-Z0-9]{32}$/);
      expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(res.text).toContain('href="/accounts/password_reset/"');
    });

    it('GET as JSON: the fields and the safe next', async () => {
      const res = await browser(app).get('/accounts/login/?next=/polls/').set('Accept', 'application/json');
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(res.body.next).toBe('/polls/');
      expect(res.body.fields.map((f: { name: string }) => f.name)).toEqual(['username', 'password']);
      expect(res.body.fields[1]).toEqual(expect.objectContaining({ label: 'Password', inputType: 'password', required: true }));
    });

    it('success: a new session, a rotated CSRF secret, a redirect to next', async () => {
      const agent = browser(app);
      const page = await agent.get('/accounts/login/');
      const before = cookieValue(page, 'csrftoken');
      const res = await agent.post('/accounts/login/').type('form').send({ username: 'alice', password: 'password', next: '/polls/1/', csrfmiddlewaretoken: formToken(page.text) });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/polls/1/');
      expectPageHeaders(res);
      expect(cookieValue(res, 'sessionid')).toMatch(/^[a-z0-9]{32}$/);
      const after = cookieValue(res, 'csrftoken');
      expect(after).toMatch(/^[a-zA-Z0-9]{32}$/);
      expect(after).not.toBe(before);
      const change = await agent.get('/accounts/password_change/');
      expect(change.status).toBe(200);
    });

    it('success without next: loginRedirectUrl', async () => {
      const res = await submit(browser(app), '/accounts/login/', { username: 'bob', password: 'password' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/accounts/profile/');
    });

    it('next from the query string when the form has none', async () => {
      const res = await submit(browser(app), '/accounts/login/', { username: 'bob', password: 'password' }, '?next=%2Fpolls%2F%3Fq%3D1');
      expect(res.headers.location).toBe('/polls/?q=1');
    });

    it('JSON success: 200 with the user (never the password) and where to go', async () => {
      const res = await postJson(browser(app), '/accounts/login/', { username: 'alice', password: 'password', next: '/polls/' });
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(res.body).toEqual({
        user: { id: booted.users.alice.id, username: 'alice', email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell', isActive: true, isStaff: false, isSuperuser: false },
        redirectTo: '/polls/',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/pbkdf2|password/);
    });

    it('bad credentials, HTML: 200 with the form, Django\'s message, the username kept, no session', async () => {
      const res = await submit(browser(app), '/accounts/login/', { username: 'alice', password: 'wrong' });
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<div class="errornote" role="alert" id="form-errors"><p>${INVALID_LOGIN}</p></div>`);
      expect(res.text).toContain('value="alice"');
      expect(res.text).not.toContain('value="wrong"');
      expect(cookieValue(res, 'sessionid')).toBeUndefined();
    });

    it('bad credentials, JSON: 400 with the errors by field', async () => {
      const res = await postJson(browser(app), '/accounts/login/', { username: 'alice', password: 'wrong' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: { __all__: [INVALID_LOGIN] }, codes: { __all__: ['invalid_login'] } });
    });

    it('an unknown user and an inactive one get the same generic message (ModelBackend)', async () => {
      for (const username of ['nobody', 'carol']) {
        const res = await postJson(browser(app), '/accounts/login/', { username, password: 'password' });
        expect(res.body.errors).toEqual({ __all__: [INVALID_LOGIN] });
      }
    });

    it('missing fields: "This field is required." under each, tied to its input', async () => {
      const res = await submit(browser(app), '/accounts/login/', { username: '', password: '' });
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<ul class="errorlist" id="id_username_error"><li>${REQUIRED}</li></ul>`);
      expect(res.text).toContain(`<ul class="errorlist" id="id_password_error"><li>${REQUIRED}</li></ul>`);
      expect(res.text).toMatch(/id="id_username"[^>]* aria-invalid="true" aria-describedby="id_username_error"/);
      const json = await postJson(browser(app), '/accounts/login/', {});
      expect(json.body.errors).toEqual({ username: [REQUIRED], password: [REQUIRED] });
    });

    it('NUL characters, over-long usernames and non-string values: Django\'s field errors', async () => {
      const res = await postJson(browser(app), '/accounts/login/', { username: `${'a'.repeat(151)}\u0000`, password: 'x\u0000' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({
        username: ['Ensure this value has at most 150 characters (it has 152).', 'Null characters are not allowed.'],
        password: ['Null characters are not allowed.'],
      });
      const typed = await postJson(browser(app), '/accounts/login/', { username: { $ne: '' }, password: ['a', { b: 1 }] });
      expect(typed.status).toBe(400);
      expect(typed.body.errors).toEqual({ username: ['Enter a valid value.'], password: ['Enter a valid value.'] });
    });

    it('the username is NFKC-normalised (ａｌｉｃｅ is alice)', async () => {
      const res = await postJson(browser(app), '/accounts/login/', { username: 'ａｌｉｃｅ', password: 'password' });
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe('alice');
    });
  });

  describe('logout', () => {
    it('POST: the session ends, the logged-out page (Django 5: POST only)', async () => {
      const agent = await loggedIn(app);
      const page = await agent.get('/accounts/password_change/');
      // Every page of a logged-in user has the account links and a log-out button (a POST form).
      expect(page.text).toContain('<nav class="usertools" aria-label="Account">\n<span>alice</span>\n<a href="/accounts/password_change/">Change password</a>');
      expect(page.text).toMatch(/<form method="post" action="\/accounts\/logout\/"><input type="hidden" name="csrfmiddlewaretoken" value="[a-zA-Z0-9]{64}"><button type="submit" class="link">Log out<\/button><\/form>/);
      const res = await agent.post('/accounts/logout/').type('form').send({ csrfmiddlewaretoken: formToken(page.text) });
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(res.text).toContain('<title>Logged out | Test site</title>');
      expect(res.text).toContain('href="/accounts/login/"');
      expect(res.text).not.toContain('<nav');
      expect(setCookies(res).find((c) => c.startsWith('sessionid='))).toMatch(/sessionid=; .*Max-Age=0|sessionid=; .*Expires=Thu, 01 Jan 1970/);
      expect((await agent.get('/accounts/password_change/')).status).toBe(302);
    });

    it('GET (a link, an <img>): 405 with Allow; PUT, DELETE: CSRF-checked first (403), 405 with a token; the user stays logged in', async () => {
      const agent = await loggedIn(app);
      const token = (await agent.get('/accounts/csrf/')).body.csrfToken;
      expect((await agent.put('/accounts/logout/')).status).toBe(403);
      for (const res of [await agent.get('/accounts/logout/'), await agent.put('/accounts/logout/').set('X-CSRFToken', token), await agent.delete('/accounts/logout/').set('X-CSRFToken', token)]) {
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe('POST, OPTIONS');
        expectPageHeaders(res);
      }
      expect((await agent.get('/accounts/password_change/')).status).toBe(200);
    });

    it('a safe next is followed; JSON gets where to go', async () => {
      const agent = await loggedIn(app);
      const token = (await agent.get('/accounts/csrf/')).body.csrfToken;
      const res = await agent.post('/accounts/logout/').type('form').send({ next: '/polls/', csrfmiddlewaretoken: token });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/polls/');
      const json = await postJson(await loggedIn(app), '/accounts/logout/', {});
      expect(json.status).toBe(200);
      expect(json.body).toEqual({ redirectTo: null });
    });

    it('a hostile next in the query string: back to the logout path, never elsewhere', async () => {
      const agent = await loggedIn(app);
      const token = (await agent.get('/accounts/csrf/')).body.csrfToken;
      const res = await agent.post('/accounts/logout/?next=http://evil.com/').set('X-CSRFToken', token);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/accounts/logout/');
    });
  });

  describe('password change', () => {
    it('anonymous: to the login page with next (HTML), 401 (JSON)', async () => {
      const res = await browser(app).get('/accounts/password_change/');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/accounts/login/?next=/accounts/password_change/');
      const done = await browser(app).get('/accounts/password_change/done/');
      expect(done.headers.location).toBe('/accounts/login/?next=/accounts/password_change/done/');
      const json = await browser(app).get('/accounts/password_change/').set('Accept', 'application/json');
      expect(json.status).toBe(401);
    });

    it('the form: old password, new password with the validators\' help, confirmation', async () => {
      const agent = await loggedIn(app);
      const res = await agent.get('/accounts/password_change/');
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(res.text).toContain('<label for="id_old_password">Old password</label>');
      expect(res.text).toContain('<label for="id_new_password1">New password</label>');
      expect(res.text).toContain('<label for="id_new_password2">New password confirmation</label>');
      expect(res.text).toContain('Your password must contain at least 8 characters.');
      expect(res.text).toMatch(/id="id_new_password1"[^>]* aria-describedby="id_new_password1_helptext"/);
    });

    it('every error, with Django\'s messages, HTML and JSON', async () => {
      const agent = await loggedIn(app, 'bob');
      const wrongOld = await submit(agent, '/accounts/password_change/', { old_password: 'nope', new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-91' });
      expect(wrongOld.status).toBe(200);
      expect(wrongOld.text).toContain('<ul class="errorlist" id="id_old_password_error"><li>Your old password was entered incorrectly. Please enter it again.</li></ul>');
      const confirmation = await submit(agent, '/accounts/password_change/', { old_password: 'password', new_password1: 'Zebra-Cactus-91', new_password2: 'x' });
      // The focus goes to the first field in error, not to the first field.
      expect(confirmation.text).toMatch(/<input type="password" name="new_password2" id="id_new_password2" required autocomplete="new-password" autofocus aria-invalid="true"/);
      expect(confirmation.text).not.toMatch(/name="old_password"[^>]* autofocus/);
      const cases: Array<[Record<string, string>, Record<string, string[]>]> = [
        [{ old_password: 'password', new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-92' }, { new_password2: ['The two password fields didn’t match.'] }],
        [{ old_password: 'password', new_password1: '1234', new_password2: '1234' }, {
          new_password2: ['This password is too short. It must contain at least 8 characters.', 'This password is too common.', 'This password is entirely numeric.'],
        }],
        [{ old_password: 'password', new_password1: 'bobbuilder', new_password2: 'bobbuilder' }, { new_password2: ['The password is too similar to the last name.'] }],
        [{}, { old_password: [REQUIRED], new_password1: [REQUIRED], new_password2: [REQUIRED] }],
      ];
      for (const [body, errors] of cases) {
        const res = await postJson(agent, '/accounts/password_change/', body);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual(errors);
      }
      const similar = await submit(agent, '/accounts/password_change/', { old_password: 'password', new_password1: 'bobbuilder', new_password2: 'bobbuilder' });
      expect(similar.text).toContain('<li>The password is too similar to the last name.</li>');
    });

    it('success: saved, this session kept (new key), the user\'s other sessions ended, then the done page', async () => {
      const users = app.get(UserManager<User>);
      await users.createUser('dora', 'dora@example.com', 'password');
      const other = await loggedIn(app, 'dora');
      const agent = await loggedIn(app, 'dora');
      const res = await submit(agent, '/accounts/password_change/', { old_password: 'password', new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-91' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/accounts/password_change/done/');
      expect(cookieValue(res, 'sessionid')).toMatch(/^[a-z0-9]{32}$/);
      const done = await agent.get('/accounts/password_change/done/');
      expect(done.status).toBe(200);
      expect(done.text).toContain('Your password was changed.');
      expectPageHeaders(done);
      expect((await other.get('/accounts/password_change/')).status).toBe(302);
      expect((await postJson(browser(app), '/accounts/login/', { username: 'dora', password: 'password' })).status).toBe(400);
      expect((await postJson(browser(app), '/accounts/login/', { username: 'dora', password: 'Zebra-Cactus-91' })).status).toBe(200);
    });

    it('JSON success: 200 with where to go', async () => {
      await app.get(UserManager<User>).createUser('eve', 'eve@example.com', 'password');
      const agent = browser(app);
      expect((await postJson(agent, '/accounts/login/', { username: 'eve', password: 'password' })).status).toBe(200);
      const res = await postJson(agent, '/accounts/password_change/', { old_password: 'password', new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-91' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ redirectTo: '/accounts/password_change/done/' });
    });
  });

  describe('password reset', () => {
    it('the form page', async () => {
      const res = await browser(app).get('/accounts/password_reset/');
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(res.text).toContain('<label for="id_email">Email</label>');
      expect(res.text).toMatch(/<input type="email" name="email" id="id_email" required maxlength="254" autocomplete="email" autofocus>/);
    });

    it('a bad address: Django\'s message (HTML 200, JSON 400)', async () => {
      const res = await submit(browser(app), '/accounts/password_reset/', { email: 'not-an-address' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('<li>Enter a valid email address.</li>');
      const json = await postJson(browser(app), '/accounts/password_reset/', { email: '' });
      expect(json.status).toBe(400);
      expect(json.body.errors).toEqual({ email: [REQUIRED] });
      await expectNoMail(app);
    });

    it('the same answer for a known and an unknown address (status, body, headers but cookies and dates); mail only to the known one', async () => {
      const answers = [];
      for (const email of ['ALICE@example.com', 'nobody@example.com']) {
        const res = await submit(browser(app), '/accounts/password_reset/', { email });
        const { date, expires, 'set-cookie': _cookies, ...headers } = res.headers;
        answers.push({ status: res.status, body: res.text, headers });
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0].status).toBe(302);
      expect(answers[0].headers.location).toBe('/accounts/password_reset/done/');
      const jsonAnswers = [];
      for (const email of ['bob@example.com', 'nobody@example.com']) {
        const res = await postJson(browser(app), '/accounts/password_reset/', { email });
        const { date, expires, 'set-cookie': _cookies, ...headers } = res.headers;
        jsonAnswers.push({ status: res.status, body: res.body, headers });
      }
      expect(jsonAnswers[0]).toEqual(jsonAnswers[1]);
      expect(jsonAnswers[0].body).toEqual({ redirectTo: '/accounts/password_reset/done/' });
      expect((await sentMail(app, 2)).map((m) => m.to)).toEqual([['alice@example.com'], ['bob@example.com']]);
    });

    it('no mail to an inactive user, nor to a user without a usable password', async () => {
      const users = app.get(UserManager<User>);
      await users.createUser('nopass', 'nopass@example.com');
      for (const email of ['carol@example.com', 'nopass@example.com']) {
        expect((await submit(browser(app), '/accounts/password_reset/', { email })).status).toBe(302);
      }
      await expectNoMail(app);
    });

    it('the email: Django\'s subject and body, with the link, the username and the site name', async () => {
      await submit(browser(app), '/accounts/password_reset/', { email: 'alice@example.com' });
      const [mail] = await sentMail(app);
      expect(mail.subject).toBe('Password reset on Test site');
      expect(mail.from).toBe('accounts@example.com');
      expect(mail.htmlBody).toBeUndefined();
      expect(mail.body).toContain("You're receiving this email because you requested a password reset for your user account at Test site.");
      expect(mail.body).toContain('Your username, in case you’ve forgotten: alice');
      const uid = urlsafeBase64Encode(String(booted.users.alice.id));
      expect(resetLink(mail.body)).toMatch(new RegExp(`^/accounts/reset/${uid}/[0-9a-z]+-[0-9a-f]+/$`));
      const done = await browser(app).get('/accounts/password_reset/done/');
      expect(done.status).toBe(200);
      expect(done.text).toContain('We’ve emailed you instructions for setting your password');
    });

    it('the whole reset: link → token moved into the session → set-password page → new password → done; the link then fails', async () => {
      await app.get(UserManager<User>).createUser('frank', 'frank@example.com', 'password');
      await submit(browser(app), '/accounts/password_reset/', { email: 'frank@example.com' });
      const link = resetLink((await sentMail(app))[0].body);
      const agent = browser(app);
      const first = await agent.get(link);
      expect(first.status).toBe(302);
      expect(first.headers['referrer-policy']).toBe('no-referrer');
      expectPageHeaders(first);
      const setPasswordUrl = first.headers.location;
      expect(setPasswordUrl).toBe(link.replace(/[^/]+\/$/, 'set-password/'));
      expect(setPasswordUrl).not.toContain(link.split('/')[4]);
      const page = await agent.get(setPasswordUrl);
      expect(page.status).toBe(200);
      expect(page.headers['referrer-policy']).toBe('same-origin');
      expect(page.text).toContain('<title>Enter new password | Test site</title>');
      expect(page.text).toContain(`action="${setPasswordUrl}"`);
      const mismatch = await agent.post(setPasswordUrl).type('form').send({ new_password1: 'Zebra-Cactus-91', new_password2: 'x', csrfmiddlewaretoken: formToken(page.text) });
      expect(mismatch.status).toBe(200);
      expect(mismatch.text).toContain('<li>The two password fields didn’t match.</li>');
      const res = await agent.post(setPasswordUrl).type('form').send({ new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-91', csrfmiddlewaretoken: formToken(page.text) });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/accounts/reset/done/');
      expect((await agent.get('/accounts/password_change/')).status).toBe(302); // no login after a reset by default
      const complete = await agent.get('/accounts/reset/done/');
      expect(complete.text).toContain('Your password has been set. You may go ahead and log in now.');
      expect(complete.text).toContain('href="/accounts/login/"');
      expect((await postJson(browser(app), '/accounts/login/', { username: 'frank', password: 'Zebra-Cactus-91' })).status).toBe(200);
      // One-time: the link and the set-password page no longer work.
      for (const again of [await browser(app).get(link), await agent.get(setPasswordUrl)]) {
        expect(again.status).toBe(200);
        expect(again.text).toContain('<title>Password reset unsuccessful | Test site</title>');
        expect(again.text).toContain('The password reset link was invalid, possibly because it has already been used.');
        expect(again.text).not.toContain('<form');
      }
    });

    it('the set-password page without the token in the session (another browser): unsuccessful', async () => {
      await submit(browser(app), '/accounts/password_reset/', { email: 'bob@example.com' });
      const link = resetLink((await sentMail(app))[0].body);
      const setPasswordUrl = (await browser(app).get(link)).headers.location;
      const stranger = await browser(app).get(setPasswordUrl);
      expect(stranger.status).toBe(200);
      expect(stranger.text).toContain('Password reset unsuccessful');
    });

    it('bad links: malformed uidb64, unknown user, tampered token → the unsuccessful page (JSON 400), no redirect', async () => {
      const tokens = app.get(PasswordResetTokenGenerator);
      const alice = await app.get(UserManager<User>).getByNaturalKey('alice');
      const good = tokens.makeToken(alice!);
      const uid = urlsafeBase64Encode(String(alice!.id));
      for (const path of [
        `/accounts/reset/!!!/${good}/`,
        `/accounts/reset/${urlsafeBase64Encode('999999')}/${good}/`,
        `/accounts/reset/${urlsafeBase64Encode('abc')}/${good}/`,
        `/accounts/reset/${urlsafeBase64Encode('1 OR 1=1')}/${good}/`,
        `/accounts/reset/${uid}/${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}/`,
        `/accounts/reset/${uid}/${good.split('-')[0]}-/`,
        `/accounts/reset/${uid}/set-password/`,
      ]) {
        const res = await browser(app).get(path);
        expect(res.status).toBe(200);
        expect(res.text).toContain('Password reset unsuccessful');
        const json = await browser(app).get(path).set('Accept', 'application/json');
        expect(json.status).toBe(400);
        expect(json.body).toEqual({ validlink: false, errors: { __all__: ['The password reset link was invalid, possibly because it has already been used. Please request a new password reset.'] } });
      }
    });

    it('an expired token (older than passwordResetTimeout, 3 days) fails', async () => {
      const alice = await app.get(UserManager<User>).getByNaturalKey('alice');
      const old = new PasswordResetTokenGenerator({ secret: TEST_SECRET_KEY, now: () => new Date(Date.now() - (259200 + 5) * 1000) }).makeToken(alice!);
      const fresh = new PasswordResetTokenGenerator({ secret: TEST_SECRET_KEY, now: () => new Date(Date.now() - (259200 - 60) * 1000) }).makeToken(alice!);
      const uid = urlsafeBase64Encode(String(alice!.id));
      expect((await browser(app).get(`/accounts/reset/${uid}/${old}/`)).text).toContain('Password reset unsuccessful');
      expect((await browser(app).get(`/accounts/reset/${uid}/${fresh}/`)).status).toBe(302);
    });
  });

  it('csrf/: a token for SPAs, with the cookie', async () => {
    const res = await browser(app).get('/accounts/csrf/');
    expect(res.status).toBe(200);
    expect(res.body.csrfToken).toMatch(/^[a-zA-Z0-9]{64}$/);
    expect(cookieValue(res, 'csrftoken')).toMatch(/^[a-zA-Z0-9]{32}$/);
    expectPageHeaders(res);
  });
});

/** `next` values open-redirect probes send; none may take the browser off this site. */
const HOSTILE_NEXT = [
  'http://evil.com/',
  'https://evil.com',
  'HTTPS://EVIL.COM/',
  '//evil.com',
  '///evil.com',
  '////evil.com/',
  '\\\\evil.com',
  '/\\evil.com',
  '\\/evil.com',
  'http:/\\evil.com',
  'http:\\\\evil.com',
  'http:evil.com',
  '/\t/evil.com',
  ' //evil.com',
  '\n//evil.com',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'ftp://testserver/',
  'mailto:admin@evil.com',
  'http://testserver@evil.com/',
  'http://evil.com@testserver/',
  'http://evil.com\\@testserver/',
  'http://evil.com#@testserver/',
  'http://testserver.evil.com/',
  'http://evil。com/',
  'http://ｅｖｉｌ.com/',
  'http://testserver℀evil.com/',
  'http://evil.com/\r\nSet-Cookie: sessionid=planted',
  '\r\nLocation: http://evil.com',
  'http://[::1]evil.com/',
  'http://0x7f000001/',
  '\u0000//evil.com',
];

describe('account pages: options, hostile input, CSRF, throttling [sqlite]', () => {
  let booted: Booted;
  let app: INestApplication;
  let templatesDir: string;

  beforeAll(async () => {
    templatesDir = mkdtempSync(join(tmpdir(), 'account-templates-'));
    mkdirSync(join(templatesDir, 'registration'));
    writeFileSync(join(templatesDir, 'registration', 'password_reset_done.html'), '<p>Custom done page of {{ brand }} for {{ site_name }}</p>');
    booted = await boot('sqlite', { trustProxy: 'loopback', throttling: { username: { failureLimit: 3, windowSeconds: 60, coolOffSeconds: 30 }, usernameAndIpAddress: false, ipAddress: false } }, {
      templatesDir,
      extraContext: { brand: 'Acme <Co>' },
    });
    app = booted.app;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await booted?.database.drop();
    rmSync(templatesDir, { recursive: true, force: true });
  });

  it(`${HOSTILE_NEXT.length} hostile next values: never a redirect off the site, never reflected in the form`, async () => {
    for (const next of HOSTILE_NEXT) {
      const page = await browser(app).get(`/accounts/login/?next=${encodeURIComponent(next)}`);
      expect(page.text).toContain('<input type="hidden" name="next" value="">');
      const body = await postJson(browser(app), '/accounts/login/', { username: 'alice', password: 'password', next });
      expect({ next, redirectTo: body.body.redirectTo }).toEqual({ next, redirectTo: '/accounts/profile/' });
      const form = await submit(browser(app), '/accounts/login/', { username: 'alice', password: 'password', next });
      expect({ next, location: form.headers.location }).toEqual({ next, location: '/accounts/profile/' });
      const query = await submit(browser(app), '/accounts/login/', { username: 'alice', password: 'password' }, `?next=${encodeURIComponent(next)}`);
      expect({ next, location: query.headers.location }).toEqual({ next, location: '/accounts/profile/' });
    }
    expect(HOSTILE_NEXT.length).toBeGreaterThanOrEqual(20);
  });

  it('an encoded next is decoded once: %2F%2Fevil.com is //evil.com, refused', async () => {
    const res = await submit(browser(app), '/accounts/login/', { username: 'alice', password: 'password' }, '?next=%2F%2Fevil.com');
    expect(res.headers.location).toBe('/accounts/profile/');
  });

  it('an absolute next on this very host is followed; over HTTPS an http:// one is not (requireHttps)', async () => {
    const same = await postJson(browser(app), '/accounts/login/', { username: 'alice', password: 'password', next: 'http://testserver/polls/' });
    expect(same.body.redirectTo).toBe('http://testserver/polls/');
    // Over HTTPS the CSRF check wants a Referer of this site, as a browser sends.
    const https = () => browser(app).set({ 'X-Forwarded-Proto': 'https', Referer: 'https://testserver/accounts/login/' });
    const agent = https();
    const downgraded = await postJson(agent, '/accounts/login/', { username: 'alice', password: 'password', next: 'http://testserver/polls/' });
    expect(downgraded.body.redirectTo).toBe('/accounts/profile/');
    const secure = await postJson(https(), '/accounts/login/', { username: 'alice', password: 'password', next: 'https://testserver/polls/' });
    expect(secure.body.redirectTo).toBe('https://testserver/polls/');
  });

  it('Host: evil.com (allowedHosts set): 400 on every page, never a redirect to evil.com', async () => {
    const agent = request.agent(app.getHttpServer());
    const token = (await agent.get('/accounts/csrf/').set('Host', HOST)).body.csrfToken;
    for (const res of [
      await agent.get('/accounts/login/?next=http://evil.com/').set('Host', 'evil.com'),
      await agent.post('/accounts/login/?next=http://evil.com/').set({ Host: 'evil.com', 'X-CSRFToken': token }).type('form').send({ username: 'alice', password: 'password' }),
      await agent.post('/accounts/password_reset/').set({ Host: 'evil.com', 'X-CSRFToken': token }).type('form').send({ email: 'alice@example.com' }),
      await agent.get('/accounts/password_reset/').set('Host', 'evil.com'),
    ]) {
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.body.message).toBe("Invalid HTTP_HOST header: 'evil.com'. You may need to add 'evil.com' to ALLOWED_HOSTS.");
    }
    await expectNoMail(app);
  });

  it('the reset link is built from the validated host, with https when the request is', async () => {
    outbox(app).length = 0;
    await submit(browser(app).set({ 'X-Forwarded-Proto': 'https', Referer: 'https://testserver/accounts/password_reset/' }), '/accounts/password_reset/', { email: 'alice@example.com' });
    expect((await sentMail(app))[0].body).toMatch(/\nhttps:\/\/testserver\/accounts\/reset\/[^/]+\/[^/]+\/\n/);
  });

  it('CSRF on every POST: no cookie, a wrong token, a foreign Origin → 403 with Django\'s reason; nothing done', async () => {
    const alice = await loggedIn(app);
    const posts: Array<[TestAgent, string, Record<string, string>]> = [
      [browser(app), '/accounts/login/', { username: 'alice', password: 'password' }],
      [alice, '/accounts/logout/', {}],
      [alice, '/accounts/password_change/', { old_password: 'password', new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-91' }],
      [browser(app), '/accounts/password_reset/', { email: 'alice@example.com' }],
      [browser(app), `/accounts/reset/${urlsafeBase64Encode(String(booted.users.alice.id))}/set-password/`, { new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-91' }],
    ];
    outbox(app).length = 0;
    for (const [agent, path, fields] of posts) {
      const anonymous = await request(app.getHttpServer()).post(path).set('Host', HOST).type('form').send(fields);
      expect({ path, status: anonymous.status, message: anonymous.body.message }).toEqual({ path, status: 403, message: 'CSRF cookie not set.' });
      await agent.get('/accounts/csrf/');
      const missing = await agent.post(path).type('form').send(fields);
      expect({ path, status: missing.status, message: missing.body.message }).toEqual({ path, status: 403, message: 'CSRF token missing.' });
      const wrong = await agent.post(path).type('form').send({ ...fields, csrfmiddlewaretoken: 'a'.repeat(64) });
      expect({ path, status: wrong.status }).toEqual({ path, status: 403 });
      expect(wrong.body.message).toMatch(/^CSRF token from POST incorrect\.$/);
      const token = (await agent.get('/accounts/csrf/')).body.csrfToken;
      const foreign = await agent.post(path).set('Origin', 'http://evil.com').type('form').send({ ...fields, csrfmiddlewaretoken: token });
      expect({ path, status: foreign.status, message: foreign.body.message }).toEqual({ path, status: 403, message: 'Origin checking failed - http://evil.com does not match any trusted origins.' });
    }
    await expectNoMail(app);
    expect((await alice.get('/accounts/password_change/')).status).toBe(200); // still logged in, password unchanged
    expect((await postJson(browser(app), '/accounts/login/', { username: 'alice', password: 'password' })).status).toBe(200);
  });

  it('a token of another session (another visitor\'s cookie) is refused', async () => {
    const mallory = browser(app);
    const token = (await mallory.get('/accounts/csrf/')).body.csrfToken;
    const victim = browser(app);
    await victim.get('/accounts/csrf/');
    const res = await victim.post('/accounts/login/').type('form').send({ username: 'alice', password: 'password', csrfmiddlewaretoken: token });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('CSRF token from POST incorrect.');
  });

  it('login throttled: the failure reaching the limit and the next tries → 429 with Retry-After (HTML and JSON)', async () => {
    await app.get(UserManager<User>).createUser('grace', 'grace@example.com', 'password');
    expect((await postJson(browser(app), '/accounts/login/', { username: 'grace', password: 'wrong-1' })).status).toBe(400);
    expect((await postJson(browser(app), '/accounts/login/', { username: 'grace', password: 'wrong-2' })).status).toBe(400);
    const third = await postJson(browser(app), '/accounts/login/', { username: 'grace', password: 'wrong-3' });
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('30');
    expect(third.body.message).toBe('Too many failed login attempts. Try again later.');
    const html = await submit(browser(app), '/accounts/login/', { username: 'grace', password: 'password' });
    expect(html.status).toBe(429);
    expect(Number(html.headers['retry-after'])).toBeGreaterThan(0);
    expect(html.text).toContain('Too many failed login attempts. Try again later.');
    expect(html.headers['cache-control']).toBe(NEVER_CACHE);
  });

  it('templatesDir: an app template of the same name replaces the default; extraContext reaches it, escaped', async () => {
    const res = await browser(app).get('/accounts/password_reset/done/');
    expect(res.text).toBe('<p>Custom done page of Acme &lt;Co&gt; for Test site</p>');
    expect((await browser(app).get('/accounts/password_reset/')).text).toContain('<label for="id_email">Email</label>');
  });

  it('an over-long address: Django\'s max-length message', async () => {
    const res = await postJson(browser(app), '/accounts/password_reset/', { email: `${'a'.repeat(245)}@example.com` });
    expect(res.status).toBe(400);
    expect(res.body.errors.email).toContain('Ensure this value has at most 254 characters (it has 257).');
  });

  it('set-password in JSON: the validators\' errors on the confirmation, then success', async () => {
    const bob = await app.get(UserManager<User>).getByNaturalKey('bob');
    const uid = urlsafeBase64Encode(String(bob!.id));
    const agent = browser(app);
    const first = await agent.get(`/accounts/reset/${uid}/${app.get(PasswordResetTokenGenerator).makeToken(bob!)}/`).set('Accept', 'application/json');
    expect(first.status).toBe(302);
    const page = await agent.get(first.headers.location).set('Accept', 'application/json');
    expect(page.status).toBe(200);
    expect(page.body).toEqual(expect.objectContaining({ validlink: true, fields: [expect.objectContaining({ name: 'new_password1' }), expect.objectContaining({ name: 'new_password2' })] }));
    const weak = await postJson(agent, first.headers.location, { new_password1: 'bob', new_password2: 'bob' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual({
      new_password2: ['The password is too similar to the username.', 'This password is too short. It must contain at least 8 characters.', 'This password is too common.'],
    });
    const ok = await postJson(agent, first.headers.location, { new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-91' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ redirectTo: '/accounts/reset/done/' });
  });

  it('what a visitor typed is escaped in the page', async () => {
    const res = await submit(browser(app), '/accounts/login/', { username: '"><script>alert(1)</script>', password: 'x' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('HEAD and JSON GET of the pages: the same headers', async () => {
    for (const path of ['/accounts/login/', '/accounts/password_reset/', '/accounts/password_reset/done/', '/accounts/reset/done/']) {
      const head = await browser(app).head(path);
      expect(head.status).toBe(200);
      expectPageHeaders(head);
      const json = await browser(app).get(path).set('Accept', 'application/json');
      expect(json.status).toBe(200);
      expectPageHeaders(json);
    }
  });
});

class StaffOnlyAuthenticationForm extends AuthenticationForm {
  override async confirmLoginAllowed(user: unknown): Promise<void> {
    await super.confirmLoginAllowed(user);
    if (!(user as User).isStaff) throw new ValidationError({ message: 'This page is for staff only.', code: 'not_staff' });
  }
}

describe('account pages: module options [sqlite]', () => {
  const apps: Booted[] = [];
  afterAll(async () => {
    for (const { app, database } of apps) {
      await app.close();
      await database.drop();
    }
  });
  async function bootApp(auth: Partial<AuthModuleOptions>, accounts: AccountsModuleOptions, controllers: Type[] = []) {
    const b = await boot('sqlite', auth, accounts, controllers);
    apps.push(b);
    return b.app;
  }

  it('prefix, redirectAuthenticatedUser, authenticationForm, postResetLogin, a short passwordResetTimeout', async () => {
    const app = await bootApp({ passwordResetTimeout: 60, loginUrl: '/auth/login/', loginRedirectUrl: '/home/' }, {
      prefix: 'auth',
      redirectAuthenticatedUser: true,
      authenticationForm: StaffOnlyAuthenticationForm,
      postResetLogin: true,
    });
    expect((await browser(app).get('/accounts/login/')).status).toBe(404);
    const refused = await postJson(browser(app), '/auth/login/', { username: 'bob', password: 'password' });
    expect(refused.body.errors).toEqual({ __all__: ['This page is for staff only.'] });
    const agent = browser(app);
    const page = await agent.get('/auth/login/');
    const admin = await agent.post('/auth/login/').type('form').send({ username: 'admin', password: 'password', csrfmiddlewaretoken: formToken(page.text) });
    expect(admin.headers.location).toBe('/home/');
    const again = await agent.get('/auth/login/?next=/polls/');
    expect(again.status).toBe(302);
    expect(again.headers.location).toBe('/polls/');

    const bob = await app.get(UserManager<User>).getByNaturalKey('bob');
    const uid = urlsafeBase64Encode(String(bob!.id));
    const at = (secondsAgo: number) => new PasswordResetTokenGenerator({ secret: TEST_SECRET_KEY, now: () => new Date(Date.now() - secondsAgo * 1000) }).makeToken(bob!);
    expect((await browser(app).get(`/auth/reset/${uid}/${at(65)}/`)).text).toContain('Password reset unsuccessful');
    const visitor = browser(app);
    const first = await visitor.get(`/auth/reset/${uid}/${at(50)}/`);
    expect(first.headers.location).toBe(`/auth/reset/${uid}/set-password/`);
    const form = await visitor.get(first.headers.location);
    const done = await visitor.post(first.headers.location).set('Accept', 'application/json').type('form').send({ new_password1: 'Zebra-Cactus-91', new_password2: 'Zebra-Cactus-91', csrfmiddlewaretoken: formToken(form.text) });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ user: expect.objectContaining({ username: 'bob' }), redirectTo: '/auth/reset/done/' });
    // postResetLogin: the visitor is now bob.
    expect((await visitor.get('/auth/password_change/')).status).toBe(200);
  });

  it('AllowAllUsersModelBackend: an inactive user gets "This account is inactive."', async () => {
    const app = await bootApp({ backends: [AllowAllUsersModelBackend] }, {});
    const res = await postJson(browser(app), '/accounts/login/', { username: 'carol', password: 'password' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: { __all__: ['This account is inactive.'] }, codes: { __all__: ['inactive'] } });
  });

  it('logoutRedirectUrl: logout redirects there', async () => {
    const app = await bootApp({ logoutRedirectUrl: '/bye/' }, {});
    const agent = await loggedIn(app);
    const token = (await agent.get('/accounts/csrf/')).body.csrfToken;
    const res = await agent.post('/accounts/logout/').set('X-CSRFToken', token);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/bye/');
  });

  it('a reset for a known address answers without waiting for the mail (no timing channel): a transport that never finishes', async () => {
    const handed: string[] = [];
    const stalled = { name: 'stalled', version: '1', send: (mail: { data: { to: unknown } }) => void handed.push(String(mail.data.to)) };
    const app = await bootApp({ email: { backend: stalled } } as never, {});
    for (const email of ['alice@example.com', 'nobody@example.com']) {
      const res = await submit(browser(app), '/accounts/password_reset/', { email });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/accounts/password_reset/done/');
    }
    await sleep(100);
    expect(handed).toEqual(['alice@example.com']);
  });
});

@Controller('notes')
class NotesController {
  @Get()
  async note(@Req() req: Request, @Res() res: Response) {
    await messages.success(req, 'Welcome <back>');
    res.redirect(302, '/accounts/login/');
  }
}

@Controller('bye')
@CsrfProtect()
class ByeController {
  @Post()
  async bye(@Req() req: Request, @Res() res: Response) {
    await logoutThenLogin(req, res);
  }
}

describe('logoutThenLogin [sqlite]', () => {
  let booted: Booted;
  beforeAll(async () => {
    booted = await boot('sqlite', { loginUrl: '/accounts/login/' }, {}, [ByeController]);
  }, 60_000);
  afterAll(async () => {
    await booted?.app.close();
    await booted?.database.drop();
  });

  it('logs out, then to the login page (or a safe next, never a hostile one)', async () => {
    const agent = await loggedIn(booted.app);
    const token = (await agent.get('/accounts/csrf/')).body.csrfToken;
    const res = await agent.post('/bye').set('X-CSRFToken', token);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/accounts/login/');
    expect((await agent.get('/accounts/password_change/')).status).toBe(302);
    const again = await loggedIn(booted.app);
    const t2 = (await again.get('/accounts/csrf/')).body.csrfToken;
    expect((await again.post('/bye?next=/polls/').set('X-CSRFToken', t2)).headers.location).toBe('/polls/');
    expect((await again.post('/bye?next=//evil.com').set('X-CSRFToken', t2)).headers.location).toBe('/accounts/login/');
  });
});

describe('messages on the pages [sqlite]', () => {
  let booted: Booted;
  beforeAll(async () => {
    booted = await boot('sqlite', {}, {}, [NotesController]);
  }, 60_000);
  afterAll(async () => {
    await booted?.app.close();
    await booted?.database.drop();
  });

  it('a message added before a redirect is shown on the next page (escaped, with its level tag), once', async () => {
    const agent = browser(booted.app);
    const res = await agent.get('/notes');
    expect(res.headers.location).toBe('/accounts/login/');
    const page = await agent.get('/accounts/login/');
    expect(page.text).toContain('<ul class="messages" role="status"><li class="success">Welcome &lt;back&gt;</li></ul>');
    expect((await agent.get('/accounts/login/')).text).not.toContain('Welcome');
  });
});

describe('redirectToLogin', () => {
  it('puts next in the login URL as Django does (QueryDict.urlencode(safe="/"))', () => {
    expect(redirectToLogin('/polls/?a=1&b=2')).toBe('/accounts/login/?next=/polls/%3Fa%3D1%26b%3D2');
    expect(redirectToLogin('/x y', '/login/?next=/old/&lang=fr')).toBe('/login/?lang=fr&next=/x%20y');
    expect(redirectToLogin('/p/', 'https://sso.example.com/login/', 'continue')).toBe('https://sso.example.com/login/?continue=/p/');
  });
});
