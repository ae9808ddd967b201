/**
 * Logging in to the demo over HTTP as a browser does now that it checks CSRF (Django's dance): GET the login page
 * for the `csrftoken` cookie and the form's hidden `csrfmiddlewaretoken`, then POST the form with both. Plain
 * fetch, no jest: the benchmarks use it too.
 */

import type supertest from 'supertest';

/** The CSRF cookie (`csrftoken=<secret>`) and a token for it; reusable for any number of posts while the cookie is sent. */
export interface CsrfPair {
  cookie: string;
  token: string;
}

const CSRF_COOKIE = 'csrftoken';
const SESSION_COOKIE = 'sessionid';

/** `a=1; b=2` from parts, blanks dropped; a later cookie of the same name replaces an earlier one. */
export function joinCookies(...parts: Array<string | null | undefined>): string {
  const byName = new Map<string, string>();
  for (const part of parts) {
    for (const pair of (part ?? '').split(';')) {
      const trimmed = pair.trim();
      if (trimmed) byName.set(trimmed.split('=')[0], trimmed);
    }
  }
  return [...byName.values()].join('; ');
}

/** `name=value` of the cookie a response sets, or null. */
export function setCookie(res: Response, name: string): string | null {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return line ? line.split(';')[0] : null;
}

/** The hidden `csrfmiddlewaretoken` of a page's form (Django's `{% csrf_token %}`), or undefined. */
export function formToken(html: string): string | undefined {
  return /name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"/.exec(html)?.[1];
}

function cookieIn(header: string, name: string): string | null {
  return header.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${name}=`)) ?? null;
}

/**
 * GETs the login page (with `cookie`, if any): the CSRF cookie it sets, or the one sent, and the form's token. Null
 * for a page without a token (the reference Django project's login is CSRF-exempt and has no form).
 */
export async function csrfFromLoginPage(base: string, cookie = '', signal?: AbortSignal): Promise<CsrfPair | null> {
  const res = await fetch(`${base}/accounts/login/`, { headers: { accept: 'text/html', cookie }, redirect: 'manual', signal });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${base}/accounts/login/ answered ${res.status}: ${html.slice(0, 200)}`);
  const token = formToken(html);
  const csrfCookie = setCookie(res, CSRF_COOKIE) ?? cookieIn(cookie, CSRF_COOKIE);
  return token && csrfCookie ? { cookie: csrfCookie, token } : null;
}

export interface PostOptions {
  /** The CSRF cookie and token to send; none for a CSRF-exempt site. */
  csrf?: CsrfPair | null;
  /** Other cookies (the session). */
  cookie?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A form post (`application/x-www-form-urlencoded`) with the CSRF cookie and `csrfmiddlewaretoken`; redirects not followed. */
export function postForm(base: string, path: string, fields: Record<string, string>, options: PostOptions = {}): Promise<Response> {
  const { csrf, cookie, headers, signal } = options;
  const body = new URLSearchParams(csrf ? { ...fields, csrfmiddlewaretoken: csrf.token } : fields);
  const cookies = joinCookies(cookie, csrf?.cookie);
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookies ? { cookie: cookies } : {}), ...headers },
    body,
    redirect: 'manual',
    signal,
  });
}

export interface LoginResult {
  response: Response;
  /** `sessionid=<key>` when the login set one. */
  session: string | null;
  /**
   * The CSRF pair the login was posted with: still good for later posts that send its cookie (Django rotates the
   * secret at login, in the Set-Cookie a browser would keep; a client that keeps the old cookie keeps a matching pair).
   */
  csrf: CsrfPair | null;
}

/**
 * The form login: the login page for its CSRF cookie and token (unless `csrf` is given, reused as a browser reuses
 * its cookie), then the credentials. The response is unread; 302 is success for a browser.
 */
export async function loginOverHttp(
  base: string,
  username: string,
  password: string,
  options: PostOptions & { next?: string } = {},
): Promise<LoginResult> {
  const csrf = options.csrf !== undefined ? options.csrf : await csrfFromLoginPage(base, options.cookie, options.signal);
  const fields: Record<string, string> = { username, password, ...(options.next !== undefined ? { next: options.next } : {}) };
  const response = await postForm(base, '/accounts/login/', fields, { ...options, csrf });
  return { response, session: setCookie(response, SESSION_COOKIE), csrf };
}

/**
 * POST /accounts/logout/ with the session cookie: a CSRF pair from the login page first unless one is given (the
 * pair stays valid as long as its cookie is sent, whoever made the session).
 */
export async function logoutOverHttp(base: string, session: string, options: Omit<PostOptions, 'cookie'> = {}): Promise<Response> {
  const csrf = options.csrf !== undefined ? options.csrf : await csrfFromLoginPage(base, session, options.signal);
  return postForm(base, '/accounts/logout/', {}, { ...options, csrf, cookie: session });
}

type Agent = ReturnType<typeof supertest.agent>;

/** The same dance on a supertest agent, which keeps the cookies (the CSRF one included): the login page's token. */
export async function agentCsrfToken(agent: Agent): Promise<string> {
  const page = await agent.get('/accounts/login/').set('accept', 'text/html');
  const token = formToken(page.text);
  if (!token) throw new Error(`no csrfmiddlewaretoken on /accounts/login/ (${page.status})`);
  return token;
}

/** The login form posted by a supertest agent with the page's CSRF token; `accept` picks HTML (302) or JSON (200/400). */
export async function agentLogin(agent: Agent, username: string, password: string, accept = 'text/html'): Promise<supertest.Response> {
  const csrfmiddlewaretoken = await agentCsrfToken(agent);
  return agent.post('/accounts/login/').set('accept', accept).type('form').send({ username, password, csrfmiddlewaretoken });
}
