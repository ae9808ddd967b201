import { AddressInfo, createServer, Server, Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The DATA section, dot-unstuffed, CRLF line ends. */
  data: string;
  /** The user that authenticated, if any. */
  user?: string;
}

export interface SmtpListenerOptions {
  /** Require AUTH PLAIN/LOGIN with these credentials before MAIL FROM. */
  credentials?: { user: string; pass: string };
}

/**
 * A minimal SMTP server (RFC 5321 subset: EHLO/HELO, AUTH PLAIN/LOGIN,
 * MAIL, RCPT, DATA, RSET, NOOP, QUIT) on 127.0.0.1, recording what it
 * receives. No STARTTLS: a client that insists on TLS must give up.
 */
export class SmtpListener {
  readonly received: ReceivedMail[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: SmtpListenerOptions = {}) {}

  async start(): Promise<number> {
    this.server = createServer((socket) => this.handle(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.port;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let mail: { from: string; to: string[] } | null = null;
    let user: string | undefined;
    let inData = false;
    let data = '';
    let authLogin: { step: 'user' | 'pass'; user?: string } | null = null;

    const checkCredentials = (name: string, pass: string) => {
      const expected = this.options.credentials;
      if (expected && name === expected.user && pass === expected.pass) {
        user = name;
        reply('235 2.7.0 Authentication successful');
      } else {
        reply('535 5.7.8 Authentication credentials invalid');
      }
    };

    const command = (line: string) => {
      if (authLogin) {
        const value = Buffer.from(line, 'base64').toString('utf8');
        if (authLogin.step === 'user') {
          authLogin = { step: 'pass', user: value };
          return reply('334 UGFzc3dvcmQ6');
        }
        const name = authLogin.user!;
        authLogin = null;
        return checkCredentials(name, value);
      }
      const [verb, ...rest] = line.split(' ');
      const argument = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          return socket.write(`250-smtp-listener\r\n${this.options.credentials ? '250-AUTH PLAIN LOGIN\r\n' : ''}250 8BITMIME\r\n`);
        case 'HELO':
          return reply('250 smtp-listener');
        case 'AUTH': {
          const [mechanism, initial] = argument.split(' ');
          if (mechanism.toUpperCase() === 'PLAIN') {
            const [, name, pass] = Buffer.from(initial ?? '', 'base64').toString('utf8').split('\0');
            return checkCredentials(name ?? '', pass ?? '');
          }
          if (mechanism.toUpperCase() === 'LOGIN') {
            authLogin = { step: 'user' };
            return reply('334 VXNlcm5hbWU6');
          }
          return reply('504 5.5.4 Unrecognized authentication type');
        }
        case 'MAIL':
          if (this.options.credentials && !user) return reply('530 5.7.0 Authentication required');
          mail = { from: argument.replace(/^FROM:\s*<?([^>\s]*)>?.*$/i, '$1'), to: [] };
          return reply('250 2.1.0 OK');
        case 'RCPT':
          if (!mail) return reply('503 5.5.1 MAIL first');
          mail.to.push(argument.replace(/^TO:\s*<?([^>\s]*)>?.*$/i, '$1'));
          return reply('250 2.1.5 OK');
        case 'DATA':
          if (!mail || mail.to.length === 0) return reply('503 5.5.1 RCPT first');
          inData = true;
          data = '';
          return reply('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          mail = null;
          return reply('250 2.0.0 OK');
        case 'NOOP':
          return reply('250 2.0.0 OK');
        case 'QUIT':
          reply('221 2.0.0 Bye');
          return socket.end();
        default:
          return reply('502 5.5.2 Command not recognized');
      }
    };

    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!inData) {
          command(line);
          continue;
        }
        if (line === '.') {
          inData = false;
          this.received.push({ ...mail!, data, ...(user ? { user } : {}) });
          mail = null;
          reply('250 2.0.0 Queued');
          continue;
        }
        data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
      }
    });
    reply('220 smtp-listener ESMTP');
  }
}
