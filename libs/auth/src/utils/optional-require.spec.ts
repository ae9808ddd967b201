import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { optionalRequire } from './optional-require';

describe('optionalRequire', () => {
  it('returns an installed package', () => {
    expect(optionalRequire<typeof import('pako')>('pako', 'Sessions').inflate).toEqual(expect.any(Function));
  });

  it('names a package that is not installed and the command that installs it', () => {
    const load = () => optionalRequire('nest-django-auth-no-such-package', 'The frobnicator');
    expect(load).toThrow(ImproperlyConfiguredError);
    expect(load).toThrow(
      "The frobnicator needs the package 'nest-django-auth-no-such-package', which is not installed. Install it: npm install nest-django-auth-no-such-package",
    );
  });

  it('keeps the error of an installed package that fails to load', () => {
    // Found, but broken inside (it needs a package of its own that is missing): not "not installed".
    const dir = mkdtempSync(join(tmpdir(), 'optional-require-'));
    const broken = join(dir, 'broken.js');
    writeFileSync(broken, "require('nest-django-auth-missing-dependency');\n");
    try {
      expect(() => optionalRequire(broken, 'Sessions')).toThrow(/nest-django-auth-missing-dependency/);
      expect(() => optionalRequire(broken, 'Sessions')).not.toThrow(ImproperlyConfiguredError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
