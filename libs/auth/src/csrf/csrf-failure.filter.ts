import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUTH_OPTIONS } from '../auth.constants';
import { wantsHtml } from '../guards/redirect-to-login';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { CsrfFailureException } from './csrf-failure.exception';
import { REASON_NO_CSRF_COOKIE, REASON_NO_REFERER } from './csrf-token';
import { escapeHtml } from '../utils/escape-html';

const NO_REFERER = [
  'You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your Web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.',
  'If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests.',
  'If you are using the &lt;meta name=&quot;referrer&quot; content=&quot;no-referrer&quot;&gt; tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like &lt;a rel=&quot;noreferrer&quot; …&gt; for links to third-party sites.',
];
const NO_COOKIE = [
  'You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.',
  'If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.',
];

/** Django's csrf_failure page (django/views/csrf.py); the reason itself only in development, as Django under DEBUG. */
export function csrfFailurePage(reason: string, development: boolean): string {
  const paragraphs = [
    ...(reason === REASON_NO_REFERER ? NO_REFERER : []),
    ...(reason === REASON_NO_CSRF_COOKIE ? NO_COOKIE : []),
  ].map((text) => `  <p>${text}</p>\n`);
  const explanation = development
    ? `<p>Reason given for the failure:</p>\n  <pre>${escapeHtml(reason)}</pre>`
    : '<p><small>More information is available with the development option.</small></p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>403 Forbidden</title>
  <style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#eee;color:#000}div{padding:10px 20px}#summary{background:#ffc}h1{font-weight:normal}h1 span{font-size:60%;color:#666}</style>
</head>
<body>
<div id="summary">
  <h1>Forbidden <span>(403)</span></h1>
  <p>CSRF verification failed. Request aborted.</p>
${paragraphs.join('')}</div>
<div id="explanation">
  ${explanation}
</div>
</body>
</html>
`;
}

/** A browser's form post or navigation names text/html; fetch, curl and API clients (any type, or no Accept) get JSON. */
function isBrowserPage(req: Request): boolean {
  return /\btext\/html\b/i.test(req.get('accept') ?? '') && wantsHtml(req);
}

/** A CSRF refusal: Django's page for browsers, `{ statusCode, error, message }` for API clients; never cached. */
@Catch(CsrfFailureException)
export class CsrfFailureFilter implements ExceptionFilter {
  constructor(@Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions) {}

  catch(exception: CsrfFailureException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return void res.end();
    res.status(403).set('Cache-Control', 'max-age=0, no-cache, no-store, must-revalidate, private');
    if (isBrowserPage(req)) res.type('html').send(csrfFailurePage(exception.reason, this.options.development));
    else res.json(exception.getResponse());
  }
}
