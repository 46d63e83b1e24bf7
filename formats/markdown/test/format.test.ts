// Named behaviours of the markdown format: what jupytext does, and where nbgit keeps more.
import { type Cell, emptyNotebook, joinSource, type Notebook } from '@nbgit/core';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lossless } from './helpers.js';

const KERNEL = { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } };
const HEADER = '---\njupyter:\n  kernelspec:\n    display_name: Python 3\n    language: python\n    name: python3\n---\n\n';

function nb(cells: Partial<Cell>[], metadata: Record<string, unknown> = KERNEL): Notebook {
  return {
    ...emptyNotebook(),
    metadata: structuredClone(metadata) as Notebook['metadata'],
    cells: cells.map((c) => (c.cell_type === 'code' ? { execution_count: null, outputs: [], metadata: {}, ...c } : { metadata: {}, ...c }) as Cell),
  };
}
const sources = (n: Notebook) => n.cells.map((c) => [c.cell_type, joinSource(c.source)]);

test('code cells are fenced in the kernel language, markdown is written as it is', () => {
  const text = toMarkdown(
    nb([
      { cell_type: 'markdown', source: '# Title\n\nText' },
      { cell_type: 'code', source: 'x = 1' },
    ]),
  );
  assert.is(text, `${HEADER}# Title\n\nText\n\n\`\`\`python\nx = 1\n\`\`\`\n`);
});

test('the fence gets one more backtick than the longest run starting a source line', () => {
  const text = toMarkdown(nb([{ cell_type: 'code', source: 's = """\n````\n"""' }]));
  assert.match(text, '`````python\ns = """\n````\n"""\n`````');
  assert.equal(sources(fromMarkdown(text)), [['code', 's = """\n````\n"""']]);
});

test('%%R -i df becomes the fence language and comes back as a magic', () => {
  const text = toMarkdown(nb([{ cell_type: 'code', source: '%%R -i df\nlibrary(x)' }]));
  assert.match(text, '```R magic_args="-i df"\nlibrary(x)\n```');
  assert.equal(sources(fromMarkdown(text)), [['code', '%%R -i df\nlibrary(x)']]);
});

test('markdown that would not read back goes into a region: two blank lines, a python block', () => {
  for (const source of ['a\n\n\nb', 'see:\n```python\n1\n```']) {
    const text = toMarkdown(nb([{ cell_type: 'markdown', source }]));
    assert.match(text, `<!-- #region -->\n${source}\n<!-- #endregion -->`);
    assert.equal(sources(fromMarkdown(text)), [['markdown', source]]);
  }
});

test('literal region comments inside a markdown cell are escaped with one leading space', () => {
  const source = '<!-- #region -->\nhello\n <!-- #endregion -->\n<!-- #raw -->';
  const text = toMarkdown(nb([{ cell_type: 'markdown', source }]));
  assert.match(text, '<!-- #region -->\n <!-- #region -->\nhello\n  <!-- #endregion -->\n <!-- #raw -->\n<!-- #endregion -->');
  assert.equal(sources(fromMarkdown(text)), [['markdown', source]]);
});

test('raw cells go between <!-- #raw --> comments, with their metadata', () => {
  const text = toMarkdown(nb([{ cell_type: 'raw', source: '$x$', metadata: { raw_mimetype: 'text/latex' } }]));
  assert.match(text, '<!-- #raw raw_mimetype="text/latex" -->\n$x$\n<!-- #endraw -->');
  const back = fromMarkdown(text);
  assert.equal(back.cells[0]!.metadata, { raw_mimetype: 'text/latex' });
});

test('region titles and metadata read back; <!-- #md --> keeps its name', () => {
  const back = fromMarkdown(`${HEADER}<!-- #region Region title key="value" -->\nA cell.\n<!-- #endregion -->\n\n<!-- #md -->\nB\n<!-- #endmd -->\n`);
  assert.equal(
    back.cells.map((c) => c.metadata),
    [{ key: 'value', title: 'Region title' }, { region_name: 'md' }],
  );
  assert.is(toMarkdown(back), `${HEADER}<!-- #region Region title key="value" -->\nA cell.\n<!-- #endregion -->\n\n<!-- #md -->\nB\n<!-- #endmd -->\n`);
});

test('CommonMark decides: a python fence inside ~~~ or an HTML block is no cell boundary', () => {
  const tilde = 'Shell:\n\n~~~\n```python\nx\n```\n~~~\n';
  assert.equal(sources(fromMarkdown(tilde)), [['markdown', tilde.slice(0, -1)]]);
  const pre = 'Text\n\n<pre>\na\n\n\nb\n</pre>\n';
  assert.equal(sources(fromMarkdown(pre)), [['markdown', pre.slice(0, -1)]]);
  // jupytext's own rules still split outside such blocks
  assert.equal(sources(fromMarkdown('a\n\n\nb\n\n```python\n1\n```\n')), [
    ['markdown', 'a'],
    ['markdown', 'b'],
    ['code', '1'],
  ]);
});

