import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The reference Django 3.2 project (read-only), run with Debian's python3, which has python3-django. */
export const DJANGO_PROJECT =
  [process.env.DJANGO_PROJECT_DIR, join(__dirname, '..', '..', '..', 'shared', 'django', 'project'), '/work/shared/django/project'].find(
    (dir): dir is string => !!dir && existsSync(join(dir, 'manage.py')),
  ) ?? '/work/shared/django/project';
export const DJANGO_PYTHON = process.env.DJANGO_PYTHON ?? '/usr/bin/python3';
export const DJANGO_SECRET_KEY = 'reference-secret-key-not-for-production';

/** Every hasher the live test's Django site lists: Django 3.2's defaults, then the legacy ones its users may still have. */
export const DJANGO_PASSWORD_HASHERS = [
  'PBKDF2PasswordHasher',
  'PBKDF2SHA1PasswordHasher',
  'Argon2PasswordHasher',
  'BCryptSHA256PasswordHasher',
  'MD5PasswordHasher',
  'SHA1PasswordHasher',
  'UnsaltedMD5PasswordHasher',
  'UnsaltedSHA1PasswordHasher',
  'BCryptPasswordHasher',
].map((name) => `django.contrib.auth.hashers.${name}`);

/** Why the live Django site cannot run here, or null when it can. */
export function djangoUnavailableReason(): string | null {
  try {
    execFileSync(DJANGO_PYTHON, ['-c', 'import django, gunicorn, psycopg2, bcrypt, argon2; assert django.VERSION[:2] == (3, 2)'], { stdio: 'pipe' });
  } catch (error) {
    return `${DJANGO_PYTHON} cannot import Django 3.2, gunicorn, psycopg2, bcrypt and argon2 (apt-get install python3-django python3-psycopg2 python3-argon2 python3-bcrypt gunicorn): ${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n').pop()}`;
  }
  if (!existsSync(join(DJANGO_PROJECT, 'manage.py'))) return `the reference Django project is missing at ${DJANGO_PROJECT} (set DJANGO_PROJECT_DIR)`;
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Settings over the project's own (which stay untouched): the database from
 * LIVE_DATABASE_URL (sqlite:<path> or postgres://…) and the legacy hashers.
 */
const SETTINGS = `
import os, urllib.parse
from refproject.settings import *  # noqa: F401,F403

_url = os.environ['LIVE_DATABASE_URL']
if _url.startswith('sqlite:'):
    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': _url[len('sqlite:'):]}}
else:
    _u = urllib.parse.urlparse(_url)
    DATABASES = {'default': {
        'ENGINE': 'django.db.backends.postgresql', 'NAME': _u.path.lstrip('/'), 'USER': _u.username or '',
        'PASSWORD': _u.password or '', 'HOST': _u.hostname or '', 'PORT': str(_u.port or 5432),
    }}
PASSWORD_HASHERS = os.environ['LIVE_PASSWORD_HASHERS'].split(',')
`;

/** A Django site on a database: migrate + the project's seed, python snippets, and gunicorn on a random port. */
export class DjangoSite {
  private readonly dir = mkdtempSync(join(tmpdir(), 'live-django-'));
  private server: ChildProcess | null = null;
  private output = '';
  url = '';

  constructor(private readonly databaseUrl: string) {
    writeFileSync(join(this.dir, 'livesettings.py'), SETTINGS);
  }

  private get env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: 'UTC',
      PYTHONPATH: `${this.dir}:${DJANGO_PROJECT}`,
      PYTHONDONTWRITEBYTECODE: '1',
      DJANGO_SETTINGS_MODULE: 'livesettings',
      DJANGO_DEBUG: '0',
      LIVE_DATABASE_URL: this.databaseUrl,
      LIVE_PASSWORD_HASHERS: DJANGO_PASSWORD_HASHERS.join(','),
    };
  }

  /** Django's `migrate` and the reference seed (alice, bob, carol, admin; all `password`, 260,000 PBKDF2 iterations). */
  async setUp(): Promise<void> {
    await this.run([join(DJANGO_PROJECT, 'manage.py'), 'migrate', '--noinput', '-v', '0']);
    await this.run([join(DJANGO_PROJECT, 'seed.py')]);
  }

  /** Runs Python with Django set up; returns what it printed. */
  python(code: string): Promise<string> {
    return this.run(['-c', `import django\ndjango.setup()\n${code}`]);
  }

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.server = spawn(
      DJANGO_PYTHON,
      ['-m', 'gunicorn', '--workers', '2', '--worker-class', 'sync', '--bind', `127.0.0.1:${port}`, 'refproject.wsgi:application'],
      { cwd: DJANGO_PROJECT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk).slice(-4000));
    this.server.stdout!.on('data', keep);
    this.server.stderr!.on('data', keep);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.server.exitCode !== null) throw new Error(`gunicorn exited with ${this.server.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`Django did not start:\n${this.output}`);
  }

  /** Stops gunicorn by its PID (SIGTERM, then SIGKILL) and removes the settings directory. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server && server.exitCode === null && server.signalCode === null) {
      await new Promise<void>((resolve) => {
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
        setTimeout(() => server.kill('SIGKILL'), 5000).unref();
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
      execFile(DJANGO_PYTHON, args, { cwd: DJANGO_PROJECT, env: this.env, timeout: 120_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`python ${args[0]} failed: ${stderr || error.message}`)) : resolve(stdout.trim()),
      ),
    );
  }
}
