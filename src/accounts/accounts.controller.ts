import { AUTH_OPTIONS, AuthService, LoginNotRequired, ResolvedAuthOptions, urlHasAllowedHostAndScheme } from 'nest-django-auth';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { loginPage } from './login-page';

const INVALID_LOGIN = 'invalid username or password';

/** Login and logout, as the reference Django project routes them. */
@Controller('accounts')
@LoginNotRequired()
export class AccountsController {
  constructor(
    private readonly auth: AuthService,
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  @Get('login')
  loginForm(@Query('next') next: unknown, @Res() res: Response): void {
    res.type('html').send(loginPage(typeof next === 'string' ? next : ''));
  }

  @Post('login')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown> = {}, @Query('next') queryNext?: unknown) {
    const credentials = { username: body.username, password: body.password };
    const user = typeof credentials.username === 'string' && typeof credentials.password === 'string'
      ? await this.auth.authenticate(req, credentials)
      : null;
    const next = typeof body.next === 'string' ? body.next : typeof queryNext === 'string' ? queryNext : '';
    if (!user) return this.loginFailed(req, res, next);
    await this.auth.login(req, user);
    res.redirect(302, this.safeRedirect(req, next));
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.auth.logout(req);
    if (this.options.logoutRedirectUrl) res.redirect(302, this.options.logoutRedirectUrl);
    else res.type('text').send('logged out');
  }

  private loginFailed(req: Request, res: Response, next: string): void {
    if (req.is('application/json') || req.accepts(['html', 'json']) === 'json') {
      res.status(401).json({ statusCode: 401, message: INVALID_LOGIN });
    } else {
      res.status(401).type('html').send(loginPage(next, INVALID_LOGIN));
    }
  }

  /** Only local targets (Django's url_has_allowed_host_and_scheme against this host). */
  private safeRedirect(req: Request, next: string): string {
    return urlHasAllowedHostAndScheme(next, [req.get('host') ?? '']) ? next : this.options.loginRedirectUrl;
  }
}
