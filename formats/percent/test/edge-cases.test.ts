// The named edge cases of ../shared/fixtures/edge-cases: where jupytext loses nothing its bytes are
// the target; sources, boundaries, line endings, attachments and odd keys survive in every mode;
// the lossless mode gives back everything (ids, filtered metadata, notebook metadata).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultModeCells, inputsOf, sorted } from './helpers.js';

interface Case {
  file: string;
  case: string;
  jupytext_py_loses: string[];
}

const dir = sharedPath('fixtures', 'edge-cases');
if (dir) {
  const cases = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;
  for (const c of cases) {
    const base = c.file.replace(/\.ipynb$/, '');
    test(`${base}: ${c.case}`, () => {
      const nb = fromIpynb(readFileSync(join(dir, c.file), 'utf8'));
      const jupytext = readFileSync(join(dir, `${base}.py`), 'utf8');
      const text = toPercent(nb);
      if (c.jupytext_py_loses.length === 0 || c.jupytext_py_loses.every((x) => x === 'cell metadata' || x === 'notebook metadata')) {
        // jupytext loses nothing, or only what its filters drop on purpose: same bytes
        // (metadata keys jupytext cannot encode, such as "my key", are user data: nbgit writes them)
        const oddKeys = nb.cells.some((cell) => Object.keys(cell.metadata).some((k) => !/^[a-zA-Z0-9_.@/-]+$/.test(k)));
        if (!oddKeys) assert.fixture(text, jupytext);
      }
      assert.equal(sorted(defaultModeCells(fromPercent(text))), sorted(defaultModeCells(nb)), 'default mode');
      assert.fixture(toPercent(fromPercent(text)), text, 'text round trip');
      const lossless = toPercent(nb, { lossless: true });
      assert.equal(sorted(inputsOf(fromPercent(lossless), { ids: true })), sorted(inputsOf(nb, { ids: true })), 'lossless');
      assert.fixture(toPercent(fromPercent(lossless), { lossless: true }), lossless, 'lossless text round trip');
    });
  }
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
