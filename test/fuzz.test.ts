// The fuzz suite at a fixed seed and a bounded count (a few seconds): hostile and unlucky
// inputs made from the fixtures through every library function and every CLI command.
// Only typed errors escape; a failed command changes no file; a notebook written validates
// under its own nbformat version when the input did. `npm run fuzz -- --seed S --count N`
// runs the same checks long (see test/fuzz-core.ts).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCli, checkLibrary, fuzzCases } from './fuzz-core.js';

const SEED = 20261203;

test('library: only typed errors, valid notebooks out of valid ones (100 inputs)', () => {
  fc.assert(
    fc.property(fuzzCases(100_000), (c) => {
      const found = checkLibrary(c);
      assert.equal(
        found.map((f) => `${f.target} (${f.mutation}): ${f.problem}`),
        [],
      );
    }),
    { seed: SEED, numRuns: 100 },
  );
});

test('CLI: documented exit codes, no stack trace, nothing changed on failure (4 inputs x every command)', () => {
  fc.assert(
    fc.property(fuzzCases(100_000), (c) => {
      const found = checkCli(c);
      assert.equal(
        found.map((f) => `${f.target} (${f.mutation}): ${f.problem}`),
        [],
      );
    }),
    { seed: SEED, numRuns: 4 },
  );
});

test.run();
