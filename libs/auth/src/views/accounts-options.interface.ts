import type { Request } from 'express';
import type { AuthenticationForm, AuthenticationFormOptions } from '../forms/authentication.form';

/** A form class the login view can use instead of AuthenticationForm (Django's `authentication_form`). */
export type AuthenticationFormClass = new (
  request: Request | null,
  data: Record<string, unknown> | null | undefined,
  options: AuthenticationFormOptions,
) => AuthenticationForm;

/**
 * Options of `AccountsModule.forRoot()`: the account pages of Django's
 * `django.contrib.auth.urls`, with the attributes Django's views take.
 * @publicApi
 */
export interface AccountsModuleOptions {
  /** Where the pages are mounted (`include('django.contrib.auth.urls')` under `accounts/`). Default: `'accounts'`. */
  prefix?: string;
  /**
   * The app's templates folder, searched before the library's: a file there named like a default
   * (`registration/login.html`, …) replaces it. Default: none (the library's templates only).
   */
  templatesDir?: string | string[];
  /** `site_name` in templates and the reset email (Django's Site.name). Default: the request's host. */
  siteName?: string;
  /** Added to every page's template context (Django's `extra_context`). */
  extraContext?: Record<string, unknown>;
  /** Added to the reset email's context (Django's `extra_email_context`). */
  extraEmailContext?: Record<string, unknown>;
  /** A logged-in visitor of the login page is redirected as after a login (LoginView.redirect_authenticated_user). Default: `false`. */
  redirectAuthenticatedUser?: boolean;
  /** The login form class, e.g. an AuthenticationForm subclass overriding `confirmLoginAllowed`. Default: `AuthenticationForm`. */
  authenticationForm?: AuthenticationFormClass;
  /** Log the user in after a successful password reset (PasswordResetConfirmView.post_reset_login). Default: `false`. */
  postResetLogin?: boolean;
  /** The backend named in the session by that login (post_reset_login_backend). Default: the only configured backend. */
  postResetLoginBackend?: string;
  /** The reset email's sender (PasswordResetView.from_email). Default: the mail settings' `defaultFromEmail`. */
  fromEmail?: string;
  /** An HTML alternative for the reset email (html_email_template_name). Default: none. */
  htmlEmailTemplateName?: string | null;
  /** Reset email templates (subject_template_name / email_template_name). Defaults: Django's names. */
  subjectTemplateName?: string;
  emailTemplateName?: string;
  /** The link's host in reset emails instead of the request's (PasswordResetForm.save's domain_override). */
  domainOverride?: string;
}

/** Options with their defaults applied. */
export interface ResolvedAccountsOptions extends AccountsModuleOptions {
  prefix: string;
  templatesDir: string[];
  extraContext: Record<string, unknown>;
  extraEmailContext: Record<string, unknown>;
  redirectAuthenticatedUser: boolean;
  postResetLogin: boolean;
  subjectTemplateName: string;
  emailTemplateName: string;
}

export const ACCOUNTS_OPTIONS = Symbol('ACCOUNTS_OPTIONS');

export function resolveAccountsOptions(options: AccountsModuleOptions = {}): ResolvedAccountsOptions {
  const prefix = (options.prefix ?? 'accounts').replace(/^\/+|\/+$/g, '');
  const dirs = options.templatesDir === undefined ? [] : Array.isArray(options.templatesDir) ? options.templatesDir : [options.templatesDir];
  return {
    ...options,
    prefix,
    templatesDir: dirs,
    extraContext: options.extraContext ?? {},
    extraEmailContext: options.extraEmailContext ?? {},
    redirectAuthenticatedUser: options.redirectAuthenticatedUser ?? false,
    postResetLogin: options.postResetLogin ?? false,
    subjectTemplateName: options.subjectTemplateName ?? 'registration/password_reset_subject.txt',
    emailTemplateName: options.emailTemplateName ?? 'registration/password_reset_email.html',
  };
}
