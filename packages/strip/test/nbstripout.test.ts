// nbstripout's own end-to-end cases (../shared/fixtures/nbstripout/cases.json), one test
// each, run with nbgit's equivalent options. Where nbstripout's expected file is the
// input's own layout, the output must be byte-identical. Where nbstripout reformats a
// non-canonical input (NONCANONICAL below), nbgit keeps the input's layout: the test
// checks the same data as nbstripout's file, in the input's layout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortedCopy } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { invalidKeys, isStripped, parseSize, type StripOptions, splitList, strip, stripZeppelin } from '@nbgit/strip';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

interface Case {
  input: string;
  expected: string;
  nbstripout_options: string[];
}

/** nbstripout's command-line options as nbgit's StripOptions (nbstripout renumbers ids unless --keep-id). */
function optionsOf(argv: string[]): StripOptions & { zeppelin?: boolean } {
  const o: StripOptions & { zeppelin?: boolean } = { sequentialIds: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--keep-id') o.sequentialIds = false;
    else if (a === '--keep-count') o.keepCount = true;
    else if (a === '--keep-output') o.keepOutput = true;
    else if (a === '--drop-empty-cells') o.dropEmptyCells = true;
    else if (a === '--strip-init-cells') o.stripInitCells = true;
    else if (a === '--max-size') o.maxSize = parseSize(argv[++i]!);
    else if (a === '--extra-keys') o.extraKeys = splitList(argv[++i]!);
    else if (a === '--keep-metadata-keys') o.keepMetadataKeys = splitList(argv[++i]!);
    else if (a.startsWith('--drop-tagged-cells=')) o.dropTaggedCells = splitList(a.slice(a.indexOf('=') + 1));
    else if (a === '--mode' && argv[i + 1] === 'zeppelin') {
      o.zeppelin = true;
      i++;
    } else throw new Error(`option not mapped: ${a}`);
  }
  return o;
}

/**
 * Cases whose input is not in Jupyter's layout. nbstripout rewrites the whole file with
 * Python's json writer; nbgit keeps the input's layout and only removes what it strips.
 */
const NONCANONICAL: Record<string, string> = {
  'test_metadata_period.ipynb': 'input has 2-space indent and unsorted keys; nbgit keeps both',
  'test_nbformat2.ipynb': 'input has Python 2 `, ` separators (trailing spaces); nbgit keeps them',
  'test_missing_nbformat.ipynb': 'nbstripout writes a notebook without nbformat as v1 (4-space indent); nbgit keeps the 1-space indent',
  'test_zeppelin.zpln': "nbstripout re-encodes `\\u0027` as `'` and adds a final newline; nbgit keeps the escape and the missing newline",
};

/** The first indent of a JSON text (the whitespace that starts its second line). */
const indentOf = (text: string) => /\n([ \t]*)/.exec(text)?.[1];

