/**
 * Run inside the installed example app, where argon2, bcrypt, ioredis, pg and
 * mysql2 are NOT installed: the package must import, and configuring a
 * feature that needs one of them must fail at start-up with an
 * ImproperlyConfiguredError naming the package and its npm install line.
 * Prints one line per check; exits 1 when one fails.
 */
require('reflect-metadata');
const assert = require('node:assert/strict');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const auth = require('nest-django-auth');

const SECRET_KEY = require('node:crypto').randomBytes(48).toString('base64url');
const results = [];

async function check(name, packageName, run) {
  try {
    await run();
    results.push([false, `${name}: no error (expected one naming '${packageName}')`]);
  } catch (error) {
    const ok = error instanceof auth.ImproperlyConfiguredError && error.message.includes(`'${packageName}'`) && error.message.includes(`npm install ${packageName}`);
    results.push([ok, `${name}: ${error.name}: ${error.message}`]);
  }
}

/** A whole Nest app on SQLite whose AuthModule is given `options`: NestFactory.create must reject. */
async function bootWith(options) {
  class App {}
  Module({
    imports: [
      TypeOrmModule.forRoot({ ...auth.databaseOptionsFromUrl('sqlite::memory:'), entities: auth.authEntities(), migrations: auth.AUTH_MIGRATIONS, migrationsRun: true }),
      auth.AuthModule.forRoot({ secretKey: SECRET_KEY, ...options }),
    ],
  })(App);
  const app = await NestFactory.create(App, { logger: false, abortOnError: false });
  await app.close();
}

async function main() {
  for (const missing of ['argon2', 'bcrypt', 'ioredis', 'pg', 'mysql2']) {
    assert.throws(() => require.resolve(missing), undefined, `${missing} must not be installed for this check`);
  }
  results.push([typeof auth.AuthModule === 'function', 'the package imports without any optional package']);
  await check('start-up with passwordHashers [Argon2PasswordHasher]', 'argon2', () => bootWith({ passwordHashers: [new auth.Argon2PasswordHasher()] }));
  await check('start-up with passwordHashers [PBKDF2, BCryptSha256]', 'bcrypt', () =>
    bootWith({ passwordHashers: [new auth.Pbkdf2PasswordHasher(), new auth.BCryptSha256PasswordHasher()] }));
  await check("start-up with session.engine 'cache'", 'ioredis', () => bootWith({ session: { engine: 'cache', redis: { url: 'redis://127.0.0.1:1' } } }));
  await check('databaseOptionsFromUrl(postgres://…)', 'pg', () => auth.databaseOptionsFromUrl('postgres://postgres@127.0.0.1:5432/app'));
  await check('databaseOptionsFromUrl(mysql://…)', 'mysql2', () => auth.databaseOptionsFromUrl('mysql://root@127.0.0.1:3306/app'));
  // Django's defaults list Argon2 and BCrypt after PBKDF2: they load on first use, so an app without them starts.
  await bootWith({}).then(
    () => results.push([true, 'start-up with the default hashers (argon2, bcrypt absent)']),
    (error) => results.push([false, `start-up with the default hashers: ${error}`]),
  );
  const registry = new auth.PasswordHasherRegistry(auth.DEFAULT_PASSWORD_HASHERS());
  await check('checkPassword of an argon2 hash without argon2', 'argon2', () =>
    registry.checkPassword('password', 'argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG'));
  for (const [ok, line] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  process.exit(results.every(([ok]) => ok) ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