test('a markdown cell ending in an open HTML block, with no blank line before the next cell, reads back (both modes)', () => {
  // jupytext's ioslides example: the fence would be inside the <div> block for CommonMark
  const n = nb([
    { cell_type: 'markdown', source: 'Text\n<div style="float: right; width: 70%;">', metadata: { lines_to_next_cell: 0 } },
    { cell_type: 'code', source: "x.plot(kind='bar')", metadata: { lines_to_next_cell: 0 } },
    { cell_type: 'markdown', source: '</div>' },
  ]);
  for (const mode of [{}, { lossless: true }]) {
    const back = fromMarkdown(toMarkdown(n, mode));
    assert.equal(sources(back), sources(n), JSON.stringify(mode));
  }
  assert.equal(
    fromMarkdown(toMarkdown(n, { lossless: true })).cells.map((c) => c.metadata),
    n.cells.map((c) => c.metadata),
  );
});

test('blank lines after indented code do not split a markdown cell (as jupytext)', () => {
  const md = 'Code:\n\n    def f():\n        pass\n\n\nAfter\n';
  assert.equal(sources(fromMarkdown(md)), [['markdown', md.slice(0, -1)]]);
});

test('a .noeval fence and a fence in an unknown language stay markdown', () => {
  const md = 'A\n```python .noeval\nx = 1\n```\n\n```text\ny\n```\n';
  assert.equal(sources(fromMarkdown(md)), [['markdown', md.slice(0, -1)]]);
});

test('CRLF inside sources is kept (the \\r stays on its line)', () => {
  const n = nb([
    { cell_type: 'code', source: 'x = 1\r\ny = 2' },
    { cell_type: 'markdown', source: 'a\r\n\r\nb' },
  ]);
  const text = toMarkdown(n);
  assert.match(text, '```python\nx = 1\r\ny = 2\n```');
  assert.equal(sources(fromMarkdown(text)), sources(n));
});

test('a file whose every line ends in CRLF reads as LF (git autocrlf); nbgit never writes one', () => {
  const lf = `${HEADER}# T\n\n\`\`\`python\nx = 1\ny\n\`\`\`\n`;
  assert.equal(sources(fromMarkdown(lf.replaceAll('\n', '\r\n'))), sources(fromMarkdown(lf)));
  const n = nb([{ cell_type: 'markdown', source: 'a\r' }], {});
  const text = toMarkdown(n);
  assert.ok(text.replaceAll('\r\n', '').includes('\n'), 'has a bare LF');
  assert.equal(sources(fromMarkdown(text)), [['markdown', 'a\r']]);
});

test('attachments and keys jupytext cannot write travel in nbgit={...}', () => {
  const n = nb([
    { cell_type: 'markdown', source: '![a](attachment:a.png)', attachments: { 'a.png': { 'image/png': 'iVBOR' } } },
    { cell_type: 'code', source: '1', metadata: { 'my key': 1, tags: ['t'] } },
  ]);
  const text = toMarkdown(n);
  assert.match(text, '<!-- #region nbgit={"attachments": {"a.png": {"image/png": "iVBOR"}}} -->');
  assert.match(text, '```python tags=["t"] nbgit={"metadata": {"my key": 1}}');
  const back = fromMarkdown(text);
  assert.equal((back.cells[0] as { attachments?: unknown }).attachments, { 'a.png': { 'image/png': 'iVBOR' } });
  assert.equal(back.cells[1]!.metadata, { tags: ['t'], 'my key': 1 });
});

test('lossless mode keeps filtered metadata, ids and nbformat_minor; default mode leaves them out', () => {
  const n = nb([{ cell_type: 'code', id: 'abc', source: '1', metadata: { ExecuteTime: { end: 'x' }, collapsed: true } }], {
    ...KERNEL,
    language_info: { name: 'python' },
    author: 'me',
  });
  n.nbformat_minor = 4;
  const plain = toMarkdown(n);
  assert.not.match(plain, 'ExecuteTime');
  assert.not.match(plain, 'language_info');
  const text = toMarkdown(n, { lossless: true });
  assert.match(text, 'nbformat_minor: 4');
  assert.match(text, '```python ExecuteTime={"end": "x"} collapsed=true nbgit={"id": "abc"}');
  assert.is(lossless(fromMarkdown(text)), lossless(n));
});

