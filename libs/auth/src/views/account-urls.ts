/** The names of Django's `django.contrib.auth.urls`, and the paths they have under the module's prefix. */
export const ACCOUNT_ROUTES = {
  login: 'login/',
  logout: 'logout/',
  password_change: 'password_change/',
  password_change_done: 'password_change/done/',
  password_reset: 'password_reset/',
  password_reset_done: 'password_reset/done/',
  password_reset_confirm: 'reset/:uidb64/:token/',
  password_reset_complete: 'reset/done/',
  csrf: 'csrf/',
} as const;

export type AccountRouteName = keyof typeof ACCOUNT_ROUTES;

/** Django's `reverse()` for the account pages: `/accounts/reset/MQ/set-password/`. */
export class AccountUrls {
  readonly base: string;

  constructor(prefix: string) {
    this.base = prefix ? `/${prefix}/` : '/';
  }

  reverse(name: string, params: Record<string, unknown> = {}): string {
    const route = (ACCOUNT_ROUTES as Record<string, string>)[name];
    if (route === undefined) throw new Error(`Reverse for '${name}' not found: not one of ${Object.keys(ACCOUNT_ROUTES).join(', ')}.`);
    return this.base + route.replace(/:([a-z0-9]+)/gi, (_, key: string) => encodeURIComponent(String(params[key] ?? '')));
  }
}
