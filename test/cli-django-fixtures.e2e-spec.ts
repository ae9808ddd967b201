import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { authEntities, generateSessionKey, Session } from 'nest-django-auth';
import { Question } from '../src/polls/question.entity';
import { ensureCliBuilt, runCli } from './support/cli-process';
import { createTestDatabase, openDataSource, TestDatabase } from './support/databases';
import { REQUIRE_SERVICES } from './support/services';

/** Debian's Python with python3-django, and the reference project (see /work/shared/django/README.md). */
const PYTHON = '/usr/bin/python3';
const PROJECT = join(__dirname, '..', '..', 'shared', 'django', 'project');
const DJANGO_AVAILABLE = spawnSync(PYTHON, ['-c', 'import django'], { cwd: PROJECT }).status === 0;
if (!DJANGO_AVAILABLE) {
  const banner = `\n${'!'.repeat(72)}\n! Django (${PYTHON} with python3-django) is missing: the fixture interop suite is SKIPPED\n${'!'.repeat(72)}\n`;
  if (REQUIRE_SERVICES) throw new Error(banner);
  process.stderr.write(banner);
}

/** Django's manage.py on a SQLite file of our choosing (project/setup.sh's DJANGO_DB_PATH). */
function django(dbPath: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(PYTHON, ['manage.py', ...args], {
    cwd: PROJECT,
    env: { ...process.env, DJANGO_DB_PATH: dbPath, DJANGO_SETTINGS_MODULE: 'refproject.settings' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

(DJANGO_AVAILABLE ? describe : describe.skip)('dumpdata / loaddata against real Django 3.2 [sqlite]', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let env: Record<string, string>;
  let ourDbPath: string;
  const djangoDbPath = join(tmpdir(), `django-fixtures-${process.pid}-${Date.now()}.sqlite3`);
  const fixturePath = join(tmpdir(), `ours-${process.pid}-${Date.now()}.json`);

  beforeAll(async () => {
    ensureCliBuilt();
    database = await createTestDatabase('sqlite');
    env = { DATABASE_URL: database.url };
    ourDbPath = database.url.slice('sqlite:'.length);
    expect((await runCli(['migrate', '-v', '0'], env)).status).toBe(0);
    expect((await runCli(['seed', '--password', 'Seeded-pass-1'], env)).status).toBe(0);
    expect((await runCli(['createsuperuser', '--noinput', '--username', 'zoë', '--email', 'zoe@example.com'], { ...env, DJANGO_SUPERUSER_PASSWORD: 'Zoë-pass-123' })).status).toBe(0);
    dataSource = await openDataSource(database.url, { entities: [...authEntities(), Question] });
    await dataSource.getRepository(Session).insert([
      { sessionKey: generateSessionKey(), sessionData: 'e30:1rK5iq:JwcA0ibQKwVyArKqoE0RzOEmJPyj3M4cEIC2_zFVt6c', expireDate: new Date('2030-05-06T07:08:09.123Z') },
      { sessionKey: generateSessionKey(), sessionData: 'e30:1rK5iq:JwcA0ibQKwVyArKqoE0RzOEmJPyj3M4cEIC2_zFVt6c', expireDate: new Date('2031-01-01T00:00:00Z') },
    ]);
    await dataSource.query(`UPDATE auth_user SET last_login = '2024-01-02 03:04:05.678' WHERE username = 'alice'`);
  }, 600_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    for (const path of [djangoDbPath, fixturePath]) rmSync(path, { force: true });
  });

  it.each([
    [['auth', 'contenttypes', 'sessions', '--indent', '2']],
    [['auth', 'contenttypes', 'sessions']],
    [['auth', 'contenttypes', 'sessions', '--natural-foreign', '--natural-primary', '--indent', '4']],
    [['auth.user', 'auth.group', '--natural-foreign']],
  ])("Django's dumpdata %j of our database is byte-identical to ours", async (args) => {
    const ours = await runCli(['dumpdata', ...args], env);
    expect(ours.status).toBe(0);
    const theirs = django(ourDbPath, ['dumpdata', ...args]);
    expect(theirs.stderr).toBe('');
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it("our dump loads into Django's own database, and Django then dumps the same", async () => {
    expect((await runCli(['dumpdata', '--indent', '2', '-o', fixturePath], env)).status).toBe(0);
    expect(django(djangoDbPath, ['migrate', '--noinput', '-v', '0']).status).toBe(0);
    const load = django(djangoDbPath, ['loaddata', fixturePath]);
    expect(load.stderr).toBe('');
    expect(load.stdout).toMatch(/^Installed \d+ object\(s\) from 1 fixture\(s\)\n$/);
    expect(django(djangoDbPath, ['dumpdata', 'auth', 'contenttypes', 'sessions', '--indent', '2']).stdout).toBe(readFileSync(fixturePath, 'utf8'));
  });

  it('a natural-key dump of ours loads into Django too', async () => {
    const natural = await runCli(['dumpdata', 'auth', 'contenttypes', '--natural-foreign', '--natural-primary'], env);
    writeFileSync(fixturePath, natural.stdout);
    const load = django(djangoDbPath, ['loaddata', fixturePath]);
    expect(load.stderr).toBe('');
    expect(load.status).toBe(0);
  });
});
