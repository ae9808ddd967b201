import type { CookieOptions, Response } from 'express';
import { isRequestSecure } from '../http/is-request-secure';
import type { ResolvedSessionOptions } from './session-options.interface';

function baseCookieOptions(options: ResolvedSessionOptions, res?: Response): CookieOptions {
  return {
    path: options.cookiePath,
    domain: options.cookieDomain ?? undefined,
    secure: options.cookieSecure === 'auto' ? res?.req !== undefined && isRequestSecure(res.req) : options.cookieSecure,
    httpOnly: options.cookieHttpOnly,
    sameSite: options.cookieSameSite ? (options.cookieSameSite.toLowerCase() as 'lax' | 'strict' | 'none') : undefined,
  };
}

/** Sets the session cookie as Django does: the raw key, Max-Age and Expires unless it expires with the browser. */
export function setSessionCookie(
  res: Response,
  options: ResolvedSessionOptions,
  sessionKey: string,
  maxAgeSeconds: number | null,
): void {
  const cookie = baseCookieOptions(options, res);
  if (maxAgeSeconds !== null) cookie.maxAge = maxAgeSeconds * 1000;
  dropSessionCookieHeaders(res, options.cookieName);
  res.cookie(options.cookieName, sessionKey, { ...cookie, encode: String });
}

/** Removes a Set-Cookie for the session set earlier in this response (a deletion later overridden by a login). */
export function dropSessionCookieHeaders(res: Response, cookieName: string): void {
  const existing = res.getHeader('Set-Cookie');
  if (existing === undefined) return;
  const list = (Array.isArray(existing) ? existing : [String(existing)]).filter((c) => !c.startsWith(`${cookieName}=`));
  if (list.length) res.setHeader('Set-Cookie', list);
  else res.removeHeader('Set-Cookie');
}

/** Deletes the session cookie (logout, or a stale key), with the attributes it was set with. */
export function deleteSessionCookie(res: Response, options: ResolvedSessionOptions): void {
  dropSessionCookieHeaders(res, options.cookieName);
  res.clearCookie(options.cookieName, baseCookieOptions(options, res));
}

/**
 * The session key from the Cookie header, parsed only when a request asks for
 * its session. Several cookies of that name: the last one wins, as in Django
 * (a cookie planted on a parent domain comes first and must not log the user out).
 */
export function readSessionCookie(cookieHeader: string | undefined, cookieName: string): string | null {
  if (!cookieHeader) return null;
  let value: string | null = null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== cookieName) continue;
    value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return value;
}
