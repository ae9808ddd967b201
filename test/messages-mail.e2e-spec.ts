import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AuthModuleOptions,
  DjangoSignedSessionCodec,
  MailService,
  messageLevels,
  Session,
  User,
  UserManager,
} from 'nest-django-auth';
import { MessagesMailController } from './fixtures/controllers/messages-mail.controller';
import { cookieValue, setCookies } from './support/cookies';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { SmtpListener } from './support/smtp-listener';
import { createTestApp, TEST_SECRET_KEY } from './support/test-app';

async function bootApp(url: string, auth: Partial<AuthModuleOptions>) {
  return createTestApp(url, { auth, controllers: [MessagesMailController] });
}

/** The `_messages` value of the session row, decoded as Django would. */
async function storedMessages(dataSource: DataSource, sessionKey: string): Promise<unknown> {
  const row = await dataSource.getRepository(Session).findOneByOrFail({ sessionKey });
  return new DjangoSignedSessionCodec({ secretKey: TEST_SECRET_KEY }).decode(row.sessionData)._messages;
}

describeEachDatabase('messages in the session and mail', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ app, dataSource } = await bootApp(database.url, { email: { backend: 'locmem', defaultFromEmail: 'site@example.com' } }));
    await app.get(UserManager<User>).createUser('alice', 'alice@example.com', 'pw-alice-123');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  beforeEach(() => {
    app.get(MailService).outbox.length = 0;
  });

  const http = () => request(app.getHttpServer());

  it('an anonymous visitor gets a session for a message, sees it once, and messages below INFO are dropped', async () => {
    const added = await http().post('/messages/success').send({ text: 'Profile saved.' }).expect(200);
    const sessionKey = cookieValue(added, 'sessionid');
    expect(sessionKey).toMatch(/^[a-z0-9]{32}$/);
    const cookie = `sessionid=${sessionKey}`;

    const first = await http().get('/messages').set('Cookie', cookie).expect(200);
    expect(first.body.messages).toEqual([{ level: 25, message: 'Profile saved.', tags: 'success', extraTags: '', levelTag: 'success' }]);
    const second = await http().get('/messages').set('Cookie', cookie).expect(200);
    expect(second.body.messages).toEqual([]);
    expect(setCookies(second)).toEqual([]);
  });

  it('stores Django’s JSON in the session row, in order, with extra tags; reading removes the key', async () => {
    const first = await http().post('/messages/add').send({ level: messageLevels.INFO, text: 'Bienvenue, Zoë ✓' }).expect(200);
    const cookie = `sessionid=${cookieValue(first, 'sessionid')}`;
    await http().post('/messages/add').set('Cookie', cookie).send({ level: messageLevels.ERROR, text: '<b>"Oops"</b>', tags: 'urgent big' }).expect(200);
    const key = cookieValue(first, 'sessionid')!;
    expect(await storedMessages(dataSource, key)).toBe(
      '[["__json_message", 0, 20, "Bienvenue, Zo\\u00eb \\u2713", ""], ["__json_message", 0, 40, "<b>\\"Oops\\"</b>", "urgent big"]]',
    );
    const read = await http().get('/messages').set('Cookie', cookie).expect(200);
    expect(read.body.messages).toEqual([
      { level: 20, message: 'Bienvenue, Zoë ✓', tags: 'info', extraTags: '', levelTag: 'info' },
      { level: 40, message: '<b>"Oops"</b>', tags: 'urgent big error', extraTags: 'urgent big', levelTag: 'error' },
    ]);
    expect(await storedMessages(dataSource, key)).toBeUndefined();
  });

  it('messages a Django site put in the shared session are read, and the level of an unknown one has no tag', async () => {
    const first = await http().post('/messages/add').send({ level: 25, text: 'seed' }).expect(200);
    const sessionKey = cookieValue(first, 'sessionid')!;
    const codec = new DjangoSignedSessionCodec({ secretKey: TEST_SECRET_KEY });
    const djangoValue = '[["__json_message", 1, 25, "<em>Saved</em>"], ["__json_message", 0, 35, "Custom", "x"]]';
    await dataSource.getRepository(Session).update({ sessionKey }, { sessionData: codec.encode({ _messages: djangoValue }) });
    const read = await http().get('/messages').set('Cookie', `sessionid=${sessionKey}`).expect(200);
    expect(read.body.messages).toEqual([
      { level: 25, message: '<em>Saved</em>', tags: 'success', extraTags: '', levelTag: 'success' },
      { level: 35, message: 'Custom', tags: 'x', extraTags: 'x', levelTag: '' },
    ]);
  });

  it('a message added after reading stays for the next request', async () => {
    const first = await http().post('/messages/add').send({ level: 25, text: 'one' }).expect(200);
    const cookie = `sessionid=${cookieValue(first, 'sessionid')}`;
    const mixed = await http().post('/messages/read-then-add').set('Cookie', cookie).send({ text: 'two' }).expect(200);
    expect(mixed.body.messages).toEqual(['one']);
    expect((await http().get('/messages').set('Cookie', cookie).expect(200)).body.messages).toEqual([
      { level: 30, message: 'two', tags: 'later warning', extraTags: 'later', levelTag: 'warning' },
    ]);
  });

  it('a route that does not use messages creates no session and sets no cookie', async () => {
    const res = await http().get('/nothing').expect(200);
    expect(setCookies(res)).toEqual([]);
    expect(res.headers.vary ?? '').not.toMatch(/cookie/i);
    const empty = await http().get('/messages').expect(200);
    expect(empty.body.messages).toEqual([]);
    expect(setCookies(empty)).toEqual([]);
  });

  it('user.emailUser sends to the user’s address from defaultFromEmail', async () => {
    await http().post('/mail/email-user').send({ username: 'alice', subject: 'Hello', message: 'Hi Alice' }).expect(200);
    expect(app.get(MailService).outbox).toEqual([{ subject: 'Hello', body: 'Hi Alice', from: 'site@example.com', to: ['alice@example.com'] }]);
  });

  it('a header with a newline is refused and nothing is sent', async () => {
    const res = await http().post('/mail/send').send({ subject: 'Hi\r\nBcc: victim@example.com', body: 'x', to: ['a@example.com'] }).expect(400);
    expect(res.body.message).toBe("Header values can't contain newlines (got 'Hi\\r\\nBcc: victim@example.com' for header 'Subject')");
    await http().post('/mail/send').send({ subject: 'Hi', body: 'x', to: ['a@example.com\nBcc: victim@example.com'] }).expect(400);
    expect(app.get(MailService).outbox).toEqual([]);
  });
});

