import { loginCookie } from '../lib/demo';
import { RunningServer, startServer } from '../lib/processes';
import { DEMO_ENV } from './demo-env';

/** The compiled demo (dist/) on a database, with alice logged in. */
export interface LoggedInDemo {
  server: RunningServer;
  aliceCookie: string;
}

export async function startLoggedInDemo(name: string, databaseUrl: string, port: number): Promise<LoggedInDemo> {
  const server = await startServer({
    name,
    args: ['dist/src/main.js'],
    env: { ...DEMO_ENV, DATABASE_URL: databaseUrl },
    port,
  });
  try {
    return { server, aliceCookie: await loginCookie(server.url) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
