import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { GroupManager, maskCipherSecret, unmaskCipherToken, User, UserManager } from 'nest-django-auth';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { CsrfTestController, PlainTestController } from './fixtures/controllers/csrf-test.controller';
import { cookieValue, setCookies } from './support/cookies';
import { createTestDatabase, DatabaseKind, describeEachDatabase, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';

const djangoVectors: { cases: Array<{ secret: string; token: string }> } = JSON.parse(
  readFileSync(join(__dirname, 'vectors/csrf-django.json'), 'utf8'),
);

const forbidden = (message: string) => ({ statusCode: 403, error: 'Forbidden', message });
const ALLOWED_HOSTS = ['127.0.0.1', '.example.com'];
const TRUSTED_ORIGINS = ['https://trusted.example.org', 'https://*.partner.net'];

async function bootApp(kind: DatabaseKind, auth: Record<string, unknown>): Promise<{ app: INestApplication; database: TestDatabase }> {
  const database = await createTestDatabase(kind);
  const { app } = await createTestApp(database.url, { auth: auth as never, controllers: [CsrfTestController, PlainTestController, AuthTestController] });
  await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
  return { app, database };
}

/** A token and the secret cookie that goes with it, from the JSON endpoint. */
async function fetchToken(app: INestApplication, headers: Record<string, string> = {}): Promise<{ token: string; secret: string; cookie: string }> {
  const res = await request(app.getHttpServer()).get('/csrf/token').set(headers);
  expect(res.status).toBe(200);
  const secret = cookieValue(res, 'csrftoken')!;
  return { token: res.body.csrfToken, secret, cookie: `csrftoken=${secret}` };
}

function cookieModeSuite(kind: DatabaseKind) {
  let app: INestApplication;
  let database: TestDatabase;
  let origin: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ app, database } = await bootApp(kind, {
      allowedHosts: ALLOWED_HOSTS,
      trustProxy: 'loopback',
      csrf: { trustedOrigins: TRUSTED_ORIGINS, cookieSecure: 'auto' },
    }));
    await app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("GET the token: a 64-character masked token, Django's cookie holding the 32-character secret", async () => {
    const res = await http().get('/csrf/token');
    expect(res.status).toBe(200);
    const secret = cookieValue(res, 'csrftoken')!;
    expect(secret).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(res.body.csrfToken).toMatch(/^[a-zA-Z0-9]{64}$/);
    expect(unmaskCipherToken(res.body.csrfToken)).toBe(secret);
    const line = setCookies(res).find((c) => c.startsWith('csrftoken='))!;
    expect(line).toMatch(/; Max-Age=31449600; Path=\/; Expires=[^;]+; SameSite=Lax$/);
    expect(line).not.toMatch(/HttpOnly|Secure/);
    expect(res.headers.vary).toMatch(/Cookie/);
  });

  it("cookieSecure 'auto': Secure behind a trusted proxy saying https (X-Forwarded-Proto), not over plain http", async () => {
    const secure = await http().get('/csrf/token').set('X-Forwarded-Proto', 'https');
    expect(setCookies(secure).find((c) => c.startsWith('csrftoken='))).toMatch(/; Secure/);
    const plain = await http().get('/csrf/token');
    expect(setCookies(plain).find((c) => c.startsWith('csrftoken='))).not.toMatch(/Secure/);
  });

  it('a request with a cookie keeps its secret: the cookie is re-sent with the same value, each token is a new mask of it', async () => {
    const { secret, cookie, token } = await fetchToken(app);
    const again = await http().get('/csrf/token').set('Cookie', cookie);
    expect(cookieValue(again, 'csrftoken')).toBe(secret);
    expect(again.body.csrfToken).not.toBe(token);
    expect(unmaskCipherToken(again.body.csrfToken)).toBe(secret);
  });

  it('no cookie: 403 "CSRF cookie not set." (login CSRF included)', async () => {
    const res = await http().post('/csrf/protected').type('form').send({ csrfmiddlewaretoken: (await fetchToken(app)).token });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(forbidden('CSRF cookie not set.'));
    const login = await http().post('/csrf/login').type('form').send({ username: 'alice', password: 'password' });
    expect(login.body).toEqual(forbidden('CSRF cookie not set.'));
    expect(cookieValue(login, 'sessionid')).toBeUndefined();
  });

  it("a browser gets Django's CSRF failure page (HTML, never cached, the reason shown in development); an API client the JSON", async () => {
    const browserPost = () => http().post('/csrf/protected').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').type('form');
    const page = await browserPost().send({ username: 'alice' });
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
    expect(page.text).toContain('<h1>Forbidden <span>(403)</span></h1>');
    expect(page.text).toContain('<p>CSRF verification failed. Request aborted.</p>');
    expect(page.text).toContain('You are seeing this message because this site requires a CSRF cookie when submitting forms.');
    expect(page.text).toContain('<pre>CSRF cookie not set.</pre>');
    const { cookie, token } = await fetchToken(app);
    const missing = await browserPost().set('Cookie', cookie).send({});
    expect(missing.status).toBe(403);
    expect(missing.text).not.toContain('requires a CSRF cookie');
    expect(missing.text).toContain('<pre>CSRF token missing.</pre>');
    const noReferer = await browserPost().set({ Cookie: cookie, 'X-Forwarded-Proto': 'https' }).send({ csrfmiddlewaretoken: token });
    expect(noReferer.text).toContain('this HTTPS site requires a “Referer header” to be sent by your Web browser');
    expect(noReferer.text).toContain('If you are using the &lt;meta name=&quot;referrer&quot; content=&quot;no-referrer&quot;&gt; tag');
    const xhr = await browserPost().set('X-Requested-With', 'XMLHttpRequest').send({});
    expect(xhr.headers['content-type']).toMatch(/^application\/json/);
    expect(xhr.body).toEqual(forbidden('CSRF cookie not set.'));
  });

  it('a cookie and no token: 403 "CSRF token missing."', async () => {
    const { cookie } = await fetchToken(app);
    const res = await http().post('/csrf/protected').set('Cookie', cookie).type('form').send({ other: 'x' });
    expect(res.body).toEqual(forbidden('CSRF token missing.'));
  });

  it('the token in the form field, the JSON body or the X-CSRFToken header, masked or as the bare secret', async () => {
    const { cookie, token, secret } = await fetchToken(app);
    expect((await http().post('/csrf/protected').set('Cookie', cookie).type('form').send({ csrfmiddlewaretoken: token })).status).toBe(200);
    expect((await http().post('/csrf/protected').set('Cookie', cookie).send({ csrfmiddlewaretoken: token })).status).toBe(200);
    expect((await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': token })).status).toBe(200);
    expect((await http().put('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': secret })).status).toBe(200);
    // Any mask of the current secret is accepted, as Django does.
    expect((await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': maskCipherSecret(secret) })).status).toBe(200);
  });

  it('PUT reads the header only (Django reads the form field for POST only)', async () => {
    const { cookie, token } = await fetchToken(app);
    const res = await http().put('/csrf/protected').set('Cookie', cookie).send({ csrfmiddlewaretoken: token });
    expect(res.body).toEqual(forbidden('CSRF token missing.'));
  });

  it("a wrong token, or the token of another client's cookie: Django's 'incorrect' reasons", async () => {
    const mine = await fetchToken(app);
    const theirs = await fetchToken(app);
    const form = await http().post('/csrf/protected').set('Cookie', mine.cookie).type('form').send({ csrfmiddlewaretoken: theirs.token });
    expect(form.body).toEqual(forbidden('CSRF token from POST incorrect.'));
    const header = await http().post('/csrf/protected').set({ Cookie: mine.cookie, 'X-CSRFToken': theirs.token });
    expect(header.body).toEqual(forbidden("CSRF token from the 'X-Csrftoken' HTTP header incorrect."));
    const secretOfOther = await http().post('/csrf/protected').set({ Cookie: mine.cookie, 'X-CSRFToken': theirs.secret });
    expect(secretOfOther.status).toBe(403);
  });

  it('tokens of the wrong length or alphabet: the reason says which and where', async () => {
    const { cookie, token } = await fetchToken(app);
    const post = (t: string) => http().post('/csrf/protected').set('Cookie', cookie).type('form').send({ csrfmiddlewaretoken: t });
    expect((await post(token.slice(1))).body).toEqual(forbidden('CSRF token from POST has incorrect length.'));
    expect((await post(`${token.slice(1)}!`)).body).toEqual(forbidden('CSRF token from POST has invalid characters.'));
    expect((await post(`${token.slice(1)}é`)).body).toEqual(forbidden('CSRF token from POST has invalid characters.'));
    const header = await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': 'short' });
    expect(header.body).toEqual(forbidden("CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."));
    const empty = await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': '' });
    expect(empty.body).toEqual(forbidden("CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."));
  });

  it('garbage anywhere is a 403 with a reason, never a 500', async () => {
    const { cookie, token } = await fetchToken(app);
    const bodies: unknown[] = [
      'csrfmiddlewaretoken[]=a&csrfmiddlewaretoken[]=b',
      'csrfmiddlewaretoken[x]=y',
      `csrfmiddlewaretoken=${'a'.repeat(100_000)}`,
      'csrfmiddlewaretoken=%00%00%00',
      'csrfmiddlewaretoken=%F0%9F%98%80',
      '__proto__[csrfmiddlewaretoken]=x',
    ];
    for (const body of bodies) {
      const res = await http().post('/csrf/protected').set('Cookie', cookie).type('form').send(body as string);
      expect([res.status, res.body.error]).toEqual([403, 'Forbidden']);
    }
    for (const json of [[token], { csrfmiddlewaretoken: [1, 2] }, { csrfmiddlewaretoken: { a: 1 } }, { csrfmiddlewaretoken: null }, { csrfmiddlewaretoken: true }]) {
      const res = await http().post('/csrf/protected').set('Cookie', cookie).set('Content-Type', 'application/json').send(JSON.stringify(json));
      expect([res.status, res.body.error]).toEqual([403, 'Forbidden']);
    }
    for (const badCookie of ['csrftoken=', 'csrftoken=%', 'csrftoken="unterminated', `csrftoken=${'x'.repeat(5000)}`, 'csrftoken=\u00e9\u00e9']) {
      const res = await http().post('/csrf/protected').set('Cookie', Buffer.from(badCookie, 'latin1').toString('latin1')).set('X-CSRFToken', token);
      expect([res.status, res.body.error]).toEqual([403, 'Forbidden']);
    }
  });

  it('a malformed cookie: refused with its reason; GET replaces it with a good one', async () => {
    const { token } = await fetchToken(app);
    const res = await http().post('/csrf/protected').set({ Cookie: 'csrftoken=tooshort', 'X-CSRFToken': token });
    expect(res.body).toEqual(forbidden('CSRF cookie has incorrect length.'));
    const chars = await http().post('/csrf/protected').set({ Cookie: `csrftoken=${'a'.repeat(31)}-`, 'X-CSRFToken': token });
    expect(chars.body).toEqual(forbidden('CSRF cookie has invalid characters.'));
    const fresh = await http().get('/csrf/token').set('Cookie', 'csrftoken=tooshort');
    expect(cookieValue(fresh, 'csrftoken')).toMatch(/^[a-zA-Z0-9]{32}$/);
  });

  it('several csrftoken cookies: the last one wins, as for the session cookie', async () => {
    const mine = await fetchToken(app);
    const planted = await fetchToken(app);
    const ok = await http().post('/csrf/protected').set({ Cookie: `${planted.cookie}; ${mine.cookie}`, 'X-CSRFToken': mine.token });
    expect(ok.status).toBe(200);
    const refused = await http().post('/csrf/protected').set({ Cookie: `${mine.cookie}; ${planted.cookie}`, 'X-CSRFToken': mine.token });
    expect(refused.status).toBe(403);
  });

  it('a token and cookie made by Django are accepted (shared cookie domain), and a pre-4.0 masked cookie too', async () => {
    const [a, b] = djangoVectors.cases;
    expect((await http().post('/csrf/protected').set({ Cookie: `csrftoken=${a.secret}`, 'X-CSRFToken': a.token })).status).toBe(200);
    const legacy = maskCipherSecret(b.secret);
    expect((await http().post('/csrf/protected').set({ Cookie: `csrftoken=${legacy}`, 'X-CSRFToken': b.token })).status).toBe(200);
    const upgraded = await http().get('/csrf/token').set('Cookie', `csrftoken=${legacy}`);
    expect(cookieValue(upgraded, 'csrftoken')).toBe(b.secret);
  });

  it('the Origin check: own origin and trusted origins pass, any other is refused with Django\'s reason', async () => {
    const { cookie, token } = await fetchToken(app);
    const post = (originHeader: string) => http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': token, Origin: originHeader });
    expect((await post(origin)).status).toBe(200);
    expect((await post('https://trusted.example.org')).status).toBe(200);
    expect((await post('https://shop.partner.net')).status).toBe(200);
    expect((await post('https://partner.net')).status).toBe(200);
    for (const foreign of ['http://evil.com', 'null', 'http://shop.partner.net', 'https://trusted.example.org.evil.com', 'https://evilpartner.net', '$&']) {
      const res = await post(foreign);
      expect(res.body).toEqual(forbidden(`Origin checking failed - ${foreign} does not match any trusted origins.`));
    }
  });

  it('HTTPS behind the trusted proxy, no Origin: the Referer is checked', async () => {
    const { cookie, token } = await fetchToken(app);
    const post = (referer?: string) => {
      const req = http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': token, 'X-Forwarded-Proto': 'https' });
      return referer === undefined ? req : req.set('Referer', referer);
    };
    expect((await post()).body).toEqual(forbidden('Referer checking failed - no Referer.'));
    expect((await post('https://evil.com/page')).body).toEqual(forbidden('Referer checking failed - https://evil.com/page does not match any trusted origins.'));
    expect((await post(`http://${origin.slice(7)}/page`)).body).toEqual(forbidden('Referer checking failed - Referer is insecure while host is secure.'));
    expect((await post('nonsense')).body).toEqual(forbidden('Referer checking failed - Referer is malformed.'));
    expect((await post('https://[::1/')).body).toEqual(forbidden('Referer checking failed - Referer is malformed.'));
    expect((await post(`https://${origin.slice(7)}/page`)).status).toBe(200);
    expect((await post('https://a.partner.net/x')).status).toBe(200);
    expect((await post('https://trusted.example.org/')).status).toBe(200);
    // Plain http: no Referer check (Django's rule); the token still is.
    expect((await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': token })).status).toBe(200);
  });

  it('safe methods are never checked; @CsrfExempt() routes are not either', async () => {
    expect((await http().get('/csrf/protected')).status).toBe(200);
    expect((await http().head('/csrf/protected')).status).toBe(200);
    expect((await http().post('/csrf/exempt')).status).toBe(200);
    // Without csrf.global a route with no decorator is not checked.
    expect((await http().post('/plain')).status).toBe(200);
  });

  it('login rotates the secret: the pre-login token no longer matches, a token from the new secret does', async () => {
    const before = await fetchToken(app);
    const login = await http().post('/csrf/login').set('Cookie', before.cookie).type('form').send({ username: 'alice', password: 'password', csrfmiddlewaretoken: before.token });
    expect(login.status).toBe(302);
    const rotated = cookieValue(login, 'csrftoken')!;
    expect(rotated).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(rotated).not.toBe(before.secret);
    const session = cookieValue(login, 'sessionid')!;
    const cookies = `sessionid=${session}; csrftoken=${rotated}`;
    const stale = await http().post('/csrf/protected').set({ Cookie: cookies, 'X-CSRFToken': before.token });
    expect(stale.body).toEqual(forbidden("CSRF token from the 'X-Csrftoken' HTTP header incorrect."));
    const fresh = await http().get('/csrf/token').set('Cookie', cookies);
    expect((await http().post('/csrf/protected').set({ Cookie: cookies, 'X-CSRFToken': fresh.body.csrfToken })).status).toBe(200);
  });

  it('csrfContext: the hidden field of Django\'s {% csrf_token %}, whose token posts', async () => {
    const res = await http().get('/csrf/form');
    const token = /<input type="hidden" name="csrfmiddlewaretoken" value="([a-zA-Z0-9]{64})">/.exec(res.text)?.[1];
    expect(token).toBeDefined();
    const cookie = `csrftoken=${cookieValue(res, 'csrftoken')}`;
    expect((await http().post('/csrf/protected').set('Cookie', cookie).type('form').send({ csrfmiddlewaretoken: token })).status).toBe(200);
  });

  describe('allowed hosts', () => {
    it("a disallowed Host is a 400 with Django's message, on any route", async () => {
      const res = await http().get('/csrf/token').set('Host', 'evil.com');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: "Invalid HTTP_HOST header: 'evil.com'. You may need to add 'evil.com' to ALLOWED_HOSTS." });
      expect(setCookies(res)).toEqual([]);
      const invalid = await http().get('/whoami').set('Host', 'exa_mple.com');
      expect(invalid.body.message).toBe("Invalid HTTP_HOST header: 'exa_mple.com'. The domain name provided is not valid according to RFC 1034/1035.");
      expect((await http().get('/whoami').set('Host', 'example.com.evil.org')).status).toBe(400);
    });

    it('Host: evil.com with next=http://evil.com/: a 400, never a redirect there', async () => {
      const { cookie, token } = await fetchToken(app);
      const res = await http()
        .post('/csrf/login?next=http://evil.com/')
        .set({ Host: 'evil.com', Cookie: cookie })
        .type('form')
        .send({ username: 'alice', password: 'password', csrfmiddlewaretoken: token });
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(cookieValue(res, 'sessionid')).toBeUndefined();
    });

    it('an allowed Host: a foreign next goes to loginRedirectUrl; a same-host next, an allowed subdomain host, are followed', async () => {
      const login = async (next: string, host?: string) => {
        const { cookie, token } = await fetchToken(app, host ? { Host: host } : {});
        const req = http().post(`/csrf/login?next=${encodeURIComponent(next)}`).set('Cookie', cookie);
        if (host) req.set({ Host: host, Origin: `http://${host}` });
        return req.type('form').send({ username: 'alice', password: 'password', csrfmiddlewaretoken: token });
      };
      expect((await login('http://evil.com/')).headers.location).toBe('/accounts/profile/');
      expect((await login('/private?x=1')).headers.location).toBe('/private?x=1');
      expect((await login('http://shop.example.com/cart', 'shop.example.com')).headers.location).toBe('http://shop.example.com/cart');
      expect((await login('http://example.com/', 'shop.example.com')).headers.location).toBe('/accounts/profile/');
    });

    it('X-Forwarded-Host from the trusted proxy is the host validated', async () => {
      const res = await http().get('/whoami').set('X-Forwarded-Host', 'evil.com');
      expect(res.body.message).toBe("Invalid HTTP_HOST header: 'evil.com'. You may need to add 'evil.com' to ALLOWED_HOSTS.");
      expect((await http().get('/whoami').set('X-Forwarded-Host', 'www.example.com')).status).toBe(200);
    });
  });

  it("@NeverCache() and @XFrameOptions(): Django's headers", async () => {
    const before = Date.now();
    const res = await http().get('/csrf/never-cache');
    expect(res.headers['cache-control']).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
    expect(Math.abs(Date.parse(res.headers.expires) - before)).toBeLessThan(5000);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect((await http().get('/csrf/sameorigin')).headers['x-frame-options']).toBe('SAMEORIGIN');
    expect((await http().get('/csrf/token')).headers['x-frame-options']).toBeUndefined();
  });
}

function sessionModeSuite(kind: DatabaseKind) {
  let app: INestApplication;
  let database: TestDatabase;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ app, database } = await bootApp(kind, { csrf: { useSessions: true } }));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function sessionToken() {
    const res = await http().get('/csrf/token');
    expect(cookieValue(res, 'csrftoken')).toBeUndefined();
    const session = cookieValue(res, 'sessionid')!;
    expect(session).toBeDefined();
    return { token: res.body.csrfToken as string, cookie: `sessionid=${session}` };
  }

  it("the secret lives in the session under Django's _csrftoken, no csrftoken cookie", async () => {
    const { token, cookie } = await sessionToken();
    const stored = await http().get('/session?key=_csrftoken').set('Cookie', cookie);
    expect(stored.body.value).toBe(unmaskCipherToken(token));
    expect((await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': token })).status).toBe(200);
    const again = await http().get('/csrf/token').set('Cookie', cookie);
    expect(unmaskCipherToken(again.body.csrfToken)).toBe(unmaskCipherToken(token));
  });

  it('no session: "CSRF cookie not set."; the token of another session: incorrect', async () => {
    const mine = await sessionToken();
    const theirs = await sessionToken();
    expect((await http().post('/csrf/protected').set('X-CSRFToken', mine.token)).body).toEqual(forbidden('CSRF cookie not set.'));
    const other = await http().post('/csrf/protected').set({ Cookie: mine.cookie, 'X-CSRFToken': theirs.token });
    expect(other.body).toEqual(forbidden("CSRF token from the 'X-Csrftoken' HTTP header incorrect."));
    // A csrftoken cookie means nothing in this mode.
    const cookieOnly = await http().post('/csrf/protected').set({ Cookie: `csrftoken=${unmaskCipherToken(mine.token)}`, 'X-CSRFToken': mine.token });
    expect(cookieOnly.body).toEqual(forbidden('CSRF cookie not set.'));
  });

  it('login rotates the session secret with the session key', async () => {
    const before = await sessionToken();
    const login = await http().post('/csrf/login').set('Cookie', before.cookie).type('form').send({ username: 'alice', password: 'password', csrfmiddlewaretoken: before.token });
    expect(login.status).toBe(302);
    const cookie = `sessionid=${cookieValue(login, 'sessionid')}`;
    expect(cookie).not.toBe(before.cookie);
    const stale = await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': before.token });
    expect(stale.body).toEqual(forbidden("CSRF token from the 'X-Csrftoken' HTTP header incorrect."));
    const fresh = await http().get('/csrf/token').set('Cookie', cookie);
    expect((await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': fresh.body.csrfToken })).status).toBe(200);
    expect((await http().get('/whoami').set('Cookie', cookie)).body).toEqual({ username: 'alice' });
  });
}

function globalModeSuite(kind: DatabaseKind) {
  let app: INestApplication;
  let database: TestDatabase;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ app, database } = await bootApp(kind, { csrf: { global: true } }));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('every unsafe route is protected, @CsrfExempt() ones excepted; GET is free', async () => {
    expect((await http().post('/plain')).body).toEqual(forbidden('CSRF cookie not set.'));
    expect((await http().post('/login').send({ username: 'alice', password: 'password' })).status).toBe(403);
    expect((await http().post('/plain/exempt')).status).toBe(200);
    expect((await http().get('/whoami')).status).toBe(200);
    const { cookie, token } = await fetchToken(app);
    expect((await http().post('/plain').set({ Cookie: cookie, 'X-CSRFToken': token })).status).toBe(200);
    expect((await http().post('/csrf/protected').set({ Cookie: cookie, 'X-CSRFToken': token })).status).toBe(200);
  });

  it('without trustProxy, X-Forwarded-Proto is not believed: no Referer check, and no Secure cookie', async () => {
    const { cookie, token } = await fetchToken(app);
    const res = await http().post('/plain').set({ Cookie: cookie, 'X-CSRFToken': token, 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(200);
  });

  it('allowedHosts unset: any Host is served', async () => {
    expect((await http().get('/whoami').set('Host', 'anything.example')).status).toBe(200);
  });
}

describeEachDatabase('CSRF, cookie secret', cookieModeSuite);
describeEachDatabase('CSRF, secret in the session (useSessions)', sessionModeSuite);
describe('CSRF, global mode [sqlite]', () => globalModeSuite('sqlite'));
