#!/usr/bin/env node
/**
 * npm run test:package: the library as an outside app gets it. Packs it
 * (npm run pack:lib), checks the tarball holds only the build, then for
 * NestJS 11, NestJS 12 (the example is CommonJS: NestJS 12's ESM-only
 * packages load through Node's require() of ES modules) and NestJS 12 with
 * the example turned into an ES module app, copies examples/polls-app to a temporary folder,
 * installs the tarball there with the rest from the registry, compiles it
 * (and every TypeScript snippet of README.md) strictly with skipLibCheck
 * false, seeds it, boots it on SQLite on a random port, drives it over HTTP,
 * stops it by PID, and checks that missing optional packages give start-up
 * errors naming them. The second variant starts from the first one's
 * node_modules, so only the NestJS packages change (better-sqlite3 is built
 * once). better-sqlite3 is the app's own dependency, compiled from source on
 * this machine (~1.5 min): the first variant starts from this repository's
 * build of it when its version fits the example's range (npm keeps it and
 * installs the rest); PACKAGE_TEST_FRESH_NATIVE=1 builds it afresh.
 * Ends with `package: N passed, N failed`; exits 1 on any failure.
 * KEEP_PACKAGE_TEST=1 keeps the temporary folder; PACKAGE_TEST_NEST=12 runs one variant.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');

const root = path.join(__dirname, '..', '..');
const example = path.join(root, 'examples', 'polls-app');
const started = Date.now();
const results = [];
const children = new Set();

const NEST_12 = { '@nestjs/common': '^12.0.0', '@nestjs/core': '^12.0.0', '@nestjs/platform-express': '^12.0.0', '@nestjs/typeorm': '^12.0.0', '@nestjs/config': '^12.0.0' };
/** The example is CommonJS (the NestJS 11 default; NestJS 12's ESM-only packages come in through require()); the last variant is an ES module app. */
const VARIANTS = [
  { name: 'NestJS 11', nest: 11, versions: { '@nestjs/common': '^11.0.0', '@nestjs/core': '^11.0.0', '@nestjs/platform-express': '^11.0.0', '@nestjs/typeorm': '^11.0.0', '@nestjs/config': '^4.0.0' } },
  { name: 'NestJS 12', nest: 12, versions: NEST_12 },
  { name: 'NestJS 12 ESM app', nest: 12, versions: NEST_12, esm: true },
].filter(({ nest }) => !process.env.PACKAGE_TEST_NEST || process.env.PACKAGE_TEST_NEST.split(',').includes(String(nest)));

/** What must never ship: tests, specs, fixtures, the bench, TypeScript sources, build info. */
const FORBIDDEN = [
  [/(^|\/)(test|tests|__tests__|fixtures|__fixtures__|bench|coverage)(\/|$)/, 'test, fixture or bench folder'],
  [/\.(spec|e2e-spec|test)[.-]/, 'spec or test file'],
  [/(?<!\.d)\.(ts|mts|cts)$/, 'TypeScript source (not a declaration)'],
  [/\.tsbuildinfo$|(^|\/)tsconfig[^/]*\.json$/, 'build configuration'],
];

function log(message) {
  console.log(`[test:package ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`);
}

function record(ok, name, detail = '') {
  results.push({ ok, name });
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

async function step(name, run) {
  const t = Date.now();
  try {
    const detail = await run();
    const took = `${((Date.now() - t) / 1000).toFixed(1)} s`;
    record(true, name, typeof detail === 'string' && detail ? `${detail} (${took})` : took);
    return true;
  } catch (error) {
    record(false, name, error instanceof Error ? error.message : String(error));
    return false;
  }
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options });
}

