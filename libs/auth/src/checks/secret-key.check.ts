import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';

const MIN_LENGTH = 50;
const MIN_UNIQUE_CHARACTERS = 5;
const INSECURE_PREFIX = 'django-insecure-';

/** Port of Django's security.W009 check: short, repetitive or generated-insecure keys. */
export function isWeakSecretKey(key: string): boolean {
  return key.length < MIN_LENGTH || new Set(key).size < MIN_UNIQUE_CHARACTERS || key.startsWith(INSECURE_PREFIX);
}

/** Why a weak key is weak, and how to make a strong one. */
export function weakSecretKeyMessage(): string {
  return (
    `secretKey is weak (fewer than ${MIN_LENGTH} characters, fewer than ${MIN_UNIQUE_CHARACTERS} distinct ` +
    `characters, or prefixed "${INSECURE_PREFIX}"). Generate one with: node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))"`
  );
}

/**
 * A missing key is always an error; a weak one is an error outside
 * development (where Django only warns, we refuse to start: sessions and
 * password reset tokens are only as strong as this key) unless explicitly
 * accepted with allowWeakSecretKey (a key shared with a Django site).
 */
export function checkSecretKey(key: unknown, development: boolean, warn: (message: string) => void, allowWeak = false): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ImproperlyConfiguredError('AuthModule: the secretKey option must not be empty. Set it from a secret store or the SECRET_KEY environment variable.');
  }
  if (!isWeakSecretKey(key)) return;
  const message = `AuthModule: ${weakSecretKeyMessage()}`;
  if (allowWeak) return warn(`${message} Accepted because allowWeakSecretKey is set.`);
  if (!development) throw new ImproperlyConfiguredError(message);
  warn(message);
}
