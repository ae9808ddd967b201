import fc from 'fast-check';
import { checkProperty, FUZZ_RUNS, hostileString } from '../../../test/support/fuzz';
import { FUZZED_ASYNC_PARSERS, FUZZED_PARSERS } from '../../../test/support/fuzz-parsers';

/** Whatever arrives from outside: every parser returns what it promises or throws a typed error, fast. */
describe('every parser of outside data, with hostile strings', () => {
  it.each(FUZZED_PARSERS.map((parser) => [parser.name, parser] as const))('%s', async (name, parser) => {
    await checkProperty(
      name,
      fc.property(hostileString(), (input) => {
        const started = Date.now();
        try {
          const result = parser.parse(input);
          if (parser.returns && !parser.returns(result, input)) return false;
        } catch (error) {
          if (!parser.typedErrors?.some((type) => error instanceof type)) throw error;
        }
        return Date.now() - started < 1000;
      }),
    );
  });

  it.each(FUZZED_ASYNC_PARSERS.map((parser) => [parser.name, parser] as const))('%s settles to false', async (name, parser) => {
    await checkProperty(
      name,
      fc.asyncProperty(hostileString({ hugeLength: 64 * 1024 }), async (input) => parser.returns(await parser.parse(input))),
      FUZZ_RUNS,
    );
  });
});
