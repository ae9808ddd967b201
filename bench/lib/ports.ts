import { createServer } from 'node:net';

/** A loopback port the OS says is free now (counting up from a fixed base once ran into MariaDB's 3306). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
