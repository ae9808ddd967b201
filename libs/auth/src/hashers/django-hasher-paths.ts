import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { Argon2PasswordHasher } from './argon2.hasher';
import { BasePasswordHasher } from './base-password.hasher';
import { BCryptSha256PasswordHasher } from './bcrypt-sha256.hasher';
import { BCryptPasswordHasher } from './bcrypt.hasher';
import { MD5PasswordHasher } from './md5.hasher';
import { Pbkdf2Sha1PasswordHasher } from './pbkdf2-sha1.hasher';
import { Pbkdf2PasswordHasher } from './pbkdf2.hasher';
import { ScryptPasswordHasher } from './scrypt.hasher';
import { SHA1PasswordHasher } from './sha1.hasher';
import { UnsaltedMD5PasswordHasher } from './unsalted-md5.hasher';
import { UnsaltedSHA1PasswordHasher } from './unsalted-sha1.hasher';

/** @publicApi */
export interface DjangoHasherSettings {
  /** PBKDF2 (and PBKDF2-SHA1) iterations for new hashes: the Django site's (3.2: 260,000; 4.2: 600,000; 5.2: 1,000,000; 6.0: 1,200,000). */
  pbkdf2Iterations?: number;
}

const HASHERS: Record<string, (settings: DjangoHasherSettings) => BasePasswordHasher> = {
  PBKDF2PasswordHasher: (s) => new Pbkdf2PasswordHasher({ iterations: s.pbkdf2Iterations }),
  PBKDF2SHA1PasswordHasher: (s) => new Pbkdf2Sha1PasswordHasher({ iterations: s.pbkdf2Iterations }),
  Argon2PasswordHasher: () => new Argon2PasswordHasher(),
  BCryptSHA256PasswordHasher: () => new BCryptSha256PasswordHasher(),
  BCryptPasswordHasher: () => new BCryptPasswordHasher(),
  ScryptPasswordHasher: () => new ScryptPasswordHasher(),
  MD5PasswordHasher: () => new MD5PasswordHasher(),
  SHA1PasswordHasher: () => new SHA1PasswordHasher(),
  UnsaltedMD5PasswordHasher: () => new UnsaltedMD5PasswordHasher(),
  UnsaltedSHA1PasswordHasher: () => new UnsaltedSHA1PasswordHasher(),
};

const DJANGO_MODULE = 'django.contrib.auth.hashers.';

/**
 * The hashers of a Django site's PASSWORD_HASHERS setting, in its order:
 * `passwordHashersFromDjango(['django.contrib.auth.hashers.PBKDF2PasswordHasher',
 * 'django.contrib.auth.hashers.MD5PasswordHasher'], { pbkdf2Iterations: 260_000 })`.
 * A path this library does not implement (crypt, a custom hasher) is a
 * configuration error naming it.
 * @publicApi
 */
export function passwordHashersFromDjango(paths: readonly string[], settings: DjangoHasherSettings = {}): BasePasswordHasher[] {
  const hashers = paths.map((path) => {
    const name = path.trim().startsWith(DJANGO_MODULE) ? path.trim().slice(DJANGO_MODULE.length) : null;
    const make = name !== null && Object.hasOwn(HASHERS, name) ? HASHERS[name] : null;
    if (!make) {
      throw new ImproperlyConfiguredError(
        `PASSWORD_HASHERS: ${JSON.stringify(path)} is not a hasher this library implements (${Object.keys(HASHERS).map((n) => DJANGO_MODULE + n).join(', ')}).`,
      );
    }
    return make(settings);
  });
  if (hashers.length === 0) throw new ImproperlyConfiguredError('PASSWORD_HASHERS must list at least one hasher.');
  return hashers;
}
