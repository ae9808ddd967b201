import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/**
 * The usual app-wide security headers (helmet's defaults: Content-Security-Policy, Strict-Transport-Security,
 * X-Content-Type-Options, Cross-Origin-*-Policy, ...) and no X-Powered-By. Referrer-Policy is Django's default
 * (SECURE_REFERRER_POLICY = "same-origin"); the account views set their own stricter headers per page
 * (X-Frame-Options: DENY, no-referrer on the reset link, never_cache).
 */
export function applySecurityHeaders(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.use(helmet({ referrerPolicy: { policy: 'same-origin' } }));
}
