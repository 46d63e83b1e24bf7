// The real notebooks of ../shared/fixtures/real: every one reads back from its Quarto document
// to the same cells, and with {lossless: true} to the whole notebook (but outputs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { fromQuarto, toQuarto } from '@nbgit/quarto';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, inputsText } from './helpers.js';

const root = sharedPath('fixtures', 'real');
if (root) {
  const names = readdirSync(join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb'));
  for (const f of names) {
    test(`real/${f}`, () => {
      const nb = fromIpynb(readFileSync(join(root, 'notebooks', f), 'utf8'));
      const text = toQuarto(nb);
      assert.equal(cellsOf(fromQuarto(text)), cellsOf(nb));
      assert.fixture(toQuarto(fromQuarto(text)), text);
      assert.fixture(inputsText(fromQuarto(toQuarto(nb, { lossless: true }))), inputsText(nb));
    });
  }
  test('real notebooks: all there', () => assert.ok(names.length >= 177, `only ${names.length} notebooks`));
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
