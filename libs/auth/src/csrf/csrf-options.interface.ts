/**
 * Django's CSRF_* settings.
 * @publicApi
 */
export interface CsrfOptions {
  /** CSRF_COOKIE_NAME. Default: `'csrftoken'`. */
  cookieName?: string;
  /** CSRF_COOKIE_AGE in seconds; `null` for a browser-session cookie. Default: `31449600` (about a year). */
  cookieAge?: number | null;
  /** CSRF_COOKIE_DOMAIN (e.g. `.example.com` to share the token with a Django site). Default: none (host-only). */
  cookieDomain?: string | null;
  /** CSRF_COOKIE_PATH. Default: `'/'`. */
  cookiePath?: string;
  /** CSRF_COOKIE_SECURE; `'auto'`: when the request came over HTTPS (honouring `trustProxy`). Default: `false`. */
  cookieSecure?: boolean | 'auto';
  /** CSRF_COOKIE_HTTPONLY. Default: `false` (Django's JavaScript recipe reads the cookie). */
  cookieHttpOnly?: boolean;
  /** CSRF_COOKIE_SAMESITE. Default: `'Lax'`. */
  cookieSameSite?: 'Lax' | 'Strict' | 'None' | false;
  /** CSRF_HEADER_NAME, as the client sends it. Default: `'X-CSRFToken'`. */
  headerName?: string;
  /** CSRF_USE_SESSIONS: keep the secret in the session (`_csrftoken`) instead of a cookie. Default: `false`. */
  useSessions?: boolean;
  /** CSRF_TRUSTED_ORIGINS: `https://example.com`, `https://*.example.com` (scheme required). Default: `[]`. */
  trustedOrigins?: string[];
  /** Protect every unsafe-method route (Django's CsrfViewMiddleware), except `@CsrfExempt()` ones. Default: `false`. */
  global?: boolean;
}

export type ResolvedCsrfOptions = Readonly<Required<Omit<CsrfOptions, 'cookieDomain' | 'cookieAge'>>> & {
  readonly cookieDomain: string | null;
  readonly cookieAge: number | null;
};