function runShowingErrors(command, args, options) {
  try {
    return run(command, args, options);
  } catch (error) {
    throw new Error(`${[command, ...args].join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

function pack() {
  const output = runShowingErrors(process.execPath, [path.join(root, 'scripts', 'pack-lib.js')], { cwd: root });
  const lines = output.trim().split('\n');
  const tarball = lines.at(-1);
  assert.ok(path.isAbsolute(tarball) && fs.existsSync(tarball), `pack:lib's last line is not a tarball path: ${tarball}`);
  return tarball;
}

function checkTarball(tarball) {
  const files = run('tar', ['-tzf', tarball]).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  const size = fs.statSync(tarball).size;
  log(`tarball ${tarball}: ${(size / 1024).toFixed(1)} kB, ${files.length} files`);
  const offending = files.flatMap((file) => FORBIDDEN.filter(([pattern]) => pattern.test(file)).map(([, why]) => `${file} (${why})`));
  assert.deepEqual(offending, [], `the tarball holds files that must not ship:\n  ${offending.join('\n  ')}`);
  for (const required of ['package.json', 'README.md', 'LICENSE', 'THIRD-PARTY-NOTICES.md', 'dist/index.js', 'dist/index.d.ts']) {
    assert.ok(files.includes(required), `the tarball lacks ${required}`);
  }
  assert.ok(files.some((f) => /^dist\/migrations\/.+\.js$/.test(f)), 'the tarball lacks the migrations');
  return `${(size / 1024).toFixed(1)} kB, ${files.length} files`;
}

/** The README's ```ts blocks, each a file at the app's src/ root, so they compile as pasted into the example. */
function writeReadmeSnippets(dir) {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  snippets.forEach((code, i) => fs.writeFileSync(path.join(dir, 'src', `readme-snippet-${i + 1}.ts`), code));
  return snippets.length;
}

function prepareApp(dir, variant, tarball, previous) {
  fs.cpSync(example, dir, { recursive: true, filter: (src) => !/(^|\/)(node_modules|dist|data)$/.test(path.relative(example, src)) });
  const pkgPath = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  Object.assign(pkg.dependencies, variant.versions, { 'nest-django-auth': `file:${tarball}` });
  if (variant.esm) pkg.type = 'module';
  fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  fs.copyFileSync(path.join(__dirname, 'check-optional.cjs'), path.join(dir, 'check-optional.cjs'));
  // Only the NestJS packages differ between the variants: start from the last one's tree (better-sqlite3 built once).
  if (previous) fs.cpSync(path.join(previous, 'node_modules'), path.join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  else seedNativeBuild(dir, pkg, 'better-sqlite3');
}

/** The repository's compiled copy of a native package, when its version fits the app's range (same Node here). */
function seedNativeBuild(dir, pkg, name) {
  if (process.env.PACKAGE_TEST_FRESH_NATIVE) return;
  try {
    const semver = require(require.resolve('semver', { paths: [root] }));
    const source = path.join(root, 'node_modules', name);
    const { version } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
    if (!semver.satisfies(version, pkg.dependencies[name])) return;
    fs.cpSync(source, path.join(dir, 'node_modules', name), { recursive: true, verbatimSymlinks: true });
    log(`${name} ${version}: the repository's build reused (PACKAGE_TEST_FRESH_NATIVE=1 to build it afresh)`);
  } catch {
    // No usable copy: npm builds it.
  }
}

function installedVersion(dir, name) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function startApp(dir, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`the app exited (${code}) before listening:\n${output}`));
    });
  });
}

function stopApp(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(child.pid, 'SIGTERM');
  });
}

async function request(url, { cookie, accept = 'text/html', method = 'GET', form, headers: extraHeaders = {} } = {}) {
  const headers = { accept, ...extraHeaders };
  if (cookie) headers.cookie = cookie;
  let body;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), setCookie: response.headers.getSetCookie(), text: await response.text() };
}

const cookieOf = (setCookie, name) => setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith(`${name}=`));

/** The library's login page (its template ships in the package): the CSRF cookie and the form's masked token. */
async function loginPage(base) {
  const page = await request(`${base}/accounts/login/`);
  assert.equal(page.status, 200, `GET /accounts/login/: ${page.status} ${page.text}`);
  assert.match(page.text, /<label for="id_username">Username<\/label>/);
  const token = /name="csrfmiddlewaretoken" value="([^"]{64})"/.exec(page.text)?.[1];
  const csrfCookie = cookieOf(page.setCookie, 'csrftoken');
  assert.ok(token && csrfCookie, 'the login page set no CSRF cookie or form token');
  return { token, csrfCookie };
}

