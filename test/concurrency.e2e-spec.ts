import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { generateSessionKey, GroupManager, MD5PasswordHasher, Session, SessionEngine, User, UserManager, UserSession } from 'nest-django-auth';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';

/** Many requests at once on one user: no lost update, no deadlock, no 5xx, no session brought back. */
describeEachDatabase('concurrency', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let dataSource: DataSource;
  let base: string;
  const statuses: number[] = [];

  async function call(method: string, path: string, cookie?: string, body?: unknown): Promise<{ status: number; json: any; cookie?: string }> {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    statuses.push(res.status);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('sessionid='));
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { text };
    }
    return { status: res.status, json, cookie: set?.split(';')[0] };
  }

  async function login(username = 'alice', password = 'password'): Promise<string> {
    const res = await call('POST', '/login', undefined, { username, password });
    expect(res.status).toBe(200);
    return res.cookie!;
  }

  const whoami = async (cookie: string) => (await call('GET', '/whoami', cookie)).json?.username ?? null;
  const sessionExists = async (cookie: string) => (await dataSource.getRepository(Session).countBy({ sessionKey: cookie.slice('sessionid='.length) })) === 1;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app, dataSource } = await createTestApp(database.url, { controllers: [AuthTestController] }));
    await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterEach(() => {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  afterAll(async () => {
    console.log(`concurrency [${kind}]: ${statuses.length} requests, 5xx ${statuses.filter((s) => s >= 500).length}`);
    await app?.close();
    await database?.drop();
  });

  it('50 concurrent logins of one user: 50 distinct live sessions, each alice', async () => {
    const cookies = await Promise.all(Array.from({ length: 50 }, () => login()));
    expect(new Set(cookies).size).toBe(50);
    expect(await Promise.all(cookies.map(whoami))).toEqual(cookies.map(() => 'alice'));
    const alice = (await app.get(UserManager<User>).getByNaturalKey('alice'))!;
    expect(await dataSource.getRepository(UserSession).countBy({ userId: String(alice.id) })).toBeGreaterThanOrEqual(50);
  });

  it('concurrent logins that each upgrade an outdated hash agree on one: every session they issue is valid', async () => {
    // Found by the fault run: both logins re-hashed (new salt), the last write won, the other session was dead at birth.
    const users = app.get(UserManager<User>);
    const dave = await users.createUser('dave', 'dave@example.com', 'password');
    dave.password = await new MD5PasswordHasher().encode('password', 'oldsalt');
    await users.repository.save(dave);
    const cookies = await Promise.all(Array.from({ length: 8 }, () => login('dave')));
    expect(await Promise.all(cookies.map(whoami))).toEqual(cookies.map(() => 'dave'));
    expect((await users.getByNaturalKey('dave'))!.password).toMatch(/^pbkdf2_sha256\$/);
  });

  it('concurrent password changes: exactly one wins, only its session survives, every other password is refused', async () => {
    const users = app.get(UserManager<User>);
    const before = (await users.getByNaturalKey('alice'))!;
    const cookies = await Promise.all(Array.from({ length: 8 }, () => login()));
    const changes = await Promise.all(cookies.map((cookie, i) => call('POST', '/password', cookie, { password: `new-password-${i}` })));
    for (const change of changes) expect([200, 401]).toContain(change.status);
    const logins = await Promise.all(cookies.map((_, i) => call('POST', '/login', undefined, { username: 'alice', password: `new-password-${i}` })));
    const winners = logins.map((res, i) => (res.status === 200 ? i : -1)).filter((i) => i >= 0);
    expect(winners).toHaveLength(1);
    expect(changes[winners[0]].status).toBe(200);
    expect((await call('POST', '/login', undefined, { username: 'alice', password: 'password' })).status).toBe(401);
    const alive = (await Promise.all(cookies.map(whoami))).map((u, i) => (u === 'alice' ? i : -1)).filter((i) => i >= 0);
    expect(alive.every((i) => i === winners[0])).toBe(true);
    const after = (await users.getByNaturalKey('alice'))!;
    expect({ ...after, password: '', lastLogin: null }).toEqual({ ...before, password: '', lastLogin: null });
    // Back to the seed's password for the next tests.
    await call('POST', '/password', logins[winners[0]].cookie, { password: 'password' });
  });

  it('clearsessions during traffic: every expired session goes, every live one keeps answering', async () => {
    const expired = Array.from({ length: 3000 }, () =>
      Object.assign(new Session(), { sessionKey: generateSessionKey(), sessionData: 'e30:x', expireDate: new Date(Date.now() - 86_400_000) }),
    );
    for (let i = 0; i < expired.length; i += 500) await dataSource.getRepository(Session).insert(expired.slice(i, i + 500));
    const live = await Promise.all(Array.from({ length: 10 }, () => login('bob')));
    let clearing = true;
    const traffic = (async () => {
      const answers: Array<string | null> = [];
      while (clearing) {
        answers.push(...(await Promise.all(live.map(whoami))));
        answers.push((await call('GET', '/whoami', await login('bob'))).json.username);
      }
      return answers;
    })();
    const cleared = await app.get<SessionEngine>(SessionEngine).clearExpired();
    clearing = false;
    const answers = await traffic;
    expect(cleared).toBeGreaterThanOrEqual(3000);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((u) => u === 'bob')).toBe(true);
    expect(await Promise.all(live.map(whoami))).toEqual(live.map(() => 'bob'));
    expect(await dataSource.getRepository(Session).createQueryBuilder('s').where('s.expireDate < :now', { now: new Date() }).getCount()).toBe(0);
  });

  it('concurrent logouts racing session writes: the session is gone for good, never brought back', async () => {
    const outcomes: number[] = [];
    for (let round = 0; round < 5; round++) {
      const cookie = await login();
      const results = await Promise.all([
        ...Array.from({ length: 6 }, () => call('POST', '/logout', cookie)),
        ...Array.from({ length: 6 }, (_, i) => call('POST', '/session', cookie, { key: `k${i}`, value: 'x'.repeat(i * 100) })),
        ...Array.from({ length: 6 }, () => call('GET', '/whoami', cookie)),
      ]);
      for (const res of results) expect(res.status < 500 ? 'ok' : `${res.status} ${JSON.stringify(res.json)}`).toBe('ok');
      outcomes.push(...results.map((r) => r.status));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await whoami(cookie)).toBeNull();
      expect(await sessionExists(cookie)).toBe(false);
    }
    // A write that lost the race is Django's SessionInterrupted: 400, "The request's session was deleted before the request completed".
    expect(outcomes.every((s) => s === 200 || s === 400)).toBe(true);
  });
});