const dir = sharedPath('fixtures', 'nbstripout');
if (dir) {
  const spec = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as {
    cases: Case[];
    dry_run: { input: string; nbstripout_options: string[]; would_change: boolean }[];
    errors: { input: string; nbstripout_options: string[]; stderr_mentions: string[] }[];
  };
  const run = (input: string, argv: string[]) => {
    const text = readFileSync(join(dir, input), 'utf8');
    const { zeppelin, ...options } = optionsOf(argv);
    const nb = fromIpynb(text, { file: input, legacy: 'keep' });
    const out = zeppelin ? stripZeppelin(nb) : strip(nb, options);
    return { text, nb, out, written: toIpynb(out), options, zeppelin };
  };

  for (const c of spec.cases) {
    test(`${c.input} ${c.nbstripout_options.join(' ')} -> ${c.expected}`, () => {
      const expected = readFileSync(join(dir, c.expected), 'utf8');
      const { text, written, options, zeppelin } = run(c.input, c.nbstripout_options);
      const why = NONCANONICAL[c.input];
      if (why === undefined) {
        assert.is(written, expected);
      } else {
        assert.ok(written !== expected, `${c.input} is listed as reformatted by nbstripout but nbgit's output is identical`);
        assert.equal(sortedCopy(JSON.parse(written)), sortedCopy(JSON.parse(expected)), 'same data as nbstripout');
        assert.is(indentOf(written), indentOf(text), `keeps the input's indent (${why})`);
        assert.is(written.endsWith('\n'), text.endsWith('\n'), 'keeps the final newline or its absence');
      }
      // Stripping the result again changes nothing (idempotent, byte-identical).
      const again = fromIpynb(written, { legacy: 'keep' });
      const twice = zeppelin ? stripZeppelin(again) : strip(again, options);
      assert.ok(twice === again, 'a stripped notebook has nothing left to strip');
      assert.is(toIpynb(twice), written);
    });
  }

  for (const c of spec.dry_run) {
    test(`dry run ${c.input} ${c.nbstripout_options.join(' ')}: would change = ${c.would_change}`, () => {
      const { nb, out, options, zeppelin } = run(c.input, c.nbstripout_options);
      assert.is(out !== nb, c.would_change);
      if (!zeppelin) assert.is(isStripped(nb, options), !c.would_change);
    });
  }

  test('errors: invalid extra keys are reported and ignored', () => {
    const c = spec.errors.find((e) => e.nbstripout_options.includes('--extra-keys'))!;
    const keys = splitList(c.nbstripout_options[c.nbstripout_options.indexOf('--extra-keys') + 1]!);
    const bad = invalidKeys(keys);
    for (const m of c.stderr_mentions)
      assert.ok(
        bad.some((k) => m.includes(`\`${k}\``)),
        m,
      );
    const { written } = run(c.input, []);
    assert.is(toIpynb(strip(fromIpynb(readFileSync(join(dir, c.input), 'utf8')), { sequentialIds: true, extraKeys: keys })), written);
  });

  test('errors: keep_output false with a keep_output tag', () => {
    const c = spec.errors.find((e) => e.input === 'test_metadata_exception.ipynb')!;
    const nb = fromIpynb(readFileSync(join(dir, c.input), 'utf8'));
    assert.throws(
      () => strip(nb),
      (e: Error & { code?: string }) => e.code === 'ESCHEMA' && c.stderr_mentions.every((m) => e.message.includes(m)),
    );
    const tags = fromIpynb(readFileSync(join(dir, 'test_keep_output_tags_exception.ipynb'), 'utf8'));
    assert.throws(() => strip(tags), /contradicts tags/);
  });

  test('errors: invalid JSON is a located error', () => {
    const c = spec.errors.find((e) => e.input === 'test_invalid_json.ipynb')!;
    assert.throws(
      () => fromIpynb(readFileSync(join(dir, c.input), 'utf8'), { file: c.input }),
      (e: Error & { code?: string }) => e.code === 'EJSON' && /^test_invalid_json\.ipynb:\d+:\d+: /.test(e.message),
    );
  });

  test('test_keep_output_tags.ipynb: `# output` cells keep outputs, `# no_output` cells lose them', () => {
    const nb = fromIpynb(readFileSync(join(dir, 'test_keep_output_tags.ipynb'), 'utf8'));
    const out = strip(nb);
    let checked = 0;
    for (const cell of out.cells) {
      if (cell.cell_type !== 'code') continue;
      const src = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      if (src.startsWith('# output')) assert.ok(cell.outputs.length > 0, src);
      else if (src.startsWith('# no_output')) assert.is(cell.outputs.length, 0, src);
      else continue;
      checked++;
    }
    assert.is(checked, 3);
  });

  test('test_output_types.ipynb: keep and drop output types', () => {
    const nb = fromIpynb(readFileSync(join(dir, 'test_output_types.ipynb'), 'utf8'));
    const kinds = (n: typeof nb) =>
      n.cells.flatMap((c) => (c.cell_type === 'code' ? c.outputs.map((o) => `${o.output_type}${o.output_type === 'stream' ? `:${o.name}` : ''}`) : []));
    assert.equal(kinds(strip(nb)), []);
    assert.equal(kinds(strip(nb, { keepOutputTypes: ['stream'] })), ['stream:stdout', 'stream:stderr', 'stream:stdout']);
    assert.equal(kinds(strip(nb, { keepOutputTypes: ['stream:stderr', 'error'] })), ['stream:stderr', 'error']);
    assert.equal(kinds(strip(nb, { keepOutput: true, dropOutputTypes: ['stream:stderr'] })), ['stream:stdout', 'error', 'execute_result', 'stream:stdout']);
    assert.equal(kinds(strip(nb, { keepOutputTypes: ['stream'], dropOutputTypes: ['stream:stdout'] })), ['stream:stderr']);
  });

  test('test_nochange.ipynb is returned as the same object and the same bytes', () => {
    const text = readFileSync(join(dir, 'test_nochange.ipynb'), 'utf8');
    const nb = fromIpynb(text);
    assert.ok(strip(nb) === nb);
    assert.is(toIpynb(strip(nb)), text);
  });
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
