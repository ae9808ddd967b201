import { createServer, Server, Socket } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)\b/i;
const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/**
 * A loopback proxy in front of PostgreSQL that counts the statements the
 * server is asked to run, read off the wire protocol: every Execute of a
 * prepared statement (whose text the Parse gave) and every simple Query.
 * What the app's own logger reports is not what this counts: this is what
 * reached PostgreSQL. Nothing on the shared server is reconfigured.
 */
export class PgWireCounter {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  statements: string[] = [];
  port = 0;

  constructor(private readonly targetHost: string, private readonly targetPort: number) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
    return this.port;
  }

  reset(): void {
    this.statements = [];
  }

  /** Statements that did work, without transaction bookkeeping, and how many of them wrote. */
  tally(requests: number): { queries: number; writes: number } {
    const work = this.statements.filter((s) => !TRANSACTION_CONTROL.test(s));
    return { queries: work.length / requests, writes: work.filter((s) => WRITE.test(s)).length / requests };
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    const upstream = new Socket();
    this.sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    const parse = this.clientParser();
    upstream.connect(this.targetPort, this.targetHost, () => {
      client.on('data', (chunk: Buffer) => {
        parse(chunk);
        upstream.write(chunk);
      });
      upstream.pipe(client);
    });
  }

  /** Follows one connection's client → server messages (startup packets have no type byte). */
  private clientParser(): (chunk: Buffer) => void {
    let buffered: Buffer = Buffer.alloc(0);
    let startup = true;
    const prepared = new Map<string, string>();
    let bound = '';
    return (chunk) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      for (;;) {
        if (startup) {
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) return;
          const code = buffered.readInt32BE(4);
          startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
          buffered = buffered.subarray(length);
          continue;
        }
        if (buffered.length < 5) return;
        const type = String.fromCharCode(buffered[0]);
        const length = buffered.readInt32BE(1);
        if (buffered.length < 1 + length) return;
        const body = buffered.subarray(5, 1 + length);
        buffered = buffered.subarray(1 + length);
        const strings = () => body.toString('utf8').split('\0');
        if (type === 'P') {
          const [name, text] = strings();
          prepared.set(name, text);
        } else if (type === 'B') {
          bound = prepared.get(strings()[1]) ?? '';
        } else if (type === 'E') {
          this.statements.push(bound);
        } else if (type === 'Q') {
          this.statements.push(strings()[0]);
        }
      }
    };
  }
}
