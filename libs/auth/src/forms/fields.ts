import { ValidationError, ValidationErrorDetail } from '../exceptions/validation.error';
import { isValidEmail } from './email.validator';

/** Django's Field.default_error_messages and the validators' messages the auth forms use. */
export const FIELD_MESSAGES = {
  required: 'This field is required.',
  invalid: 'Enter a valid value.',
  invalidEmail: 'Enter a valid email address.',
  nullCharacters: 'Null characters are not allowed.',
} as const;

/** What a template or a JSON client needs to draw a field. */
export interface FieldSpec {
  label: string;
  inputType: 'text' | 'password' | 'email' | 'hidden';
  required: boolean;
  maxLength?: number;
  helpText?: string;
  autocomplete?: string;
  autofocus?: boolean;
}

export interface CharFieldOptions extends Partial<FieldSpec> {
  label: string;
  /** Strip surrounding whitespace (Django's default; password fields set false). */
  strip?: boolean;
  /** Applied after stripping (UsernameField's NFKC). */
  normalize?: (value: string) => string;
}

function maxLengthMessage(limit: number, length: number): string {
  return `Ensure this value has at most ${limit} character${limit === 1 ? '' : 's'} (it has ${length}).`;
}

/**
 * Port of django.forms.CharField: to_python (str, strip, empty → ''), the
 * required check, then every validator (MaxLengthValidator,
 * ProhibitNullCharactersValidator) with all their errors.
 */
export class CharField {
  readonly spec: FieldSpec;
  readonly strip: boolean;
  private readonly normalize?: (value: string) => string;

  constructor(options: CharFieldOptions) {
    const { strip = true, normalize, ...spec } = options;
    this.spec = { inputType: 'text', required: true, ...spec };
    this.strip = strip;
    this.normalize = normalize;
  }

  /** The cleaned value, or a ValidationError carrying every failed rule. */
  clean(raw: unknown): string {
    const value = this.toPython(raw);
    if (value === '' && this.spec.required) throw new ValidationError({ message: FIELD_MESSAGES.required, code: 'required' });
    if (value === '') return value;
    const errors = this.validate(value);
    if (errors.length) throw new ValidationError(errors);
    return value;
  }

  protected toPython(raw: unknown): string {
    if (raw === undefined || raw === null || raw === '') return '';
    // Form posts repeat a name to send a list; Django's QueryDict.get takes the last one.
    const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (typeof last === 'number' || typeof last === 'boolean') return this.finish(String(last));
    if (typeof last !== 'string') throw new ValidationError({ message: FIELD_MESSAGES.invalid, code: 'invalid' });
    return this.finish(last);
  }

  private finish(value: string): string {
    const stripped = this.strip ? value.trim() : value;
    return this.normalize && stripped ? this.normalize(stripped) : stripped;
  }

  protected validate(value: string): ValidationErrorDetail[] {
    const errors: ValidationErrorDetail[] = [];
    const length = [...value].length;
    const max = this.spec.maxLength;
    if (max !== undefined && length > max) {
      errors.push({ message: maxLengthMessage(max, length), code: 'max_length', params: { limit_value: max, show_value: length, value } });
    }
    if (value.includes('\u0000')) errors.push({ message: FIELD_MESSAGES.nullCharacters, code: 'null_characters_not_allowed', params: { value } });
    return errors;
  }
}

/** Port of django.forms.EmailField: a CharField (max 254 in the auth forms) with Django's EmailValidator. */
export class EmailField extends CharField {
  constructor(options: CharFieldOptions) {
    super({ inputType: 'email', ...options });
  }

  protected override validate(value: string): ValidationErrorDetail[] {
    const errors = super.validate(value);
    if (!isValidEmail(value)) errors.push({ message: FIELD_MESSAGES.invalidEmail, code: 'invalid', params: { value } });
    return errors;
  }
}

/** Port of django.contrib.auth.forms.UsernameField: NFKC-normalised, autocapitalize off. */
export class UsernameField extends CharField {
  constructor(options: CharFieldOptions) {
    super({ autocomplete: 'username', ...options, normalize: (value) => value.normalize('NFKC') });
  }
}

/** Port of forms.CharField(widget=PasswordInput, strip=False). */
export class PasswordField extends CharField {
  constructor(options: CharFieldOptions) {
    super({ inputType: 'password', ...options, strip: false });
  }
}
