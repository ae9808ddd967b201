import { resolveAuthOptions } from '../auth.options';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { optionalRequire } from '../utils/optional-require';
import { PasswordHasherRegistry } from './password-hasher.registry';
import { Pbkdf2PasswordHasher } from './pbkdf2.hasher';

/** A hasher whose package really is not installed (resolution fails, nothing is mocked). */
class UninstalledHasher extends Pbkdf2PasswordHasher {
  override readonly algorithm = 'uninstalled';
  loads = 0;

  override loadLibrary(): void {
    this.loads++;
    optionalRequire('nest-django-auth-uninstalled-hasher-package', 'UninstalledHasher');
  }

  override async verify(password: string, encoded: string): Promise<boolean> {
    this.loadLibrary();
    return super.verify(password, encoded.replace(/^uninstalled/, 'pbkdf2_sha256'));
  }
}

const SECRET_KEY = 'x'.repeat(10) + 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ';
const MISSING = /UninstalledHasher needs the package 'nest-django-auth-uninstalled-hasher-package', which is not installed\. Install it: npm install nest-django-auth-uninstalled-hasher-package/;

describe('hashers whose package is missing', () => {
  it('the preferred one is a start-up error of the registry', () => {
    expect(() => new PasswordHasherRegistry([new UninstalledHasher()])).toThrow(ImproperlyConfiguredError);
    expect(() => new PasswordHasherRegistry([new UninstalledHasher()])).toThrow(MISSING);
  });

  it('one listed in passwordHashers is a start-up error of the module options, wherever it is listed', () => {
    const passwordHashers = [new Pbkdf2PasswordHasher(), new UninstalledHasher()];
    expect(() => resolveAuthOptions({ secretKey: SECRET_KEY, passwordHashers })).toThrow(MISSING);
  });

  it('a default one is loaded on first use, and checkPassword raises instead of answering false', async () => {
    const other = new UninstalledHasher();
    const registry = new PasswordHasherRegistry([new Pbkdf2PasswordHasher({ iterations: 1000 }), other]);
    expect(other.loads).toBe(0);
    const encoded = (await new Pbkdf2PasswordHasher({ iterations: 1000 }).encode('secret', 'saltsaltsalt')).replace(/^pbkdf2_sha256/, 'uninstalled');
    await expect(registry.checkPassword('secret', encoded)).rejects.toThrow(MISSING);
    // A hash of an algorithm whose package is present is unaffected.
    await expect(registry.checkPassword('secret', await registry.makePassword('secret'))).resolves.toBe(true);
  });
});
