import type { AuthBackendEntry } from '../backends/auth-backend.interface';
import type { CsrfOptions, ResolvedCsrfOptions } from '../csrf/csrf-options.interface';
import type { BasePasswordHasher } from '../hashers/base-password.hasher';
import type { ResolvedSessionOptions, SessionOptions } from '../session/session-options.interface';
import type { LoginThrottlingOptions } from '../throttling/login-throttling-options.interface';
import type { PasswordValidator } from '../validators/password-validation';
import type { EmailOptions, ResolvedEmailOptions } from '../mail/email-options.interface';
import type { MessagesOptions } from '../messages/message-constants';

/**
 * Everything AuthModule can be told, named after Django's settings.
 * Every default lives in auth.defaults.ts.
 * @publicApi
 */
export interface AuthModuleOptions {
  /** Django's SECRET_KEY: signs sessions and session auth hashes. Required; at least 50 characters outside development. */
  secretKey: string;
  /** Django's SECRET_KEY_FALLBACKS: old keys still accepted (and upgraded). Default: `[]`. */
  secretKeyFallbacks?: string[];
  /** Django's AUTHENTICATION_BACKENDS, in order: classes (built by Nest's injector) or instances. Default: `[ModelBackend]`. */
  backends?: AuthBackendEntry[];
  /** Django's PASSWORD_HASHERS: the first hashes new passwords, all verify. Default: Django 5.2's list. */
  passwordHashers?: BasePasswordHasher[];
  /** Entities whose content types and permissions are created at start-up (Django's post_migrate). Default: `[]`. */
  models?: Function[];
  /** Create content types and permissions at start-up. Default: `true`. */
  syncPermissions?: boolean;
  /** LOGIN_URL: where guards send anonymous browsers. Default: `'/accounts/login/'`. */
  loginUrl?: string;
  /** LOGIN_REDIRECT_URL: where a login goes without a safe `next`. Default: `'/accounts/profile/'`. */
  loginRedirectUrl?: string;
  /** LOGOUT_REDIRECT_URL: where logout redirects; null renders a page instead. Default: `null`. */
  logoutRedirectUrl?: string | null;
  /** REDIRECT_FIELD_NAME. Default: `'next'`. */
  redirectFieldName?: string;
  /** Header a trusted proxy sets for RemoteUserMiddleware. Default: `'x-remote-user'`. */
  remoteUserHeader?: string;
  /** SESSION_* settings. */
  session?: SessionOptions;
  /** AUTH_PASSWORD_VALIDATORS: instances, run in order. Default: Django's startproject four (similarity, length 8, common, numeric). */
  passwordValidators?: PasswordValidator[];
  /** PASSWORD_RESET_TIMEOUT: seconds a password reset link stays valid. Default: `259200` (3 days). */
  passwordResetTimeout?: number;
  /** Treat the process as a development one: a weak secret key is then a warning, not a start-up error. Default: `NODE_ENV` is `development` or `test`. */
  development?: boolean;
  /**
   * Accept a weak secretKey outside development, with a warning at start-up (Django's `check --deploy` W009 only
   * warns): for a team sharing a Django site's key. Default: `false`.
   */
  allowWeakSecretKey?: boolean;
  /** Login throttling (django-axes built in); `false` turns it off. Default: on, see LoginThrottlingOptions. */
  throttling?: LoginThrottlingOptions | false;
  /** Express' 'trust proxy' setting, applied to the app at start-up (client IP, `req.secure`). Default: leave the app's setting. */
  trustProxy?: boolean | number | string | string[] | ((ip: string, hop: number) => boolean);
  /**
   * Django's ALLOWED_HOSTS: the Host header (or X-Forwarded-Host from a trusted proxy) must match one entry —
   * an exact name, `.example.com` for the domain and its subdomains, or `*`; otherwise 400. `[]` allows only
   * `.localhost`, `127.0.0.1` and `[::1]` in development and nothing outside it, as in Django. Default: unset, no
   * validation (`check --deploy` warns).
   */
  allowedHosts?: string[];
  /** CSRF_* settings: Django's CSRF protection (CsrfGuard, `@CsrfProtect()`, `csrf.global`). */
  csrf?: CsrfOptions;
  /** Django's EMAIL_* settings and DEFAULT_FROM_EMAIL, for MailService and `user.emailUser()`. Default: Django's (SMTP on localhost:25). */
  email?: EmailOptions;
  /** contrib.messages: `level` is MESSAGE_LEVEL, the lowest level recorded. Default: `{ level: 20 }` (INFO). */
  messages?: MessagesOptions;
}

/** Options after defaults were applied; frozen. */
export type ResolvedAuthOptions = Readonly<
  Required<Omit<AuthModuleOptions, 'session' | 'trustProxy' | 'allowedHosts' | 'csrf' | 'email' | 'messages'>> & {
    session: ResolvedSessionOptions;
    trustProxy?: AuthModuleOptions['trustProxy'];
    allowedHosts?: readonly string[];
    csrf: ResolvedCsrfOptions;
    email: ResolvedEmailOptions;
    messages: Readonly<Required<MessagesOptions>>;
  }
>;
