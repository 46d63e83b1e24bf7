// MyST notebooks: what jupytext's text would lose comes back exactly; front matter; errors.
import type { Cell } from '@nbgit/core';
import { joinSource, NbgitError } from '@nbgit/core';
import { fromMyst, toMyst } from '@nbgit/myst';
import { numbered } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, inputsText } from './helpers.js';

const KERNEL = { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } };

test('jupytext layout: front matter, code cells with options, +++ between markdown cells', () => {
  const text = toMyst(
    numbered(
      [
        { cell_type: 'markdown', source: '# Title' },
        { cell_type: 'markdown', source: 'More', metadata: { slideshow: { slide_type: 'slide' } } },
        { source: 'x = 1', metadata: { tags: ['hide-input'] } },
        { cell_type: 'raw', source: 'raw' },
      ],
      { ...KERNEL, language_info: { name: 'python', pygments_lexer: 'ipython3' } },
    ),
  );
  assert.is(
    text,
    '---\nkernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n# Title\n\n+++ {"slideshow": {"slide_type": "slide"}}\n\nMore\n\n```{code-cell} ipython3\n:tags: [hide-input]\n\nx = 1\n```\n\n```{raw-cell}\nraw\n```\n',
  );
  const back = fromMyst(text);
  assert.equal(
    back.cells.map((c) => [c.cell_type, joinSource(c.source), c.metadata]),
    [
      ['markdown', '# Title', {}],
      ['markdown', 'More', { slideshow: { slide_type: 'slide' } }],
      ['code', 'x = 1', { tags: ['hide-input'] }],
      ['raw', 'raw', {}],
    ],
  );
});

const cases: [string, Partial<Cell>[]][] = [
  ['trailing newlines and blank first lines', [{ source: '\nx = 1\n\n' }, { cell_type: 'markdown', source: 'text\n\n' }, { cell_type: 'raw', source: '\n' }]],
  ['empty cells', [{ source: '' }, { cell_type: 'markdown', source: '' }, { cell_type: 'raw', source: '' }]],
  [
    'markdown holding cell syntax',
    [
      { cell_type: 'markdown', source: 'a\n+++\n```{code-cell} python\nx\n```' },
      { cell_type: 'markdown', source: '  leading spaces' },
    ],
  ],
  ['code holding fences and options-like lines', [{ source: '```\n````\nx' }, { source: ':not: options' }, { source: '---\nyaml: no\n---' }]],
  ['a first raw cell of front matter', [{ cell_type: 'raw', source: '---\ntitle: A title\n---' }, { source: 'x' }]],
  [
    'metadata of every shape',
    [
      { source: 'x', metadata: { 'my key': [1, { a: null }], n: 1.5, s: 'yes', u: 'é' } },
      { cell_type: 'markdown', source: 'y', metadata: { tags: [] } },
    ],
  ],
  ['CRLF inside a source', [{ source: 'a\r\nb' }, { cell_type: 'markdown', source: 'c\r\nd' }]],
];
for (const [name, cells] of cases) {
  test(`default mode reads back exactly: ${name}`, () => {
    const n = numbered(cells, KERNEL);
    assert.equal(cellsOf(fromMyst(toMyst(n))), cellsOf(n));
  });
  test(`lossless mode reads back the notebook: ${name}`, () => {
    const n = numbered(cells, { ...KERNEL, language_info: { name: 'python' }, widgets: { state: {} } });
    assert.fixture(inputsText(fromMyst(toMyst(n, { lossless: true }))), inputsText(n));
  });
}

test('lossless keeps an empty attachments object, ids and nbformat_minor', () => {
  const n = numbered([{ cell_type: 'markdown', source: 'x', attachments: {} }, { source: 'y' }]);
  n.nbformat_minor = 4;
  for (const c of n.cells) delete c.id;
  const back = fromMyst(toMyst(n, { lossless: true }));
  assert.equal((back.cells[0] as { attachments?: unknown }).attachments, {});
  assert.is(back.nbformat_minor, 4);
  assert.is(back.cells[1]!.id, undefined);
});

test('fences nested in lists are not cells; +++ inside a fence is not a break', () => {
  const text = '- item\n\n  ```{code-cell} python\n  nested\n  ```\n\n```python\n+++\n```\n\n```{code-cell} python\nx\n```\n';
  assert.equal(
    fromMyst(text).cells.map((c) => [c.cell_type, joinSource(c.source)]),
    [
      ['markdown', '- item\n\n  ```{code-cell} python\n  nested\n  ```\n\n```python\n+++\n```'],
      ['code', 'x'],
    ],
  );
});

test('errors: invalid YAML and +++ metadata name the file and line', () => {
  const at = (text: string, line: number) => {
    try {
      fromMyst(text, { file: 'nb.md' });
      assert.unreachable();
    } catch (e) {
      assert.instance(e, NbgitError);
      assert.match(String((e as Error).message), `nb.md:${line}`);
    }
  };
  at('---\nkernelspec: [\n---\n\nx\n', 2);
  at('text\n\n+++ {"a": \n\nmore\n', 3);
  at('```{code-cell} python\n---\na: [\n---\nx\n```\n', 1);
});

test('a front matter kernelspec without a name is a located ESYNTAX (the notebook would not validate; found by the fuzz run)', () => {
  const text = '---\nkernelspec:\n  display_name: R\n  language: R\n---\n\n```{code-cell} r\nx <- 1\n```\n';
  try {
    fromMyst(text, { file: 'a.md' });
    assert.unreachable('read a notebook that does not validate');
  } catch (e) {
    assert.instance(e, NbgitError);
    assert.is((e as NbgitError).code, 'ESYNTAX');
    assert.match((e as NbgitError).message, 'kernelspec');
    assert.match(String((e as NbgitError).message) + JSON.stringify(e), 'a.md');
  }
  // with the name it reads
  assert.equal(fromMyst(text.replace('  language: R\n', '  language: R\n  name: ir\n')).metadata.kernelspec, { display_name: 'R', language: 'R', name: 'ir' });
});

test.run();
