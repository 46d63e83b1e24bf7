// jupytext's own corpus: for every ipynb_to_myst reference, nbgit writes the same bytes wherever
// jupytext's text reads back to the same cells (all but one, whose trailing blank lines jupytext
// loses), reads every reference back, and the lossless mode gives back the whole notebook.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { fromMyst, toMyst } from '@nbgit/myst';
import { listFiles, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, inputsText } from './helpers.js';

const root = sharedPath('fixtures', 'jupytext');
if (root) {
  const inputs = new Map<string, string>();
  for (const f of listFiles(join(root, 'inputs'), (n) => n.endsWith('.ipynb'))) if (f.includes('/ipynb_')) inputs.set(basename(f, '.ipynb'), f);
  const refs = listFiles(join(root, 'outputs', 'ipynb_to_myst'));
  let same = 0;
  let faithful = 0;
  for (const ref of refs) {
    const name = basename(ref);
    test(`ipynb_to_myst/${name}`, () => {
      const input = inputs.get(name.slice(0, -'.md'.length));
      assert.ok(input, `no input notebook for ${name}`);
      const expected = readFileSync(ref, 'utf8');
      const nb = fromIpynb(readFileSync(input!, 'utf8'));
      const text = toMyst(nb);
      const back = fromMyst(expected);
      if (JSON.stringify(cellsOf(back)) === JSON.stringify(cellsOf(nb))) {
        faithful++;
        assert.fixture(text, expected);
        same++;
      } else {
        // jupytext's text loses something: nbgit's reads back exactly
        assert.not.equal(text, expected);
      }
      assert.equal(cellsOf(fromMyst(text)), cellsOf(nb));
      assert.fixture(inputsText(fromMyst(toMyst(nb, { lossless: true }))), inputsText(nb));
    });
  }
  test('ipynb_to_myst corpus: counts', () => {
    assert.ok(refs.length >= 58, `only ${refs.length} references`);
    assert.ok(faithful >= 57, `jupytext faithful on ${faithful}`);
    assert.is(same, faithful);
  });
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
