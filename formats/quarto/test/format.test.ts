// Quarto documents: the layout, what would not read back plainly, Quarto's own files, errors.
import type { Cell } from '@nbgit/core';
import { joinSource, NbgitError } from '@nbgit/core';
import { fromQuarto, toQuarto } from '@nbgit/quarto';
import { numbered } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, inputsText } from './helpers.js';

const R = { kernelspec: { display_name: 'R', language: 'R', name: 'ir' } };

test('layout: front matter, {r} chunks with #| options, raw blocks, markers between markdown cells', () => {
  const n = numbered(
    [
      { cell_type: 'raw', source: '---\ntitle: A report\nformat: html\n---' },
      { cell_type: 'markdown', source: '# Title' },
      { cell_type: 'markdown', source: 'More', metadata: { tags: ['intro'] } },
      { source: 'x <- 1', metadata: { tags: ['parameters'] } },
      { cell_type: 'raw', source: '<b>raw</b>', metadata: { raw_mimetype: 'text/html' } },
    ],
    R,
  );
  const text = toQuarto(n);
  assert.is(
    text,
    '---\ntitle: A report\nformat: html\njupyter:\n  kernelspec:\n    display_name: R\n    language: R\n    name: ir\n---\n\n# Title\n\n<!-- cell {"tags": ["intro"]} -->\n\nMore\n\n```{r}\n#| tags: [parameters]\nx <- 1\n```\n\n```{=html}\n<b>raw</b>\n```\n',
  );
  assert.equal(cellsOf(fromQuarto(text)), cellsOf(n));
  assert.equal(
    fromQuarto(text).cells.map((c) => c.metadata),
    n.cells.map((c) => c.metadata),
  );
});

test("Quarto's own documents: markdown between chunks is one cell, #| lines are metadata, jupyter: python3 stays front matter", () => {
  const text =
    '---\ntitle: Hello\njupyter: python3\n---\n\n## Intro\n\nText.\n\n```{python}\n#| echo: false\n#| label: fig-x\nimport x\n```\n\n```python\nnot a cell\n```\n';
  const back = fromQuarto(text);
  assert.equal(
    back.cells.map((c) => [c.cell_type, joinSource(c.source), c.metadata]),
    [
      ['raw', '---\ntitle: Hello\njupyter: python3\n---', {}],
      ['markdown', '## Intro\n\nText.', {}],
      ['code', 'import x', { echo: false, label: 'fig-x' }],
      ['markdown', '```python\nnot a cell\n```', {}],
    ],
  );
  assert.is(toQuarto(back), text);
});

const cases: [string, Partial<Cell>[]][] = [
  [
    'blank lines around sources, empty cells',
    [{ source: '\nx = 1\n\n' }, { cell_type: 'markdown', source: '\ntext\n\n' }, { cell_type: 'markdown', source: '' }, { source: '' }],
  ],
  [
    'a source starting with #| lines, fences inside sources',
    [{ source: '#| echo: false\nx' }, { source: '```\nx\n````' }, { cell_type: 'markdown', source: '```{python}\nx\n```' }],
  ],
  [
    'markers inside markdown',
    [
      { cell_type: 'markdown', source: '<!-- cell -->\nx' },
      { cell_type: 'raw', source: '<!-- raw {} -->' },
    ],
  ],
  [
    'metadata of every shape',
    [
      { source: 'x', metadata: { 'my key': [1, { a: null }], n: 1.5, s: 'yes' } },
      { cell_type: 'raw', source: 'r', metadata: { raw_mimetype: 'text/x-python', k: 1 } },
    ],
  ],
];
for (const [name, cells] of cases) {
  test(`default mode reads back exactly: ${name}`, () => {
    const n = numbered(cells, { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } });
    assert.equal(cellsOf(fromQuarto(toQuarto(n))), cellsOf(n));
  });
  test(`lossless mode reads back the notebook: ${name}`, () => {
    const n = numbered(cells, { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } });
    assert.fixture(inputsText(fromQuarto(toQuarto(n, { lossless: true }))), inputsText(n));
  });
}

test('errors: invalid YAML and marker JSON name the file and line', () => {
  const at = (text: string, line: number) => {
    try {
      fromQuarto(text, { file: 'doc.qmd' });
      assert.unreachable();
    } catch (e) {
      assert.instance(e, NbgitError);
      assert.match(String((e as Error).message), `doc.qmd:${line}`);
    }
  };
  at('---\njupyter:\n  kernelspec: [\n---\n', 3);
  at('text\n\n<!-- cell {"a": -->\n\nmore\n', 3);
  at('```{python}\n#| a: [\nx\n```\n', 2);
});

test('chunk headers: {name}, {name options}, {=format}; anything else is markdown, even a very long one', () => {
  const kinds = (text: string) => fromQuarto(text).cells.map((c) => `${c.cell_type}:${joinSource(c.source)}`);
  assert.equal(kinds('```{python}\nx = 1\n```\n'), ['code:x = 1']);
  assert.equal(kinds('```{python echo=false}\nx = 1\n```\n'), ['code:x = 1']);
  assert.equal(kinds('```{=html}\n<b/>\n```\n'), ['raw:<b/>']);
  assert.equal(kinds('```{python}x\nx = 1\n```\n'), ['markdown:```{python}x\nx = 1\n```']);
  assert.equal(kinds('```{python\nx = 1\n```\n'), ['markdown:```{python\nx = 1\n```']);
  // an unclosed header of 300k characters was quadratic in the header matcher (minutes; found by the fuzz run)
  const long = `\`\`\`{${'x'.repeat(300_000)}\nx = 1\n\`\`\`\n`;
  assert.is(fromQuarto(long).cells.length, 1);
});

test.run();
