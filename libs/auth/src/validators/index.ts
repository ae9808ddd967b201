export { RegexValidator } from './regex.validator';
export { UnicodeUsernameValidator, ASCIIUsernameValidator, USERNAME_MAX_LENGTH } from './username.validators';
export {
  CommonPasswordValidator,
  DEFAULT_PASSWORD_LIST_PATH,
  MinimumLengthValidator,
  NumericPasswordValidator,
  UserAttributeSimilarityValidator,
  defaultPasswordValidators,
  exceedsMaximumLengthRatio,
  passwordChanged,
  passwordValidatorsHelpTextHtml,
  passwordValidatorsHelpTexts,
  validatePassword,
} from './password-validation';
export type { PasswordValidator, UserAttributeSimilarityOptions } from './password-validation';
export { PasswordValidation } from './password-validation.service';
