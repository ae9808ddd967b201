import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ValidationError, ValidationErrorDetail } from '../exceptions/validation.error';
import { pyIsDigit, pyLen, pyLower, pySplitNonWord, pyStrip, quickRatio } from './python-str';
import { escapeHtml } from '../utils/escape-html';

/**
 * One entry of AUTH_PASSWORD_VALIDATORS: throws ValidationError when the
 * password breaks its rule; `getHelpText()` tells the user the rule.
 * @publicApi
 */
export interface PasswordValidator {
  validate(password: string, user?: object | null): void | Promise<void>;
  getHelpText(): string;
  /** Told after a password was set (Django's password_changed hook), e.g. to keep a history. */
  passwordChanged?(password: string, user?: object | null): void | Promise<void>;
}

function interpolate(message: string, params: Record<string, unknown>): string {
  return message.replace(/%\((\w+)\)[sd]/g, (_, name: string) => String(params[name]));
}

/** Runs every validator and throws one ValidationError with all failures, in validator order (Django's validate_password). @publicApi */
export async function validatePassword(password: string, user?: object | null, validators: readonly PasswordValidator[] = defaultPasswordValidators()): Promise<void> {
  const errors: ValidationErrorDetail[] = [];
  for (const validator of validators) {
    try {
      await validator.validate(password, user);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...error.errors);
    }
  }
  if (errors.length) throw new ValidationError(errors);
}

/** Tells the validators that implement `passwordChanged` that the password changed. @publicApi */
export async function passwordChanged(password: string, user?: object | null, validators: readonly PasswordValidator[] = defaultPasswordValidators()): Promise<void> {
  for (const validator of validators) await validator.passwordChanged?.(password, user);
}

/** Every validator's help text, in order. @publicApi */
export function passwordValidatorsHelpTexts(validators: readonly PasswordValidator[] = defaultPasswordValidators()): string[] {
  return validators.map((validator) => validator.getHelpText());
}

/** The help texts as an HTML `<ul>` (escaped), or '' when there are none (Django's password_validators_help_text_html). @publicApi */
export function passwordValidatorsHelpTextHtml(validators: readonly PasswordValidator[] = defaultPasswordValidators()): string {
  const items = passwordValidatorsHelpTexts(validators).map((text) => `<li>${escapeHtml(text)}</li>`).join('');
  return items ? `<ul>${items}</ul>` : '';
}

/** Django's startproject AUTH_PASSWORD_VALIDATORS: the four validators with their default options. @publicApi */
export function defaultPasswordValidators(): PasswordValidator[] {
  return [new UserAttributeSimilarityValidator(), new MinimumLengthValidator(), new CommonPasswordValidator(), new NumericPasswordValidator()];
}

/** @publicApi */
export class MinimumLengthValidator implements PasswordValidator {
  constructor(readonly minLength = 8) {}

  validate(password: string): void {
    if (pyLen(password) < this.minLength) {
      throw new ValidationError({ message: this.getErrorMessage(), code: 'password_too_short', params: { min_length: this.minLength } });
    }
  }

  getErrorMessage(): string {
    return this.minLength === 1
      ? 'This password is too short. It must contain at least 1 character.'
      : `This password is too short. It must contain at least ${this.minLength} characters.`;
  }

  getHelpText(): string {
    return this.minLength === 1 ? 'Your password must contain at least 1 character.' : `Your password must contain at least ${this.minLength} characters.`;
  }
}

/** Django's exceeds_maximum_length_ratio: a value much shorter than the password cannot be similar enough, so skip the comparison. */
export function exceedsMaximumLengthRatio(password: string, maxSimilarity: number, value: string): boolean {
  const passwordLength = pyLen(password);
  const valueLength = pyLen(value);
  return passwordLength >= 10 * valueLength && valueLength < (maxSimilarity / 2) * passwordLength;
}

/** Django's verbose names of the default user's fields, by attribute (both spellings). */
const VERBOSE_NAMES: Record<string, string> = {
  username: 'username',
  firstName: 'first name',
  first_name: 'first name',
  lastName: 'last name',
  last_name: 'last name',
  email: 'email address',
};

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function attributeOf(user: object, name: string): unknown {
  const record = user as Record<string, unknown>;
  return record[name] ?? record[camelCase(name)] ?? record[snakeCase(name)];
}

