// The writer's fast path (src/fast-cell.ts) skips reading back the cells its rules cover: it must
// give the same text as the verified path (every cell read back) on any notebook.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, JsonObject, Notebook } from '@nbgit/core';
import { fromIpynb } from '@nbgit/ipynb';
import { toPercent } from '@nbgit/percent';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withEveryCellVerified } from '../src/fast-cell.js';

/** Lines of real Python cells, and every kind of line a reader step may change or stop at. */
const PIECES = [
  'x = 1',
  'import numpy as np',
  'print("a %d" % 3)',
  'y = x % 2',
  'if x != 1:',
  '    pass',
  'def f():',
  '    """Doc."""',
  '    return 1',
  'class A:',
  '@dec',
  '# comment',
  '#',
  '# %%',
  '#%% t',
  '# # %%',
  '# %% [markdown]',
  '%%',
  '%% x',
  '%time x',
  '%%time',
  '%%bash',
  '%%R -i df',
  '# %time',
  '!pip install x',
  '%matplotlib inline',
  '  !echo "it\'s"',
  '%pip install x \\',
  '%load_ext autoreload # noescape',
  '%time x # escape',
  '!ls?',
  '%who %%',
  '! ls',
  '# !ls',
  'x = !ls',
  'x = %env',
  'x?',
  '?x',
  'help?  ',
  'Why?',
  'Hello!',
  'ls',
  'cd ..',
  'echo hi',
  '# cd x',
  'rmdir',
  'catalog = 1',
  '"""',
  "'''",
  's = """a',
  'b"""',
  "'",
  '"',
  '\\',
  'In[1]:',
  '# In[ ]:',
  '<codecell>',
  '# <codecell>',
  '  ',
  '\t',
  '',
  '\r',
  'x\r',
  '    indented',
  'é😀',
  '```',
  '<!-- #region -->',
  '---',
];
const line = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const source = fc
  .array(line, { maxLength: 6 })
  .chain((ls) => fc.tuple(fc.constant(ls), fc.constantFrom('', '', '', '\n', '\n\n', '   ')).map(([l, end]) => l.join('\n') + end));
const metaValue = fc.oneof(
  fc.constant(true),
  fc.integer({ min: -5, max: 100 }),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.constant({ base_uri: 'https://localhost:8080/', height: 34 }),
);
const KEYS = [
  'id',
  'colab',
  'outputId',
  'cellView',
  'pycharm',
  'hide_input',
  'jupyter',
  'tags',
  'slideshow',
  'ExecuteTime',
  'collapsed',
  'my key',
  'a=b',
  'nbgit',
  'lines_to_next_cell',
  'language',
  'cell_type',
  'active',
  'title',
  'cell_marker',
  'run_control',
];
const metadata = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ minLength: 1, maxLength: 4 })), metaValue, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constant({ tags: ['active-ipynb'] }) },
);
const cell = fc.record({ cell_type: fc.constantFrom('code', 'code', 'markdown', 'raw'), source, metadata, attach: fc.nat(9) });
const notebook = fc.record({
  cells: fc.array(cell, { maxLength: 8 }),
  language: fc.constantFrom('python', 'python', 'python', 'R'),
  jupytext: fc.constantFrom(undefined, { cell_metadata_json: true }, { cell_markers: '"""' }, { comment_magics: false }, { cell_metadata_filter: 'all' }),
});

interface Spec {
  cells: { cell_type: string; source: string; metadata: JsonObject; attach: number }[];
  language: string;
  jupytext: JsonObject | undefined;
}

function build(spec: Spec): Notebook {
  const metadata: JsonObject = { kernelspec: { display_name: spec.language, language: spec.language, name: 'k' } };
  if (spec.jupytext) metadata.jupytext = spec.jupytext;
  const cells = spec.cells.map((c, i) => {
    const out: Record<string, unknown> = { cell_type: c.cell_type, id: `c${i}`, metadata: c.metadata, source: c.source };
    if (c.cell_type === 'code') {
      out.outputs = [];
      out.execution_count = null;
    } else if (c.attach === 0) out.attachments = { 'a.png': { 'image/png': 'iVBORw0KGgo=' } };
    return out as unknown as Cell;
  });
  return { cells, metadata, nbformat: 4, nbformat_minor: 5 };
}

function bothPaths(nb: Notebook, options: Parameters<typeof toPercent>[1] = {}): [string, string] {
  const run = () => {
    try {
      return toPercent(nb, options);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  return [run(), withEveryCellVerified(run)];
}

test('the fast path writes what reading every cell back writes, on random notebooks', () => {
  fc.assert(
    fc.property(notebook, (spec) => {
      const nb = build(spec as unknown as Spec);
      for (const options of [{}, { extension: '.py' }]) {
        const [fast, verified] = bothPaths(nb, options);
        assert.fixture(fast, verified);
      }
    }),
    { numRuns: 1500 },
  );
});

const REAL = 'the fast path writes what reading every cell back writes, on real notebooks';
const root = sharedPath('fixtures', 'real', 'notebooks');
if (!root) skipTest(test, REAL, sharedMissing());
else
  test(REAL, () => {
    for (const name of readdirSync(root).filter((f) => f.endsWith('.ipynb'))) {
      const nb = fromIpynb(readFileSync(join(root, name)));
      const [fast, verified] = bothPaths(nb);
      assert.ok(fast === verified, name);
    }
  });

test.run();