test('ids are derived from content: same text, same ids; 4.5 notebooks get them', () => {
  const text = toMarkdown(
    nb([
      { cell_type: 'markdown', source: 'a' },
      { cell_type: 'code', source: '1' },
      { cell_type: 'code', source: '1' },
    ]),
  );
  const a = fromMarkdown(text);
  const ids = a.cells.map((c) => c.id);
  assert.equal(
    fromMarkdown(text).cells.map((c) => c.id),
    ids,
  );
  assert.is(new Set(ids).size, 3);
  assert.is(ids[2], `${ids[1]}-2`);
  assert.is(a.nbformat_minor, 5);
});

test('files without a jupyter header get jupytext filters and are written back without one', () => {
  const md = '---\ntitle: Doc\n---\n\nText\n\n```python\n1\n```\n';
  const n = fromMarkdown(md);
  assert.equal(n.metadata, { jupytext: { cell_metadata_filter: '-all', main_language: 'python', notebook_metadata_filter: '-all' } });
  assert.equal(sources(n)[0], ['raw', '---\ntitle: Doc\n---']);
  assert.is(toMarkdown(n), md);
});

test('a notebook whose kernel jupytext does not know still reads its code cells', () => {
  const n = nb([{ cell_type: 'code', source: 'fn main():\n    pass', metadata: { tags: ['a'] } }], {
    kernelspec: { display_name: 'Mojo', language: 'mojo', name: 'mojo' },
  });
  const text = toMarkdown(n);
  assert.match(text, '```mojo tags=["a"]\n');
  assert.equal(
    fromMarkdown(text).cells.map((c) => [c.cell_type, c.metadata]),
    [['code', { tags: ['a'] }]],
  );
});

test('cell_metadata_json: regions use one JSON object, as jupytext', () => {
  const n = nb([{ cell_type: 'markdown', source: 'x', metadata: { a: 1 } }], { ...KERNEL, jupytext: { cell_metadata_json: true } });
  const text = toMarkdown(n);
  assert.match(text, '<!-- #region {"a": 1} -->');
  assert.is(toMarkdown(fromMarkdown(text)), text);
});

test('errors carry file, line and column; lenient keeps jupytext behaviour', () => {
  try {
    fromMarkdown('---\njupyter:\n  kernelspec:\n    name: [x\n', { file: 'a.md' });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /^a\.md:\d+:\d+: /);
    assert.is((e as { code?: string }).code, 'ESYNTAX');
  }
  const bad = '<!-- #region k={ -->\nx\n<!-- #endregion -->\n';
  assert.throws(() => fromMarkdown(bad, { file: 'b.md' }), /^b\.md:1:14: /);
  assert.equal(fromMarkdown(bad, { lenient: true }).cells[0]!.metadata, { incorrectly_encoded_metadata: 'k={' });
});

test('hide_notebook_metadata: the header inside an HTML comment, read back', () => {
  const n = nb([{ cell_type: 'markdown', source: 'Text' }], { ...KERNEL, jupytext: { hide_notebook_metadata: true } });
  const text = toMarkdown(n);
  assert.ok(text.startsWith('<!--\n\n---\njupyter:\n  jupytext:\n    hide_notebook_metadata: true\n'), text);
  assert.match(text, '---\n\n-->\n\nText\n');
  const back = fromMarkdown(text);
  assert.equal(back.metadata, n.metadata);
  assert.equal(sources(back), [['markdown', 'Text']]);
  assert.is(toMarkdown(back), text);
});

test('split_at_heading: a heading after a blank line starts a cell; one blank line between', () => {
  const meta = { ...KERNEL, jupytext: { split_at_heading: true } };
  const n = nb(
    [
      { cell_type: 'markdown', source: 'Intro' },
      { cell_type: 'markdown', source: '# A\n\ntext' },
      { cell_type: 'markdown', source: '## B' },
    ],
    meta,
  );
  const text = toMarkdown(n);
  assert.match(text, '---\n\nIntro\n\n# A\n\ntext\n\n## B\n');
  assert.equal(sources(fromMarkdown(text)), sources(n));
  assert.equal(sources(fromMarkdown(text.replace('split_at_heading: true', 'split_at_heading: false'))).length, 1);
});

test('empty notebook, empty cells', () => {
  assert.is(toMarkdown(nb([], {})), '');
  assert.equal(fromMarkdown('').cells, []);
  const n = nb([
    { cell_type: 'markdown', source: '' },
    { cell_type: 'code', source: '' },
    { cell_type: 'markdown', source: '' },
  ]);
  assert.equal(sources(fromMarkdown(toMarkdown(n))), sources(n));
});

test.run();
