export { Form, NON_FIELD_ERRORS } from './form';
export type { BoundField, FormErrors, PasswordValidationFn } from './form';
export { CharField, EmailField, PasswordField, UsernameField, FIELD_MESSAGES } from './fields';
export type { CharFieldOptions, FieldSpec } from './fields';
export { isValidEmail } from './email.validator';
export { AuthenticationForm, AUTHENTICATION_FORM_MESSAGES } from './authentication.form';
export type { AuthenticationFormOptions } from './authentication.form';
export {
  SetPasswordForm,
  PasswordChangeForm,
  AdminPasswordChangeForm,
  PASSWORD_FORM_MESSAGES,
  PASSWORD_CONFIRMATION_HELP_TEXT,
} from './set-password.form';
export type { PasswordFormOptions, PasswordUser } from './set-password.form';
export { PasswordResetForm, unicodeCiEqual } from './password-reset.form';
export type { PasswordResetFormOptions, PasswordResetSaveOptions, ResetEmailMessage, RenderToString } from './password-reset.form';
export { UserCreationForm, USER_CREATION_FORM_MESSAGES } from './user-creation.form';
export type { UserCreationFormOptions } from './user-creation.form';
