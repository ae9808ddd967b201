import type { Request } from 'express';
import { rawHostOf } from '../http/allowed-hosts';

/** Python's quote(value, safe='/'): what QueryDict.urlencode(safe='/') does to `next`. */
export function quoteKeepingSlashes(value: string): string {
  // A lone surrogate has no UTF-8 form (encodeURIComponent throws): it becomes U+FFFD, as a browser's URL parser does.
  return encodeURIComponent(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'))
    .replace(/%2F/gi, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path and query string the request asked for (Django's get_full_path). */
export function fullPathOf(request: Request): string {
  return request.originalUrl || request.url;
}

/**
 * Port of AccessMixin.handle_no_permission + redirect_to_login: the login
 * URL with `next` set to where the user was going, absolute when the login
 * page is on another host or scheme.
 */
export function loginRedirectUrl(request: Request, loginUrl: string, redirectFieldName: string): string {
  const login = new URL(loginUrl, 'http://placeholder.invalid');
  const loginIsAbsolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(loginUrl) || loginUrl.startsWith('//');
  // The host AllowedHostsGuard validated (it runs before any other guard) when allowedHosts is set.
  const host = rawHostOf(request) || 'localhost';
  const here = `${request.protocol}://${host}`;
  const sameSite = !loginIsAbsolute || (login.protocol === `${request.protocol}:` && login.host === host);
  const next = sameSite ? fullPathOf(request) : here + fullPathOf(request);
  if (!redirectFieldName) return loginUrl;
  const [base, existingQuery = ''] = loginUrl.split('?', 2);
  const kept = existingQuery
    .split('&')
    .filter((pair) => pair && decodeURIComponent(pair.split('=')[0]) !== redirectFieldName);
  kept.push(`${encodeURIComponent(redirectFieldName)}=${quoteKeepingSlashes(next)}`);
  return `${base}?${kept.join('&')}`;
}

/** Browsers (HTML accepted) are redirected; API clients (JSON preferred) get 401/403 with a JSON body. */
export function wantsHtml(request: Request): boolean {
  if (request.get('x-requested-with') === 'XMLHttpRequest') return false;
  return request.accepts(['html', 'json']) === 'html';
}
