// The fuzz suite at a fixed seed and a bounded count (a few seconds): hostile and unlucky
// inputs made from the fixtures through every library function and every CLI command.
// Only typed errors escape; a failed command changes no file; a notebook written validates
// under its own nbformat version when the input did. `npm run fuzz -- --seed S --count N`
// runs the same checks long (see test/fuzz-core.ts).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCli, checkLibrary, type FuzzCase, fuzzCases, seeds } from './fuzz-core.js';
import { checkGit, checkMcp, checkSync, deep, mcpCall } from './fuzz-targets.js';

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

test('git (diff driver, textconv, clean filter), pair and sync, the MCP server (1 input, up to 6 malformed tool calls)', async () => {
  await fc.assert(
    fc.asyncProperty(fuzzCases(100_000), fc.array(mcpCall, { maxLength: 6 }), async (c, calls) => {
      const found = [...checkGit(c), ...checkSync(c), ...(await checkMcp(c, calls))];
      assert.equal(
        found.map((f) => `${f.target} (${f.mutation}): ${f.problem}`),
        [],
      );
    }),
    // each input sets up repositories and runs some 20 processes: npm run fuzz runs many
    { seed: SEED, numRuns: 1 },
  );
});

const enc = new TextEncoder();
const fixture: FuzzCase = { kind: 'ipynb', mutation: 'none', bytes: enc.encode(seeds(0).notebooks[0]!) };

test('MCP: a parameter nested 20,000 deep is a tool error, not an internal one (found by the fuzz)', async () => {
  const found = await checkMcp(fixture, [
    { tool: 'params_inject', args: { path: 'FILE', parameters: { alpha: deep(20_000) } }, mutation: 'wrong inside parameters' },
    { tool: 'params_inject', args: { path: 'FILE', parameters: { alpha: deep(1_001) } }, mutation: 'wrong inside parameters' },
  ]);
  assert.equal(
    found.map((f) => `${f.target}: ${f.problem}`),
    [],
  );
});

test.run();
