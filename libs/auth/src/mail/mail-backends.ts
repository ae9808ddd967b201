import { randomInt } from 'node:crypto';
import { accessSync, constants as fsConstants, mkdirSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import type { ResolvedEmailOptions } from './email-options.interface';
import type { SentEmailMessage } from './email-message';

/** What MailService needs of a backend (Django's BaseEmailBackend.send_messages, one message at a time). */
export interface MailBackend {
  send(message: SentEmailMessage): Promise<void>;
  close?(): void;
}

const SEPARATOR = '-'.repeat(79);

/** Builds the backend the options name; fails at start-up as Django's ImproperlyConfigured would. */
export function createMailBackend(options: ResolvedEmailOptions, outbox: SentEmailMessage[]): MailBackend {
  const { backend } = options;
  if (typeof backend === 'object' && backend !== null) return transporterBackend(asTransporter(backend));
  switch (backend) {
    case 'smtp':
      return transporterBackend(smtpTransporter(options));
    case 'console':
      return consoleBackend(options.stream ?? process.stdout);
    case 'file':
      return fileBackend(prepareFilePath(options.filePath));
    case 'locmem':
    case 'memory':
      return { send: async (message) => void outbox.push(structuredClone(message)) };
    default:
      throw new ImproperlyConfiguredError(
        `AuthModule: email.backend must be 'smtp', 'console', 'file', 'locmem' (or 'memory') or a nodemailer transport, not ${JSON.stringify(backend)}.`,
      );
  }
}

export function nodemailerMessage(message: SentEmailMessage): SendMailOptions {
  return { from: message.from, to: message.to, subject: message.subject, text: message.body, ...(message.htmlBody !== undefined ? { html: message.htmlBody } : {}) };
}

function asTransporter(transport: object): Transporter {
  return typeof (transport as Transporter).sendMail === 'function' ? (transport as Transporter) : createTransport(transport as never);
}

function transporterBackend(transporter: Transporter): MailBackend {
  return {
    send: async (message) => void (await transporter.sendMail(nodemailerMessage(message))),
    close: () => transporter.close(),
  };
}

function smtpTransporter(options: ResolvedEmailOptions): Transporter {
  if (options.useTls && options.useSsl) {
    throw new ImproperlyConfiguredError('AuthModule: email.useTls and email.useSsl are mutually exclusive, so only set one of those options to true.');
  }
  const timeout = options.timeout === undefined ? {} : { connectionTimeout: options.timeout * 1000, greetingTimeout: options.timeout * 1000, socketTimeout: options.timeout * 1000 };
  return createTransport({
    host: options.host,
    port: options.port,
    secure: options.useSsl,
    // Django only speaks STARTTLS when EMAIL_USE_TLS is set, and then insists on it.
    requireTLS: options.useTls,
    ignoreTLS: !options.useTls && !options.useSsl,
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    ...timeout,
  });
}

/** RFC 822 text as Django's console and file backends write it: bodies as written (7bit/8bit), `\n` line ends. */
const textRenderer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
textRenderer.use('stream', (mail, done) => {
  keepBodiesReadable(mail.message as unknown as MimeNodeLike);
  done();
});

interface MimeNodeLike {
  childNodes?: MimeNodeLike[];
  content?: unknown;
  getHeader(name: string): unknown;
  getTransferEncoding(): string | false;
}

/** Django's utf-8 charset has no body encoding: a reset link stays one readable line, never quoted-printable. */
function keepBodiesReadable(node: MimeNodeLike): void {
  for (const child of node.childNodes ?? []) keepBodiesReadable(child);
  if (typeof node.content !== 'string' || !/^text\//i.test(String(node.getHeader('Content-Type') ?? ''))) return;
  const encoding = /^[\x00-\x7f]*$/.test(node.content) ? '7bit' : '8bit';
  node.getTransferEncoding = () => encoding;
}

export async function renderMessage(message: SentEmailMessage): Promise<string> {
  const info = await textRenderer.sendMail(nodemailerMessage(message));
  return (info.message as Buffer).toString('utf8').replace(/\n$/, '');
}

function consoleBackend(stream: NodeJS.WritableStream): MailBackend {
  return {
    send: async (message) => void stream.write(`${await renderMessage(message)}\n${SEPARATOR}\n`),
  };
}

function fileBackend(directory: string): MailBackend {
  return {
    // Written under a hidden name, then renamed: a reader watching the folder never sees a half-written message.
    send: async (message) => {
      const name = messageFileName();
      const partial = join(directory, `.${name}.partial`);
      await writeFile(partial, `${await renderMessage(message)}\n${SEPARATOR}\n`, { flag: 'wx' });
      await rename(partial, join(directory, name));
    },
  };
}

/** Django's filebased name: `%Y%m%d-%H%M%S-<id>.log`, local time. */
export function messageFileName(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return `${stamp}-${randomInt(1, 2 ** 47)}.log`;
}

/** Django's EmailBackend(file_path) checks, at start-up. */
function prepareFilePath(filePath: string | undefined): string {
  if (!filePath) throw new ImproperlyConfiguredError("AuthModule: email.backend 'file' needs email.filePath, the folder to write messages to (Django's EMAIL_FILE_PATH).");
  let stats;
  try {
    stats = statSync(filePath);
  } catch {
    stats = null;
  }
  if (stats && !stats.isDirectory()) {
    throw new ImproperlyConfiguredError(`AuthModule: Path for saving email messages exists, but is not a directory: ${filePath}`);
  }
  try {
    mkdirSync(filePath, { recursive: true });
  } catch (error) {
    throw new ImproperlyConfiguredError(`AuthModule: Could not create directory for saving email messages: ${filePath} (${(error as Error).message})`);
  }
  try {
    accessSync(filePath, fsConstants.W_OK);
  } catch {
    throw new ImproperlyConfiguredError(`AuthModule: Could not write to directory: ${filePath}`);
  }
  return filePath;
}