/** Logs in through AccountsModule's form; the session cookie and the CSRF cookie rotated by the login. */
async function login(base, username, password, next = '/private') {
  const { token, csrfCookie } = await loginPage(base);
  const response = await request(`${base}/accounts/login/`, {
    method: 'POST', cookie: csrfCookie, form: { csrfmiddlewaretoken: token, username, password, next },
  });
  assert.equal(response.status, 302, `login of ${username}: ${response.status} ${response.text}`);
  assert.equal(response.location, next);
  const session = cookieOf(response.setCookie, 'sessionid');
  const rotated = cookieOf(response.setCookie, 'csrftoken');
  assert.ok(session, `login of ${username} set no sessionid cookie`);
  assert.ok(rotated && rotated !== csrfCookie, `login of ${username} did not rotate the CSRF cookie`);
  return { session, csrfCookie: rotated };
}

async function driveOverHttp(label, base, password) {
  const checks = [
    ['anonymous HTML /private → 302 to the login page with next', async () => {
      const r = await request(`${base}/private`);
      assert.equal(r.status, 302);
      assert.equal(r.location, '/accounts/login/?next=/private');
    }],
    ['anonymous JSON /private → 401', async () => {
      const r = await request(`${base}/private`, { accept: 'application/json' });
      assert.equal(r.status, 401);
      assert.equal(JSON.parse(r.text).statusCode, 401);
    }],
    ['a login POST without the CSRF cookie → 403 with Django\'s reason', async () => {
      const page = await request(`${base}/accounts/login/`, { method: 'POST', form: { username: 'alice', password } });
      assert.equal(page.status, 403);
      assert.match(page.text, /CSRF verification failed\. Request aborted\./); // a browser: Django's page
      const api = await request(`${base}/accounts/login/`, { method: 'POST', accept: 'application/json', form: { username: 'alice', password } });
      assert.equal(api.status, 403);
      assert.equal(JSON.parse(api.text).message, 'CSRF cookie not set.');
    }],
    ['wrong password → 200 with the form and Django\'s message, no session', async () => {
      const { token, csrfCookie } = await loginPage(base);
      const r = await request(`${base}/accounts/login/`, {
        method: 'POST', cookie: csrfCookie, form: { csrfmiddlewaretoken: token, username: 'alice', password: password + 'x' },
      });
      assert.equal(r.status, 200);
      assert.match(r.text, /Please enter a correct username and password\. Note that both fields may be case-sensitive\./);
      assert.ok(!r.setCookie.some((c) => c.startsWith('sessionid=')));
    }],
    ['alice logs in; /private 200; /vote (polls.can_vote) 200; logout (X-CSRFToken); /private 302', async () => {
      const { session, csrfCookie } = await login(base, 'alice', password);
      const cookie = `${session}; ${csrfCookie}`;
      const priv = await request(`${base}/private`, { cookie });
      assert.equal(priv.status, 200);
      assert.equal(priv.text, 'hello alice');
      const vote = await request(`${base}/vote`, { cookie });
      assert.equal(vote.status, 200);
      assert.equal(vote.text, 'voted');
      // Django's JavaScript recipe: the cookie's secret in the X-CSRFToken header.
      const secret = csrfCookie.slice('csrftoken='.length);
      assert.equal((await request(`${base}/accounts/logout/`, { method: 'POST', cookie, headers: { 'x-csrftoken': secret } })).status, 200);
      assert.equal((await request(`${base}/private`, { cookie })).status, 302);
    }],
    ['bob (no permission) logs in; /private 200; /vote 403', async () => {
      const { session } = await login(base, 'bob', password);
      assert.equal((await request(`${base}/private`, { cookie: session })).status, 200);
      assert.equal((await request(`${base}/vote`, { cookie: session })).status, 403);
    }],
    ['Host: evil.com → 400 (allowed hosts)', async () => {
      // fetch always sends the URL's own Host; node:http sends the forged one.
      const r = await new Promise((resolve, reject) => {
        require('node:http').get(`${base}/accounts/login/?next=http://evil.com/`, { headers: { host: 'evil.com' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res));
        }).on('error', reject);
      });
      assert.equal(r.statusCode, 400);
      assert.equal(r.headers.location, undefined);
    }],
  ];
  for (const [name, check] of checks) await step(`${label}: HTTP ${name}`, check);
}