export interface UserAttributeSimilarityOptions {
  /** Default: username, first name, last name, email. Both `firstName` and `first_name` spellings are looked up. */
  userAttributes?: readonly string[];
  /** At least 0.1; default 0.7. */
  maxSimilarity?: number;
  /** Labels used in the message, by attribute; the user class's static `verboseNames`, then Django's names, then the attribute name. */
  verboseNames?: Record<string, string>;
}

/** @publicApi */
export class UserAttributeSimilarityValidator implements PasswordValidator {
  static readonly DEFAULT_USER_ATTRIBUTES: readonly string[] = ['username', 'firstName', 'lastName', 'email'];
  readonly userAttributes: readonly string[];
  readonly maxSimilarity: number;
  private readonly verboseNames: Record<string, string>;

  constructor(options: UserAttributeSimilarityOptions = {}) {
    this.userAttributes = options.userAttributes ?? UserAttributeSimilarityValidator.DEFAULT_USER_ATTRIBUTES;
    this.maxSimilarity = options.maxSimilarity ?? 0.7;
    if (!(this.maxSimilarity >= 0.1)) throw new RangeError('max_similarity must be at least 0.1');
    this.verboseNames = options.verboseNames ?? {};
  }

  validate(password: string, user?: object | null): void {
    if (!user) return;
    const lowered = pyLower(password);
    for (const name of this.userAttributes) {
      const value = attributeOf(user, name);
      if (!value || typeof value !== 'string') continue;
      const valueLower = pyLower(value);
      for (const part of [...pySplitNonWord(valueLower), valueLower]) {
        if (exceedsMaximumLengthRatio(lowered, this.maxSimilarity, part)) continue;
        if (quickRatio(lowered, part) >= this.maxSimilarity) {
          const verboseName = this.verboseNameOf(user, name);
          throw new ValidationError({ message: this.getErrorMessage(verboseName), code: 'password_too_similar', params: { verbose_name: verboseName } });
        }
      }
    }
  }

  getErrorMessage(verboseName: string): string {
    return interpolate('The password is too similar to the %(verbose_name)s.', { verbose_name: verboseName });
  }

  getHelpText(): string {
    return 'Your password can’t be too similar to your other personal information.';
  }

  private verboseNameOf(user: object, name: string): string {
    const fromClass = (user.constructor as { verboseNames?: Record<string, string> } | undefined)?.verboseNames;
    return this.verboseNames[name] ?? fromClass?.[name] ?? VERBOSE_NAMES[name] ?? name;
  }
}

/** Django's own list, shipped next to this file. */
export const DEFAULT_PASSWORD_LIST_PATH = join(__dirname, 'common-passwords.txt.gz');

const passwordLists = new Map<string, Promise<ReadonlySet<string>>>();

/** Reads a password list once per path: gzipped or plain, one password a line, stripped. */
function loadPasswordList(path: string): Promise<ReadonlySet<string>> {
  let list = passwordLists.get(path);
  if (!list) {
    list = readPasswordList(path);
    list.catch(() => passwordLists.delete(path));
    passwordLists.set(path, list);
  }
  return list;
}

async function readPasswordList(path: string): Promise<ReadonlySet<string>> {
  const raw = await readFile(path);
  const isGzip = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  const text = (isGzip ? await promisify(gunzip)(raw) : raw).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // Python's line iteration has no empty last line
  return new Set(lines.map(pyStrip));
}

/** @publicApi */
export class CommonPasswordValidator implements PasswordValidator {
  constructor(readonly passwordListPath: string = DEFAULT_PASSWORD_LIST_PATH) {}

  /** The list, read on first use (and cached for every validator on the same file). */
  passwords(): Promise<ReadonlySet<string>> {
    return loadPasswordList(this.passwordListPath);
  }

  async validate(password: string): Promise<void> {
    if ((await this.passwords()).has(pyStrip(pyLower(password)))) {
      throw new ValidationError({ message: this.getErrorMessage(), code: 'password_too_common' });
    }
  }

  getErrorMessage(): string {
    return 'This password is too common.';
  }

  getHelpText(): string {
    return 'Your password can’t be a commonly used password.';
  }
}

/** @publicApi */
export class NumericPasswordValidator implements PasswordValidator {
  validate(password: string): void {
    if (pyIsDigit(password)) throw new ValidationError({ message: this.getErrorMessage(), code: 'password_entirely_numeric' });
  }

  getErrorMessage(): string {
    return 'This password is entirely numeric.';
  }

  getHelpText(): string {
    return 'Your password can’t be entirely numeric.';
  }
}
