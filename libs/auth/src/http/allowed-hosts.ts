import { BadRequestException } from '@nestjs/common';
import type { Request } from 'express';

/** The settings getHost reads (ResolvedAuthOptions fits). */
export interface HostValidationOptions {
  /** Django's ALLOWED_HOSTS; undefined: no validation. */
  allowedHosts?: readonly string[];
  /** Django's DEBUG: an empty list then allows `.localhost`, `127.0.0.1` and `[::1]`. */
  development?: boolean;
}

/** Django's DisallowedHost (SuspiciousOperation): answered with 400 and Django's message. @publicApi */
export class DisallowedHostException extends BadRequestException {
  constructor(message: string) {
    super({ statusCode: 400, error: 'Bad Request', message });
  }
}

const HOST_VALIDATION = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:[0-9]+)?$/;
const DEBUG_ALLOWED_HOSTS = Object.freeze(['.localhost', '127.0.0.1', '[::1]']);

/** django.http.request.split_domain_port: `[domain, port]`, the domain lowercased without a trailing dot; `['', '']` when invalid. */
export function splitDomainPort(host: string): [string, string] {
  const match = HOST_VALIDATION.exec(host.toLowerCase());
  if (!match) return ['', ''];
  const domain = match[1];
  return [domain.endsWith('.') ? domain.slice(0, -1) : domain, match[2] ? match[2].slice(1) : ''];
}

/** django.utils.http.is_same_domain: `pattern` exactly, or `.example.com` for example.com and its subdomains. */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  const lower = pattern.toLowerCase();
  return (lower[0] === '.' && (host.endsWith(lower) || host === lower.slice(1))) || lower === host;
}

/** ALLOWED_HOSTS compiled once: a Set lookup for exact names, a short scan for `.domain` patterns. */
interface HostMatcher {
  any: boolean;
  exact: Set<string>;
  suffixes: string[];
}

const matchers = new WeakMap<readonly string[], HostMatcher>();

function matcherFor(allowedHosts: readonly string[]): HostMatcher {
  let matcher = matchers.get(allowedHosts);
  if (!matcher) {
    const patterns = allowedHosts.filter((p) => typeof p === 'string' && p !== '').map((p) => p.toLowerCase());
    matcher = {
      any: patterns.includes('*'),
      exact: new Set(patterns.flatMap((p) => (p[0] === '.' ? [p.slice(1)] : [p]))),
      suffixes: patterns.filter((p) => p[0] === '.'),
    };
    matchers.set(allowedHosts, matcher);
  }
  return matcher;
}

/**
 * django.http.request.validate_host: whether `host` (a domain already lowercased and without its port, as
 * splitDomainPort returns it) matches one of `allowedHosts` (exact names, `.example.com`, or `*`).
 * @publicApi
 */
export function validateHost(host: string, allowedHosts: readonly string[]): boolean {
  if (typeof host !== 'string' || !Array.isArray(allowedHosts)) return false;
  const matcher = matcherFor(allowedHosts);
  if (matcher.any || matcher.exact.has(host)) return true;
  return matcher.suffixes.some((suffix) => host.endsWith(suffix));
}

/**
 * The host the client asked for: `X-Forwarded-Host` only when Express trusts the proxy that sent the request
 * (`trustProxy`; Django's USE_X_FORWARDED_HOST has no separate switch here), else the `Host` header.
 */
export function rawHostOf(req: Request): string {
  const viaExpress = (req as { host?: unknown }).host;
  if (typeof viaExpress === 'string') return viaExpress;
  const header = req.headers?.host;
  return typeof header === 'string' ? header : '';
}

/**
 * Django's HttpRequest.get_host: the request's host (with its port), validated against `allowedHosts`.
 * Throws DisallowedHostException (400) with Django's message for a host that is malformed or not allowed.
 * With `allowedHosts` unset the host is returned as sent, unvalidated.
 * @publicApi
 */
export function getHost(req: Request, options: HostValidationOptions = {}): string {
  const host = rawHostOf(req);
  let allowedHosts = options.allowedHosts;
  if (allowedHosts === undefined || allowedHosts === null) return host;
  if (options.development && allowedHosts.length === 0) allowedHosts = DEBUG_ALLOWED_HOSTS;
  const [domain] = splitDomainPort(host);
  if (domain && validateHost(domain, allowedHosts)) return host;
  let message = `Invalid HTTP_HOST header: ${pythonRepr(host)}.`;
  message += domain
    ? ` You may need to add ${pythonRepr(domain)} to ALLOWED_HOSTS.`
    : ' The domain name provided is not valid according to RFC 1034/1035.';
  throw new DisallowedHostException(message);
}

/** Python's repr() of a str, as Django's %r puts it in the message. */
export function pythonRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\x${code.toString(16)}`;
    else out += ch;
  }
  return quote + out + quote;
}
