// The real notebooks of ../shared/fixtures/real: where jupytext reads its own MyST text back
// to the same cells (roundtrip.json), nbgit writes the same bytes; every notebook reads back to
// the same cells in default mode, and to the whole notebook (but outputs) in lossless mode.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { fromMyst, toMyst } from '@nbgit/myst';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, inputsText } from './helpers.js';

const root = sharedPath('fixtures', 'real');
if (root) {
  const faithful = JSON.parse(readFileSync(join(root, 'jupytext', 'roundtrip.json'), 'utf8')) as Record<string, boolean>;
  const names = readdirSync(join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb'));
  let same = 0;
  let compared = 0;
  for (const f of names) {
    const stem = f.slice(0, -'.ipynb'.length);
    test(`real/${stem}`, () => {
      const nb = fromIpynb(readFileSync(join(root, 'notebooks', f), 'utf8'));
      const text = toMyst(nb);
      const ref = join(root, 'jupytext', `${stem}.myst.md`);
      if (existsSync(ref) && faithful[`${stem}.myst.md`]) {
        compared++;
        assert.fixture(text, readFileSync(ref, 'utf8'));
        same++;
      }
      assert.equal(cellsOf(fromMyst(text)), cellsOf(nb));
      assert.fixture(inputsText(fromMyst(toMyst(nb, { lossless: true }))), inputsText(nb));
    });
  }
  test('real notebooks: counts', () => {
    process.stdout.write(`  myst: ${same}/${compared} byte-identical where jupytext is faithful (${names.length} notebooks)\n`);
    assert.ok(names.length >= 177, `only ${names.length} notebooks`);
    assert.is(same, compared);
  });
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
