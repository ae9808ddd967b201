import type { Repository } from 'typeorm';
import type { UserModelStatics } from '../entities/abstract-base-user.entity';
import { ValidationError } from '../exceptions/validation.error';
import { UnicodeUsernameValidator, USERNAME_MAX_LENGTH } from '../validators/username.validators';
import { CharField, PasswordField, UsernameField } from './fields';
import { Form } from './form';
import { PASSWORD_CONFIRMATION_HELP_TEXT, PasswordFormOptions, validatePasswordPair } from './set-password.form';

/** Django's model unique error for the username, and the field's help text. */
export const USER_CREATION_FORM_MESSAGES = {
  unique: 'A user with that username already exists.',
  usernameHelpText: 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.',
} as const;

export interface UserCreationFormOptions extends PasswordFormOptions {
  /** The user table: checks the username is free (case-insensitively) and saves. */
  repository: Repository<any>;
}

class ValidatedUsernameField extends UsernameField {
  private readonly validator = new UnicodeUsernameValidator();

  protected override validate(value: string) {
    const errors = super.validate(value);
    if (!this.validator.isValid(value)) errors.push({ message: this.validator.message, code: 'invalid', params: { value } });
    return errors;
  }
}

/**
 * Port of django.contrib.auth.forms.UserCreationForm (Django 5): username,
 * password, confirmation; refuses a username taken in any case; validators
 * see the new user (its username) as Django's _post_clean.
 * @publicApi
 */
export class UserCreationForm extends Form<{ username: string; password1: string; password2: string }> {
  private readonly declared: Record<string, CharField>;
  private instance?: any;

  constructor(
    data: Record<string, unknown> | null | undefined,
    private readonly options: UserCreationFormOptions,
  ) {
    super(data);
    this.declared = {
      username: new ValidatedUsernameField({
        label: 'Username',
        maxLength: USERNAME_MAX_LENGTH,
        helpText: USER_CREATION_FORM_MESSAGES.usernameHelpText,
        autofocus: true,
      }),
      password1: new PasswordField({ label: 'Password', autocomplete: 'new-password', helpText: options.passwordHelpTexts?.join(' ') }),
      password2: new PasswordField({ label: 'Password confirmation', autocomplete: 'new-password', helpText: PASSWORD_CONFIRMATION_HELP_TEXT }),
    };
  }

  protected get fields(): Record<string, CharField> {
    return this.declared;
  }

  private get usernameField(): string {
    return (this.options.repository.target as unknown as UserModelStatics).USERNAME_FIELD ?? 'username';
  }

  /** Django 4.2+: a username differing only in case is taken too. */
  async cleanUsername(): Promise<string> {
    const username = this.cleanedData.username!;
    const taken = await this.options.repository
      .createQueryBuilder('u')
      .where(`LOWER(u.${this.usernameField}) = LOWER(:username)`, { username })
      .getExists();
    if (taken) throw new ValidationError({ message: USER_CREATION_FORM_MESSAGES.unique, code: 'unique' });
    return username;
  }

  protected override async postClean(): Promise<void> {
    this.instance = this.options.repository.create({ [this.usernameField]: this.cleanedData.username ?? '' });
    await validatePasswordPair(this as never, 'password1', 'password2', this.instance, this.options.validatePassword);
  }

  /** The new user, its password hashed; saved unless `commit` is false. */
  async save(commit = true): Promise<any> {
    const user = this.instance ?? this.options.repository.create({ [this.usernameField]: this.cleanedData.username });
    await user.setPassword(this.cleanedData.password1!);
    if (commit) return this.options.saveUser ? this.options.saveUser(user) : this.options.repository.save(user);
    return user;
  }
}