describe('messages.level (MESSAGE_LEVEL)', () => {
  let database: TestDatabase;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  async function levelsKept(level: number): Promise<number[]> {
    const { app } = await bootApp(database.url, { messages: { level } });
    apps.push(app);
    const agent = request.agent(app.getHttpServer());
    for (const each of [10, 20, 25, 30, 40]) await agent.post('/messages/add').send({ level: each, text: `level ${each}` }).expect(200);
    const res = await agent.get('/messages').expect(200);
    return res.body.messages.map((m: { level: number }) => m.level);
  }

  it('drops messages below the threshold', async () => {
    expect(await levelsKept(messageLevels.WARNING)).toEqual([30, 40]);
    expect(await levelsKept(messageLevels.DEBUG)).toEqual([10, 20, 25, 30, 40]);
  });
});

describe('mail backends through the app', () => {
  let database: TestDatabase;
  const apps: INestApplication[] = [];
  const RESET_LINK = 'http://127.0.0.1:3000/accounts/reset/MQ/c3r6mk-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f/';

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  async function appWith(email: AuthModuleOptions['email']): Promise<INestApplication> {
    const { app } = await bootApp(database.url, { email });
    apps.push(app);
    return app;
  }

  const send = (app: INestApplication, body: object) => request(app.getHttpServer()).post('/mail/send').send(body);

  it('console prints the message to the stream given', async () => {
    const stream = new PassThrough();
    let printed = '';
    stream.on('data', (chunk) => (printed += chunk));
    const app = await appWith({ backend: 'console', stream });
    await send(app, { subject: 'Password reset', body: `Open ${RESET_LINK}`, to: ['bob@example.com'] }).expect(200);
    expect(printed).toContain('Subject: Password reset\n');
    expect(printed).toContain('To: bob@example.com\n');
    expect(printed).toContain(`\n\nOpen ${RESET_LINK}\n${'-'.repeat(79)}\n`);
  });

  it('file writes a file the test reads the link back from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messages-mail-'));
    try {
      const app = await appWith({ backend: 'file', filePath: dir });
      await send(app, { subject: 'Password reset', body: `Open ${RESET_LINK}`, to: ['bob@example.com'] }).expect(200);
      const files = readdirSync(dir);
      expect(files).toEqual([expect.stringMatching(/^\d{8}-\d{6}-\d+\.log$/)]);
      const text = readFileSync(join(dir, files[0]), 'utf8');
      expect(text.match(/http:\/\/\S+/)?.[0]).toBe(RESET_LINK);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('smtp', () => {
    const listener = new SmtpListener({ credentials: { user: 'mailer', pass: 's3cret' } });
    beforeAll(() => listener.start());
    afterAll(() => listener.stop());

    it('delivers to a real SMTP server, logging in with user and password', async () => {
      const app = await appWith({ backend: 'smtp', host: '127.0.0.1', port: listener.port, user: 'mailer', password: 's3cret', timeout: 5, defaultFromEmail: 'site@example.com' });
      await send(app, { subject: 'Password reset', body: `Open ${RESET_LINK}`, to: ['bob@example.com', 'carol@example.com'] }).expect(200);
      expect(listener.received).toHaveLength(1);
      const [mail] = listener.received;
      expect(mail).toMatchObject({ from: 'site@example.com', to: ['bob@example.com', 'carol@example.com'], user: 'mailer' });
      expect(mail.data).toContain('Subject: Password reset\r\n');
      expect(mail.data).toContain(RESET_LINK.slice(0, 40));
    });

    it('a wrong password or a missing STARTTLS (useTls) fails the send', async () => {
      const before = listener.received.length;
      const wrong = await appWith({ backend: 'smtp', host: '127.0.0.1', port: listener.port, user: 'mailer', password: 'nope', timeout: 5 });
      await expect(wrong.get(MailService).sendMail({ subject: 'x', body: 'y', to: ['a@example.com'] })).rejects.toThrow(/535|[Aa]uth/);
      const tls = await appWith({ backend: 'smtp', host: '127.0.0.1', port: listener.port, user: 'mailer', password: 's3cret', useTls: true, timeout: 5 });
      await expect(tls.get(MailService).sendMail({ subject: 'x', body: 'y', to: ['a@example.com'] })).rejects.toThrow(/STARTTLS/i);
      expect(listener.received.length).toBe(before);
    });
  });

  it('an unknown backend stops the app at start-up with ImproperlyConfiguredError', async () => {
    await expect(bootApp(database.url, { email: { backend: 'carrier-pigeon' as never } })).rejects.toThrow(
      'email.backend must be one of smtp, console, file, locmem, memory or a nodemailer transport, not "carrier-pigeon"',
    );
    await expect(bootApp(database.url, { email: { backend: 'file' } })).rejects.toThrow("email.backend 'file' needs email.filePath");
  });
});
