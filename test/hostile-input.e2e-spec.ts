import { INestApplication } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { GroupManager, User, UserManager } from 'nest-django-auth';
import { LoginController } from './fixtures/controllers/login.controller';
import { AuthTestController } from './fixtures/controllers/auth-test.controller';
import { databaseSnapshot } from './support/database-snapshot';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { anyJsonValue, checkProperty, hostileString } from './support/fuzz';
import { buildRequest, rawRequest, RawResponse } from './support/raw-http';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';

/** Hostile requests through real HTTP, on the demo's login route and the test app's: a clear 4xx, never a 500 or a hang, nothing written. */
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const KNOWN_USERNAMES = ['alice', 'bob', 'carol', 'admin'];

/** Variants of real usernames: confusables, NFKC forms, zero-width and control characters, case, padding. */
const usernameVariant = fc
  .tuple(
    fc.constantFrom(...KNOWN_USERNAMES),
    fc.nat(),
    fc.constantFrom(
      (s: string, i: number) => s.slice(0, i) + '\u200b' + s.slice(i),
      (s: string, i: number) => s.slice(0, i) + '\u00ad' + s.slice(i),
      (s: string, i: number) => s.slice(0, i) + '\0' + s.slice(i),
      (s: string) => s.replace('a', 'а').replace('o', 'о').replace('c', 'с'), // Cyrillic
      (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(''), // fullwidth, NFKC → s
      (s: string) => s.toUpperCase(),
      (s: string) => s[0].toUpperCase() + s.slice(1),
      (s: string) => `${s} `,
      (s: string) => ` ${s}`,
      (s: string) => `${s}\t`,
      (s: string) => `${s}\n`,
      (s: string) => s.replace('i', 'ı').replace('a', 'á'),
      (s: string) => s.normalize('NFD').replace('a', 'a\u0301'),
      (s: string) => `${s}%`,
      (s: string) => s.replace(/.$/, '_'),
      (s: string) => `${s}\u202e`,
      (s: string) => s.repeat(30_000),
    ),
  )
  .map(([name, at, change]) => change(name, at % (name.length + 1)))
  .filter((v) => !KNOWN_USERNAMES.includes(v));

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/x-www-form-urlencoded; charset=bogus',
  'application/json',
  'application/json; charset=latin1',
  'text/plain',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  '\u00ff/\u00ff',
];

