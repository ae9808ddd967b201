import { WARNING, type CheckMessage } from './check-message';
import type { CheckContext } from './registry';
import { isWeakSecretKey } from './secret-key.check';

const SESSION_COOKIE_SECURE_WHY = ' Using a secure-only session cookie makes it more difficult for network traffic sniffers to hijack user sessions.';
const SESSION_COOKIE_HTTPONLY_WHY =
  ' Using an HttpOnly session cookie makes it more difficult for cross-site scripting attacks to hijack user sessions.';

/** Settings that only exist once the matching feature is configured (CSRF, allowed hosts). */
interface OptionalSecuritySettings {
  csrf?: { cookieSecure?: boolean | 'auto'; useSessions?: boolean };
  allowedHosts?: readonly string[];
}

/** security.W009 (Django's message, our option name in the hint). */
export function checkSecretKeyStrength({ options }: CheckContext): CheckMessage[] {
  if (!isWeakSecretKey(options.secretKey)) return [];
  return [
    {
      level: WARNING,
      id: 'security.W009',
      msg:
        "Your SECRET_KEY has less than 50 characters, less than 5 unique characters, or it's prefixed with 'django-insecure-' " +
        "indicating that it was generated automatically by Django. Please generate a long and random SECRET_KEY, otherwise many of " +
        "Django's security-critical features will be vulnerable to attack.",
      hint: 'The secretKey option of AuthModule.',
    },
  ];
}

/** security.W012 / W015 (SESSION_COOKIE_SECURE, SESSION_COOKIE_HTTPONLY). */
export function checkSessionCookieFlags({ options }: CheckContext): CheckMessage[] {
  const messages: CheckMessage[] = [];
  if (!options.session.cookieSecure) {
    messages.push({ level: WARNING, id: 'security.W012', msg: `SESSION_COOKIE_SECURE is not set to True.${SESSION_COOKIE_SECURE_WHY}`, hint: 'session.cookieSecure: true' });
  }
  if (!options.session.cookieHttpOnly) {
    messages.push({ level: WARNING, id: 'security.W015', msg: `SESSION_COOKIE_HTTPONLY is not set to True.${SESSION_COOKIE_HTTPONLY_WHY}`, hint: 'session.cookieHttpOnly: true' });
  }
  return messages;
}

/** security.W016: Django passes with CSRF_USE_SESSIONS or a secure cookie ('auto' is secure over HTTPS). */
export function checkCsrfCookieSecure({ options }: CheckContext): CheckMessage[] {
  const csrf = (options as unknown as OptionalSecuritySettings).csrf;
  if (!csrf || csrf.useSessions || csrf.cookieSecure) return [];
  return [
    {
      level: WARNING,
      id: 'security.W016',
      msg:
        "You have 'django.middleware.csrf.CsrfViewMiddleware' in your MIDDLEWARE, but you have not set CSRF_COOKIE_SECURE to True. " +
        'Using a secure-only CSRF cookie makes it more difficult for network traffic sniffers to steal the CSRF token.',
      hint: 'csrf.cookieSecure: true',
    },
  ];
}

/** security.W020: ALLOWED_HOSTS unset or empty. */
export function checkAllowedHosts({ options }: CheckContext): CheckMessage[] {
  const hosts = (options as unknown as OptionalSecuritySettings).allowedHosts;
  if (hosts !== undefined && hosts.length > 0) return [];
  return [{ level: WARNING, id: 'security.W020', msg: 'ALLOWED_HOSTS must not be empty in deployment.' }];
}
