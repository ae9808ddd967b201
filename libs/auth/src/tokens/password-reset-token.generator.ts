import { base36ToInt, intToBase36 } from '../crypto/base36';
import { constantTimeCompare } from '../crypto/constant-time-compare';
import { HmacAlgorithm, saltedHmac } from '../crypto/salted-hmac';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import type { PasswordResetTokenUser } from './password-reset-token-user.interface';

export type { PasswordResetTokenUser } from './password-reset-token-user.interface';

/** Django's PASSWORD_RESET_TIMEOUT default: 3 days, in seconds. @publicApi */
export const PASSWORD_RESET_TIMEOUT = 259200;

/** The token epoch, 2001-01-01 00:00 (django/contrib/auth/tokens.py `_num_seconds`). */
const TOKEN_EPOCH_MS = Date.UTC(2001, 0, 1);

/** @publicApi */
export interface PasswordResetTokenGeneratorOptions {
  /** Django's SECRET_KEY. */
  secret: string;
  /** Older secrets whose tokens are still accepted (Django 4.1+ SECRET_KEY_FALLBACKS). */
  secretFallbacks?: readonly string[];
  /** Seconds a token stays valid; default 259200. */
  timeout?: number;
  /** Default `sha256`. Only tokens made with this algorithm are accepted: legacy sha1 tokens are refused, as in Django >= 4.0. */
  algorithm?: HmacAlgorithm;
  /** The current time; default the system clock. */
  now?: () => Date;
}

/**
 * Port of django.contrib.auth.tokens.PasswordResetTokenGenerator: a one-use,
 * stateless token `base36(timestamp)-hmac` that stops working once the user
 * changes password, logs in, or changes email, or after `timeout` seconds.
 * @publicApi
 */
export class PasswordResetTokenGenerator {
  readonly keySalt: string = 'django.contrib.auth.tokens.PasswordResetTokenGenerator';
  readonly secret: string;
  readonly secretFallbacks: readonly string[];
  readonly timeout: number;
  readonly algorithm: HmacAlgorithm;
  private readonly now: () => Date;

  constructor(options: PasswordResetTokenGeneratorOptions) {
    if (!options.secret) throw new ImproperlyConfiguredError('PasswordResetTokenGenerator needs a non-empty secret (the SECRET_KEY).');
    this.secret = options.secret;
    this.secretFallbacks = options.secretFallbacks ?? [];
    this.timeout = options.timeout ?? PASSWORD_RESET_TIMEOUT;
    this.algorithm = options.algorithm ?? 'sha256';
    this.now = options.now ?? (() => new Date());
  }

  makeToken(user: PasswordResetTokenUser): string {
    return this.makeTokenWithTimestamp(user, this.numSeconds(this.now()), this.secret, this.algorithm);
  }

  /** True when the token was made for this user's current state, with a known secret, within `timeout`. */
  checkToken(user: PasswordResetTokenUser | null | undefined, token: unknown): boolean {
    if (!user || typeof token !== 'string' || !token) return false;
    const timestamp = parseTimestamp(token);
    if (timestamp === null || !this.matchesAnySecret(user, timestamp, token)) return false;
    // A timestamp in the future is accepted, as in Django.
    return this.numSeconds(this.now()) - timestamp <= this.timeout;
  }

  /**
   * `f"{pk}{password}{last_login without microseconds or ''}{timestamp}{email}"`,
   * the email read from the user class's EMAIL_FIELD (Django's get_email_field_name()).
   * Override to invalidate tokens on other state changes, as in Django.
   */
  makeHashValue(user: PasswordResetTokenUser, timestamp: number): string {
    return `${renderPk(user)}${user.password}${renderLastLogin(user.lastLogin)}${timestamp}${emailOf(user)}`;
  }

  /**
   * Whole seconds since 2001-01-01 00:00. Django uses the naive local clock;
   * the reference runs with TIME_ZONE=UTC, so UTC is used here.
   */
  numSeconds(date: Date): number {
    return Math.trunc((date.getTime() - TOKEN_EPOCH_MS) / 1000);
  }

  protected makeTokenWithTimestamp(user: PasswordResetTokenUser, timestamp: number, secret: string, algorithm: HmacAlgorithm): string {
    const hmac = saltedHmac(this.keySalt, this.makeHashValue(user, timestamp), secret, algorithm).digest('hex');
    return `${intToBase36(timestamp)}-${everyOtherChar(hmac)}`;
  }

  /** The secret, then SECRET_KEY_FALLBACKS, with the configured algorithm only (Django 4.0 dropped 3.2's sha1 shim). */
  private matchesAnySecret(user: PasswordResetTokenUser, timestamp: number, token: string): boolean {
    return [this.secret, ...this.secretFallbacks].some((secret) =>
      constantTimeCompare(this.makeTokenWithTimestamp(user, timestamp, secret, this.algorithm), token),
    );
  }
}

/** `ts_b36, _ = token.split("-")`: exactly one dash, then a base36 timestamp. */
function parseTimestamp(token: string): number | null {
  const parts = token.split('-');
  return parts.length === 2 ? base36ToInt(parts[0]) : null;
}

/** `hexdigest()[::2]`: halves the URL length. */
function everyOtherChar(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 2) out += text[i];
  return out;
}

/** `getattr(user, user.get_email_field_name(), '') or ''`. */
function emailOf(user: PasswordResetTokenUser): string {
  const field = (user.constructor as { EMAIL_FIELD?: unknown } | undefined)?.EMAIL_FIELD;
  const value = (user as unknown as Record<string, unknown>)[typeof field === 'string' ? field : 'email'];
  return value === undefined || value === null ? '' : String(value);
}

/** Python's f"{user.pk}": an unsaved user renders as "None". */
function renderPk(user: PasswordResetTokenUser): string {
  const pk = user.pk ?? user.id;
  return pk === undefined || pk === null ? 'None' : String(pk);
}

/** `str(last_login.replace(microsecond=0, tzinfo=None))`: the stored UTC wall clock, `YYYY-MM-DD HH:MM:SS`. */
function renderLastLogin(lastLogin: Date | null | undefined): string {
  if (!lastLogin) return '';
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${pad(lastLogin.getUTCFullYear(), 4)}-${pad(lastLogin.getUTCMonth() + 1)}-${pad(lastLogin.getUTCDate())}`;
  return `${date} ${pad(lastLogin.getUTCHours())}:${pad(lastLogin.getUTCMinutes())}:${pad(lastLogin.getUTCSeconds())}`;
}
