import { INestApplication } from '@nestjs/common';
import {
  AllowAllUsersModelBackend,
  AuthBackend,
  BackendRegistry,
  configurePasswordHashingThreads,
  DEFAULT_HASHING_NICENESS,
  ModelBackend,
  Pbkdf2PasswordHasher,
  User,
  UserManager,
} from 'nest-django-auth';
import { createTestDatabase, describeEachDatabase, TestDatabase } from './support/databases';
import { createTestApp } from './support/test-app';

/**
 * No user enumeration through timing: an unknown username, a wrong password and an inactive user each cost one
 * password hash. Measured per backend (called directly, so a login throttle in front cannot skew it), interleaved,
 * median of 200 undisturbed interleaved rounds. PBKDF2 at 50,000 iterations (~12 ms; the fixed cost of reading a found user, ~0.25 ms, must stay small beside the hash) keeps the run short; the second test shows the
 * equal-work property holds with the real default (1,000,000 iterations): one derivation of that size per path.
 */
const TRIES = Number(process.env.TIMING_TRIES ?? 200);
const TOLERANCE = 0.05;
const ATTEMPTS = 3;

class CountingPbkdf2 extends Pbkdf2PasswordHasher {
  readonly derivations: number[] = [];
  override encode(password: string, salt: string, iterations?: number): Promise<string> {
    this.derivations.push(iterations ?? this.iterations);
    return super.encode(password, salt, iterations);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
};

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function bootWithUsers(url: string, hasher: Pbkdf2PasswordHasher): Promise<{ app: INestApplication; backends: Map<string, AuthBackend> }> {
  const { app } = await createTestApp(url, { auth: { backends: [ModelBackend, AllowAllUsersModelBackend], passwordHashers: [hasher] } });
  const users = app.get(UserManager<User>);
  await users.createUser('alice', 'alice@example.com', 'password');
  await users.createUser('carol', 'carol@example.com', 'password', { isActive: false });
  const backends = new Map(app.get(BackendRegistry).all().map(({ name, backend }) => [name.split('.').pop()!, backend]));
  return { app, backends };
}

/** The three failures; AllowAllUsersModelBackend would let carol in with her password, so there she gives a wrong one. */
function failures(backendName: string): Record<string, { username: string; password: string }> {
  return {
    'unknown username': { username: 'nobody-by-that-name', password: 'password' },
    'wrong password': { username: 'alice', password: 'not-her-password' },
    'inactive user': { username: 'carol', password: backendName === 'AllowAllUsersModelBackend' ? 'not-her-password' : 'password' },
  };
}

describeEachDatabase('login timing does not tell users apart', (kind) => {
  let database: TestDatabase;
  let app: INestApplication;
  let backends: Map<string, AuthBackend>;

  beforeAll(async () => {
    // The hashing threads' lower priority measures the neighbours' load, not our code: full priority while measuring.
    configurePasswordHashingThreads({ niceness: 0 });
    database = await createTestDatabase(kind);
    ({ app, backends } = await bootWithUsers(database.url, new Pbkdf2PasswordHasher({ iterations: 50_000 })));
  });

  afterAll(async () => {
    configurePasswordHashingThreads({ niceness: DEFAULT_HASHING_NICENESS });
    await app?.close();
    await database?.drop();
  });

  /** Rounds (one try of each case, in random order) until TRIES undisturbed ones; the medians and their spread. */
  async function measure(name: string): Promise<{ medians: Record<string, number>; spread: number; disturbed: number }> {
    const backend = backends.get(name)!;
    const cases = failures(name);
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((c) => [c, []]));
    const all: number[] = [];
    let rounds = 0;
    let disturbed = 0;
    // A round in which any try took over 1.25x the median so far was preempted by the neighbours and is dropped whole,
    // so no case gains from it. A path doing more work than the others would see its rounds dropped until the cap, and fail.
    while (times['unknown username'].length < TRIES && rounds < TRIES * 3) {
      const round: Record<string, number> = {};
      for (const label of shuffle(Object.keys(cases))) {
        const started = process.hrtime.bigint();
        const user = await backend.authenticate!(null, { ...cases[label] });
        round[label] = Number(process.hrtime.bigint() - started) / 1e6;
        expect(user).toBeNull();
      }
      rounds++;
      if (rounds <= 20) continue; // warm-up
      const threshold = 1.25 * median(all.length ? all : Object.values(round));
      all.push(...Object.values(round));
      if (Object.values(round).some((ms) => ms > threshold)) {
        disturbed++;
        continue;
      }
      for (const [label, ms] of Object.entries(round)) times[label].push(ms);
    }
    expect(times['unknown username'].length).toBe(TRIES);
    const medians = Object.fromEntries(Object.entries(times).map(([label, t]) => [label, median(t)]));
    return { medians, spread: Math.max(...Object.values(medians)) / Math.min(...Object.values(medians)) - 1, disturbed };
  }

  // A difference in work shows in every measurement; a neighbour's burst on a shared 2-core machine in one. So up to
  // ATTEMPTS whole measurements are made, and the test fails when none of them is within the limit.
  it.each(['ModelBackend', 'AllowAllUsersModelBackend'])('%s: unknown username, wrong password and inactive user within 5% (medians of 200 interleaved)', async (name) => {
    const spreads: number[] = [];
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const { medians, spread, disturbed } = await measure(name);
      spreads.push(spread);
      console.log(
        `timing [${kind}] ${name} (measurement ${attempt}): ${Object.entries(medians).map(([l, m]) => `${l} ${m.toFixed(2)} ms`).join(', ')}; spread ${(spread * 100).toFixed(1)}% (limit 5%); ${TRIES} rounds kept, ${disturbed} disturbed dropped`,
      );
      if (spread <= TOLERANCE) break;
    }
    expect(Math.min(...spreads)).toBeLessThanOrEqual(TOLERANCE);
  }, 180_000);
});

describe('equal work with the real default hasher (PBKDF2, 1,000,000 iterations) [sqlite]', () => {
  it('each failure path runs exactly one derivation of the configured size, for every built-in password backend', async () => {
    const database = await createTestDatabase('sqlite');
    const hasher = new CountingPbkdf2();
    const { app, backends } = await bootWithUsers(database.url, hasher);
    try {
      for (const name of ['ModelBackend', 'AllowAllUsersModelBackend']) {
        for (const [label, credentials] of Object.entries(failures(name))) {
          hasher.derivations.length = 0;
          expect(await backends.get(name)!.authenticate!(null, credentials)).toBeNull();
          expect({ name, label, derivations: hasher.derivations }).toEqual({ name, label, derivations: [1_000_000] });
        }
      }
    } finally {
      await app.close();
      await database.drop();
    }
  }, 120_000);
});
