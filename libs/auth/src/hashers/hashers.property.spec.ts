import fc from 'fast-check';
import { checkProperty, hostileString, mutated } from '../../../../test/support/fuzz';
import {
  Argon2PasswordHasher,
  BasePasswordHasher,
  BCryptPasswordHasher,
  BCryptSha256PasswordHasher,
  MD5PasswordHasher,
  PasswordHasherRegistry,
  Pbkdf2PasswordHasher,
  Pbkdf2Sha1PasswordHasher,
  ScryptPasswordHasher,
  SHA1PasswordHasher,
  UnsaltedMD5PasswordHasher,
  UnsaltedSHA1PasswordHasher,
} from '.';

/** Every built-in hasher at its cheapest work factor: the properties are about parsing, not cost. */
const HASHERS: BasePasswordHasher[] = [
  new Pbkdf2PasswordHasher({ iterations: 100 }),
  new Pbkdf2Sha1PasswordHasher({ iterations: 100 }),
  new Argon2PasswordHasher({ timeCost: 1, memoryCost: 64, parallelism: 1 }),
  new BCryptSha256PasswordHasher({ rounds: 4 }),
  new BCryptPasswordHasher({ rounds: 4 }),
  new ScryptPasswordHasher({ workFactor: 16, blockSize: 1, parallelism: 1 }),
  new MD5PasswordHasher(),
  new SHA1PasswordHasher(),
  new UnsaltedMD5PasswordHasher(),
  new UnsaltedSHA1PasswordHasher(),
];
const PASSWORD = 'correct horse';

describe.each(HASHERS.map((h) => [h.algorithm, h] as const))('encoded password hashes, by the thousand: %s', (algorithm, hasher) => {
  let encoded: string;
  const registry = new PasswordHasherRegistry([hasher]);

  beforeAll(async () => {
    encoded = await hasher.encode(PASSWORD, hasher.algorithm.startsWith('unsalted') ? '' : hasher.salt());
  });

  it('decode reads back what encode wrote; a hostile password never verifies (nor throws)', async () => {
    expect(hasher.decode(encoded).algorithm).toBe(algorithm);
    expect(await hasher.verify(PASSWORD, encoded)).toBe(true);
    await checkProperty(
      `${algorithm}: hostile passwords`,
      fc.asyncProperty(hostileString({ hugeLength: 8192 }), async (password) => {
        const expected = password === PASSWORD;
        return (await registry.checkPassword(password, encoded)) === expected;
      }),
    );
  });

  it('a tampered encoded hash verifies false, and decode either reads it or throws its typed error', async () => {
    await checkProperty(
      `${algorithm}: tampered hashes`,
      fc.asyncProperty(mutated(encoded), async (tampered) => {
        try {
          hasher.decode(tampered);
        } catch (error) {
          expect((error as Error).name).toBe('MalformedPasswordHashError');
        }
        // bcrypt ignores what follows its 60 characters and the salt's last bits: Django's behaviour, no security loss.
        const verified = await hasher.verify(PASSWORD, tampered);
        return verified === false || /bcrypt/.test(algorithm);
      }),
    );
  });
});