async function variantCheck(variant, dir, tarball, previous) {
  const label = variant.name;
  log(`${label}: installing in ${dir}${previous ? ' (from the previous tree)' : ''}`);
  prepareApp(dir, variant, tarball, previous);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const installed = await step(`${label}: npm install (tarball + registry)`, () => {
    const t = Date.now();
    runShowingErrors(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir });
    const core = installedVersion(dir, '@nestjs/core');
    assert.equal(Number(core.split('.')[0]), variant.nest, `@nestjs/core ${core} installed`);
    const versions = ['@nestjs/core', '@nestjs/typeorm', '@nestjs/config', 'typeorm', 'nest-django-auth'].map((n) => `${n} ${installedVersion(dir, n)}`);
    return `${((Date.now() - t) / 1000).toFixed(0)} s; ${versions.join(', ')}`;
  });
  if (!installed) return;
  const snippets = writeReadmeSnippets(dir);
  const compiled = await step(`${label}: tsc strict, skipLibCheck false (the example and ${snippets} README snippets)`, () => {
    runShowingErrors(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir });
    const main = fs.readFileSync(path.join(dir, 'dist', 'main.js'), 'utf8');
    assert.equal(/\brequire\(/.test(main), !variant.esm, `dist/main.js is not ${variant.esm ? 'an ES module' : 'CommonJS'}`);
    return variant.esm ? 'ES module output' : 'CommonJS output';
  });
  await step(`${label}: missing optional packages are start-up errors naming them`, () => {
    try {
      const lines = run(process.execPath, ['check-optional.cjs'], { cwd: dir }).trim().split('\n');
      return `${lines.length} checks\n${lines.map((line) => `         ${line}`).join('\n')}`;
    } catch (error) {
      throw new Error(`\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  });
  if (!compiled) return;
  const password = randomBytes(12).toString('base64url');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(48).toString('base64url'),
    DATABASE_URL: `sqlite:${path.join(dir, 'data', 'app.sqlite3')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_PASSWORD: password,
  };
  const seeded = await step(`${label}: seed (migrations, alice in voters, bob)`, () => runShowingErrors(process.execPath, ['dist/seed.js'], { cwd: dir, env }) && '');
  if (!seeded) return;
  let app;
  await step(`${label}: boot on SQLite on a random port`, async () => {
    app = await startApp(dir, env);
    return app.url;
  });
  if (!app) return;
  try {
    await driveOverHttp(label, app.url, password);
  } finally {
    await stopApp(app.child);
    await step(`${label}: stopped by PID ${app.child.pid}`, () => assert.ok(app.child.exitCode !== null || app.child.signalCode !== null));
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nest-django-auth-package-'));
  try {
    let tarball;
    await step('npm run pack:lib prints the tarball path last', () => {
      tarball = pack();
      return tarball;
    });
    if (tarball) {
      await step('tarball holds only the build, README, LICENSE and notices', () => checkTarball(tarball));
      let previous = null;
      for (const variant of VARIANTS) {
        const dir = path.join(work, variant.name.replace(/\W+/g, '-').toLowerCase());
        await variantCheck(variant, dir, tarball, previous);
        if (fs.existsSync(path.join(dir, 'node_modules'))) previous = dir;
      }
    }
  } finally {
    for (const child of children) child.kill('SIGKILL');
    if (process.env.KEEP_PACKAGE_TEST) log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`package: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

process.on('SIGINT', () => {
  for (const child of children) child.kill('SIGKILL');
  process.exit(130);
});

main().catch((error) => {
  console.error(error);
  for (const child of children) child.kill('SIGKILL');
  console.log('package: 0 passed, 1 failed');
  process.exit(1);
});
