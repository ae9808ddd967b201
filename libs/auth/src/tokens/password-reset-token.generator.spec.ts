import vectors from '../../../../test/vectors/django-vectors.json';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { intToBase36 } from '../crypto/base36';
import { User } from '../entities/user.entity';
import { PasswordResetTokenGenerator, PasswordResetTokenGeneratorOptions, PasswordResetTokenUser } from './password-reset-token.generator';

const v = vectors.password_reset_tokens;
/** The vectors' naive datetimes are UTC wall-clock times (TIME_ZONE='UTC'). */
const naive = (text: string) => new Date(`${text}Z`);

const alice: PasswordResetTokenUser = {
  pk: v.user.pk,
  password: v.user.password,
  lastLogin: new Date(v.user.last_login),
  email: v.user.email,
};

function generatorAt(now: string, options: Partial<PasswordResetTokenGeneratorOptions> = {}) {
  return new PasswordResetTokenGenerator({ secret: v.secret, now: () => naive(now), ...options });
}

/** How each `checks` case of the vectors changes the user or the generator (see make_vectors.py). */
/** `djangoAtLeast4`: the vectors come from Django 3.2; where Django >= 4.0 answers otherwise, the current answer. */
const scenarios: Record<string, { user?: Partial<PasswordResetTokenUser>; secret?: string; djangoAtLeast4?: boolean }> = {
  'same instant': {},
  '1 second later': {},
  '3 days - 1 s later': {},
  'exactly 3 days later (age == PASSWORD_RESET_TIMEOUT is still valid)': {},
  '3 days + 1 s later (expired)': {},
  '1 day BEFORE issue time (future timestamps are accepted)': {},
  'after password change': { user: { password: 'pbkdf2_sha256$260000$other$changed=' } },
  'after login (last_login changed)': { user: { lastLogin: new Date('2024-03-01T12:04:00Z') } },
  'last_login differs only in microseconds (truncated -> still valid)': { user: { lastLogin: new Date('2024-01-02T03:04:05.001Z') } },
  'after email change': { user: { email: 'alice@example.org' } },
  'different user pk': { user: { pk: 2 } },
  'tampered hash part': {},
  'tampered timestamp part': {},
  'generator with a different secret': { secret: 'a-different-secret' },
  'empty token': {},
  'no dash': {},
  'two dashes': {},
  'non-base36 timestamp': {},
  'token made with algorithm sha1 (legacy), checked by the sha256 generator': { djangoAtLeast4: false },
};

describe('PasswordResetTokenGenerator: Django vectors', () => {
  it('builds the hash value like Django', () => {
    expect(generatorAt(v.issued_at).makeHashValue(alice, v.timestamp)).toBe(v.hash_value);
    expect(generatorAt(v.issued_at).numSeconds(naive(v.issued_at))).toBe(v.timestamp);
  });

  it('makes Django\'s token', () => {
    expect(v.PASSWORD_RESET_TIMEOUT).toBe(259200);
    expect(generatorAt(v.issued_at).makeToken(alice)).toBe(v.token);
  });

  it('has a scenario for every check in the vectors', () => {
    expect(v.checks.map((c) => c.case).sort()).toEqual(Object.keys(scenarios).sort());
  });

  it.each(v.checks)('$case → $result', (check) => {
    const scenario = scenarios[check.case];
    const generator = generatorAt(check.now, scenario.secret ? { secret: scenario.secret } : {});
    expect(generator.checkToken({ ...alice, ...scenario.user }, check.token)).toBe(scenario.djangoAtLeast4 ?? check.result);
  });

  it('makes the sha1 legacy token when configured with sha1, and refuses it otherwise (Django >= 4.0)', () => {
    const sha1 = generatorAt(v.issued_at, { algorithm: 'sha1' });
    expect(sha1.makeToken(alice)).toBe(v.sha1_legacy_token);
    expect(sha1.checkToken(alice, v.sha1_legacy_token)).toBe(true);
    expect(sha1.checkToken(alice, v.token)).toBe(false);
    expect(generatorAt(v.issued_at).checkToken(alice, v.sha1_legacy_token)).toBe(false);
  });

  it('handles a user who never logged in', () => {
    const neverLoggedIn = { ...alice, lastLogin: null };
    const generator = generatorAt(v.issued_at);
    expect(generator.makeHashValue(neverLoggedIn, v.timestamp)).toBe(v.user_without_last_login.hash_value);
    expect(generator.makeToken(neverLoggedIn)).toBe(v.user_without_last_login.token);
    expect(generator.checkToken(neverLoggedIn, v.user_without_last_login.token)).toBe(true);
  });

  it.each(v.tokens_at_other_times)('at $now: $token', (c) => {
    const generator = generatorAt(c.now);
    expect(generator.numSeconds(naive(c.now))).toBe(c.num_seconds);
    expect(generator.makeToken(alice)).toBe(c.token);
    expect(c.token.split('-')[0]).toBe(c.ts_b36);
  });

  it.each(Object.entries(v.int_to_base36))('int_to_base36(%s) = %s', (decimal, encoded) => {
    expect(intToBase36(Number(decimal))).toBe(encoded);
  });
});

