import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { passwordHashersFromDjango } from 'nest-django-auth';
import type { AuthModuleOptions, BasePasswordHasher, LoginThrottlingOptions, SessionEngineName, SessionOptions } from 'nest-django-auth';
import { Question } from '../polls/question.entity';

let ephemeralKey: string | undefined;

/**
 * SECRET_KEY from the environment. In development a random key is made when
 * none is set (sessions then end on restart); in production the library
 * refuses to start without a strong one.
 */
function secretKey(): string {
  if (process.env.SECRET_KEY) return process.env.SECRET_KEY;
  if (process.env.NODE_ENV === 'production') return '';
  if (!ephemeralKey) {
    ephemeralKey = randomBytes(48).toString('base64url');
    new Logger('Demo').warn('SECRET_KEY is not set: using a random key, sessions will not survive a restart.');
  }
  return ephemeralKey;
}

/** SESSION_ENGINE (db, cache or cached_db); REDIS_URL and REDIS_KEY_PREFIX for the Redis-backed engines. */
function sessionConfig(): SessionOptions {
  const engine = (process.env.SESSION_ENGINE ?? 'db') as SessionEngineName;
  if (engine === 'db') return { engine };
  const redis = {
    url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    keyPrefix: process.env.REDIS_KEY_PREFIX || undefined,
  };
  return { engine, redis };
}

/**
 * A Django site's hashers, to share its database: PASSWORD_HASHERS (comma-separated dotted paths, in Django's order)
 * and PBKDF2_ITERATIONS (the site's count: 260000 for Django 3.2). Unset: the library's defaults.
 */
function passwordHashers(): BasePasswordHasher[] | undefined {
  const paths = (process.env.PASSWORD_HASHERS ?? '').split(',').map((path) => path.trim()).filter(Boolean);
  const iterations = process.env.PBKDF2_ITERATIONS ? Number(process.env.PBKDF2_ITERATIONS) : undefined;
  if (paths.length === 0 && iterations === undefined) return undefined;
  const djangoDefaults = ['PBKDF2PasswordHasher', 'PBKDF2SHA1PasswordHasher', 'Argon2PasswordHasher', 'BCryptSHA256PasswordHasher', 'ScryptPasswordHasher'];
  return passwordHashersFromDjango(paths.length ? paths : djangoDefaults.map((name) => `django.contrib.auth.hashers.${name}`), {
    pbkdf2Iterations: iterations,
  });
}

/** LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_SECONDS: the per-user lock-out (per username, and per username and IP); TRUST_PROXY as Express reads it. */
function throttlingConfig(): LoginThrottlingOptions | undefined {
  const failureLimit = Number(process.env.LOGIN_FAILURE_LIMIT || 0);
  const coolOffSeconds = Number(process.env.LOGIN_COOLOFF_SECONDS || 0);
  if (!failureLimit && !coolOffSeconds) return undefined;
  const rule = { failureLimit: failureLimit || 5, coolOffSeconds: coolOffSeconds || 900, windowSeconds: Math.max(900, coolOffSeconds) };
  return { username: rule, usernameAndIpAddress: rule };
}

function trustProxy(): string | undefined {
  return process.env.TRUST_PROXY || undefined;
}

export function authConfig(): AuthModuleOptions {
  return {
    throttling: throttlingConfig(),
    trustProxy: trustProxy(),
    secretKey: secretKey(),
    session: sessionConfig(),
    secretKeyFallbacks: (process.env.SECRET_KEY_FALLBACKS ?? '').split(',').filter(Boolean),
    models: [Question],
    loginRedirectUrl: '/private',
    passwordHashers: passwordHashers(),
    // ALLOW_WEAK_SECRET_KEY=1: a key shared with a Django site (Django only warns about it) is accepted in production.
    allowWeakSecretKey: ['1', 'true', 'yes'].includes((process.env.ALLOW_WEAK_SECRET_KEY ?? '').toLowerCase()),
  };
}
