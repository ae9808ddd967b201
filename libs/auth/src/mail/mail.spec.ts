import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createTransport } from 'nodemailer';
import { resolveAuthOptions } from '../auth.options';
import { User } from '../entities/user.entity';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import type { EmailOptions } from './email-options.interface';
import { BadHeaderError, MailService } from './index';
import { messageFileName } from './mail-backends';

const SECRET_KEY = 'mail-spec-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG';
const LINK = 'http://127.0.0.1:3000/accounts/reset/MQ/c3r6mk-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f/?next=/a&b=c';

function mailService(email: EmailOptions): MailService {
  return new MailService(resolveAuthOptions({ secretKey: SECRET_KEY, email }));
}

const services: MailService[] = [];
function service(email: EmailOptions): MailService {
  const created = mailService(email);
  services.push(created);
  return created;
}
afterEach(() => services.splice(0).forEach((s) => s.onModuleDestroy()));

describe('email options', () => {
  it('defaults to Django’s: SMTP on localhost:25, no TLS, from webmaster@localhost', () => {
    expect(resolveAuthOptions({ secretKey: SECRET_KEY }).email).toEqual({
      backend: 'smtp',
      host: 'localhost',
      port: 25,
      useTls: false,
      useSsl: false,
      defaultFromEmail: 'webmaster@localhost',
    });
    expect(resolveAuthOptions({ secretKey: SECRET_KEY }).messages).toEqual({ level: 20 });
  });

  it('refuses at start-up an unknown backend, a file backend without a folder, TLS and SSL together', () => {
    const resolve = (email: unknown) => () => resolveAuthOptions({ secretKey: SECRET_KEY, email: email as EmailOptions });
    expect(resolve({ backend: 'sendmail' })).toThrow(ImproperlyConfiguredError);
    expect(resolve({ backend: 'sendmail' })).toThrow('email.backend must be one of smtp, console, file, locmem, memory or a nodemailer transport, not "sendmail"');
    expect(resolve({ backend: 'file' })).toThrow("email.backend 'file' needs email.filePath");
    expect(resolve({ useTls: true, useSsl: true })).toThrow('email.useTls and email.useSsl are mutually exclusive');
    expect(() => resolveAuthOptions({ secretKey: SECRET_KEY, messages: { level: 'info' as never } })).toThrow('messages.level must be an integer');
  });

  it('refuses a file path that is a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-spec-'));
    try {
      writeFileSync(join(dir, 'taken'), '');
      expect(() => mailService({ backend: 'file', filePath: join(dir, 'taken') })).toThrow(
        `Path for saving email messages exists, but is not a directory: ${join(dir, 'taken')}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MailService', () => {
  it('locmem (and memory) keep sent messages in the outbox, the sender defaulting to defaultFromEmail', async () => {
    for (const backend of ['locmem', 'memory'] as const) {
      const mail = service({ backend, defaultFromEmail: 'noreply@example.com' });
      await mail.sendMail({ subject: 'Hi', body: 'Body', to: ['a@example.com'] });
      await mail.sendMail({ subject: 'Two', body: 'B', from: 'x@example.com', to: ['b@example.com', 'c@example.com'], htmlBody: '<p>B</p>' });
      expect(mail.outbox).toEqual([
        { subject: 'Hi', body: 'Body', from: 'noreply@example.com', to: ['a@example.com'] },
        { subject: 'Two', body: 'B', from: 'x@example.com', to: ['b@example.com', 'c@example.com'], htmlBody: '<p>B</p>' },
      ]);
    }
  });

  it('sends nothing without recipients; sendMassMail checks every message first and counts what it sent', async () => {
    const mail = service({ backend: 'locmem' });
    await mail.sendMail({ subject: 'Hi', body: 'Body', to: [] });
    expect(mail.outbox).toEqual([]);
    await expect(mail.sendMassMail([{ subject: 'A', body: 'a', to: ['a@x.org'] }, { subject: 'B\nBcc: evil@x.org', body: 'b', to: ['b@x.org'] }])).rejects.toThrow(BadHeaderError);
    expect(mail.outbox).toEqual([]);
    expect(await mail.sendMassMail([{ subject: 'A', body: 'a', to: ['a@x.org'] }, { subject: 'none', body: '', to: [] }, { subject: 'B', body: 'b', to: ['b@x.org'] }])).toBe(2);
    expect(mail.outbox.map((m) => m.subject)).toEqual(['A', 'B']);
  });

  it('refuses a subject, sender or recipient with a newline (Django’s BadHeaderError)', async () => {
    const mail = service({ backend: 'locmem' });
    await expect(mail.sendMail({ subject: 'Hello\nBcc: victim@example.com', body: 'x', to: ['a@example.com'] })).rejects.toThrow(
      "Header values can't contain newlines (got 'Hello\\nBcc: victim@example.com' for header 'Subject')",
    );
    await expect(mail.sendMail({ subject: 'ok', body: 'x', to: ['a@example.com\r\nBcc: victim@example.com'] })).rejects.toThrow(
      "Header values can't contain newlines (got 'a@example.com\\r\\nBcc: victim@example.com' for header 'To')",
    );
    await expect(mail.sendMail({ subject: 'ok', body: 'x', from: "it's\nme@example.com", to: ['a@example.com'] })).rejects.toThrow(
      `Header values can't contain newlines (got "it's\\nme@example.com" for header 'From')`,
    );
    expect(mail.outbox).toEqual([]);
    await mail.sendMail({ subject: 'Body lines are fine', body: 'line 1\nline 2', to: ['a@example.com'] });
    expect(mail.outbox).toHaveLength(1);
  });

  it('console prints the whole message then 79 dashes, bodies readable (no quoted-printable), to the stream given', async () => {
    const stream = new PassThrough();
    let printed = '';
    stream.on('data', (chunk) => (printed += chunk));
    const mail = service({ backend: 'console', stream });
    await mail.sendMail({ subject: 'Réinitialisation', body: `Go to ${LINK}\nCafé`, to: ['Bob <bob@example.com>'], htmlBody: '<p>é</p>' });
    expect(printed).toMatch(/^From: webmaster@localhost\nTo: Bob <bob@example\.com>\nSubject: =\?UTF-8\?Q\?R=C3=A9initialisation\?=\n/);
    expect(printed).toContain('Content-Type: multipart/alternative');
    expect(printed).toContain(`Content-Transfer-Encoding: 8bit\n\nGo to ${LINK}\nCafé\n`);
    expect(printed).toContain('Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n<p>é</p>');
    expect(printed.endsWith(`\n${'-'.repeat(79)}\n`)).toBe(true);
    expect(printed).not.toContain('\r');
  });

  it('file writes one file per message, named as Django’s filebased backend, and creates the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-spec-'));
    try {
      const filePath = join(dir, 'nested', 'mail');
      const mail = service({ backend: 'file', filePath });
      await mail.sendMail({ subject: 'One', body: `Reset: ${LINK}`, to: ['a@example.com'] });
      await mail.sendMail({ subject: 'Two', body: 'second', to: ['b@example.com'] });
      const files = readdirSync(filePath).sort();
      expect(files).toHaveLength(2);
      for (const name of files) expect(name).toMatch(/^\d{8}-\d{6}-\d+\.log$/);
      const texts = files.map((name) => readFileSync(join(filePath, name), 'utf8'));
      const first = texts.find((text) => text.includes('Subject: One'))!;
      expect(first).toContain('Content-Transfer-Encoding: 7bit\n');
      expect(first).toContain(`Content-Type: text/plain; charset=utf-8\n\nReset: ${LINK}\n${'-'.repeat(79)}\n`);
      expect(texts.find((text) => text.includes('Subject: Two'))).toContain('To: b@example.com');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('file names are %Y%m%d-%H%M%S-<id>.log in local time', () => {
    expect(messageFileName(new Date(2026, 0, 2, 3, 4, 5))).toMatch(/^20260102-030405-\d+\.log$/);
  });

  it('an app may pass any nodemailer transport', async () => {
    const transport = createTransport({ jsonTransport: true });
    const sent: string[] = [];
    const original = transport.sendMail.bind(transport);
    transport.sendMail = (async (message: never) => {
      const info = await original(message);
      sent.push(String((info as { message: string }).message));
      return info;
    }) as never;
    const mail = service({ backend: transport, defaultFromEmail: 'site@example.com' });
    await mail.sendMail({ subject: 'Hi', body: 'Body', to: ['a@example.com'] });
    expect(JSON.parse(sent[0])).toMatchObject({ subject: 'Hi', text: 'Body', from: { address: 'site@example.com' }, to: [{ address: 'a@example.com' }] });
  });
});

describe('user.emailUser', () => {
  it('sends to the user’s email through the module’s MailService, as Django’s email_user', async () => {
    const mail = service({ backend: 'locmem' });
    const user = Object.assign(new User(), { username: 'alice', email: 'alice@example.com' });
    await user.emailUser('Welcome', 'Hello Alice', 'team@example.com');
    await user.emailUser('Again', 'Hi');
    expect(mail.outbox).toEqual([
      { subject: 'Welcome', body: 'Hello Alice', from: 'team@example.com', to: ['alice@example.com'] },
      { subject: 'Again', body: 'Hi', from: 'webmaster@localhost', to: ['alice@example.com'] },
    ]);
  });

  it('says what is missing when no AuthModule runs', async () => {
    const user = Object.assign(new User(), { username: 'bob', email: 'bob@example.com' });
    await expect(user.emailUser('x', 'y')).rejects.toThrow('user.emailUser() needs AuthModule');
  });
});
