import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUTH_OPTIONS, AuthService, type ResolvedAuthOptions, urlHasAllowedHostAndScheme } from 'nest-django-auth';

@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly auth: AuthService,
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
  ) {}

  @Get('login')
  form(@Query('next') next: unknown, @Res() res: Response): void {
    res.type('html').send(loginForm(typeof next === 'string' ? next : ''));
  }

  @Post('login')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown> = {}): Promise<void> {
    const { username, password, next } = body;
    const user = typeof username === 'string' && typeof password === 'string'
      ? await this.auth.authenticate(req, { username, password })
      : null;
    if (!user) {
      res.status(401).json({ statusCode: 401, message: 'invalid username or password' });
      return;
    }
    await this.auth.login(req, user);
    const target = typeof next === 'string' && urlHasAllowedHostAndScheme(next, [req.get('host') ?? '']) ? next : this.options.loginRedirectUrl;
    res.redirect(302, target);
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() req: Request): Promise<string> {
    await this.auth.logout(req);
    return 'logged out';
  }
}

function loginForm(next: string): string {
  const escaped = next.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><title>Log in</title>
<form method="post" action="/accounts/login/">
<input name="username" autocomplete="username"> <input name="password" type="password" autocomplete="current-password">
<input type="hidden" name="next" value="${escaped}"><button>Log in</button>
</form>`;
}