/** Form fields as qs reads them: arrays, objects, prototype keys, deep nesting, huge values. */
const formField = fc.oneof(
  fc.constantFrom('username', 'password', 'next', 'username[]', 'password[]', 'username[$ne]', 'password[0]', '__proto__[x]', 'constructor[prototype][x]', 'username[a][b][c][d][e][f][g]', 'next[]'),
  hostileString({ hugeLength: 4096 }),
);
const formBody = fc
  .array(fc.tuple(formField, hostileString({ hugeLength: 200 * 1024 })), { maxLength: 6 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k.replace(/[\ud800-\udfff]/g, ''))}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ''))}`).join('&'));

const jsonBody = fc.oneof(
  { weight: 5, arbitrary: fc.record({ username: anyJsonValue, password: anyJsonValue, next: anyJsonValue }, { requiredKeys: [] }).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: anyJsonValue.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.constantFrom('{"username":', '{', '[', '"', '{"username":"alice","password":"password"', '\u0000', 'nul', '{"a":1}}', '{"__proto__":{"isSuperuser":true}}') },
  { weight: 1, arbitrary: hostileString({ hugeLength: 300 * 1024 }) },
);

describeEachDatabase('hostile input over HTTP', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let dataSource: DataSource;
  let port: number;
  let before: Record<string, string>;
  const statuses = new Map<number, number>();
  let slowest = 0;

  /** The request's answer: counted, and never a 5xx. */
  async function send(request: Buffer): Promise<RawResponse> {
    const res = await rawRequest(port, request);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    slowest = Math.max(slowest, res.ms);
    if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(request.toString('latin1').slice(0, 300))}: ${res.body.slice(0, 300)}`);
    return res;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app, dataSource } = await createTestApp(database.url, { controllers: [AuthTestController, LoginController] }));
    await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    before = await databaseSnapshot(dataSource);
  });

  afterAll(async () => {
    const figures = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`hostile input [${kind}]: ${[...statuses.values()].reduce((a, b) => a + b, 0)} requests, statuses ${figures}, 5xx 0, slowest ${slowest} ms`);
    await app?.close();
    await database?.drop();
  });

  afterEach(async () => {
    expect(await databaseSnapshot(dataSource)).toEqual(before);
    // Still serving: the process neither crashed nor wedged.
    const alive = await send(buildRequest('GET', '/whoami', [['Host', 'testserver']]));
    expect(alive.status).toBe(200);
  });

  it('session cookies: garbage, huge, duplicated, quoted, control characters → anonymous or 4xx', async () => {
    const cookieHeader = fc.oneof(
      hostileString({ hugeLength: 64 * 1024 }).map((v) => `sessionid=${v}`),
      fc.stringMatching(/^[a-z0-9]{32}$/).map((key) => `sessionid=${key}`),
      fc.array(fc.oneof(fc.stringMatching(/^[a-z0-9]{8,40}$/), hostileString({ hugeLength: 1024 })), { minLength: 2, maxLength: 5 }).map((keys) => keys.map((k) => `sessionid=${k}`).join('; ')),
      fc.tuple(hostileString(), hostileString()).map(([a, b]) => `${a}=${b}; sessionid="${a}"`),
      hostileString({ hugeLength: 32 * 1024 }),
    );
    await checkProperty(
      `session cookie over HTTP [${kind}]`,
      fc.asyncProperty(cookieHeader, async (cookie) => {
        const res = await send(buildRequest('GET', '/whoami', [['Host', 'testserver'], ['Cookie', utf8(cookie)]]));
        return res.status === 200 ? JSON.parse(res.body).username === null : res.status >= 400 && res.status < 500;
      }),
    );
  });

  it('Host headers and next URLs on the login page and a failed login → 200/401 or 4xx', async () => {
    await checkProperty(
      `Host header and next over HTTP [${kind}]`,
      fc.asyncProperty(hostileString({ hugeLength: 32 * 1024 }), hostileString({ hugeLength: 8 * 1024 }), fc.boolean(), async (host, next, post) => {
        const headers: Array<[string, Buffer | string]> = [['Host', utf8(host)]];
        const query = `?next=${encodeURIComponent(next.replace(/[\ud800-\udfff]/g, ''))}`;
        const res = post
          ? await send(buildRequest('POST', `/accounts/login/${query}`, [...headers, ['Content-Type', 'application/x-www-form-urlencoded']], Buffer.from('username=alice&password=wrong')))
          : await send(buildRequest('GET', `/accounts/login/${query}`, headers));
        return res.status === (post ? 401 : 200) || (res.status >= 400 && res.status < 500);
      }),
    );
  });

  it('form bodies of wrong types and encodings on the demo login route → 4xx', async () => {
    await checkProperty(
      `login form bodies over HTTP [${kind}]`,
      fc.asyncProperty(formBody, fc.constantFrom(...CONTENT_TYPES), fc.constantFrom('', 'gzip', 'gzip-garbage', 'br', 'identity, gzip'), async (body, type, encoding) => {
        let payload = utf8(body);
        const headers: Array<[string, Buffer | string]> = [['Host', 'testserver'], ['Content-Type', utf8(type)]];
        if (encoding === 'gzip') payload = gzipSync(payload);
        if (encoding === 'gzip-garbage') payload = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), payload]);
        if (encoding) headers.push(['Content-Encoding', encoding.replace('-garbage', '')]);
        const res = await send(buildRequest('POST', '/accounts/login/', headers, payload));
        return res.status >= 400 && res.status < 500;
      }),
    );
  });

  it('JSON bodies of wrong types, malformed or huge, on both login routes → 4xx', async () => {
    await checkProperty(
      `login JSON bodies over HTTP [${kind}]`,
      fc.asyncProperty(jsonBody, fc.constantFrom('/login', '/accounts/login/'), async (body, path) => {
        const res = await send(buildRequest('POST', path, [['Host', 'testserver'], ['Content-Type', 'application/json'], ['Accept', 'application/json']], utf8(body)));
        return res.status >= 400 && res.status < 500;
      }),
    );
  });

  it('found by the fuzzer: `alice ` (MariaDB pads) and a NUL (PostgreSQL refused the query: 503) are unknown users, 401', async () => {
    for (const username of ['alice ', 'alice  ', '\0alice', 'al\0ice', 'ALICE']) {
      const res = await send(buildRequest('POST', '/login', [['Host', 'testserver'], ['Content-Type', 'application/json']], utf8(JSON.stringify({ username, password: 'password' }))));
      expect(res.status).toBe(401);
    }
    const users = app.get(UserManager<User>);
    expect(await users.getByNaturalKey('alice ')).toBeNull();
    expect(await users.getByNaturalKey('ali\0ce')).toBeNull();
    expect((await users.getByNaturalKey('alice'))?.username).toBe('alice');
  });

  it('usernames that only look like a real one (confusables, NFKC, zero-width, padding, case) never log in', async () => {
    await checkProperty(
      `username look-alikes over HTTP [${kind}]`,
      fc.asyncProperty(usernameVariant, async (username) => {
        const body = utf8(JSON.stringify({ username, password: 'password' }));
        const res = await send(buildRequest('POST', '/login', [['Host', 'testserver'], ['Content-Type', 'application/json']], body));
        return res.status === 401 || res.status === 413;
      }),
    );
  });
});
