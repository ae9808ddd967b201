import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { passwordHashersFromDjango } from 'nest-django-auth';
import type { AuthModuleOptions, BasePasswordHasher, CsrfOptions, EmailOptions, LoginThrottlingOptions, SessionEngineName, SessionOptions } from 'nest-django-auth';
import { Question } from '../polls/question.entity';

let ephemeralKey: string | undefined;

/**
 * SECRET_KEY from the environment. In development a random key is made when
 * none is set (sessions then end on restart); in production the library
 * refuses to start without a strong one.
 */
function secretKey(): string {
  if (process.env.SECRET_KEY) return process.env.SECRET_KEY;
  if (!isDevelopment()) return '';
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

/** A comma-separated setting as a list (blanks dropped). */
function list(name: string): string[] | undefined {
  const value = process.env[name];
  if (value === undefined) return undefined;
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

/** A boolean setting: 1, true, yes or on. */
function flag(name: string): boolean {
  return ['1', 'true', 'yes', 'on'].includes((process.env[name] ?? '').trim().toLowerCase());
}

/** The demo is in development unless NODE_ENV=production (as for SECRET_KEY): `npm start` on a laptop just works. */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV !== 'production';
}

/**
 * ALLOWED_HOSTS (comma-separated; `.example.com` for a domain and its subdomains, `*` for any). Default in
 * development: 127.0.0.1 and localhost; outside it none, so every request is refused (main.ts then refuses to start).
 */
export function allowedHosts(): string[] {
  return list('ALLOWED_HOSTS') ?? (isDevelopment() ? ['127.0.0.1', 'localhost'] : []);
}

/** CSRF_TRUSTED_ORIGINS (comma-separated, with their scheme: `https://*.example.com`); every unsafe request is checked. */
function csrfConfig(): CsrfOptions {
  return { trustedOrigins: list('CSRF_TRUSTED_ORIGINS') ?? [], global: true };
}

const EMAIL_BACKENDS = ['console', 'file', 'smtp', 'locmem'] as const;

/** EMAIL_BACKEND by its short name or Django's dotted path (`django.core.mail.backends.filebased.EmailBackend`). */
function emailBackend(): (typeof EMAIL_BACKENDS)[number] {
  const value = (process.env.EMAIL_BACKEND || 'console').trim();
  const name = /^django\.core\.mail\.backends\.(\w+)\.EmailBackend$/.exec(value)?.[1] ?? value;
  const backend = name === 'filebased' ? 'file' : name;
  if (!(EMAIL_BACKENDS as readonly string[]).includes(backend)) {
    throw new Error(`EMAIL_BACKEND must be one of ${EMAIL_BACKENDS.join(', ')} (or Django's dotted path of one), not ${JSON.stringify(value)}`);
  }
  return backend as (typeof EMAIL_BACKENDS)[number];
}

/** EMAIL_BACKEND, EMAIL_FILE_PATH, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL. */
function emailConfig(): EmailOptions {
  const env = process.env;
  const number = (value: string | undefined) => (value ? Number(value) : undefined);
  const options: EmailOptions = {
    backend: emailBackend(),
    filePath: env.EMAIL_FILE_PATH || undefined,
    host: env.EMAIL_HOST || undefined,
    port: number(env.EMAIL_PORT),
    user: env.EMAIL_HOST_USER || undefined,
    password: env.EMAIL_HOST_PASSWORD || undefined,
    useTls: flag('EMAIL_USE_TLS'),
    useSsl: flag('EMAIL_USE_SSL'),
    timeout: number(env.EMAIL_TIMEOUT),
    defaultFromEmail: env.DEFAULT_FROM_EMAIL || undefined,
  };
  // Unset settings keep the library's defaults (Django's: localhost, 25, webmaster@localhost).
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as EmailOptions;
}

export function authConfig(): AuthModuleOptions {
  return {
    throttling: throttlingConfig(),
    trustProxy: trustProxy(),
    secretKey: secretKey(),
    allowedHosts: allowedHosts(),
    csrf: csrfConfig(),
    email: emailConfig(),
    session: sessionConfig(),
    secretKeyFallbacks: (process.env.SECRET_KEY_FALLBACKS ?? '').split(',').filter(Boolean),
    models: [Question],
    loginRedirectUrl: '/private',
    passwordHashers: passwordHashers(),
    // ALLOW_WEAK_SECRET_KEY=1: a key shared with a Django site (Django only warns about it) is accepted in production.
    allowWeakSecretKey: flag('ALLOW_WEAK_SECRET_KEY'),
  };
}
