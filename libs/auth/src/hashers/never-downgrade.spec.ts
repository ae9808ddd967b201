import { Argon2PasswordHasher } from './argon2.hasher';
import { BCryptSha256PasswordHasher } from './bcrypt-sha256.hasher';
import { MD5PasswordHasher } from './md5.hasher';
import { PasswordHasherRegistry } from './password-hasher.registry';
import { Pbkdf2PasswordHasher } from './pbkdf2.hasher';
import { ScryptPasswordHasher } from './scrypt.hasher';

const SALT = 'neverDowngradeSalt0000';

describe('never downgrade a hash (issue 12)', () => {
  describe('PBKDF2: a site configured with 260,000 iterations', () => {
    const registry = new PasswordHasherRegistry([new Pbkdf2PasswordHasher({ iterations: 260_000 }), new MD5PasswordHasher()]);

    it('keeps a 1,000,000-iteration hash (a newer Django shares the database) and verifies it', async () => {
      const newer = await new Pbkdf2PasswordHasher({ iterations: 1_000_000 }).encode('pw', SALT);
      const setter = jest.fn();
      expect(registry.passwordStrength(newer)).toBe('stronger');
      expect(await registry.checkPassword('pw', newer, setter)).toBe(true);
      expect(setter).not.toHaveBeenCalled();
    });

    it('upgrades a 100,000-iteration hash, an md5 hash and a short salt', async () => {
      const weaker = await new Pbkdf2PasswordHasher({ iterations: 100_000 }).encode('pw', SALT);
      const md5 = await registry.makePassword('pw', SALT, 'md5');
      const shortSalt = await new Pbkdf2PasswordHasher({ iterations: 300_000 }).encode('pw', 'short');
      for (const encoded of [weaker, md5, shortSalt]) {
        const setter = jest.fn();
        expect(registry.passwordStrength(encoded)).toBe('weaker');
        expect(await registry.checkPassword('pw', encoded, setter)).toBe(true);
        expect(setter).toHaveBeenCalledWith('pw');
      }
    });

    it('classifies current, unusable and unknown hashes', async () => {
      expect(registry.passwordStrength(await registry.makePassword('pw'))).toBe('current');
      expect(registry.passwordStrength(await registry.makePassword(null))).toBe('unusable');
      expect(registry.passwordStrength(null)).toBe('unusable');
      expect(registry.passwordStrength('bcrypt$$2b$12$abc')).toBe('unknown');
      expect(registry.passwordStrength('pbkdf2_sha256$notanumber$salt$hash')).toBe('unknown');
    });
  });

  it('bcrypt: a higher cost is stronger, a lower one weaker', () => {
    const hasher = new BCryptSha256PasswordHasher({ rounds: 12 });
    const at = (cost: string) => `bcrypt_sha256$$2b$${cost}$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW`;
    expect(hasher.exceedsConfigured(at('13'))).toBe(true);
    expect(hasher.exceedsConfigured(at('12'))).toBe(false);
    expect(hasher.exceedsConfigured(at('10'))).toBe(false);
  });

  it('argon2: more time or memory at the same shape is stronger; less of either, or another parallelism, is not', () => {
    const hasher = new Argon2PasswordHasher();
    const at = (params: string) => `argon2$argon2id$v=19$${params}$bmV2ZXJEb3duZ3JhZGVTYWx0MDAwMA$${"A".repeat(43)}`;
    expect(hasher.exceedsConfigured(at('m=102400,t=3,p=8'))).toBe(true);
    expect(hasher.exceedsConfigured(at('m=204800,t=2,p=8'))).toBe(true);
    expect(hasher.exceedsConfigured(at('m=102400,t=2,p=8'))).toBe(false);
    expect(hasher.exceedsConfigured(at('m=204800,t=1,p=8'))).toBe(false);
    expect(hasher.exceedsConfigured(at('m=204800,t=3,p=4'))).toBe(false);
  });

  it('scrypt: N, r and p each at least the configured, one above', () => {
    const hasher = new ScryptPasswordHasher();
    const at = (n: number, r: number, p: number) => `scrypt$${n}$${SALT}$${r}$${p}$aGFzaA==`;
    expect(hasher.exceedsConfigured(at(2 ** 15, 8, 5))).toBe(true);
    expect(hasher.exceedsConfigured(at(2 ** 14, 8, 5))).toBe(false);
    expect(hasher.exceedsConfigured(at(2 ** 15, 4, 5))).toBe(false);
  });
});
