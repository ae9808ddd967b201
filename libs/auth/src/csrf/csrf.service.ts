import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { AUTH_OPTIONS } from '../auth.constants';
import { storageCall } from '../exceptions/auth-unavailable.exception';
import { getHost, isSameDomain, rawHostOf, splitDomainPort } from '../http/allowed-hosts';
import { isRequestSecure } from '../http/is-request-secure';
import { splitSchemeAndNetloc } from '../http/url-has-allowed-host-and-scheme';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { requestStateOf } from '../session/request-state';
import { dropSessionCookieHeaders, readSessionCookie } from '../session/session-cookie';
import { SessionService } from '../session/session.service';
import { CsrfFailureException } from './csrf-failure.exception';
import {
  CSRF_SESSION_KEY,
  checkTokenFormat,
  doesTokenMatch,
  getNewCsrfString,
  InvalidCsrfTokenFormat,
  maskCipherSecret,
  parseCsrfToken,
  REASON_BAD_ORIGIN,
  REASON_BAD_REFERER,
  REASON_CSRF_TOKEN_MISSING,
  REASON_INSECURE_REFERER,
  REASON_MALFORMED_REFERER,
  REASON_NO_CSRF_COOKIE,
  REASON_NO_REFERER,
} from './csrf-token';

/** RFC 9110's safe methods: never checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
/** The form field Django reads the token from. */
export const CSRF_FORM_FIELD = 'csrfmiddlewaretoken';

/** Django's reason strings carry one `%s`; a function replacement keeps `$&` in a hostile value literal. */
const format = (reason: string, value: string) => reason.replace('%s', () => value);

