import { DataSource } from 'typeorm';
import { authEntities, generateSessionKey, Session, UserSession } from 'nest-django-auth';
import { ensureCliBuilt, runCli } from './support/cli-process';
import { createTestDatabase, describeEachDatabase, openDataSource, TestDatabase } from './support/databases';

const DAY_MS = 24 * 60 * 60 * 1000;

function sessionRows(count: number, expireDate: Date): Session[] {
  return Array.from({ length: count }, () => Object.assign(new Session(), { sessionKey: generateSessionKey(), sessionData: 'e30:bench', expireDate }));
}

function indexRowsOf(sessions: Session[]): UserSession[] {
  return sessions.map((session, i) => Object.assign(new UserSession(), { sessionKey: session.sessionKey, userId: String(i + 1), createdAt: new Date() }));
}

async function keysOf(dataSource: DataSource, entity: typeof Session | typeof UserSession): Promise<string[]> {
  const rows: Array<{ sessionKey: string }> = await dataSource.getRepository(entity).find({ select: { sessionKey: true } });
  return rows.map((row) => row.sessionKey).sort();
}

beforeAll(() => ensureCliBuilt(), 600_000);

describeEachDatabase('npm run cli -- clearsessions', (kind) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dataSource = await openDataSource(database.url, { entities: authEntities() });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('deletes exactly the expired sessions (and their index rows) and prints how many', async () => {
    const expired = sessionRows(3, new Date(Date.now() - DAY_MS));
    const live = sessionRows(2, new Date(Date.now() + DAY_MS));
    await dataSource.getRepository(Session).insert([...expired, ...live]);
    await dataSource.getRepository(UserSession).insert(indexRowsOf([...expired, ...live]));

    const result = await runCli(['clearsessions'], { DATABASE_URL: database.url, SESSION_ENGINE: 'db' });

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('cleared 3 expired sessions\n');
    expect(result.status).toBe(0);
    const liveKeys = live.map((session) => session.sessionKey).sort();
    expect(await keysOf(dataSource, Session)).toEqual(liveKeys);
    expect(await keysOf(dataSource, UserSession)).toEqual(liveKeys);
  });

  it('says so when there is nothing to clear', async () => {
    const result = await runCli(['clearsessions'], { DATABASE_URL: database.url, SESSION_ENGINE: 'db' });
    expect(result.stdout).toBe('cleared 0 expired sessions\n');
    expect(result.status).toBe(0);
  });
});

describe('npm run cli -- <unknown command>', () => {
  it("exits 1 with Django's message, touching no database", async () => {
    const result = await runCli(['clearsesions'], { DATABASE_URL: 'sqlite:/nonexistent/never-opened.sqlite3' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("Unknown command: 'clearsesions'. Did you mean clearsessions?\nType 'npm run cli -- help' for usage.\n");
  });
});
