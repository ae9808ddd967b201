import { ValidationError } from '../exceptions/validation.error';
import { CharField, PasswordField } from './fields';
import { Form, PasswordValidationFn } from './form';

/** Django's SetPasswordMixin / PasswordChangeForm error messages. */
export const PASSWORD_FORM_MESSAGES = {
  passwordMismatch: 'The two password fields didn’t match.',
  passwordIncorrect: 'Your old password was entered incorrectly. Please enter it again.',
} as const;

/** Django's password2 help text. */
export const PASSWORD_CONFIRMATION_HELP_TEXT = 'Enter the same password as before, for verification.';

/** A user whose password a form sets. */
export interface PasswordUser {
  setPassword(raw: string | null): Promise<void>;
  checkPassword(raw: unknown): Promise<boolean>;
  setUnusablePassword?(): void;
}

export interface PasswordFormOptions {
  /** Django's validate_password with the configured validators (AUTH_PASSWORD_VALIDATORS). None: no validation. */
  validatePassword?: PasswordValidationFn;
  /** Persists the user (Django's user.save()); `save()` without it only sets the password on the instance. */
  saveUser?: (user: any) => Promise<unknown>;
  /** Help text under the new password (Django's password_validators_help_text_html, as plain items). */
  passwordHelpTexts?: string[];
}

/**
 * Django's SetPasswordMixin.validate_passwords + validate_password_for_user:
 * both present, equal, then the validators, errors on the confirmation field.
 */
export async function validatePasswordPair(
  form: Form<Record<string, unknown>>,
  first: string,
  second: string,
  user: object | null,
  validate?: PasswordValidationFn,
): Promise<void> {
  const password1 = form.cleanedData[first] as string | undefined;
  const password2 = form.cleanedData[second] as string | undefined;
  if (password1 && password2 && password1 !== password2) {
    form.addError(second, { message: PASSWORD_FORM_MESSAGES.passwordMismatch, code: 'password_mismatch' });
    return;
  }
  if (!password2 || !validate || form.errors[second]) return;
  try {
    await validate(password2, user);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    form.addError(second, error);
  }
}

/** The two new-password fields (Django's SetPasswordMixin.create_password_fields). */
function passwordFields(label1: string, label2: string, helpTexts?: string[]): Record<string, PasswordField> {
  return {
    1: new PasswordField({ label: label1, autocomplete: 'new-password', helpText: helpTexts?.join(' ') }),
    2: new PasswordField({ label: label2, autocomplete: 'new-password', helpText: PASSWORD_CONFIRMATION_HELP_TEXT }),
  };
}

/**
 * Port of django.contrib.auth.forms.SetPasswordForm: a new password, twice,
 * without the old one (the reset confirm page).
 * @publicApi
 */
export class SetPasswordForm<U extends PasswordUser = PasswordUser> extends Form<{ new_password1: string; new_password2: string }> {
  protected declared: Record<string, CharField>;

  constructor(
    readonly user: U,
    data?: Record<string, unknown> | null,
    protected readonly options: PasswordFormOptions = {},
  ) {
    super(data);
    const fields = passwordFields('New password', 'New password confirmation', options.passwordHelpTexts);
    this.declared = { new_password1: fields[1], new_password2: fields[2] };
  }

  protected get fields(): Record<string, CharField> {
    return this.declared;
  }

  protected override async clean(): Promise<void> {
    await validatePasswordPair(this as never, 'new_password1', 'new_password2', this.user, this.options.validatePassword);
  }

  /** Sets the password; with `commit` (default) saves the user through `saveUser`. */
  async save(commit = true): Promise<U> {
    await this.user.setPassword(this.cleanedData.new_password1!);
    if (commit && this.options.saveUser) await this.options.saveUser(this.user);
    return this.user;
  }
}

/**
 * Port of django.contrib.auth.forms.PasswordChangeForm: the old password
 * first, checked, then SetPasswordForm's two fields.
 * @publicApi
 */
export class PasswordChangeForm<U extends PasswordUser = PasswordUser> extends SetPasswordForm<U> {
  constructor(user: U, data?: Record<string, unknown> | null, options: PasswordFormOptions = {}) {
    super(user, data, options);
    this.declared = {
      old_password: new PasswordField({ label: 'Old password', autocomplete: 'current-password', autofocus: true }),
      ...this.declared,
    };
  }

  /** Django's clean_old_password. */
  async cleanOldPassword(): Promise<string> {
    const oldPassword = (this.cleanedData as Record<string, string>).old_password;
    if (!(await this.user.checkPassword(oldPassword))) {
      throw new ValidationError({ message: PASSWORD_FORM_MESSAGES.passwordIncorrect, code: 'password_incorrect' });
    }
    return oldPassword;
  }
}

/**
 * Port of django.contrib.auth.forms.AdminPasswordChangeForm (Django 5.1):
 * password1/password2, and `usable_password` = "false" to disable password
 * authentication (an unusable password) instead.
 * @publicApi
 */
export class AdminPasswordChangeForm<U extends PasswordUser = PasswordUser> extends Form<{ password1: string; password2: string }> {
  private readonly declared: Record<string, CharField>;

  constructor(
    readonly user: U,
    data?: Record<string, unknown> | null,
    private readonly options: PasswordFormOptions = {},
  ) {
    super(data);
    const fields = passwordFields('Password', 'Password confirmation', options.passwordHelpTexts);
    this.declared = { password1: fields[1], password2: fields[2] };
    if (this.unusableRequested) for (const field of Object.values(this.declared)) field.spec.required = false;
  }

  protected get fields(): Record<string, CharField> {
    return this.declared;
  }

  private get unusableRequested(): boolean {
    return this.data?.usable_password === 'false';
  }

  protected override async clean(): Promise<void> {
    if (this.unusableRequested) return;
    await validatePasswordPair(this as never, 'password1', 'password2', this.user, this.options.validatePassword);
  }

  async save(commit = true): Promise<U> {
    if (this.unusableRequested) this.user.setUnusablePassword?.();
    else await this.user.setPassword(this.cleanedData.password1!);
    if (commit && this.options.saveUser) await this.options.saveUser(this.user);
    return this.user;
  }

  /** Django's changed_data: the password fields count as changed. */
  get changedData(): string[] {
    return ['password'];
  }
}
