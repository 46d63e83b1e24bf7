// The argument parser and the command spec: long and short options, values, bundled short
// flags, aliases, --no-, `--`, usage errors with suggestions, and help text from the spec.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closest, optionsHelp, parseArgs } from '../src/args.js';
import { defineCommand } from '../src/command.js';

const SPEC = {
  quiet: { type: 'boolean', short: 'q', help: 'say nothing' },
  'dry-run': { type: 'boolean', short: 'n', help: 'change nothing' },
  output: { type: 'string', short: 'o', arg: 'OUT', help: 'write here' },
  keep: { type: 'list', help: 'keep this\nrepeatable' },
  cached: { type: 'boolean', aliases: ['staged'] },
  color: { type: 'string', implicit: 'always', negatable: 'never', choices: ['always', 'never', 'auto'], arg: 'WHEN', help: 'colour' },
  filter: { type: 'boolean', negatable: true },
} as const;

test('long options with and without =, short options with attached or separate values', () => {
  const r = parseArgs(['--output=a', 'x', '-o', 'b', '--keep', 'k1', '--keep=k2', '-ob2', '-', '--quiet'], SPEC);
  assert.equal(r.positionals, ['x', '-']);
  assert.equal(r.options, { output: 'b2', keep: ['k1', 'k2'], quiet: true });
});

test('bundled short flags (-nq), and a bundle that ends with a value option (-qo out)', () => {
  assert.equal(parseArgs(['-nq', 'f'], SPEC).options, { 'dry-run': true, quiet: true });
  assert.equal(parseArgs(['-qo', 'out'], SPEC).options, { quiet: true, output: 'out' });
  assert.equal(parseArgs(['-qoout'], SPEC).options, { quiet: true, output: 'out' });
  assert.throws(() => parseArgs(['-qx'], SPEC), /unknown option -x/);
});

test('aliases, --no- forms, implicit values and choices', () => {
  assert.equal(parseArgs(['--staged'], SPEC).options, { cached: true });
  assert.equal(parseArgs(['--no-filter'], SPEC).options, { filter: false });
  assert.equal(parseArgs(['--color'], SPEC).options, { color: 'always' });
  assert.equal(parseArgs(['--no-color'], SPEC).options, { color: 'never' });
  assert.equal(parseArgs(['--color=auto', 'x'], SPEC), { positionals: ['x'], afterDashDash: [], options: { color: 'auto' } });
  assert.throws(() => parseArgs(['--color=red'], SPEC), /--color must be always, never or auto, not "red"/);
  assert.equal(parseArgs(['--no-quiet'], SPEC).options, { quiet: false });
  assert.throws(() => parseArgs(['--no-output'], SPEC), /unknown option --no-output/);
});

test('-- ends options, usage errors', () => {
  const r = parseArgs(['a', '--', '-n', '--quiet'], SPEC);
  assert.equal(r.positionals, ['a', '-n', '--quiet']);
  assert.equal(r.afterDashDash, ['-n', '--quiet']);
  assert.throws(
    () => parseArgs(['--bogus'], SPEC),
    (e: Error) => e.message === 'unknown option --bogus',
  );
  assert.throws(() => parseArgs(['--quiet=1'], SPEC), /takes no value/);
  assert.throws(() => parseArgs(['-o'], SPEC), /needs a value/);
});

test('a mistyped option gets a suggestion from the spec', () => {
  assert.throws(
    () => parseArgs(['--outptu', 'x'], SPEC),
    (e: Error) => e.message === 'unknown option --outptu (did you mean --output?)',
  );
  assert.throws(() => parseArgs(['--dry'], SPEC), /did you mean --dry-run\?/);
  assert.throws(() => parseArgs(['--stage'], SPEC), /did you mean --staged\?/);
  assert.is(closest('conver', ['convert', 'diff', 'merge']), 'convert');
  assert.is(closest('mrege', ['convert', 'diff', 'merge']), 'merge');
  assert.is(closest('frobnicate', ['convert', 'diff', 'merge']), undefined);
});

test('help lines come from the same spec: every listed option is parsed, hidden ones are not listed', () => {
  const help = optionsHelp(SPEC);
  assert.is(
    help,
    [
      '  -q, --quiet               say nothing',
      '  -n, --dry-run             change nothing',
      '  -o, --output OUT          write here',
      '  --keep VALUE              keep this',
      '                            repeatable',
      '  --[no-]color[=WHEN]       colour',
    ].join('\n'),
  );
  const command = defineCommand({ summary: 's', usage: 'nbgit x [options] FILE', description: 'Does x.', options: SPEC }, async ({ options }) =>
    options.quiet ? 1 : 0,
  );
  assert.ok(command.usage.startsWith('Usage: nbgit x [options] FILE\n\nDoes x.\n\nOptions:\n  -q, --quiet'));
});

test.run();
