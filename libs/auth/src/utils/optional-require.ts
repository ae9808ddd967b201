import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';

/**
 * Loads an optional peer dependency (a database driver, argon2, bcrypt,
 * ioredis) when a feature that needs it is configured, never at import time
 * (Django's `_load_library`). A package that is not installed is an
 * ImproperlyConfiguredError naming it and the command that installs it; a
 * package that is installed but fails to load (a broken native build)
 * keeps its own error.
 */
export function optionalRequire<T>(packageName: string, feature: string): T {
  try {
    return require(packageName) as T;
  } catch (error) {
    if (!isNotInstalled(error, packageName)) throw error;
    throw new ImproperlyConfiguredError(
      `${feature} needs the package '${packageName}', which is not installed. Install it: npm install ${packageName}`,
    );
  }
}

function isNotInstalled(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && String(message).includes(`'${packageName}'`);
}
