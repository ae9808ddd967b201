import { isIPv6 } from 'node:net';

/** Python's str.strip() whitespace (str.isspace): unlike String#trim it strips U+001C..U+001F and U+0085, not U+FEFF. */
const PY_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_WHITESPACE}]+|[${PY_WHITESPACE}]+$`, 'g');

/** urlsplit's ValueError cases ("Invalid IPv6 URL", NFKC tricks): Django answers false for them. */
function isInvalidNetloc(netloc: string): boolean {
  if (netloc.includes('[') !== netloc.includes(']')) return true;
  if (netloc.includes('[') && !isValidBracketedNetloc(netloc)) return true;
  return hasNfkcDelimiters(netloc);
}

/** urllib.parse._check_bracketed_netloc: `[IPv6]` or `[vX.future]`, nothing before the bracket, a port after. */
function isValidBracketedNetloc(netloc: string): boolean {
  const hostAndPort = netloc.slice(netloc.lastIndexOf('@') + 1);
  const open = hostAndPort.indexOf('[');
  let hostname: string;
  if (open >= 0) {
    if (open > 0) return false;
    const close = hostAndPort.indexOf(']');
    const port = close < 0 ? '' : hostAndPort.slice(close + 1);
    if (port && !port.startsWith(':')) return false;
    hostname = close < 0 ? hostAndPort.slice(1) : hostAndPort.slice(1, close);
  } else {
    hostname = hostAndPort.split(':')[0];
  }
  return hostname.startsWith('v') ? /^v[a-fA-F0-9]+\..+$/s.test(hostname) : isIPv6(hostname);
}

/** urllib.parse._checknetloc: characters like U+2100 that NFKC-expand to a URL delimiter. */
function hasNfkcDelimiters(netloc: string): boolean {
  if (!netloc || /^[\x00-\x7f]*$/.test(netloc)) return false;
  const stripped = netloc.replace(/[@:#?]/g, '');
  const normalized = stripped.normalize('NFKC');
  return normalized !== stripped && /[/?#@:]/.test(normalized);
}

/** The parts of Python's urllib.parse.urlparse that the safety check needs. */
export function splitSchemeAndNetloc(raw: string): { scheme: string; netloc: string; invalid: boolean } {
  // urlsplit drops tabs and newlines anywhere (WHATWG), as browsers do: "/\t/evil.com" is "//evil.com".
  const url = raw.replace(/[\t\r\n]/g, '');
  let rest = url;
  let scheme = '';
  const colon = url.indexOf(':');
  if (colon > 0 && /^[a-zA-Z][a-zA-Z0-9+.-]*$/.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    rest = url.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
  }
  return { scheme, netloc, invalid: isInvalidNetloc(netloc) };
}

/** Unicode category C (control, format, unassigned, private use, surrogate). */
function startsWithControlCharacter(url: string): boolean {
  return /^[\p{C}]/u.test(url);
}

function hasAllowedHostAndScheme(url: string, allowedHosts: Set<string>, requireHttps: boolean): boolean {
  if (url.startsWith('///')) return false;
  const { scheme: parsedScheme, netloc, invalid } = splitSchemeAndNetloc(url);
  if (invalid) return false;
  if (!netloc && parsedScheme) return false;
  if (startsWithControlCharacter(url)) return false;
  const scheme = !parsedScheme && netloc ? 'http' : parsedScheme;
  const validSchemes = requireHttps ? ['https'] : ['http', 'https'];
  return (!netloc || allowedHosts.has(netloc)) && (!scheme || validSchemes.includes(scheme));
}

/**
 * Port of django.utils.http.url_has_allowed_host_and_scheme: true when `url`
 * is safe to redirect to (a local path, or an allowed host with an allowed
 * scheme). Both `\` and `/` readings are checked, as browsers treat them alike.
 * @publicApi
 */
export function urlHasAllowedHostAndScheme(
  url: unknown,
  allowedHosts: Iterable<string> | string = [],
  requireHttps = false,
): url is string {
  if (typeof url !== 'string') return false;
  const trimmed = url.replace(PY_STRIP, '');
  if (!trimmed) return false;
  const hosts = new Set(typeof allowedHosts === 'string' ? [allowedHosts] : allowedHosts);
  return (
    hasAllowedHostAndScheme(trimmed, hosts, requireHttps) && hasAllowedHostAndScheme(trimmed.replace(/\\/g, '/'), hosts, requireHttps)
  );
}
