// Light scripts: what jupytext's text would lose comes back exactly; headerless scripts; errors.
import type { Cell } from '@nbgit/core';
import { joinSource, NbgitError } from '@nbgit/core';
import { fromLight, toLight } from '@nbgit/light';
import { numbered } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, inputsText } from './helpers.js';

test('a light script without a header reads as light: one cell per paragraph', () => {
  const back = fromLight('import os\n\n# Some text\n\nx = 1\ny = 2\n\n\ndef f():\n    pass\n');
  assert.equal(
    back.cells.map((c) => [c.cell_type, joinSource(c.source)]),
    [
      ['code', 'import os'],
      ['markdown', 'Some text'],
      ['code', 'x = 1\ny = 2'],
      ['code', 'def f():\n    pass'],
    ],
  );
  assert.is(toLight(back), 'import os\n\n# Some text\n\nx = 1\ny = 2\n\n\ndef f():\n    pass\n');
});

test('jupytext layout: explicit markers for blank lines and comment-only code, commented magics', () => {
  const text = toLight(
    numbered([
      { source: 'x = 1\n\ny = 2' },
      { source: '# only a comment' },
      { source: '%matplotlib inline' },
      { cell_type: 'markdown', source: 'Title', metadata: { tags: ['a'] } },
    ]),
  );
  assert.is(text, '# +\nx = 1\n\ny = 2\n\n# +\n# only a comment\n# -\n\n# %matplotlib inline\n\n# + [markdown] tags=["a"]\n# Title\n');
});

const cases: [string, Partial<Cell>[]][] = [
  ['a code line "# -" and "# +"', [{ source: 'x = 1\n# -\n# + y' }, { source: 'z' }]],
  ['trailing newlines in code', [{ source: 'x = 1\n\n' }, { source: 'y\n' }]],
  ['whitespace-only and empty cells', [{ source: '   ' }, { source: '' }, { cell_type: 'markdown', source: '' }]],
  [
    'markdown with blank lines and code-like text',
    [
      { cell_type: 'markdown', source: 'a\n\n\nb\n%time' },
      { cell_type: 'markdown', source: 'x = 1' },
    ],
  ],
  [
    'raw cells',
    [
      { cell_type: 'raw', source: '---\ntitle: x\n---' },
      { cell_type: 'raw', source: 'raw text\n\nmore' },
    ],
  ],
  ['CRLF and odd metadata keys', [{ source: 'a\r\nb', metadata: { 'my key': 1, collapsed: true } }]],
  ['a magic of another language', [{ source: '%%bash\nls\n\necho hi' }, { source: '%%R -i df\nplot(df)' }]],
  ['triple-quoted strings hiding markers', [{ source: 's = """\n# +\n\n# -\n"""' }]],
];
for (const [name, cells] of cases) {
  test(`default mode reads back exactly: ${name}`, () => {
    const n = numbered(cells, { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } });
    assert.equal(cellsOf(fromLight(toLight(n))), cellsOf(n));
  });
  test(`lossless mode reads back the notebook: ${name}`, () => {
    const n = numbered(cells, { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } });
    assert.fixture(inputsText(fromLight(toLight(n, { lossless: true }))), inputsText(n));
  });
}

test('lossless keeps an empty attachments object, ids and nbformat_minor', () => {
  const n = numbered([
    { cell_type: 'markdown', source: 'x', attachments: {} },
    { source: 'y', id: 'my-id' },
  ]);
  n.nbformat_minor = 4;
  for (const c of n.cells) delete c.id;
  const back = fromLight(toLight(n, { lossless: true }));
  assert.equal((back.cells[0] as { attachments?: unknown }).attachments, {});
  assert.is(back.nbformat_minor, 4);
  assert.is(back.cells[1]!.id, undefined);
});

test('other languages: R and Julia scripts', () => {
  const r = numbered([{ source: 'x <- 1\n\ny <- 2' }, { cell_type: 'markdown', source: 'Hello' }], {
    kernelspec: { name: 'ir', language: 'R', display_name: 'R' },
  });
  const text = toLight(r, { extension: '.R' });
  assert.ok(text.endsWith('\n# +\nx <- 1\n\ny <- 2\n# -\n\n# Hello\n'), text);
  assert.equal(cellsOf(fromLight(text, { extension: '.R' })), cellsOf(r));
});

test('errors: broken marker metadata names the file, line and column', () => {
  try {
    fromLight('x = 1\n\n# + tags=["a"\ny = 2\n# -\n', { file: 'nb.py' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, NbgitError);
    assert.match(String((e as Error).message), /nb\.py:3:\d+/);
  }
  assert.throws(
    () => fromLight('x', { extension: '.nope' }),
    (e: unknown) => e instanceof NbgitError && e.code === 'EUSAGE',
  );
});

test.run();
