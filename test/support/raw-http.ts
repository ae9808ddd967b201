import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  head: string;
  body: string;
  ms: number;
}

/**
 * One HTTP/1.1 request written byte for byte on a fresh socket (fetch and http.request refuse the malformed headers
 * an attacker can send). Rejects when no complete answer comes within `timeoutMs`: a hang is a failure.
 */
export function rawRequest(port: number, request: Buffer | string, timeoutMs = 10_000): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined); // the server may reset after answering a bad request
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!match) return reject(new Error(`no HTTP answer (connection closed): ${JSON.stringify(text.slice(0, 200))}`));
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(match[1]), head: text.slice(0, split), body: text.slice(split + 4), ms: Date.now() - started });
    });
    socket.write(request); // no half-close: Node's server drops a half-closed connection before an async handler answers
  });
}

/** A request with `Connection: close`; `headers` are written verbatim (latin1 bytes of the strings). */
export function buildRequest(method: string, path: string, headers: Array<[string, string | Buffer]>, body?: Buffer): Buffer {
  const lines: Buffer[] = [Buffer.from(`${method} ${path} HTTP/1.1\r\n`, 'latin1')];
  const all: Array<[string, string | Buffer]> = [...headers, ['Connection', 'close']];
  if (body) all.push(['Content-Length', String(body.length)]);
  for (const [name, value] of all) lines.push(Buffer.from(`${name}: `, 'latin1'), Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'), Buffer.from('\r\n'));
  lines.push(Buffer.from('\r\n'));
  if (body) lines.push(body);
  return Buffer.concat(lines);
}
