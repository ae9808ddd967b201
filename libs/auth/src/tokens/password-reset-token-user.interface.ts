/**
 * What PasswordResetTokenGenerator reads from a user; every user entity
 * (AbstractBaseUser subclasses, whose `pk` is `unknown`) fits. `pk` wins over `id`.
 * @publicApi
 */
export interface PasswordResetTokenUser {
  readonly pk?: unknown;
  readonly id?: unknown;
  /** The encoded password hash: changing the password invalidates the token. */
  password: string;
  /** Logging in invalidates the token (to the second). */
  lastLogin: Date | null;
  /**
   * The email (the user class's static EMAIL_FIELD names the attribute; `email` by default):
   * changing it invalidates the token.
   */
  email?: string | null;
}
