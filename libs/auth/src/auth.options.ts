import { Logger, Provider } from '@nestjs/common';
import { AUTH_OPTIONS } from './auth.constants';
import { authDefaults, csrfDefaults, emailDefaults, messagesDefaults, sessionDefaults } from './auth.defaults';
import { resolveCsrfOptions } from './csrf/csrf.options';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition';
import { checkSecretKey } from './checks/secret-key.check';
import { ImproperlyConfiguredError } from './exceptions/improperly-configured.error';
import type { AuthModuleOptions, ResolvedAuthOptions } from './interfaces/auth-module-options.interface';
import { resolveLoginThrottling } from './throttling/throttling.defaults';

function definedEntries<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Merges the user's options over the defaults once, validates them and freezes the result. */
export function resolveAuthOptions(options: AuthModuleOptions, logger = new Logger('AuthModule')): ResolvedAuthOptions {
  const session = Object.freeze({ ...sessionDefaults(), ...definedEntries(options?.session) });
  const csrf = resolveCsrfOptions({ ...csrfDefaults(), ...definedEntries(options?.csrf) });
  const allowedHosts = resolveAllowedHosts(options?.allowedHosts);
  const email = Object.freeze({ ...emailDefaults(), ...definedEntries(options?.email) });
  const messages = Object.freeze({ ...messagesDefaults(), ...definedEntries(options?.messages) });
  const resolved = { ...authDefaults(), ...definedEntries(options), session, csrf, allowedHosts, email, messages } as ResolvedAuthOptions;
  checkSecretKey(resolved.secretKey, resolved.development, (message) => logger.warn(message), resolved.allowWeakSecretKey);
  if (!Array.isArray(resolved.passwordHashers) || resolved.passwordHashers.length === 0) {
    throw new ImproperlyConfiguredError('AuthModule: passwordHashers must list at least one hasher (the first hashes new passwords).');
  }
  if (!Array.isArray(resolved.backends) || resolved.backends.length === 0) {
    throw new ImproperlyConfiguredError('AuthModule: backends must list at least one authentication backend, e.g. [ModelBackend].');
  }
  if (!Number.isInteger(session.cookieAge) || session.cookieAge <= 0) {
    throw new ImproperlyConfiguredError('AuthModule: session.cookieAge must be a positive number of seconds.');
  }
  if (session.cookieSameSite === 'None' && session.cookieSecure === false) {
    throw new ImproperlyConfiguredError('AuthModule: session.cookieSameSite "None" requires session.cookieSecure: browsers reject it otherwise.');
  }
  checkSessionEngine(session);
  // Hashers the app lists itself must have their packages at start-up; Django's defaults load theirs on first use.
  if (Array.isArray(options?.passwordHashers)) options.passwordHashers.forEach((hasher) => hasher?.loadLibrary?.());
  resolveLoginThrottling(resolved.throttling);
  if (!Array.isArray(resolved.passwordValidators)) {
    throw new ImproperlyConfiguredError('AuthModule: passwordValidators must be an array of validators ([] for none).');
  }
  if (!Number.isInteger(resolved.passwordResetTimeout) || resolved.passwordResetTimeout <= 0) {
    throw new ImproperlyConfiguredError('AuthModule: passwordResetTimeout must be a positive number of seconds.');
  }
  checkEmailOptions(email);
  if (!Number.isInteger(messages.level)) {
    throw new ImproperlyConfiguredError('AuthModule: messages.level must be an integer message level (DEBUG 10, INFO 20, SUCCESS 25, WARNING 30, ERROR 40).');
  }
  return Object.freeze(resolved);
}

function resolveAllowedHosts(hosts: unknown): readonly string[] | undefined {
  if (hosts === undefined || hosts === null) return undefined;
  if (!Array.isArray(hosts) || hosts.some((host) => typeof host !== 'string')) {
    throw new ImproperlyConfiguredError("AuthModule: allowedHosts must be an array of host names (['example.com', '.example.com', '*']).");
  }
  return Object.freeze([...hosts]);
}

const EMAIL_BACKENDS = ['smtp', 'console', 'file', 'locmem', 'memory'];

function checkEmailOptions(email: ResolvedAuthOptions['email']): void {
  const { backend } = email;
  if (typeof backend === 'object' && backend !== null) return;
  if (!EMAIL_BACKENDS.includes(backend as string)) {
    throw new ImproperlyConfiguredError(
      `AuthModule: email.backend must be one of ${EMAIL_BACKENDS.join(', ')} or a nodemailer transport, not ${JSON.stringify(backend)}.`,
    );
  }
  if (backend === 'file' && !email.filePath) {
    throw new ImproperlyConfiguredError("AuthModule: email.backend 'file' needs email.filePath, the folder to write messages to (Django's EMAIL_FILE_PATH).");
  }
  if (email.useTls && email.useSsl) {
    throw new ImproperlyConfiguredError('AuthModule: email.useTls and email.useSsl are mutually exclusive, so only set one of those options to true.');
  }
}

const ENGINE_NAMES = ['db', 'cache', 'cached_db'];

function checkSessionEngine(session: ResolvedAuthOptions['session']): void {
  const { engine, redis } = session;
  if (typeof engine === 'object' && engine !== null) return;
  if (!ENGINE_NAMES.includes(engine as string)) {
    throw new ImproperlyConfiguredError(`AuthModule: session.engine must be one of ${ENGINE_NAMES.join(', ')} or a SessionEngine instance, not ${JSON.stringify(engine)}.`);
  }
  if (engine !== 'db' && !redis?.url && !redis?.client) {
    throw new ImproperlyConfiguredError(`AuthModule: session.engine '${engine}' needs a Redis server: set session.redis.url (redis://host:6379) or session.redis.client.`);
  }
}

export const resolvedOptionsProvider: Provider = {
  provide: AUTH_OPTIONS,
  useFactory: (options: AuthModuleOptions) => resolveAuthOptions(options),
  inject: [AUTH_MODULE_OPTIONS],
};
