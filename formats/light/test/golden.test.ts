// jupytext's own corpus: for every ipynb_to_script reference (light scripts in 37 languages)
// nbgit writes the same bytes and reads them back to the same cells; the lossless mode gives
// back the whole notebook; jupytext's light inputs read to the cells jupytext reads.
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { fromLight, toLight } from '@nbgit/light';
import { listFiles, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, inputsText } from './helpers.js';

const root = sharedPath('fixtures', 'jupytext');
if (root) {
  const inputs = new Map<string, string>();
  for (const f of listFiles(join(root, 'inputs'), (n) => n.endsWith('.ipynb'))) if (f.includes('/ipynb_')) inputs.set(basename(f, '.ipynb'), f);
  const refs = listFiles(join(root, 'outputs', 'ipynb_to_script'));
  for (const ref of refs) {
    const name = basename(ref);
    const ext = extname(name);
    const stem = name.slice(0, -ext.length).replace(/\.low$/, '');
    test(`ipynb_to_script/${name}`, () => {
      const input = inputs.get(stem);
      assert.ok(input, `no input notebook for ${name}`);
      const expected = readFileSync(ref, 'utf8');
      const nb = fromIpynb(readFileSync(input!, 'utf8'));
      assert.fixture(toLight(nb, { extension: ext }), expected);
      const back = fromLight(expected, { extension: ext });
      assert.equal(cellsOf(back), cellsOf(nb));
      assert.fixture(toLight(back, { extension: ext }), expected);
      const lossless = fromLight(toLight(nb, { extension: ext, lossless: true }), { extension: ext });
      assert.fixture(inputsText(lossless), inputsText(nb));
    });
  }
  test('ipynb_to_script corpus is complete', () => assert.ok(refs.length >= 63, `only ${refs.length} references`));

  const scripts: [string, string][] = [
    ['inputs/python/light_sample.py', 'light_sample'],
    ['inputs/python/python_notebook_sample.py', 'python_notebook_sample'],
    ['inputs/julia/julia_sample_script.jl', 'julia_sample_script'],
    ['inputs/R/simple_r_script.R', 'simple_r_script'],
    ['inputs/ps1/build.ps1', 'build'],
  ];
  for (const [input, output] of scripts) {
    test(`script_to_ipynb/${output}.ipynb`, () => {
      const text = readFileSync(join(root, input), 'utf8');
      const nb = fromLight(text, { file: input });
      const ref = JSON.parse(readFileSync(join(root, 'outputs/script_to_ipynb', `${output}.ipynb`), 'utf8')) as {
        cells: { cell_type: string; source: string | string[]; metadata: unknown }[];
        metadata: { jupytext: Record<string, unknown> };
      };
      assert.equal(
        nb.cells.map((c) => [c.cell_type, c.source, c.metadata]),
        ref.cells.map((c) => [c.cell_type, Array.isArray(c.source) ? c.source.join('') : c.source, c.metadata]),
      );
      // jupytext keeps the coding line of a non-Python script as metadata; nbgit reads it as layout (it writes it back anyway)
      const { encoding: _e, ...refJupytext } = ref.metadata.jupytext;
      assert.equal(nb.metadata.jupytext, { ...(nb.metadata.jupytext as object), ...refJupytext });
      assert.equal(Object.keys(nb.metadata.jupytext as object).sort(), Object.keys(refJupytext).sort());
      assert.fixture(toLight(nb, { extension: extname(input) }), text);
    });
  }
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
