import { Inject, Injectable } from '@nestjs/common';
import { AUTH_OPTIONS } from '../auth.constants';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import {
  PasswordValidator,
  passwordChanged,
  passwordValidatorsHelpTextHtml,
  passwordValidatorsHelpTexts,
  validatePassword,
} from './password-validation';

/**
 * The configured AUTH_PASSWORD_VALIDATORS (option `passwordValidators`):
 * what forms and views call to validate a new password.
 * @publicApi
 */
@Injectable()
export class PasswordValidation {
  readonly validators: readonly PasswordValidator[];

  constructor(@Inject(AUTH_OPTIONS) options: ResolvedAuthOptions) {
    this.validators = options.passwordValidators;
  }

  /** Throws ValidationError with every failure, in validator order. */
  validate(password: string, user?: object | null): Promise<void> {
    return validatePassword(password, user, this.validators);
  }

  passwordChanged(password: string, user?: object | null): Promise<void> {
    return passwordChanged(password, user, this.validators);
  }

  helpTexts(): string[] {
    return passwordValidatorsHelpTexts(this.validators);
  }

  helpTextHtml(): string {
    return passwordValidatorsHelpTextHtml(this.validators);
  }
}
