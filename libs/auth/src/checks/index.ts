import { checks } from './registry';
import { checkStoredPasswordHashes } from './stored-password-hashes.check';
import { checkAllowedHosts, checkCsrfCookieSecure, checkSecretKeyStrength, checkSessionCookieFlags } from './security.checks';

export * from './check-message';
export { checks, CheckRegistry } from './registry';
export type { CheckContext, CheckFunction, CheckRegistration } from './registry';

// Django's deployment checks that apply to this package; one line per check.
checks.register(checkSecretKeyStrength, { tags: ['security'], deploy: true });
checks.register(checkSessionCookieFlags, { tags: ['security'], deploy: true });
checks.register(checkCsrfCookieSecure, { tags: ['security'], deploy: true });
checks.register(checkAllowedHosts, { tags: ['security'], deploy: true });
checks.register(checkStoredPasswordHashes, { tags: ['auth'] });
