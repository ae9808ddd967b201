import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { InvalidPasswordError, UnknownPasswordHasherError } from '../exceptions/password-errors';
import { REMOVED_IN_CURRENT_DJANGO, supportedHashVectors, vectorRegistry, vectors } from './django-vectors.spec-helper';
import { MD5PasswordHasher } from './md5.hasher';
import { MAXIMUM_PASSWORD_LENGTH, PasswordHasherRegistry } from './password-hasher.registry';
import { Pbkdf2PasswordHasher } from './pbkdf2.hasher';

const extras = vectors.password_hash_extras;
const unknownAlgorithmMessage = (algorithm: string) =>
  `Unknown password hashing algorithm '${algorithm}'. Did you specify it in the passwordHashers option?`;

function fastRegistry(): PasswordHasherRegistry {
  return new PasswordHasherRegistry([new Pbkdf2PasswordHasher({ iterations: 1000 }), new MD5PasswordHasher()]);
}

describe('PasswordHasherRegistry against Django 3.2 vectors', () => {
  const registry = vectorRegistry();

  describe.each(supportedHashVectors.map((v) => [v.hasher, JSON.stringify(v.password), v.iterations ?? '-', v] as const))(
    '%s, password %s, iterations %s',
    (algorithm, _, __, vector) => {
      it('checkPassword() accepts the password (calling the setter as Django does) and rejects a wrong one', async () => {
        const setter = jest.fn();
        expect(await registry.checkPassword(vector.password, vector.encoded, setter)).toBe(vector.check_password);
        expect(setter.mock.calls).toEqual(vector.check_password_calls_setter ? [[vector.password]] : []);
        setter.mockClear();
        expect(await registry.checkPassword(vector.check_password_wrong.password, vector.encoded, setter)).toBe(vector.check_password_wrong.result);
        expect(setter).not.toHaveBeenCalled();
      });

      it('identifyHasher() and isPasswordUsable() agree with Django', () => {
        expect(registry.identifyHasher(vector.encoded).algorithm).toBe(vector.identify_hasher);
        expect(registry.identifyHasher(vector.encoded).algorithm).toBe(algorithm);
        expect(registry.isPasswordUsable(vector.encoded)).toBe(vector.is_password_usable);
      });
    },
  );

  // Django 5.0 removed CryptPasswordHasher (Python 3.13 drops the crypt
  // module), so under current Django these Django 3.2 hashes name an unknown
  // algorithm: check_password is False and identify_hasher raises.
  describe.each(vectors.password_hashes.filter((v) => REMOVED_IN_CURRENT_DJANGO.has(v.hasher)).map((v) => [v.encoded, v] as const))(
    'crypt (removed in Django 5.0) %s',
    (encoded, vector) => {
      it('is an unknown algorithm: checkPassword() is false, identifyHasher() throws', async () => {
        expect(await registry.checkPassword(vector.password, encoded)).toBe(false);
        expect(() => registry.identifyHasher(encoded)).toThrow(new UnknownPasswordHasherError(unknownAlgorithmMessage('crypt')));
        expect(registry.isPasswordUsable(encoded)).toBe(true);
      });
    },
  );

  it('crypt DES truncation vector: unknown algorithm under current Django, so false', async () => {
    expect(extras.crypt_des_truncation['check_password("passwordXYZ")']).toBe(true);
    expect(await registry.checkPassword('passwordXYZ', extras.crypt_des_truncation.encoded)).toBe(false);
  });

  describe('bcrypt 72-byte truncation', () => {
    const truncation = extras.bcrypt_72_byte_truncation;

    it('plain bcrypt: "a"*72 and "a"*72 + "b" both pass against bcrypt("a"*100)', async () => {
      const encoded = truncation.encoded_bcrypt_of_a_x100 as string;
      expect(await registry.checkPassword('a'.repeat(72), encoded)).toBe(truncation['check_password("a"*72, bcrypt("a"*100))']);
      expect(await registry.checkPassword('a'.repeat(72) + 'b', encoded)).toBe(truncation['check_password("a"*72 + "b", bcrypt("a"*100))']);
    });

    it('bcrypt_sha256: "a"*72 fails against bcrypt_sha256("a"*100)', async () => {
      const encoded = truncation.encoded_bcrypt_sha256_of_a_x100 as string;
      expect(await registry.checkPassword('a'.repeat(72), encoded)).toBe(truncation['check_password("a"*72, bcrypt_sha256("a"*100))']);
    });
  });

  it.each(extras.legacy_unsalted_formats)('legacy format $encoded is $identify_hasher and checks', async (legacy) => {
    expect(registry.identifyHasher(legacy.encoded).algorithm).toBe(legacy.identify_hasher);
    expect(await registry.checkPassword('password', legacy.encoded)).toBe(legacy['check_password("password")']);
  });

  describe('check_password edge cases', () => {
    it.each(extras.check_password_edge_cases.filter((edge) => typeof edge.result === 'boolean'))('$case', async (edge) => {
      expect(await registry.checkPassword(edge.password, edge.encoded)).toBe(edge.result);
    });

    it('encoded is None: Django raises TypeError, checkPassword() never throws and is false', async () => {
      const edge = extras.check_password_edge_cases.find((e) => e.case === 'encoded is None')!;
      expect(edge.result).toEqual({ raises: 'TypeError', message: "object of type 'NoneType' has no len()" });
      await expect(registry.checkPassword(edge.password, null)).resolves.toBe(false);
      await expect(registry.checkPassword(edge.password, undefined)).resolves.toBe(false);
    });
  });

  it.each(extras.is_password_usable)('isPasswordUsable($encoded) is $result', ({ encoded, result }) => {
    expect(registry.isPasswordUsable(encoded)).toBe(result);
  });

  describe('identify_hasher', () => {
    it.each(extras.identify_hasher.filter((v) => typeof v.identify_hasher === 'string' && !REMOVED_IN_CURRENT_DJANGO.has(v.identify_hasher)))(
      '$encoded is $identify_hasher',
      ({ encoded, identify_hasher }) => {
        expect(registry.identifyHasher(encoded).algorithm).toBe(identify_hasher);
      },
    );

    it.each(extras.identify_hasher.filter((v) => typeof v.identify_hasher !== 'string'))('$encoded is unknown', ({ encoded, identify_hasher }) => {
      const djangoMessage = (identify_hasher as { message: string }).message;
      const expected = djangoMessage.replace('the PASSWORD_HASHERS setting', 'the passwordHashers option');
      expect(() => registry.identifyHasher(encoded)).toThrow(new UnknownPasswordHasherError(expected));
    });

    it('crypt, known to Django 3.2, is unknown to current Django', () => {
      const crypt = extras.identify_hasher.find((v) => v.identify_hasher === 'crypt')!;
      expect(() => registry.identifyHasher(crypt.encoded)).toThrow(UnknownPasswordHasherError);
    });
  });

  describe.each(extras.must_update.map((v) => [v.case, v] as const))('must_update: %s', (_, vector) => {
    // Deliberate departure (issue 12, "never downgrade a hash"): Django re-hashes a hash stronger than configured
    // (320,000 iterations under 260,000), we keep it; everything else is Django's verdict.
    const stronger = registry.passwordStrength(vector.encoded) === 'stronger';
    const callsSetter = vector.check_password_calls_setter && !stronger;
    it(`mustUpdate() is ${vector.must_update}; a correct checkPassword() ${callsSetter ? 'calls' : 'skips'} the setter`, async () => {
      expect(registry.getHasher().algorithm).toBe(vector.default_hasher);
      expect(registry.identifyHasher(vector.encoded).algorithm).toBe(vector.hasher);
      expect(registry.getHasher(vector.hasher).mustUpdate(vector.encoded)).toBe(vector.must_update);
      const setter = jest.fn();
      expect(await registry.checkPassword('password', vector.encoded, setter)).toBe(vector.check_password);
      expect(setter).toHaveBeenCalledTimes(callsSetter ? 1 : 0);
    });
  });

  it('only the vector with more iterations than configured is stronger', () => {
    const strengths = extras.must_update.map((v) => [v.case, registry.passwordStrength(v.encoded)]);
    expect(strengths.filter(([, s]) => s === 'stronger').map(([c]) => c)).toEqual(['pbkdf2_sha256, 320000 iterations (more than default)']);
    expect(strengths.filter(([, s]) => s === 'current').length).toBe(1);
  });

  describe('make_password formats', () => {
    const formats = extras.make_password_formats as Record<string, { regex?: string; length?: number; message?: string }>;

    it('makePassword(null) is "!" and 40 random characters', async () => {
      const format = formats['make_password(None)'];
      const unusable = await registry.makePassword(null);
      expect(unusable).toMatch(new RegExp(format.regex!));
      expect(unusable).toHaveLength(format.length!);
      expect(unusable).not.toBe(await registry.makePassword(null));
      expect(registry.isPasswordUsable(unusable)).toBe(false);
    });

    it('makePassword("password") uses the preferred hasher and a 22-character salt', async () => {
      const encoded = await registry.makePassword('password');
      expect(encoded).toMatch(new RegExp(formats['make_password("password") (random salt)'].regex!));
      expect(await registry.checkPassword('password', encoded)).toBe(true);
    });

    it('makePassword(123) is refused (Django: TypeError)', async () => {
      expect(formats['make_password(123)'].message).toBe('Password must be a string or bytes, got int.');
      await expect(registry.makePassword(123 as unknown as string)).rejects.toThrow(new InvalidPasswordError('Password must be a string, got number.'));
    });
  });
});

