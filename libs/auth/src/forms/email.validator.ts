import { domainToASCII } from 'node:url';

// django.core.validators.EmailValidator, regexes kept as Django writes them.
const USER_REGEX = new RegExp(
  "(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$" +
    '|^"([\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f!#-\\[\\]-\\x7f]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0d-\\x7f])*"$)',
  'i',
);
const DOMAIN_REGEX = /^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))$/i;
const LITERAL_REGEX = /^\[([A-F0-9:.]+)\]$/i;
const DOMAIN_ALLOWLIST = ['localhost'];
/** Django 3.2.20+/4.2+: longer values are refused before any regex runs (ReDoS guard). */
const MAX_EMAIL_LENGTH = 320;

/** True when Django's EmailValidator accepts the value. */
export function isValidEmail(value: string): boolean {
  if (!value || !value.includes('@') || value.length > MAX_EMAIL_LENGTH) return false;
  const at = value.lastIndexOf('@');
  const userPart = value.slice(0, at);
  const domainPart = value.slice(at + 1);
  if (!USER_REGEX.test(userPart)) return false;
  if (DOMAIN_ALLOWLIST.includes(domainPart) || isValidDomain(domainPart)) return true;
  if (/^[\x00-\x7f]*$/.test(domainPart)) return false;
  const ascii = domainToASCII(domainPart);
  return ascii !== '' && isValidDomain(ascii);
}

function isValidDomain(domain: string): boolean {
  if (DOMAIN_REGEX.test(domain)) return true;
  const literal = LITERAL_REGEX.exec(domain);
  return literal !== null && isIpAddress(literal[1]);
}

function isIpAddress(text: string): boolean {
  const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (ipv4.test(text)) return true;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}