describe('PasswordResetTokenGenerator: options and edge cases', () => {
  it('accepts tokens made with a fallback secret', () => {
    const old = generatorAt(v.issued_at, { secret: 'old-secret' }).makeToken(alice);
    expect(generatorAt(v.issued_at, { secretFallbacks: ['old-secret'] }).checkToken(alice, old)).toBe(true);
    expect(generatorAt(v.issued_at).checkToken(alice, old)).toBe(false);
  });

  it('honours a custom timeout', () => {
    expect(generatorAt('2024-03-01T12:01:00', { timeout: 60 }).checkToken(alice, v.token)).toBe(true);
    expect(generatorAt('2024-03-01T12:01:01', { timeout: 60 }).checkToken(alice, v.token)).toBe(false);
  });

  it('uses `id` when there is no `pk`', () => {
    const { pk, ...withoutPk } = alice;
    expect(generatorAt(v.issued_at).makeToken({ ...withoutPk, id: pk })).toBe(v.token);
  });

  it("reads the email from the user class's EMAIL_FIELD", () => {
    class CustomUser {
      static EMAIL_FIELD = 'contact';
      constructor(readonly pk: unknown, public password: string, public lastLogin: Date | null, public contact: string) {}
    }
    const custom = new CustomUser(alice.pk, alice.password, alice.lastLogin, alice.email as string);
    expect(generatorAt(v.issued_at).makeToken(custom)).toBe(v.token);
    custom.contact = 'changed@example.com';
    expect(generatorAt(v.issued_at).checkToken(custom, v.token)).toBe(false);
  });

  it('takes a User entity as it is (typed)', () => {
    const user = Object.assign(new User(), { id: alice.pk, username: 'alice', password: alice.password, lastLogin: alice.lastLogin, email: alice.email as string });
    expect(generatorAt(v.issued_at).makeToken(user)).toBe(v.token);
  });

  it('treats a null email as empty', () => {
    const generator = generatorAt(v.issued_at);
    expect(generator.makeToken({ ...alice, email: null })).toBe(generator.makeToken({ ...alice, email: undefined }));
  });

  it.each([[null], [undefined], [42], [{}], ['C37LC0-07eb6baa2eee863d30e438e238addf41'], ['-07eb6baa2eee863d30e438e238addf41'], ['zzzzzzzzzzzzzz-0']])(
    'refuses %p',
    (token) => {
      expect(generatorAt(v.issued_at).checkToken(alice, token)).toBe(false);
    },
  );

  it('refuses a missing user', () => {
    expect(generatorAt(v.issued_at).checkToken(null, v.token)).toBe(false);
  });

  it('requires a secret', () => {
    expect(() => new PasswordResetTokenGenerator({ secret: '' })).toThrow(ImproperlyConfiguredError);
  });
});
