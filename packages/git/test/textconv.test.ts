import { hashString } from '@nbgit/core';
import { diffNotebooks, renderTerminal } from '@nbgit/diff';
import { notebookText } from '@nbgit/git';
import { fromIpynb } from '@nbgit/ipynb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';
const nb = {
  cells: [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Title\n', 'Text'] },
    {
      cell_type: 'code',
      execution_count: 3,
      id: 'c1',
      metadata: { tags: ['t'] },
      outputs: [
        { name: 'stdout', output_type: 'stream', text: ['hello\n', 'world\n'] },
        { data: { 'image/png': PNG, 'text/plain': ['<Figure>'] }, metadata: {}, output_type: 'display_data' },
        { ename: 'ValueError', evalue: 'bad', output_type: 'error', traceback: ['\u001b[0;31mValueError\u001b[0m: bad'] },
      ],
      source: "print('hello')",
    },
  ],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
  nbformat: 4,
  nbformat_minor: 5,
};

test('textconv: cells by type, id and count, as nbgit diff labels them (no position); outputs summarised; stable', () => {
  const text = notebookText(nb);
  assert.is(
    text,
    `notebook nbformat 4.5
metadata.kernelspec: {"display_name": "Python 3", "language": "python", "name": "python3"}

## cell (markdown, id intro)
# Title
Text

## cell (code, id c1), execution count 3
## metadata: {"tags": ["t"]}
print('hello')
## output 0: stream stdout
    hello
    world
## output 1: display_data
    image/png: 79 bytes, hash ${hashString(PNG).slice(0, 8)}
    text/plain: <Figure>
## output 2: error ValueError
    ValueError: bad
    ValueError: bad
`,
  );
  const reordered = fromIpynb(JSON.stringify({ nbformat_minor: 5, nbformat: 4, metadata: nb.metadata, cells: nb.cells }, null, 3));
  assert.is(notebookText(reordered), text, 'layout and key order do not matter');
});

test('textconv: odd shapes do not throw (v3 worksheets, non-objects)', () => {
  const v3 = { nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [{ cells: [{ cell_type: 'code', input: 'x', outputs: [], prompt_number: 2 }, 7] }] };
  assert.match(notebookText(v3), new RegExp(`## cell \\(code, hash ${hashString('x').slice(0, 8)}\\), execution count 2\nx\n\n## cell: 7\n$`));
  assert.is(notebookText({}), 'notebook nbformat ?\n');
});

test('textconv: the header of a cell is the one nbgit diff prints for it, without the position and the change word', () => {
  const a = fromIpynb(JSON.stringify(nb));
  const b = fromIpynb(JSON.stringify({ ...nb, cells: [nb.cells[0], { ...nb.cells[1], source: 'print(1)' }] }));
  const rendered = renderTerminal(diffNotebooks(a, b));
  const header = /^## cell (\d+) modified \((.*)\)$/m.exec(rendered);
  assert.ok(header, rendered);
  assert.is(header[1], '1');
  assert.match(notebookText(b), `\n## cell (${header[2]}), execution count 3\n`);
  const added = renderTerminal(diffNotebooks(fromIpynb(JSON.stringify({ ...nb, cells: [] })), a));
  assert.match(added, '## cell 0 added (markdown, id intro)');
  assert.match(notebookText(a), '## cell (markdown, id intro)\n');
});

test('textconv: a cell inserted at the top changes no other line (ids, or source hashes without ids)', () => {
  const cells = (withIds: boolean) =>
    Array.from({ length: 50 }, (_, i) => ({
      cell_type: 'code',
      execution_count: null,
      ...(withIds ? { id: `c${i}` } : {}),
      metadata: {},
      outputs: [],
      source: `x${i} = ${i}`,
    }));
  for (const withIds of [true, false]) {
    const before = cells(withIds);
    const after = [before[0]!, { ...before[0]!, ...(withIds ? { id: 'new' } : {}), source: 'inserted()' }, ...before.slice(1)];
    const nbOf = (c: unknown[]) => ({ cells: c, metadata: {}, nbformat: 4, nbformat_minor: withIds ? 5 : 4 });
    const a = notebookText(nbOf(before)).split('\n');
    const b = notebookText(nbOf(after)).split('\n');
    // b is a with three lines inserted: blank, header, source
    assert.is(b.length, a.length + 3);
    const k = b.indexOf('inserted()');
    assert.equal([...b.slice(0, k - 2), ...b.slice(k + 1)], a, withIds ? 'with ids' : 'without ids');
  }
});

test.run();
