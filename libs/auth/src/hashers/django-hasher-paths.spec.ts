import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { passwordHashersFromDjango } from './django-hasher-paths';
import { Pbkdf2PasswordHasher } from './pbkdf2.hasher';

const path = (name: string) => `django.contrib.auth.hashers.${name}`;

describe("passwordHashersFromDjango (a Django site's PASSWORD_HASHERS)", () => {
  it("keeps Django's order and gives both PBKDF2 hashers the site's iteration count", () => {
    const hashers = passwordHashersFromDjango(
      ['PBKDF2PasswordHasher', 'PBKDF2SHA1PasswordHasher', 'MD5PasswordHasher', 'UnsaltedMD5PasswordHasher', 'BCryptPasswordHasher'].map(path),
      { pbkdf2Iterations: 260_000 },
    );
    expect(hashers.map((h) => h.algorithm)).toEqual(['pbkdf2_sha256', 'pbkdf2_sha1', 'md5', 'unsalted_md5', 'bcrypt']);
    expect((hashers[0] as Pbkdf2PasswordHasher).iterations).toBe(260_000);
    expect((hashers[1] as Pbkdf2PasswordHasher).iterations).toBe(260_000);
  });

  it('defaults to the library iteration count and accepts surrounding spaces', () => {
    const [pbkdf2] = passwordHashersFromDjango([` ${path('PBKDF2PasswordHasher')} `]);
    expect((pbkdf2 as Pbkdf2PasswordHasher).iterations).toBe(1_000_000);
  });

  it.each([[[path('CryptPasswordHasher')]], [['myproject.hashers.Custom']], [['MD5PasswordHasher']], [[path('toString')]], [[]]])(
    'refuses %j clearly',
    (paths) => {
      expect(() => passwordHashersFromDjango(paths)).toThrow(ImproperlyConfiguredError);
    },
  );

  it('refuses an invalid iteration count', () => {
    expect(() => passwordHashersFromDjango([path('PBKDF2PasswordHasher')], { pbkdf2Iterations: Number('abc') })).toThrow(RangeError);
  });
});
