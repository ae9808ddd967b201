import type { Request } from 'express';
import type { AuthService } from '../auth.service';
import { USERNAME_MAX_LENGTH } from '../validators/username.validators';
import { ValidationError } from '../exceptions/validation.error';
import { CharField, PasswordField, UsernameField } from './fields';
import { Form } from './form';

/** Django's AuthenticationForm.error_messages. */
export const AUTHENTICATION_FORM_MESSAGES = {
  invalidLogin: 'Please enter a correct %(username)s and password. Note that both fields may be case-sensitive.',
  inactive: 'This account is inactive.',
} as const;

export interface AuthenticationFormOptions {
  /** Authenticates against the configured backends (with the request, as Django's authenticate(request, ...)). */
  auth: Pick<AuthService, 'authenticate'>;
  /** The USERNAME_FIELD's max_length; Django falls back to 254. Default 150 (auth_user.username). */
  usernameMaxLength?: number;
  /** The USERNAME_FIELD's verbose_name, shown in the label and the error. Default `username`. */
  usernameVerboseName?: string;
}

interface LoginUser {
  isActive?: boolean;
}

/**
 * Port of django.contrib.auth.forms.AuthenticationForm. Subclass and
 * override `confirmLoginAllowed` to refuse more users (raise ValidationError).
 * @publicApi
 */
export class AuthenticationForm extends Form<{ username: string; password: string }> {
  readonly request: Request | null;
  private userCache: unknown = null;
  private readonly options: AuthenticationFormOptions;
  private readonly declared: Record<string, CharField>;

  constructor(request: Request | null, data: Record<string, unknown> | null | undefined, options: AuthenticationFormOptions) {
    super(data);
    this.request = request;
    this.options = options;
    const verbose = options.usernameVerboseName ?? 'username';
    this.declared = {
      username: new UsernameField({ label: capfirst(verbose), maxLength: options.usernameMaxLength ?? USERNAME_MAX_LENGTH, autofocus: true }),
      password: new PasswordField({ label: 'Password', autocomplete: 'current-password' }),
    };
  }

  protected get fields(): Record<string, CharField> {
    return this.declared;
  }

  protected override async clean(): Promise<void> {
    const { username, password } = this.cleanedData;
    if (username === undefined || !password) return;
    this.userCache = await this.options.auth.authenticate(this.request, { username, password });
    if (!this.userCache) throw this.getInvalidLoginError();
    await this.confirmLoginAllowed(this.userCache);
  }

  /**
   * Refuses inactive users (reachable with AllowAllUsersModelBackend; ModelBackend
   * already refuses them). Throw a ValidationError to refuse others.
   */
  async confirmLoginAllowed(user: unknown): Promise<void> {
    if ((user as LoginUser).isActive === false) {
      throw new ValidationError({ message: AUTHENTICATION_FORM_MESSAGES.inactive, code: 'inactive' });
    }
  }

  getUser<T = unknown>(): T | null {
    return this.userCache as T | null;
  }

  getInvalidLoginError(): ValidationError {
    const username = this.options.usernameVerboseName ?? 'username';
    return new ValidationError({
      message: AUTHENTICATION_FORM_MESSAGES.invalidLogin.replace('%(username)s', username),
      code: 'invalid_login',
      params: { username },
    });
  }
}

/** Django's capfirst. */
export function capfirst(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
