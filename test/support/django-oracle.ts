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