describe('PasswordHasherRegistry', () => {
  describe('getHasher()', () => {
    const registry = fastRegistry();

    it("returns the first hasher for 'default', a configured one by name, an instance as is", () => {
      const custom = new MD5PasswordHasher();
      expect(registry.getHasher()).toBe(registry.all[0]);
      expect(registry.getHasher('default')).toBe(registry.preferred);
      expect(registry.getHasher('md5')).toBe(registry.all[1]);
      expect(registry.getHasher(custom)).toBe(custom);
    });

    it("throws UnknownPasswordHasherError with Django's message for an unconfigured algorithm", () => {
      expect(() => registry.getHasher('argon2')).toThrow(new UnknownPasswordHasherError(unknownAlgorithmMessage('argon2')));
    });
  });

  it('refuses to be built without hashers or with a nameless one', () => {
    expect(() => new PasswordHasherRegistry([])).toThrow(ImproperlyConfiguredError);
    expect(() => new PasswordHasherRegistry([{} as never])).toThrow(ImproperlyConfiguredError);
  });

  it('lets the last of two same-named hashers verify, as Django\'s dict does, but keeps the first as preferred', () => {
    const first = new Pbkdf2PasswordHasher({ iterations: 1000 });
    const last = new Pbkdf2PasswordHasher({ iterations: 2000 });
    const registry = new PasswordHasherRegistry([first, last]);
    expect(registry.preferred).toBe(first);
    expect(registry.getHasher('pbkdf2_sha256')).toBe(last);
  });

  describe('makePassword()', () => {
    const registry = fastRegistry();

    it('uses the given salt and hasher, and makes a salt when the given one is empty', async () => {
      // hex(md5('seasalt' + 'password')), from Python's hashlib.
      expect(await registry.makePassword('password', 'seasalt', 'md5')).toBe('md5$seasalt$1e9bf2bf5606aa5c39852cc30f0f6f22');
      expect(await registry.makePassword('password', '', 'md5')).toMatch(/^md5\$[a-zA-Z0-9]{22}\$[0-9a-f]{32}$/);
    });

    it(`accepts ${MAXIMUM_PASSWORD_LENGTH} characters (counted as code points) and refuses more`, async () => {
      expect(MAXIMUM_PASSWORD_LENGTH).toBe(4096);
      await expect(registry.makePassword('x'.repeat(4096))).resolves.toMatch(/^pbkdf2_sha256\$1000\$/);
      await expect(registry.makePassword('😀'.repeat(4096))).resolves.toMatch(/^pbkdf2_sha256\$1000\$/);
      await expect(registry.makePassword('x'.repeat(4097))).rejects.toThrow(
        new InvalidPasswordError('Password is too long: at most 4096 characters are allowed.'),
      );
    });

    it('refuses a non-string password', async () => {
      await expect(registry.makePassword(undefined as unknown as string)).rejects.toBeInstanceOf(InvalidPasswordError);
      await expect(registry.makePassword(Buffer.from('pw') as unknown as string)).rejects.toThrow('Password must be a string, got Buffer.');
    });
  });

  describe('checkPassword()', () => {
    it('is false for a too long password even when the hash matches it', async () => {
      const registry = fastRegistry();
      const long = 'x'.repeat(MAXIMUM_PASSWORD_LENGTH + 1);
      const encoded = await registry.preferred.encode(long, 'seasalt');
      await expect(registry.checkPassword(long, encoded)).resolves.toBe(false);
    });

    it('is false, never a throw, for non-string passwords', async () => {
      const registry = fastRegistry();
      const encoded = await registry.makePassword('123');
      for (const password of [123, null, undefined, {}, ['123'], Buffer.from('123')]) {
        await expect(registry.checkPassword(password, encoded)).resolves.toBe(false);
      }
    });

    it('runs the preferred hasher once when there is nothing to verify (timing equalisation)', async () => {
      const registry = fastRegistry();
      const encode = jest.spyOn(registry.preferred, 'encode');
      const encoded = await registry.makePassword('pw');
      const unverifiable: Array<[unknown, string | null | undefined]> = [
        ['pw', null],
        ['pw', ''],
        ['pw', '!' + 'x'.repeat(40)],
        ['pw', 'foo$bar$baz'],
        ['pw', 'pbkdf2_sha256$notanumber$salt$hash'],
        [null, encoded],
        [42, encoded],
        ['x'.repeat(MAXIMUM_PASSWORD_LENGTH + 1), encoded],
      ];
      for (const [password, stored] of unverifiable) {
        encode.mockClear();
        await expect(registry.checkPassword(password, stored)).resolves.toBe(false);
        expect(encode).toHaveBeenCalledTimes(1);
        expect(encode.mock.calls[0][0]).toMatch(/^[a-zA-Z0-9]{40}$/);
      }
    });

    it('an unknown algorithm is false for checkPassword() but throws for getHasher()/identifyHasher()', async () => {
      const registry = fastRegistry();
      expect(await registry.checkPassword('password', 'argon2$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$YC9+jJCrQhs5R6db7LlN8Q')).toBe(false);
      expect(() => registry.getHasher('argon2')).toThrow(UnknownPasswordHasherError);
      expect(() => registry.identifyHasher('argon2$argon2id$...')).toThrow(UnknownPasswordHasherError);
    });

    it('calls and awaits the setter only for a correct password that needs an upgrade', async () => {
      const registry = fastRegistry();
      const current = await registry.makePassword('pw');
      const legacy = await registry.makePassword('pw', undefined, 'md5');
      const weaker = await new Pbkdf2PasswordHasher({ iterations: 500 }).encode('pw', registry.preferred.salt());
      const events: string[] = [];
      const setter = jest.fn(async (raw: string) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`saved ${raw}`);
      });

      expect(await registry.checkPassword('pw', current, setter)).toBe(true);
      expect(await registry.checkPassword('wrong', legacy, setter)).toBe(false);
      expect(await registry.checkPassword('wrong', weaker, setter)).toBe(false);
      expect(setter).not.toHaveBeenCalled();

      expect(await registry.checkPassword('pw', legacy, setter)).toBe(true);
      events.push('checked legacy');
      expect(await registry.checkPassword('pw', weaker, setter)).toBe(true);
      events.push('checked weaker');
      expect(setter.mock.calls).toEqual([['pw'], ['pw']]);
      expect(events).toEqual(['saved pw', 'checked legacy', 'saved pw', 'checked weaker']);
    });

    it('lets a setter failure propagate, as Django does', async () => {
      const registry = fastRegistry();
      const legacy = await registry.makePassword('pw', undefined, 'md5');
      await expect(registry.checkPassword('pw', legacy, () => Promise.reject(new Error('save failed')))).rejects.toThrow('save failed');
    });

    it("hardens the runtime of a wrong password against a weaker hash of the preferred algorithm only (Django's verify_password)", async () => {
      const registry = fastRegistry();
      const harden = jest.spyOn(registry.preferred, 'hardenRuntime');
      const weaker = await new Pbkdf2PasswordHasher({ iterations: 500 }).encode('pw', registry.preferred.salt());
      const current = await registry.makePassword('pw');
      const legacy = await registry.makePassword('pw', undefined, 'md5');

      await registry.checkPassword('pw', weaker);
      await registry.checkPassword('wrong', current);
      await registry.checkPassword('wrong', legacy);
      expect(harden).not.toHaveBeenCalled();

      await registry.checkPassword('wrong', weaker);
      expect(harden).toHaveBeenCalledTimes(1);
      expect(harden).toHaveBeenCalledWith('wrong', weaker);
    });
  });

  it('isPasswordUsable(): only the "!" prefix is unusable', () => {
    const registry = fastRegistry();
    expect(registry.isPasswordUsable(null)).toBe(true);
    expect(registry.isPasswordUsable(undefined)).toBe(true);
    expect(registry.isPasswordUsable('')).toBe(true);
    expect(registry.isPasswordUsable('!')).toBe(false);
  });

  it('identifyHasher() is case-sensitive and applies the legacy length rules exactly', () => {
    const registry = new PasswordHasherRegistry([new MD5PasswordHasher()]);
    expect(() => registry.identifyHasher('MD5$salt$hash')).toThrow(UnknownPasswordHasherError);
    expect(() => registry.identifyHasher('5f4dcc3b5aa765d61d8327deb882cf99')).toThrow(new UnknownPasswordHasherError(unknownAlgorithmMessage('unsalted_md5')));
    expect(() => registry.identifyHasher('md5$$5f4dcc3b5aa765d61d8327deb882cf99')).toThrow(UnknownPasswordHasherError);
    expect(registry.identifyHasher('md5$$5f4dcc3b5aa765d61d8327deb882cf9').algorithm).toBe('md5');
  });
});
