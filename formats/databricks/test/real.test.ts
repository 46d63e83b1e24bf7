// The real notebooks of ../shared/fixtures/real: every one reads back from its Databricks source file
// to the same cells, and with {lossless: true} to the whole notebook (but outputs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromDatabricks, toDatabricks } from '@nbgit/databricks';
import { fromIpynb } from '@nbgit/ipynb';
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
      const text = toDatabricks(nb);
      assert.equal(cellsOf(fromDatabricks(text)), cellsOf(nb));
      assert.fixture(toDatabricks(fromDatabricks(text)), text);
      assert.fixture(inputsText(fromDatabricks(toDatabricks(nb, { lossless: true }))), inputsText(nb));
    });
  }
  test('real notebooks: all there', () => assert.ok(names.length >= 177, `only ${names.length} notebooks`));
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
