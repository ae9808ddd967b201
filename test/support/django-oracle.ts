import { execFileSync } from 'node:child_process';

/** Debian's Python with python3-django (not the pyenv python3 on PATH). */
export const DJANGO_PYTHON = '/usr/bin/python3';

const SCRIPT = `
import json, sys
import urllib.parse
import django.utils.http
# Django 3.2 parses with a private copy of an old urlparse; Django 4.1+ (the behaviour we follow) calls urllib's,
# which drops tabs and newlines (WHATWG) and refuses bad IPv6 and NFKC tricks. Same function, current parser.
django.utils.http._urlparse = urllib.parse.urlparse
from django.utils.http import url_has_allowed_host_and_scheme
cases = json.loads(sys.stdin.read())
out = [url_has_allowed_host_and_scheme(c[0], set(c[1]), require_https=c[2]) for c in cases]
sys.stdout.write(json.dumps(out))
`;

/** Django's own url_has_allowed_host_and_scheme over a batch, in one Python process. */
export function djangoUrlHasAllowedHostAndScheme(cases: Array<[string, string[], boolean]>): boolean[] {
  const output = execFileSync(DJANGO_PYTHON, ['-c', SCRIPT], { input: JSON.stringify(cases), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output.toString()) as boolean[];
}

const CSRF_SCRIPT = `
import json, sys
from django.conf import settings
settings.configure(ALLOWED_HOSTS=[])
from django.middleware.csrf import _unmask_cipher_token
from django.http.request import split_domain_port, validate_host
cases = json.loads(sys.stdin.read())
out = {
  'unmasked': [_unmask_cipher_token(t) for t in cases['tokens']],
  'hosts': [list(split_domain_port(h)) + [validate_host(split_domain_port(h)[0], a) if split_domain_port(h)[0] else False] for h, a in cases['hosts']],
}
sys.stdout.write(json.dumps(out))
`;

/** Django's _unmask_cipher_token over tokens, and split_domain_port + validate_host over [host, allowedHosts] pairs. */
export function djangoCsrfAndHosts(tokens: string[], hosts: Array<[string, string[]]>): { unmasked: string[]; hosts: Array<[string, string, boolean]> } {
  const output = execFileSync(DJANGO_PYTHON, ['-c', CSRF_SCRIPT], { input: JSON.stringify({ tokens, hosts }), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output.toString());
}
