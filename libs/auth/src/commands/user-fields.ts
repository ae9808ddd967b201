import { AUTH_USER_ENTITY } from '../auth.constants';
import type { UserModelStatics } from '../entities/abstract-base-user.entity';
import { ValidationError } from '../exceptions/validation.error';
import { UnicodeUsernameValidator, USERNAME_MAX_LENGTH } from '../validators/username.validators';
import type { ManagementApp } from './management-app';

export type UserEntity = (new () => Record<string, unknown>) & UserModelStatics;

export async function userEntityOf(app: ManagementApp): Promise<UserEntity> {
  return app.get<UserEntity>(AUTH_USER_ENTITY);
}

/** Django's field verbose_name for the fields commands ask for. */
export function verboseName(field: string): string {
  if (field === 'email') return 'email address';
  return field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(/_/g, ' ');
}

export function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Django's Field.clean for the username and e-mail fields: blank, max_length, validators. */
export function cleanField(field: string, value: string, { blank = false } = {}): string {
  if (value === '' && !blank) throw new ValidationError({ message: 'This field cannot be blank.', code: 'blank' });
  if (field === 'email') {
    if (value.length > 254) throw new ValidationError({ message: `Ensure this value has at most 254 characters (it has ${value.length}).`, code: 'max_length' });
    if (value && !EMAIL.test(value)) throw new ValidationError({ message: 'Enter a valid email address.', code: 'invalid' });
    return value;
  }
  if (field === 'username') {
    if (value.length > USERNAME_MAX_LENGTH) {
      throw new ValidationError({ message: `Ensure this value has at most ${USERNAME_MAX_LENGTH} characters (it has ${value.length}).`, code: 'max_length' });
    }
    new UnicodeUsernameValidator().validate(value);
  }
  return value;
}
