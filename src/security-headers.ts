import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/**
 * The usual app-wide security headers (helmet's defaults: Content-Security-Policy, Strict-Transport-Security,
 * X-Content-Type-Options, Cross-Origin-*-Policy, ...) and no X-Powered-By, with Django's defaults where Django has
 * one: Referrer-Policy `same-origin` (SECURE_REFERRER_POLICY) and X-Frame-Options `DENY` (X_FRAME_OPTIONS; helmet's
 * is SAMEORIGIN). The account views set their own on top: never_cache, X-Frame-Options, and on the reset link
 * `Referrer-Policy: no-referrer`.
 */
export function applySecurityHeaders(app: NestExpressApplication, { development = false } = {}): void {
  app.disable('x-powered-by');
  app.use(
    helmet({
      referrerPolicy: { policy: 'same-origin' },
      frameguard: { action: 'deny' },
      contentSecurityPolicy: {
        directives: {
          // Browsers that know CSP obey frame-ancestors over X-Frame-Options: the same DENY there.
          frameAncestors: ["'none'"],
          // In development the demo is plain HTTP, maybe on a LAN address: upgraded form posts would go nowhere.
          upgradeInsecureRequests: development ? null : [],
        },
      },
    }),
  );
}
