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

test('textconv: cells numbered from 0 with type, id and count, as nbgit diff labels them; outputs summarised; stable', () => {
  const text = notebookText(nb);
  assert.is(
    text,
    `notebook nbformat 4.5
metadata.kernelspec: {"display_name": "Python 3", "language": "python", "name": "python3"}

## cell 0 (markdown, id intro)
# Title
Text

## cell 1 (code, id c1), execution count 3
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
  assert.match(notebookText(v3), /## cell 0 \(code\), execution count 2\nx\n\n## cell 1: 7\n$/);
  assert.is(notebookText({}), 'notebook nbformat ?\n');
});

test('textconv: the header of a cell is the one nbgit diff prints for it, without the change word', () => {
  const a = fromIpynb(JSON.stringify(nb));
  const b = fromIpynb(JSON.stringify({ ...nb, cells: [nb.cells[0], { ...nb.cells[1], source: 'print(1)' }] }));
  const rendered = renderTerminal(diffNotebooks(a, b));
  const header = /^## cell (\d+) modified \((.*)\)$/m.exec(rendered);
  assert.ok(header, rendered);
  assert.match(notebookText(b), `\n## cell ${header[1]} (${header[2]}), execution count 3\n`);
  const added = renderTerminal(diffNotebooks(fromIpynb(JSON.stringify({ ...nb, cells: [] })), a));
  assert.match(added, '## cell 0 added (markdown, id intro)');
  assert.match(notebookText(a), '## cell 0 (markdown, id intro)\n');
});

test.run();
