import { ModelBackend } from './backends/model.backend';
import { DEFAULT_PASSWORD_HASHERS } from './hashers/passwords';
import type { AuthModuleOptions } from './interfaces/auth-module-options.interface';
import type { ResolvedEmailOptions } from './mail/email-options.interface';
import { INFO } from './messages/message-constants';
import type { ResolvedSessionOptions } from './session/session-options.interface';
import type { ResolvedCsrfOptions } from './csrf/csrf-options.interface';
import { loginThrottlingDefaults } from './throttling/throttling.defaults';
import { PASSWORD_RESET_TIMEOUT } from './tokens/password-reset-token.generator';
import { defaultPasswordValidators } from './validators/password-validation';

/** Every default in one place (Django's global_settings for auth and sessions). */
export function authDefaults(): Omit<Required<AuthModuleOptions>, 'secretKey' | 'session' | 'trustProxy' | 'allowedHosts' | 'csrf' | 'email' | 'messages'> {
  return {
    secretKeyFallbacks: [],
    backends: [ModelBackend],
    passwordHashers: DEFAULT_PASSWORD_HASHERS(),
    models: [],
    syncPermissions: true,
    loginUrl: '/accounts/login/',
    loginRedirectUrl: '/accounts/profile/',
    logoutRedirectUrl: null,
    redirectFieldName: 'next',
    remoteUserHeader: 'x-remote-user',
    passwordValidators: defaultPasswordValidators(),
    passwordResetTimeout: PASSWORD_RESET_TIMEOUT,
    development: ['development', 'test'].includes(process.env.NODE_ENV ?? ''),
    allowWeakSecretKey: false,
    throttling: loginThrottlingDefaults(),
  };
}

export function sessionDefaults(): ResolvedSessionOptions {
  return {
    cookieName: 'sessionid',
    cookieAge: 60 * 60 * 24 * 7 * 2,
    cookieDomain: null,
    cookiePath: '/',
    cookieSecure: false,
    cookieHttpOnly: true,
    cookieSameSite: 'Lax',
    saveEveryRequest: false,
    expireAtBrowserClose: false,
    engine: 'db',
  };
}

/** Django's CSRF_* defaults. */
export function csrfDefaults(): ResolvedCsrfOptions {
  return {
    cookieName: 'csrftoken',
    cookieAge: 60 * 60 * 24 * 7 * 52,
    cookieDomain: null,
    cookiePath: '/',
    cookieSecure: false,
    cookieHttpOnly: false,
    cookieSameSite: 'Lax',
    headerName: 'X-CSRFToken',
    useSessions: false,
    trustedOrigins: [],
    global: false,
  };
}

/** Django's EMAIL_* and DEFAULT_FROM_EMAIL defaults. */
export function emailDefaults(): ResolvedEmailOptions {
  return { backend: 'smtp', host: 'localhost', port: 25, useTls: false, useSsl: false, defaultFromEmail: 'webmaster@localhost' };
}

/** MESSAGE_LEVEL. */
export function messagesDefaults(): { level: number } {
  return { level: INFO };
}
