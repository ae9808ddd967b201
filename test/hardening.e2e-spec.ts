import { gzipSync } from 'node:zlib';
import { INestApplication, LoggerService } from '@nestjs/common';
import request from 'supertest';
import { GroupManager, User, UserManager } from 'nest-django-auth';
import { LoginController } from './fixtures/controllers/login.controller';
import { PollsController } from '../src/polls/polls.controller';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { seedReferenceUsers } from './support/seed-reference';
import { createTestApp } from './support/test-app';

async function loginCookie(app: INestApplication, headers: Record<string, string> = {}): Promise<string[]> {
  const res = await request(app.getHttpServer()).post('/accounts/login/').set(headers).type('form').send({ username: 'alice', password: 'password' });
  expect(res.status).toBe(302);
  return res.headers['set-cookie'] as unknown as string[];
}

describeEachDatabase('session cookies', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let proxied: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app } = await createTestApp(database.url, { controllers: [LoginController, PollsController], auth: { session: { cookieSecure: 'auto' } } as never }));
    await seedReferenceUsers(app.get(UserManager<User>), app.get(GroupManager));
    ({ app: proxied } = await createTestApp(database.url, {
      controllers: [LoginController, PollsController],
      auth: { session: { cookieSecure: 'auto' }, trustProxy: 'loopback' } as never,
    }));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await proxied?.close();
    await database?.drop();
  });

  it('several sessionid cookies: the last one wins, as in Django', async () => {
    const key = (await loginCookie(app)).find((c) => c.startsWith('sessionid='))!.split(';')[0].slice('sessionid='.length);
    const planted = 'sessionid=abcdefghijklmnopqrstuvwxyz012345';
    const last = await request(app.getHttpServer()).get('/private').set('accept', 'application/json').set('cookie', `${planted}; sessionid=${key}`);
    expect([last.status, last.text]).toEqual([200, 'hello alice']);
    const first = await request(app.getHttpServer()).get('/private').set('accept', 'application/json').set('cookie', `sessionid=${key}; ${planted}`);
    expect(first.status).toBe(401);
  });

  it("cookieSecure 'auto': Secure when the request is HTTPS, X-Forwarded-Proto counting only from a trusted proxy", async () => {
    const secureOf = (cookies: string[]) => /;\s*Secure/i.test(cookies.find((c) => c.startsWith('sessionid='))!);
    expect(secureOf(await loginCookie(app))).toBe(false);
    expect(secureOf(await loginCookie(app, { 'x-forwarded-proto': 'https' }))).toBe(false);
    expect(secureOf(await loginCookie(proxied, { 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(secureOf(await loginCookie(proxied))).toBe(false);
  });
});

/** Collects every line any Nest logger writes, at every level. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private add(level: string, message: unknown, rest: unknown[]) {
    this.lines.push([level, message, ...rest].map((part) => (part instanceof Error ? part.stack : String(part))).join(' '));
  }
  log(message: unknown, ...rest: unknown[]) { this.add('LOG', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.add('ERROR', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.add('WARN', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.add('DEBUG', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.add('VERBOSE', message, rest); }
}

const HOSTILE: Array<{ name: string; status: number; headers: Record<string, string>; body: Buffer | string }> = [
  { name: 'too large', status: 413, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a='.padEnd(150_000, 'x') },
  { name: 'bad gzip', status: 400, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'not gzip at all' },
  { name: 'gzip bomb-ish', status: 413, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(5_000_000, 32)) },
  { name: 'unknown encoding', status: 415, headers: { 'content-type': 'application/json', 'content-encoding': 'br2' }, body: '{}' },
  { name: 'unknown charset', status: 415, headers: { 'content-type': 'application/json; charset=x-evil' }, body: '{}' },
  { name: 'malformed JSON', status: 400, headers: { 'content-type': 'application/json' }, body: '{"username": ' },
];

describe('client errors in a hostile flood [sqlite]', () => {
  let database: TestDatabase;
  let app: INestApplication;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ app } = await createTestApp(database.url, { controllers: [LoginController, PollsController] }));
    app.useLogger(logger);
    await app.listen(0, '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('10,000 bad requests on any URL: each answered with its 4xx, logged once a minute per kind, no stack, the log under 4 KB', async () => {
    const base = await app.getUrl();
    const paths = ['/accounts/login/', '/private', '/nowhere/at/all', '/reset/MQ/c0ffee-deadbeefdeadbeefdeadbeef/'];
    const statuses = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < 10_000) {
        const i = next++;
        const kind = HOSTILE[i % HOSTILE.length];
        const res = await fetch(base + paths[i % paths.length], { method: "POST", headers: kind.headers, body: kind.body as unknown as BodyInit });
        await res.arrayBuffer();
        statuses.set(`${kind.name} ${res.status}`, (statuses.get(`${kind.name} ${res.status}`) ?? 0) + 1);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 16 }, worker));
    const log = logger.lines.join('\n');
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`hostile flood: 10,000 requests in ${seconds.toFixed(1)} s, log ${Buffer.byteLength(log)} bytes in ${logger.lines.length} lines\n`);
    for (const kind of HOSTILE) expect([...statuses.keys()].filter((k) => k.startsWith(`${kind.name} `))).toEqual([`${kind.name} ${kind.status}`]);
    expect(Buffer.byteLength(log)).toBeLessThan(4096);
    expect(log).not.toMatch(/\n\s+at /);
    expect(log).not.toContain('ERROR');
    expect(log).not.toContain('c0ffee');
  }, 180_000);
});
