import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoProcess, startDemoProcess } from './support/demo-process';
import { freePort } from './support/django-site';

/**
 * The demo driven over HTTP with only what the README says: its Quick start section read as text, the demo seeded by
 * the seed command and started with the environment shown there (EMAIL_BACKEND=file), then the section's curl lines
 * run by bash, each printed line compared with the `# →` comment of the line that printed it.
 */
const ROOT = join(__dirname, '..');
const README_URL = 'http://127.0.0.1:3000';

function quickStart(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Quick start');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end);
}

const bashBlocks = (section: string) => [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]);

describe('the demo driven over HTTP with only what the README says', () => {
  const section = quickStart();
  const blocks = bashBlocks(section);
  const seedPassword = /^SEED_PASSWORD='([^']+)' npm run seed/m.exec(section)?.[1];
  const startLine = /^((?:[A-Z_]+=\S+ )+)npm start$/m.exec(section)?.[1];
  const startEnv = Object.fromEntries((startLine ?? '').trim().split(/\s+/).filter(Boolean).map((pair) => pair.split('=') as [string, string]));
  const script = blocks.filter((block) => block.includes('$base')).join('\n');
  let dir: string;
  let demo: DemoProcess;

  it('has what the test needs: the seed line, the start line with EMAIL_BACKEND=file, curl lines with their outputs', () => {
    expect(seedPassword).toBeDefined();
    expect(startEnv).toEqual(expect.objectContaining({ EMAIL_BACKEND: 'file', EMAIL_FILE_PATH: expect.any(String) }));
    expect(script).toContain(`base=${README_URL}`);
    expect(script).toContain('/accounts/password_reset/');
  });

  describe('run against the demo', () => {
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'demo-readme-'));
      // As from a shell: no NODE_ENV (an empty one is the same to the demo and the library).
      const env = { ...process.env, NODE_ENV: '', DATABASE_URL: `sqlite:${join(dir, 'demo.sqlite3')}` };
      // `npm run seed` runs the compiled CLI; the same command from the sources.
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'src/cli.ts', 'seed'], {
        cwd: ROOT,
        env: { ...env, SEED_PASSWORD: seedPassword },
        stdio: 'pipe',
      });
      // `npm start`: no NODE_ENV, no SECRET_KEY, no ALLOWED_HOSTS; emails in a folder of this test's.
      demo = await startDemoProcess(await freePort(), {
        NODE_ENV: '',
        SECRET_KEY: undefined,
        ALLOWED_HOSTS: undefined,
        DATABASE_URL: env.DATABASE_URL,
        ...startEnv,
        EMAIL_FILE_PATH: join(dir, 'mail'),
      });
    }, 120_000);

    afterAll(async () => {
      await demo?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('prints what each line says it prints: login, vote, logout, the 403 without a token, a reset through the email file, a login with the new password', () => {
      const local = (text: string) => text.replaceAll(README_URL, demo.url).replaceAll(startEnv.EMAIL_FILE_PATH, join(dir, 'mail'));
      const expected = [...script.matchAll(/# → (.*)$/gm)].map((match) => local(match[1].trim()));
      const run = spawnSync('bash', ['-eo', 'pipefail', '-c', local(script)], { encoding: 'utf8', timeout: 120_000 });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout.split('\n').map((line) => line.trim()).filter(Boolean)).toEqual(expected);
      expect(expected.length).toBeGreaterThanOrEqual(8);
    }, 120_000);
  });
});
