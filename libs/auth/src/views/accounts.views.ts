import { All, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource, Repository } from 'typeorm';
import { AUTH_OPTIONS, AUTH_USER_ENTITY } from '../auth.constants';
import { AuthService } from '../auth.service';
import { csrfContext } from '../csrf/csrf-context';
import { CsrfService } from '../csrf/csrf.service';
import { LoginRequired } from '../decorators/login-required.decorator';
import { MailService } from '../mail/mail.service';
import { getMessages } from '../messages/messages';
import { permWrapperFor } from '../decorators/perm-wrapper';
import { storageCall } from '../exceptions/auth-unavailable.exception';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { AuthenticationForm } from '../forms/authentication.form';
import { Form, NON_FIELD_ERRORS } from '../forms/form';
import { PasswordResetForm, ResetEmailMessage } from '../forms/password-reset.form';
import { PasswordChangeForm, PasswordFormOptions, SetPasswordForm } from '../forms/set-password.form';
import { getHost } from '../http/allowed-hosts';
import { isRequestSecure } from '../http/is-request-secure';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { PasswordResetTokenGenerator } from '../tokens/password-reset-token.generator';
import { urlsafeBase64Decode } from '../tokens/uidb64';
import { PasswordValidation } from '../validators/password-validation.service';
import { ACCOUNTS_OPTIONS, ResolvedAccountsOptions } from './accounts-options.interface';
import { ACCOUNT_ROUTES, AccountUrls } from './account-urls';
import { AccountTemplates } from './account-templates';
import { postedData, wantsJson } from './negotiation';
import { safeNextUrl } from './redirects';
import { userJson } from './user-json';

/** Django's INTERNAL_RESET_SESSION_TOKEN: where the confirm view keeps the token once it left the URL. */
export const INTERNAL_RESET_SESSION_TOKEN = '_password_reset_token';
/** PasswordResetConfirmView.reset_url_token: what replaces the token in the URL. */
export const RESET_URL_TOKEN = 'set-password';

/** The confirm page's message for a bad, used or expired link (Django's password_reset_confirm.html). */
export const INVALID_RESET_LINK_MESSAGE =
  'The password reset link was invalid, possibly because it has already been used. Please request a new password reset.';

/** Django's view titles. */
const TITLES = {
  login: 'Log in',
  loggedOut: 'Logged out',
  passwordChange: 'Password change',
  passwordChangeDone: 'Password change successful',
  passwordReset: 'Password reset',
  passwordResetDone: 'Password reset sent',
  passwordResetConfirm: 'Enter new password',
  passwordResetUnsuccessful: 'Password reset unsuccessful',
  passwordResetComplete: 'Password reset complete',
} as const;

/**
 * Django's django.contrib.auth.views, one handler per view and method: LoginView, LogoutView (POST only),
 * PasswordChangeView/DoneView, PasswordResetView/DoneView, PasswordResetConfirmView/CompleteView, and `csrf/` for
 * SPAs. HTML from templates, or JSON when the client prefers it (`Accept: application/json`, a JSON body).
 * AccountsModule mounts a subclass under its prefix, with CSRF protection, never_cache and X-Frame-Options: DENY.
 */
export class AccountsViews {
  private readonly users: Repository<any>;

  constructor(
    @Inject(ACCOUNTS_OPTIONS) protected readonly options: ResolvedAccountsOptions,
    @Inject(AUTH_OPTIONS) protected readonly settings: ResolvedAuthOptions,
    @Inject(AUTH_USER_ENTITY) userEntity: Function,
    @InjectDataSource() dataSource: DataSource,
    protected readonly auth: AuthService,
    protected readonly csrf: CsrfService,
    protected readonly tokens: PasswordResetTokenGenerator,
    protected readonly validation: PasswordValidation,
    protected readonly templates: AccountTemplates,
    protected readonly urls: AccountUrls,
    protected readonly mail: MailService,
  ) {
    this.users = dataSource.getRepository(userEntity);
  }

  // ---- LoginView -------------------------------------------------------------------------------------------------

