// Golden tests over jupytext's own corpus: for every ipynb_to_percent reference, nbgit writes the
// same bytes, reads them back to the same text, and the lossless mode gives back the notebook.
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { listFiles, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultModeCells, inputsOf, sorted, withoutSpelling } from './helpers.js';

const root = sharedPath('fixtures', 'jupytext');
if (root) {
  const inputs = new Map<string, string>();
  for (const f of listFiles(join(root, 'inputs'), (n) => n.endsWith('.ipynb'))) if (f.includes('/ipynb_')) inputs.set(basename(f, '.ipynb'), f);
  const refs = listFiles(join(root, 'outputs', 'ipynb_to_percent'));
  for (const ref of refs) {
    const name = basename(ref);
    const ext = extname(name);
    const stem = name.slice(0, -ext.length).replace(/\.low$/, '');
    const input = inputs.get(stem);
    test(`ipynb_to_percent/${name}`, () => {
      assert.ok(input, `no input notebook for ${name}`);
      const expected = readFileSync(ref, 'utf8');
      const nb = fromIpynb(readFileSync(input!, 'utf8'));
      // byte for byte what jupytext writes
      assert.fixture(toPercent(nb, { extension: ext }), expected);
      // text -> notebook -> text
      assert.fixture(toPercent(fromPercent(expected, { extension: ext }), { extension: ext }), expected);
      // default mode keeps every cell (type, source, unfiltered metadata)
      assert.equal(sorted(defaultModeCells(fromPercent(expected, { extension: ext }))), sorted(defaultModeCells(nb)));
      // lossless mode gives back the whole notebook but outputs
      const back = fromPercent(toPercent(nb, { extension: ext, lossless: true }), { extension: ext });
      assert.equal(sorted(inputsOf(back, { ids: true })), sorted(inputsOf(nb, { ids: true })));
    });
  }
  test('ipynb_to_percent corpus is complete', () => assert.ok(refs.length >= 64, `only ${refs.length} references`));

  const scripts: [string, string][] = [
    ['inputs/percent/hydrogen.py', 'outputs/script_to_ipynb/hydrogen.ipynb'],
    ['inputs/hydrogen/hydrogen_latex_html_R_magics.py', 'outputs/script_to_ipynb/hydrogen_latex_html_R_magics.ipynb'],
  ];
  const sortFilters = (md: Record<string, unknown>) => {
    const j = { ...(md.jupytext as Record<string, unknown>) };
    for (const k of ['cell_metadata_filter', 'notebook_metadata_filter']) if (typeof j[k] === 'string') j[k] = (j[k] as string).split(',').sort().join(',');
    return { ...md, jupytext: j };
  };
  for (const [input, output] of scripts) {
    test(`script_to_ipynb/${basename(output)}`, () => {
      const text = readFileSync(join(root, input), 'utf8');
      const nb = fromPercent(text, { file: input });
      const ref = JSON.parse(readFileSync(join(root, output), 'utf8'));
      // filters list the keys seen in a set's order in jupytext: compare them as sets; nbgit adds
      // the record of the script's spelling where it is not toPercent's (here: Hydrogen magics)
      assert.equal(sortFilters(withoutSpelling(nb).metadata), sortFilters(ref.metadata));
      assert.equal(
        nb.cells.map((c) => [c.cell_type, c.source, c.metadata]),
        ref.cells.map((c: { cell_type: string; source: string | string[]; metadata: unknown }) => [
          c.cell_type,
          Array.isArray(c.source) ? c.source.join('') : c.source,
          c.metadata,
        ]),
      );
    });
  }
  test('inputs/percent/hydrogen.py reads and writes back byte for byte', () => {
    const text = readFileSync(join(root, 'inputs/percent/hydrogen.py'), 'utf8');
    assert.fixture(toPercent(fromPercent(text)), text);
  });
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
