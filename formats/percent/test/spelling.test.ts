// Scripts nbgit did not write come back byte for byte: text -> notebook -> text and
// text -> .ipynb -> text, for our spelling fixtures (test/fixtures/spelling: one test per file,
// the record `metadata.nbgit.percent` pinned in <name>.json; UPDATE=1 rewrites those) and for
// every script of jupytext's corpus.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { listFiles, repoRoot, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { scriptLanguage } from '@nbgit/text';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withoutSpelling } from './helpers.js';

/** Through a `.ipynb` file as `nbgit convert` (and jupytext) writes it: keys sorted, no `text_representation`. */
function throughIpynb(nb: Notebook): Notebook {
  const j = nb.metadata.jupytext;
  let metadata = nb.metadata;
  if (j && typeof j === 'object' && !Array.isArray(j) && 'text_representation' in j) {
    const rest = { ...j };
    delete rest.text_representation;
    metadata = { ...metadata, jupytext: rest };
    if (Object.keys(rest).length === 0) delete metadata.jupytext;
  }
  return fromIpynb(toIpynb({ ...nb, metadata }));
}

function roundTrips(text: string, extension: string): Notebook {
  const nb = fromPercent(text, { extension });
  assert.fixture(toPercent(nb, { extension }), text, 'text -> notebook -> text');
  assert.fixture(toPercent(throughIpynb(nb), { extension }), text, 'text -> .ipynb -> text');
  return nb;
}

const fixtures = join(repoRoot, 'formats', 'percent', 'test', 'fixtures', 'spelling');
for (const file of listFiles(fixtures, (n) => !n.endsWith('.json') && !n.startsWith('.'))) {
  const name = basename(file);
  test(`spelling/${name}`, () => {
    const text = readFileSync(file, 'utf8');
    const ext = extname(name);
    const nb = roundTrips(text, ext);
    const record = (nb.metadata.nbgit as { percent?: unknown } | undefined)?.percent ?? null;
    const golden = `${file.slice(0, -ext.length)}.json`;
    if (process.env.UPDATE === '1' || !existsSync(golden)) writeFileSync(golden, `${JSON.stringify(record, null, 2)}\n`);
    assert.equal(record, JSON.parse(readFileSync(golden, 'utf8')), 'the spelling record');
    // without the record the notebook is written as jupytext writes it, to the same cells
    const plain = toPercent(withoutSpelling(nb), { extension: ext });
    assert.equal(
      fromPercent(plain, { extension: ext }).cells.map((c) => [c.cell_type, c.source]),
      nb.cells.map((c) => [c.cell_type, c.source]),
    );
  });
}

test('a notebook edited after reading keeps the spelling of the cells it did not change', () => {
  const text = '#%% [markdown]\r\n# Title\r\nuncommented\r\n\r\n#%%\r\nx = 1\r\n\r\n# In[7]:\r\ny = 2\r\n';
  const nb = throughIpynb(fromPercent(text));
  nb.cells[1]!.source = 'x = 10';
  nb.cells.push({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: 'z = 3' });
  assert.is(toPercent(nb), '#%% [markdown]\r\n# Title\r\nuncommented\r\n\r\n#%%\r\nx = 10\r\n\r\n# In[7]:\r\ny = 2\r\n\r\n#%%\r\nz = 3\r\n');
  // a cell edited where it was spelled differently gets the writer's spelling
  nb.cells[0]!.source = 'Title\nnow commented';
  assert.match(toPercent(nb), '#%% [markdown]\r\n# Title\r\n# now commented\r\n');
});

test('a first cell without a marker keeps none only while it is first', () => {
  const nb = fromPercent('import os\n\n# %%\nx = 1\n');
  assert.equal(nb.metadata.nbgit, { percent: { cells: { 0: { marker: null } } } });
  assert.is(toPercent(nb), 'import os\n\n# %%\nx = 1\n');
  nb.cells.unshift({ cell_type: 'markdown', metadata: {}, source: 'Intro' });
  assert.is(toPercent(nb), '# %% [markdown]\n# Intro\n\n# %%\nimport os\n\n# %%\nx = 1\n');
});

test('Hydrogen spelling is dropped when the script would no longer read as Hydrogen', () => {
  const nb = fromPercent('# %%\n%matplotlib inline\n\n# %%\n# %time is a comment here\n');
  assert.equal(nb.metadata.nbgit, { percent: { hydrogen: true } });
  assert.is(toPercent(nb), '# %%\n%matplotlib inline\n\n# %%\n# %time is a comment here\n');
  // without the magic the script would read as a percent script, where `# %time` is a commented magic
  nb.cells[0]!.source = 'import matplotlib';
  const text = toPercent(nb);
  assert.is(text, '# %%\nimport matplotlib\n\n# %%\n# # %time is a comment here\n');
  assert.equal(
    fromPercent(text).cells.map((c) => c.source),
    ['import matplotlib', '# %time is a comment here'],
  );
});

const corpus = sharedPath('fixtures', 'jupytext');
if (corpus) {
  // the percent scripts jupytext reads (inputs/percent, inputs/hydrogen), then every other script of the corpus read as percent
  const scripts = listFiles(corpus, (n) => !n.endsWith('.ipynb') && scriptLanguage(extname(n)) !== undefined);
  const first = (f: string) => (/\/inputs\/(percent|hydrogen)\//.test(f) ? 0 : 1);
  for (const file of scripts.sort((a, b) => first(a) - first(b) || (a < b ? -1 : 1))) {
    const name = file.slice(corpus.length + 1);
    test(`corpus text -> ipynb -> text: ${name}`, () => {
      roundTrips(readFileSync(file, 'utf8'), extname(file));
    });
  }
  test('the corpus has the percent inputs', () =>
    assert.ok(scripts.some((f) => f.endsWith('inputs/percent/hydrogen.py')) && scripts.some((f) => f.includes('inputs/hydrogen/'))));
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
