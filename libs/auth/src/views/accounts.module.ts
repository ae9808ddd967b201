import { Controller, DynamicModule, Module, Type } from '@nestjs/common';
import { AUTH_OPTIONS } from '../auth.constants';
import { CsrfProtect } from '../csrf/csrf.decorators';
import { LoginNotRequired } from '../decorators/login-not-required.decorator';
import { NeverCache, XFrameOptions } from '../http/cache-headers.decorators';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { ACCOUNTS_OPTIONS, AccountsModuleOptions, resolveAccountsOptions } from './accounts-options.interface';
import { AccountsViews } from './accounts.views';
import { AccountTemplates } from './account-templates';
import { AccountUrls } from './account-urls';

/** The views mounted under a prefix of the app's choosing (Nest fixes a controller's path when it is declared). */
function accountsControllerFor(prefix: string): Type<AccountsViews> {
  @Controller(prefix)
  @LoginNotRequired()
  @CsrfProtect()
  @NeverCache()
  @XFrameOptions('DENY')
  class AccountsController extends AccountsViews {}
  return AccountsController;
}

/**
 * Django's `path("accounts/", include("django.contrib.auth.urls"))`: login, logout, password change and reset pages
 * (plus `csrf/` for SPAs), in HTML and JSON. Import it beside AuthModule:
 * `AccountsModule.forRoot({ prefix: 'accounts', templatesDir: join(__dirname, 'views') })`.
 * @publicApi
 */
@Module({})
export class AccountsModule {
  static forRoot(options: AccountsModuleOptions = {}): DynamicModule {
    const resolved = resolveAccountsOptions(options);
    const urls = new AccountUrls(resolved.prefix);
    return {
      module: AccountsModule,
      controllers: [accountsControllerFor(resolved.prefix)],
      providers: [
        { provide: ACCOUNTS_OPTIONS, useValue: resolved },
        { provide: AccountUrls, useValue: urls },
        {
          provide: AccountTemplates,
          useFactory: (settings: ResolvedAuthOptions) => new AccountTemplates(resolved.templatesDir, urls, settings.development),
          inject: [AUTH_OPTIONS],
        },
      ],
      exports: [ACCOUNTS_OPTIONS, AccountUrls, AccountTemplates],
    };
  }
}
