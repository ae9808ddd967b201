import type { Request, Response } from 'express';
import type { AuthService } from '../auth.service';
import { REDIRECT_FIELD_NAME } from '../auth.constants';
import { authServiceOf } from '../decorators/auth-service.locator';
import { quoteKeepingSlashes } from '../guards/redirect-to-login';
import { getHost } from '../http/allowed-hosts';
import { isRequestSecure } from '../http/is-request-secure';
import { urlHasAllowedHostAndScheme } from '../http/url-has-allowed-host-and-scheme';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { paramOf } from './negotiation';

/** Django's default LOGIN_URL. */
const DEFAULT_LOGIN_URL = '/accounts/login/';

/**
 * Django's redirect_to_login: the login URL with `next` in its query string (encoded as QueryDict.urlencode(safe='/')),
 * replacing a `next` already there. Answer with it: `res.redirect(redirectToLogin('/private/'))`.
 * @publicApi
 */
export function redirectToLogin(next: string, loginUrl: string = DEFAULT_LOGIN_URL, redirectFieldName: string = REDIRECT_FIELD_NAME): string {
  if (!redirectFieldName) return loginUrl;
  const hashAt = loginUrl.indexOf('#');
  const fragment = hashAt >= 0 ? loginUrl.slice(hashAt) : '';
  const withoutFragment = hashAt >= 0 ? loginUrl.slice(0, hashAt) : loginUrl;
  const [base, query = ''] = withoutFragment.split(/\?(.*)/s, 2);
  const kept = query.split('&').filter((pair) => pair && safeDecode(pair.split('=')[0]) !== redirectFieldName);
  kept.push(`${quoteKeepingSlashes(redirectFieldName)}=${quoteKeepingSlashes(next)}`);
  return `${base}?${kept.join('&')}${fragment}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Django's get_redirect_url (RedirectURLMixin): the request's `next` (posted, else in the query string) when it is
 * a URL on this host (validated against `allowedHosts`) with a safe scheme — HTTPS only when the request is — else ''.
 */
export function safeNextUrl(req: Request, options: Pick<ResolvedAuthOptions, 'allowedHosts' | 'development' | 'redirectFieldName'>): string {
  const next = paramOf(req, options.redirectFieldName || REDIRECT_FIELD_NAME);
  if (!next) return '';
  const host = getHost(req, options);
  return urlHasAllowedHostAndScheme(next, host ? [host] : [], isRequestSecure(req)) ? next : '';
}

/** The resolved settings AuthService was built with (LOGIN_URL and friends), for helpers that only have the request. */
function settingsOf(auth: AuthService): ResolvedAuthOptions {
  return (auth as unknown as { options: ResolvedAuthOptions }).options;
}

/**
 * Django's logout_then_login: logs the user out, then redirects to a safe `next` or to the login page
 * (`loginUrl`, default the `loginUrl` option). Use it from a POST handler.
 * @publicApi
 */
export async function logoutThenLogin(req: Request, res: Response, loginUrl?: string): Promise<void> {
  const auth = authServiceOf(req);
  const settings = settingsOf(auth);
  await auth.logout(req);
  res.redirect(302, safeNextUrl(req, settings) || loginUrl || settings.loginUrl);
}
