// The argument parser: long and short options, values, bundled short flags, `--`, and usage errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs } from '../src/args.js';

const SPEC = {
  quiet: { type: 'boolean', short: 'q' },
  'dry-run': { type: 'boolean', short: 'n' },
  output: { type: 'string', short: 'o' },
  keep: { type: 'list' },
} as const;

test('long options with and without =, short options with attached or separate values', () => {
  const r = parseArgs(['--output=a', 'x', '-o', 'b', '--keep', 'k1', '--keep=k2', '-ob2', '-', '--quiet'], { ...SPEC });
  assert.equal(r.positionals, ['x', '-']);
  assert.equal(r.options, { output: 'b2', keep: ['k1', 'k2'], quiet: true });
});

test('bundled short flags (-nq), and a bundle that ends with a value option (-qo out)', () => {
  assert.equal(parseArgs(['-nq', 'f'], { ...SPEC }).options, { 'dry-run': true, quiet: true });
  assert.equal(parseArgs(['-qo', 'out'], { ...SPEC }).options, { quiet: true, output: 'out' });
  assert.equal(parseArgs(['-qoout'], { ...SPEC }).options, { quiet: true, output: 'out' });
  assert.throws(() => parseArgs(['-qx'], { ...SPEC }), /unknown option -x/);
});

test('--no-flag, -- ends options, usage errors', () => {
  assert.equal(parseArgs(['--no-quiet'], { ...SPEC }).options, { quiet: false });
  const r = parseArgs(['--', '-n', '--quiet'], { ...SPEC });
  assert.equal(r.positionals, ['-n', '--quiet']);
  assert.throws(() => parseArgs(['--bogus'], { ...SPEC }), /unknown option --bogus/);
  assert.throws(() => parseArgs(['--quiet=1'], { ...SPEC }), /takes no value/);
  assert.throws(() => parseArgs(['-o'], { ...SPEC }), /needs a value/);
});

test.run();
