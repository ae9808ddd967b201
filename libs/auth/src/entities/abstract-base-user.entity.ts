import { Column } from 'typeorm';
import { sessionAuthHash } from '../crypto/session-auth-hash';
import { getRandomString } from '../crypto/random-string';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import * as defaultPasswords from '../hashers/passwords';
import { normalizeUsername } from '../users/normalize';
import { getUserContext } from '../users/user-context';

const UNUSABLE_PASSWORD_PREFIX = '!';
const UNUSABLE_PASSWORD_SUFFIX_LENGTH = 40;

/** The static side every user entity class has (Django's class attributes). */
export interface UserModelStatics {
  USERNAME_FIELD: string;
  EMAIL_FIELD: string;
  REQUIRED_FIELDS: string[];
}

/** The user entity class of an instance, with its USERNAME_FIELD / EMAIL_FIELD / REQUIRED_FIELDS. */
export function userModelOf(user: object): UserModelStatics {
  return user.constructor as unknown as UserModelStatics;
}

/**
 * Port of django.contrib.auth.base_user.AbstractBaseUser: the password and
 * last_login columns and the password methods. Extend it (and usually
 * PermissionsMixin) for a custom user entity; declare the primary key and
 * the USERNAME_FIELD column in the subclass.
 * @publicApi
 */
export abstract class AbstractBaseUser {
  static USERNAME_FIELD = 'username';
  static EMAIL_FIELD = 'email';
  static REQUIRED_FIELDS: string[] = [];

  @Column({ type: 'varchar', length: 128 })
  password: string;

  @Column({ name: 'last_login', type: Date, nullable: true })
  lastLogin: Date | null = null;

  /** Users without an is_active column are always active, as in Django. */
  isActive: boolean = true;

  /** The primary key, whatever the subclass calls it (Django's `pk`). */
  get pk(): unknown {
    return (this as unknown as { id?: unknown }).id;
  }

  getUsername(): string {
    return String((this as unknown as Record<string, unknown>)[userModelOf(this).USERNAME_FIELD] ?? '');
  }

  naturalKey(): [string] {
    return [this.getUsername()];
  }

  /** NFKC-normalizes the username field, as Django's `clean()`. */
  clean(): void {
    const field = userModelOf(this).USERNAME_FIELD;
    const record = this as unknown as Record<string, unknown>;
    if (typeof record[field] === 'string') record[field] = normalizeUsername(record[field] as string);
  }

  get isAuthenticated(): boolean {
    return true;
  }

  get isAnonymous(): boolean {
    return false;
  }

  /** Hashes with the preferred hasher; `null` sets an unusable password. */
  async setPassword(rawPassword: string | null): Promise<void> {
    const hashers = getUserContext(this)?.hashers;
    this.password = hashers
      ? await hashers.makePassword(rawPassword)
      : await defaultPasswords.makePassword(rawPassword);
  }

  /**
   * True when `rawPassword` matches. A correct password stored with an
   * outdated hasher or work factor is re-hashed and saved (Django's setter).
   */
  async checkPassword(rawPassword: unknown): Promise<boolean> {
    const context = getUserContext(this);
    const upgrade = async (raw: string): Promise<void> => {
      const previous = this.password;
      await this.setPassword(raw);
      // A concurrent login may have upgraded it first: keep the stored hash, which this login's session must match.
      const stored = await context?.savePassword(this, previous);
      if (stored !== undefined) this.password = stored;
    };
    return context
      ? context.hashers.checkPassword(rawPassword, this.password, upgrade)
      : defaultPasswords.checkPassword(rawPassword, this.password, upgrade);
  }

  setUnusablePassword(): void {
    this.password = UNUSABLE_PASSWORD_PREFIX + getRandomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH);
  }

  hasUsablePassword(): boolean {
    return defaultPasswords.isPasswordUsable(this.password);
  }

  /**
   * Django's salted HMAC-SHA256 of the password field, stored in the session
   * at login so that a password change elsewhere ends the session.
   */
  getSessionAuthHash(secretKey?: string): string {
    const secret = secretKey ?? getUserContext(this)?.secretKey;
    if (!secret) {
      throw new ImproperlyConfiguredError(
        'getSessionAuthHash() needs a secret key: load the user through AuthModule or pass secretKey explicitly.',
      );
    }
    return sessionAuthHash(this.password ?? '', secret);
  }
}