/** Python's str.title(), as HttpHeaders.parse_header_name names the header in a reason ("X-Csrftoken"). */
function pythonTitle(value: string): string {
  return value.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

interface CsrfRequestState {
  /** Django's META["CSRF_COOKIE"]: the secret this response hands out, once known. */
  csrfSecret?: string | null;
  /** csrf_processing_done: a guard already accepted this request. */
  csrfChecked?: boolean;
}

/**
 * Port of django.middleware.csrf: get_token, rotate_token and CsrfViewMiddleware's checks, with Django's
 * cookie (a 32-character secret), session key, masked 64-character tokens and refusal reasons, so a token
 * issued by a Django site sharing the cookie is accepted here and the other way round.
 * @publicApi
 */
@Injectable()
export class CsrfService {
  private readonly exactOrigins: Set<string>;
  private readonly subdomainOrigins: Map<string, string[]>;
  private readonly trustedOriginHosts: string[];

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly sessions: SessionService,
  ) {
    const origins = options.csrf.trustedOrigins;
    this.exactOrigins = new Set(origins.filter((origin) => !origin.includes('*')));
    this.subdomainOrigins = new Map();
    for (const origin of origins.filter((o) => o.includes('*'))) {
      const { scheme, netloc } = splitSchemeAndNetloc(origin);
      this.subdomainOrigins.set(scheme, [...(this.subdomainOrigins.get(scheme) ?? []), netloc.replace(/^\*+/, '')]);
    }
    this.trustedOriginHosts = origins.map((origin) => splitSchemeAndNetloc(origin).netloc.replace(/^\*+/, ''));
  }

  /**
   * Django's get_token: a fresh masked token (64 characters) for a form or a header. Sets the secret cookie (or
   * the session entry with `useSessions`) when the request has none, and re-sends the cookie otherwise.
   */
  async getToken(req: Request, res: Response | undefined = req.res): Promise<string> {
    const state = this.stateOf(req);
    let secret = state.csrfSecret;
    if (secret === undefined) secret = await this.requestSecretOrNull(req);
    if (!secret) {
      secret = getNewCsrfString();
      await this.store(req, res, secret);
    } else if (!this.options.csrf.useSessions || state.csrfSecret === undefined) {
      // Re-sent to renew the cookie's expiry (Django's CSRF_COOKIE_NEEDS_UPDATE); a masked pre-4.0 value becomes the secret.
      await this.store(req, res, secret);
    }
    state.csrfSecret = secret;
    return maskCipherSecret(secret);
  }

  /** Django's rotate_token: a new secret for this client; called at every login. */
  async rotateToken(req: Request, res: Response | undefined = req.res): Promise<void> {
    const secret = getNewCsrfString();
    await this.store(req, res, secret);
    this.stateOf(req).csrfSecret = secret;
  }

  /**
   * CsrfViewMiddleware.process_view for one request: nothing for GET/HEAD/OPTIONS/TRACE; otherwise the Origin
   * check (or the Referer check on HTTPS without Origin), then the token against the secret. Throws
   * CsrfFailureException (403) with Django's reason.
   */
  async checkRequest(req: Request): Promise<void> {
    if (SAFE_METHODS.has(req.method)) return;
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!this.originVerified(req, String(origin))) throw new CsrfFailureException(format(REASON_BAD_ORIGIN, String(origin)));
    } else if (isRequestSecure(req)) {
      this.checkReferer(req);
    }
    await this.checkToken(req);
  }

  /** Whether the method is one the check leaves alone. */
  isSafeMethod(method: string): boolean {
    return SAFE_METHODS.has(method);
  }

  private stateOf(req: Request): CsrfRequestState {
    return requestStateOf(req) as CsrfRequestState;
  }

  /** Django's csrf_processing_done: a guard already accepted this request. */
  isChecked(req: Request): boolean {
    return this.stateOf(req).csrfChecked === true;
  }

  markChecked(req: Request): void {
    this.stateOf(req).csrfChecked = true;
  }

  /** Django's _get_secret: the secret the request came with, or null; a malformed cookie throws InvalidCsrfTokenFormat. */
  private async requestSecret(req: Request): Promise<string | null> {
    if (this.options.csrf.useSessions) {
      const session = await storageCall(() => this.sessions.getSession(req));
      const stored = session.get<unknown>(CSRF_SESSION_KEY);
      if (typeof stored !== 'string') return null;
      try {
        return parseCsrfToken(stored);
      } catch {
        return null;
      }
    }
    const cookie = readSessionCookie(req.headers.cookie, this.options.csrf.cookieName);
    return cookie === null ? null : parseCsrfToken(cookie);
  }

  /** process_request: a malformed cookie counts as none (a new secret replaces it). */
  private async requestSecretOrNull(req: Request): Promise<string | null> {
    try {
      return await this.requestSecret(req);
    } catch (error) {
      if (error instanceof InvalidCsrfTokenFormat) return null;
      throw error;
    }
  }

  private async store(req: Request, res: Response | undefined, secret: string): Promise<void> {
    const csrf = this.options.csrf;
    if (csrf.useSessions) {
      const session = await storageCall(() => this.sessions.getSession(req));
      if (session.get(CSRF_SESSION_KEY) !== secret) session.set(CSRF_SESSION_KEY, secret);
      return;
    }
    if (!res || res.headersSent) return;
    const cookie: CookieOptions = {
      path: csrf.cookiePath,
      domain: csrf.cookieDomain ?? undefined,
      secure: csrf.cookieSecure === 'auto' ? isRequestSecure(req) : csrf.cookieSecure,
      httpOnly: csrf.cookieHttpOnly,
      sameSite: csrf.cookieSameSite ? (csrf.cookieSameSite.toLowerCase() as 'lax' | 'strict' | 'none') : undefined,
      encode: String,
    };
    if (csrf.cookieAge !== null) cookie.maxAge = csrf.cookieAge * 1000;
    dropSessionCookieHeaders(res, csrf.cookieName);
    res.cookie(csrf.cookieName, secret, cookie);
    res.vary('Cookie');
  }

  /** _origin_verified: the request's own origin (its validated host), a trusted origin, or a trusted wildcard subdomain. */
  private originVerified(req: Request, origin: string): boolean {
    const goodHost = this.hostOrNull(req);
    if (goodHost !== null && origin === `${isRequestSecure(req) ? 'https' : 'http'}://${goodHost}`) return true;
    if (this.exactOrigins.has(origin)) return true;
    const { scheme, netloc, invalid } = splitSchemeAndNetloc(origin);
    if (invalid) return false;
    return (this.subdomainOrigins.get(scheme) ?? []).some((host) => isSameDomain(netloc, host));
  }

  /** _check_referer, for HTTPS requests without Origin: an https Referer from this host, the cookie domain or a trusted origin. */
  private checkReferer(req: Request): void {
    const referer = req.headers.referer;
    if (referer === undefined) throw new CsrfFailureException(REASON_NO_REFERER);
    const { scheme, netloc, invalid } = splitSchemeAndNetloc(referer);
    if (invalid || !scheme || !netloc) throw new CsrfFailureException(REASON_MALFORMED_REFERER);
    if (scheme !== 'https') throw new CsrfFailureException(REASON_INSECURE_REFERER);
    if (this.trustedOriginHosts.some((host) => isSameDomain(netloc, host))) return;
    const cookieDomain = this.options.csrf.useSessions ? this.options.session.cookieDomain : this.options.csrf.cookieDomain;
    let goodReferer: string;
    if (!cookieDomain) {
      const host = this.hostOrNull(req);
      if (host === null) throw new CsrfFailureException(format(REASON_BAD_REFERER, referer));
      goodReferer = host;
    } else {
      // Django's get_port(); the port the client used, which behind a proxy is not the socket's.
      const port = splitDomainPort(rawHostOf(req))[1] || '443';
      goodReferer = port === '443' || port === '80' ? cookieDomain : `${cookieDomain}:${port}`;
    }
    if (!isSameDomain(netloc, goodReferer)) throw new CsrfFailureException(format(REASON_BAD_REFERER, referer));
  }

  private hostOrNull(req: Request): string | null {
    try {
      return getHost(req, this.options);
    } catch {
      return null;
    }
  }

  /** _check_token: the secret, then the form field (POST) or the header, checked for format and matched. */
  private async checkToken(req: Request): Promise<void> {
    let secret: string | null;
    try {
      secret = await this.requestSecret(req);
    } catch (error) {
      if (error instanceof InvalidCsrfTokenFormat) throw new CsrfFailureException(`CSRF cookie ${error.reason}.`);
      throw error;
    }
    if (secret === null) throw new CsrfFailureException(REASON_NO_CSRF_COOKIE);
    let token = req.method === 'POST' ? formToken(req.body) : '';
    let source = 'POST';
    if (token === '') {
      const header = req.headers[this.options.csrf.headerName.toLowerCase()];
      if (header === undefined) throw new CsrfFailureException(REASON_CSRF_TOKEN_MISSING);
      token = Array.isArray(header) ? header.join(', ') : header;
      source = `the '${pythonTitle(this.options.csrf.headerName)}' HTTP header`;
    }
    try {
      checkTokenFormat(token);
    } catch (error) {
      throw new CsrfFailureException(`CSRF token from ${source} ${(error as InvalidCsrfTokenFormat).reason}.`);
    }
    if (!doesTokenMatch(token, secret)) throw new CsrfFailureException(`CSRF token from ${source} incorrect.`);
  }
}

/** request.POST.get('csrfmiddlewaretoken', ''): the last value of a repeated field; anything but a string is none. */
function formToken(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return '';
  if (!Object.prototype.hasOwnProperty.call(body, CSRF_FORM_FIELD)) return '';
  let value = (body as Record<string, unknown>)[CSRF_FORM_FIELD];
  if (Array.isArray(value)) value = value[value.length - 1];
  return typeof value === 'string' ? value : '';
}

