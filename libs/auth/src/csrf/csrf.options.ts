import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import type { ResolvedCsrfOptions } from './csrf-options.interface';

/** Validates and freezes the CSRF options (Django's check 4_0.E001 for origins without a scheme, at start-up). */
export function resolveCsrfOptions(csrf: ResolvedCsrfOptions): ResolvedCsrfOptions {
  if (!Array.isArray(csrf.trustedOrigins) || csrf.trustedOrigins.some((origin) => typeof origin !== 'string' || !origin.includes('://'))) {
    throw new ImproperlyConfiguredError(
      "AuthModule: csrf.trustedOrigins must be origins with a scheme, as since Django 4.0 ('https://example.com', 'https://*.example.com').",
    );
  }
  if (csrf.cookieAge !== null && (!Number.isInteger(csrf.cookieAge) || csrf.cookieAge <= 0)) {
    throw new ImproperlyConfiguredError('AuthModule: csrf.cookieAge must be a positive number of seconds (or null for a browser-session cookie).');
  }
  if (typeof csrf.cookieName !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(csrf.cookieName)) {
    throw new ImproperlyConfiguredError('AuthModule: csrf.cookieName must be a cookie name (letters, digits, -_.).');
  }
  if (typeof csrf.headerName !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(csrf.headerName)) {
    throw new ImproperlyConfiguredError('AuthModule: csrf.headerName must be an HTTP header name, e.g. X-CSRFToken.');
  }
  if (csrf.cookieSameSite === 'None' && csrf.cookieSecure === false) {
    throw new ImproperlyConfiguredError('AuthModule: csrf.cookieSameSite "None" requires csrf.cookieSecure: browsers reject it otherwise.');
  }
  return Object.freeze({ ...csrf, trustedOrigins: Object.freeze([...csrf.trustedOrigins]) as string[] });
}