  @Get(ACCOUNT_ROUTES.login)
  async loginPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (await this.redirectedAuthenticatedUser(req, res)) return;
    await this.answerLoginForm(req, res, this.loginForm(req, null));
  }

  @Post(ACCOUNT_ROUTES.login)
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (await this.redirectedAuthenticatedUser(req, res)) return;
    const form = this.loginForm(req, postedData(req));
    if (!(await form.isValid())) return this.answerLoginForm(req, res, form);
    const user = form.getUser<any>();
    await this.auth.login(req, user);
    this.success(req, res, this.loginSuccessUrl(req), { user: userJson(user) });
  }

  private loginForm(req: Request, data: Record<string, unknown> | null): AuthenticationForm {
    const FormClass = this.options.authenticationForm ?? AuthenticationForm;
    const usernameField = (this.users.target as { USERNAME_FIELD?: string }).USERNAME_FIELD ?? 'username';
    const column = this.users.metadata.findColumnWithPropertyName(usernameField);
    const maxLength = typeof column?.length === 'string' && column.length ? Number(column.length) : undefined;
    return new FormClass(req, data, { auth: this.auth, usernameMaxLength: maxLength || undefined, usernameVerboseName: verboseName(usernameField) });
  }

  private async answerLoginForm(req: Request, res: Response, form: AuthenticationForm): Promise<void> {
    const next = safeNextUrl(req, this.settings);
    await this.formPage(req, res, form, 'registration/login.html', { title: TITLES.login, next, [this.settings.redirectFieldName]: next });
  }

  /** LoginView.redirect_authenticated_user: a logged-in visitor goes where a login would send them. */
  private async redirectedAuthenticatedUser(req: Request, res: Response): Promise<boolean> {
    if (!this.options.redirectAuthenticatedUser) return false;
    const user = await this.auth.getUser(req);
    if (!user.isAuthenticated) return false;
    const redirectTo = this.loginSuccessUrl(req);
    if (redirectTo === req.path) {
      throw new ImproperlyConfiguredError("Redirection loop for authenticated user detected. Check that your LOGIN_REDIRECT_URL doesn't point to a login page.");
    }
    this.success(req, res, redirectTo, { user: userJson(user) });
    return true;
  }

  private loginSuccessUrl(req: Request): string {
    return safeNextUrl(req, this.settings) || this.settings.loginRedirectUrl;
  }

  // ---- LogoutView (POST only, as Django 5) ----------------------------------------------------------------------

  @Post(ACCOUNT_ROUTES.logout)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.auth.logout(req);
    const redirectTo = safeNextUrl(req, this.settings) || this.settings.logoutRedirectUrl || req.path;
    if (redirectTo !== req.originalUrl) return this.success(req, res, redirectTo);
    if (wantsJson(req)) return void res.status(200).json({ redirectTo: null });
    await this.page(req, res, 'registration/logged_out.html', { title: TITLES.loggedOut, login_url: this.settings.loginUrl });
  }

  /** Django 5's LogoutView accepts POST and OPTIONS only: a GET (a link, an <img>) cannot log anyone out. */
  @All(ACCOUNT_ROUTES.logout)
  logoutMethodNotAllowed(@Req() req: Request, @Res() res: Response): void {
    res.setHeader('Allow', 'POST, OPTIONS');
    if (req.method === 'OPTIONS') return void res.status(200).setHeader('Content-Length', '0').end();
    res.status(405).end();
  }

  // ---- PasswordChangeView / PasswordChangeDoneView (login required) -------------------------------------------

  @Get(ACCOUNT_ROUTES.password_change)
  @LoginRequired()
  async passwordChangePage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = new PasswordChangeForm(await this.auth.getUser(req), null, this.passwordFormOptions());
    await this.formPage(req, res, form, 'registration/password_change_form.html', { title: TITLES.passwordChange });
  }

  @Post(ACCOUNT_ROUTES.password_change)
  @LoginRequired()
  async passwordChange(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = new PasswordChangeForm(await this.auth.getUser(req), postedData(req), this.passwordFormOptions());
    if (!(await form.isValid())) return this.formPage(req, res, form, 'registration/password_change_form.html', { title: TITLES.passwordChange });
    const user = await form.save();
    // The other sessions of the user end; this one goes on.
    await this.auth.updateSessionAuthHash(req, user as never);
    this.success(req, res, this.urls.reverse('password_change_done'));
  }

  @Get(ACCOUNT_ROUTES.password_change_done)
  @LoginRequired()
  async passwordChangeDone(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.page(req, res, 'registration/password_change_done.html', { title: TITLES.passwordChangeDone });
  }

  // ---- PasswordResetView / PasswordResetDoneView ------------------------------------------------------------------

  @Get(ACCOUNT_ROUTES.password_reset)
  async passwordResetPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.formPage(req, res, this.passwordResetForm(null), 'registration/password_reset_form.html', { title: TITLES.passwordReset });
  }

  /** The same answer whether or not the address belongs to anyone: a redirect to the done page. */
  @Post(ACCOUNT_ROUTES.password_reset)
  async passwordReset(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = this.passwordResetForm(postedData(req));
    if (!(await form.isValid())) return this.formPage(req, res, form, 'registration/password_reset_form.html', { title: TITLES.passwordReset });
    const domain = this.options.domainOverride ?? getHost(req, this.settings);
    await storageCall(() =>
      form.save({
        domain,
        siteName: this.options.siteName ?? domain,
        useHttps: isRequestSecure(req),
        subjectTemplateName: this.options.subjectTemplateName,
        emailTemplateName: this.options.emailTemplateName,
        htmlEmailTemplateName: this.options.htmlEmailTemplateName,
        fromEmail: this.options.fromEmail,
        extraEmailContext: this.options.extraEmailContext,
        waitForMail: false,
      }),
    );
    this.success(req, res, this.urls.reverse('password_reset_done'));
  }

  private passwordResetForm(data: Record<string, unknown> | null): PasswordResetForm {
    return new PasswordResetForm(data, {
      repository: this.users,
      tokenGenerator: this.tokens,
      render: (name, context) =>
        name === this.options.htmlEmailTemplateName ? this.templates.render(name, context) : this.templates.renderText(name, context),
      sendMail: ({ subject, body, html, from, to }: ResetEmailMessage) => this.mail.sendMail({ subject, body, from, to, ...(html !== undefined ? { htmlBody: html } : {}) }),
    });
  }

  @Get(ACCOUNT_ROUTES.password_reset_done)
  async passwordResetDone(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.page(req, res, 'registration/password_reset_done.html', { title: TITLES.passwordResetDone });
  }

  // ---- PasswordResetConfirmView / PasswordResetCompleteView -------------------------------------------------------

  /**
   * `reset/<uidb64>/<token>/`: a valid token is moved into the session and the browser redirected to
   * `reset/<uidb64>/set-password/`, so the token never reaches a Referer header; that page checks the session's token.
   */
  @All(ACCOUNT_ROUTES.password_reset_confirm)
  async passwordResetConfirm(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { uidb64, token } = req.params as { uidb64: string; token: string };
    const onSetPasswordPage = token === RESET_URL_TOKEN;
    // The token URL must not leak through Referer; the set-password page posts to itself, and a no-referrer policy
    // there would make Chromium send `Origin: null` with the form, which the CSRF check refuses.
    res.setHeader('Referrer-Policy', onSetPasswordPage ? 'same-origin' : 'no-referrer');
    if (!['GET', 'HEAD', 'POST'].includes(req.method)) return void res.setHeader('Allow', 'GET, HEAD, POST').status(405).end();
    const user = await this.userFromUidb64(uidb64);
    if (user && onSetPasswordPage) {
      const session = await this.auth.getSession(req);
      if (this.tokens.checkToken(user, session.get(INTERNAL_RESET_SESSION_TOKEN))) return this.setPassword(req, res, user);
    } else if (user && this.tokens.checkToken(user, token)) {
      const session = await this.auth.getSession(req);
      session.set(INTERNAL_RESET_SESSION_TOKEN, token);
      return void res.redirect(302, this.urls.reverse('password_reset_confirm', { uidb64, token: RESET_URL_TOKEN }));
    }
    if (wantsJson(req)) return void res.status(400).json({ validlink: false, errors: { [NON_FIELD_ERRORS]: [INVALID_RESET_LINK_MESSAGE] } });
    await this.page(req, res, 'registration/password_reset_confirm.html', { title: TITLES.passwordResetUnsuccessful, validlink: false, form: null });
  }

  private async setPassword(req: Request, res: Response, user: any): Promise<void> {
    const posted = req.method === 'POST';
    const form = new SetPasswordForm(user, posted ? postedData(req) : null, this.passwordFormOptions());
    if (!posted || !(await form.isValid())) {
      return this.formPage(req, res, form, 'registration/password_reset_confirm.html', { title: TITLES.passwordResetConfirm, validlink: true });
    }
    await form.save();
    (await this.auth.getSession(req)).delete(INTERNAL_RESET_SESSION_TOKEN);
    if (this.options.postResetLogin) await this.auth.login(req, user, this.options.postResetLoginBackend);
    this.success(req, res, this.urls.reverse('password_reset_complete'), this.options.postResetLogin ? { user: userJson(user) } : {});
  }

  /** Django's get_user(uidb64): the user whose primary key the link names, or null for anything malformed or unknown. */
  private async userFromUidb64(uidb64: string): Promise<any | null> {
    const uid = urlsafeBase64Decode(uidb64);
    if (uid === null) return null;
    const column = this.users.metadata.primaryColumns[0];
    const pk = primaryKeyValue(column.type, uid);
    if (pk === undefined) return null;
    return storageCall(() => this.users.findOne({ where: { [column.propertyName]: pk } }));
  }

  @Get(ACCOUNT_ROUTES.password_reset_complete)
  async passwordResetComplete(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.page(req, res, 'registration/password_reset_complete.html', { title: TITLES.passwordResetComplete, login_url: this.settings.loginUrl });
  }

  // ---- csrf/ (for SPAs) ------------------------------------------------------------------------------------------

  /** A CSRF token for JavaScript clients, to send back in the `X-CSRFToken` header; sets the CSRF cookie as needed. */
  @Get(ACCOUNT_ROUTES.csrf)
  async csrfToken(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.json({ csrfToken: await this.csrf.getToken(req, res) });
  }

  // ---- answers ----------------------------------------------------------------------------------------------------

  private passwordFormOptions(): PasswordFormOptions {
    return {
      validatePassword: (password, user) => this.validation.validate(password, user),
      saveUser: (user) => this.savePassword(user),
      passwordHelpTexts: this.validation.helpTexts(),
    };
  }

  /** Saves only the password column, as Django's `save(update_fields=["password"])` would. */
  private async savePassword(user: any): Promise<void> {
    const pk = this.users.metadata.primaryColumns[0].propertyName;
    await storageCall(() => this.users.update({ [pk]: user.pk ?? user[pk] }, { password: user.password }));
  }

  /** A form view's answer: HTML, 200 with the form and its errors; JSON, 400 with the errors (200 with the fields for a GET). */
  private async formPage(req: Request, res: Response, form: Form<any>, template: string, context: Record<string, unknown>): Promise<void> {
    if (wantsJson(req)) {
      const fields = form.boundFields.map(({ value, errors, ...field }) => field);
      if (!form.isBound) return void res.json({ fields, ...jsonSafe(context) });
      return void res.status(400).json({ errors: errorMessages(form), codes: errorCodes(form) });
    }
    const focusField = form.boundFields.find((field) => field.errors.length > 0)?.name;
    await this.page(req, res, template, { ...context, form, focus_field: focusField });
  }

  /** Success: a redirect for browsers, 200 with where to go (and what else the view says) for JSON clients. */
  private success(req: Request, res: Response, redirectTo: string, json: Record<string, unknown> = {}): void {
    if (wantsJson(req)) return void res.status(200).json({ ...json, redirectTo });
    res.redirect(302, redirectTo);
  }

  /** Renders a page with Django's context: user, perms, messages, csrf_token/csrf_input, site_name, then extraContext. */
  protected async page(req: Request, res: Response, template: string, context: Record<string, unknown>, status = 200): Promise<void> {
    if (wantsJson(req)) return void res.status(status).json(jsonSafe(context));
    const html = await this.templates.render(template, await this.templateContext(req, res, context));
    res.status(status).type('html').send(html);
  }

  private async templateContext(req: Request, res: Response, context: Record<string, unknown>): Promise<Record<string, unknown>> {
    const user = await this.auth.getUser(req, { withPermissions: true });
    const domain = getHost(req, this.settings);
    const siteName = this.options.siteName ?? domain;
    return {
      user,
      perms: await permWrapperFor(user as never),
      messages: await getMessages(req),
      ...(await csrfContext(req, res)),
      site: { domain, name: siteName },
      site_name: siteName,
      action: req.path,
      login_url: this.settings.loginUrl,
      password_reset_url: this.urls.reverse('password_reset'),
      ...context,
      ...this.options.extraContext,
    };
  }
}

/** Django's verbose name of a field from its attribute name: `emailAddress` → `email address`. */
function verboseName(field: string): string {
  return field.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Django's pk.to_python on the decoded uid: integers only for an integer key (no query for anything else). */
function primaryKeyValue(type: unknown, uid: string): string | number | undefined {
  const integer = type === Number || (typeof type === 'string' && /int|serial|number|decimal/i.test(type));
  if (integer) return /^[0-9]{1,15}$/.test(uid) ? Number(uid) : undefined;
  if (typeof type === 'string' && /uuid/i.test(type)) return /^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$/i.test(uid) ? uid : undefined;
  return uid.length > 0 && uid.length <= 255 && !uid.includes('\u0000') ? uid : undefined;
}

function errorMessages(form: Form<any>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(form.errors).map(([field, list]) => [field, list.map((e) => e.message)]));
}

function errorCodes(form: Form<any>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(form.errors).map(([field, list]) => [field, list.map((e) => e.code ?? 'invalid')]));
}

/** The JSON twin of a page's context: the plain values (no form, user or functions). */
function jsonSafe(context: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(context).filter(([key, value]) => key !== 'form' && (value === null || typeof value !== 'object')));
}
