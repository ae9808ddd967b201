import fc from 'fast-check';

/**
 * Property runs are seeded: the same seed replays the same cases, so a failure seen once is seen again.
 * `FUZZ_SEED=<n>` replays a reported failure (or explores new cases); `FUZZ_RUNS=<n>` scales every property.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261213);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** Cases tried per property name, for the summary the suites print (and the README quotes). */
export const casesTried = new Map<string, number>();

/**
 * fc.assert with the project's seed and case count. On failure fast-check's message carries
 * `seed` and `path` (the counterexample); we prepend how to replay it.
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  name: string,
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  runs = FUZZ_RUNS,
): Promise<void> {
  const params: fc.Parameters<Ts> = { seed: FUZZ_SEED, numRuns: runs };
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, params);
  casesTried.set(name, (casesTried.get(name) ?? 0) + details.numRuns);
  if (details.failed) {
    const hint = `property "${name}" failed (replay: FUZZ_SEED=${details.seed}; fast-check path ${details.counterexamplePath})`;
    const cause = details.errorInstance instanceof Error ? `\ncause: ${details.errorInstance.message}` : '\n(the property returned false)';
    throw new Error(`${hint}${cause}\n${fc.defaultReportMessage(details)}`);
  }
  if (details.numRuns !== runs) throw new Error(`property "${name}" ran ${details.numRuns} cases, not ${runs} (too many skipped)`);
}

/** Characters that look like ASCII ones or vanish: Cyrillic/Greek look-alikes, fullwidth forms, NFKC-folding letters. */
const CONFUSABLES = ['а', 'е', 'о', 'р', 'с', 'ѕ', 'і', 'ј', 'Α', 'Ο', 'ａ', 'Ａ', 'ｌ', 'ｉ', 'ﬁ', 'ﬀ', 'Ω', 'Ω', 'K', 'Å', 'ℌ', 'ⅰ', '①', 'ſ', 'ß', 'İ', 'ı'];
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f', '\u180e', '\u202e', '\u202d', '\u2066'];
const CONTROL = ['\0', '\x01', '\x07', '\b', '\t', '\n', '\v', '\f', '\r', '\x1b', '\x1c', '\x1f', '\x7f', '\x85', '\u2028', '\u2029'];
const SYNTAX = ['$', ':', ';', '=', ',', '"', "'", '\\', '/', '//', '@', '%', '%00', '%0a', '..', '*', '{', '}', '[', ']', '<', '>', '&', '#', '?', ' '];
const LONE_SURROGATES = ['\ud800', '\udfff', '\udbff'];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...CONFUSABLES) },
  { weight: 2, arbitrary: fc.constantFrom(...ZERO_WIDTH) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 2, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 1, arbitrary: fc.constantFrom('alice', 'admin', 'carol', 'sessionid', 'pbkdf2_sha256', 'argon2', 'http', 'https') },
);

/**
 * Hostile text: mixtures of the above, and now and then a huge string (up to `hugeLength`, 1 MB by default)
 * built by repetition, so a thousand cases stay cheap to generate.
 */
export function hostileString(options: { hugeLength?: number } = {}): fc.Arbitrary<string> {
  const huge = options.hugeLength ?? 1024 * 1024;
  return fc.oneof(
    { weight: 20, arbitrary: fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('a', 'é', '\u200b', '%', '\0', 'ｱ', '😀'), fc.integer({ min: huge / 2, max: huge }))
        .map(([ch, n]) => ch.repeat(Math.max(1, Math.floor(n / ch.length)))),
    },
  );
}

/** Any JSON value, including wrong types for fields that expect strings. */
export const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString({ hugeLength: 64 * 1024 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, [], {}, ['alice'], { $ne: 1 }, { toString: 'x' }, { __proto__: { a: 1 } }) },
);

/** Replaces, inserts or deletes one character: a tampered copy of a valid value. */
export function mutated(value: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: Math.max(0, value.length - 1) }), fc.constantFrom('replace', 'insert', 'delete'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary-ascii' }))
    .map(([at, how, ch]) => {
      if (how === 'delete') return value.slice(0, at) + value.slice(at + 1);
      if (how === 'insert') return value.slice(0, at) + ch + value.slice(at);
      return value.slice(0, at) + ch + value.slice(at + 1);
    })
    .filter((changed) => changed !== value);
}
