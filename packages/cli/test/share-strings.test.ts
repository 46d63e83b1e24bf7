// shareStrings (merge and diff hold the versions of one notebook with one copy of their equal
// strings) must never change what a notebook holds, whatever the other version looks like.
import type { Notebook } from '@nbgit/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellReuser, shareStrings, withoutLayout } from '../src/share-strings.js';

const long = (s: string) => s.repeat(300);

function version(edit: boolean): Notebook {
  return {
    cells: [
      { cell_type: 'markdown', id: 'a', metadata: {}, source: long('intro ') },
      {
        cell_type: 'code',
        execution_count: 1,
        id: 'b',
        metadata: { tags: ['x'] },
        outputs: [{ data: { 'image/png': long(edit ? 'QUJD' : 'AAAA'), 'text/plain': ['<Figure>'] }, metadata: {}, output_type: 'display_data' }],
        source: [long('x = 1\n'), 'y'],
      },
      { cell_type: 'raw', metadata: {}, source: long('raw ') },
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  } as unknown as Notebook;
}

test('the notebook keeps its content: cells matched by id or position, other shapes and edits left alone', () => {
  const nb = version(true);
  const expected = structuredClone(nb);
  const like = version(false);
  // the other version: cells moved, one cell's outputs of another shape, a source as one string
  like.cells.reverse();
  (like.cells[0] as unknown as { source: string }).source = long('raw ');
  (like.cells[1] as unknown as { outputs: unknown }).outputs = { not: 'a list' };
  assert.is(shareStrings(nb, like), nb);
  assert.equal(nb, expected);
  assert.equal(shareStrings(version(false), version(false)), version(false));
});

test('withoutLayout copies an nbformat 4 root (its members shared), and leaves others as they are', () => {
  const nb = version(false);
  const copy = withoutLayout(nb);
  assert.ok(copy !== nb && copy.cells === nb.cells);
  assert.equal(copy, nb);
  const v3 = { nbformat: 3, worksheets: [] } as unknown as Notebook;
  assert.is(withoutLayout(v3), v3);
});

test('cellReuser: a cell equal to its cell in the other version is given as that cell; others keep their content', () => {
  const like = version(false);
  const nb = version(true);
  const expected = structuredClone(nb);
  const reuse = cellReuser(like);
  assert.is(reuse(nb.cells[0] as never, 0), like.cells[0]);
  assert.is(reuse(nb.cells[1] as never, 1), undefined);
  assert.equal(nb, expected);
  // matched by id first, else by position
  assert.is(reuse({ ...like.cells[2] } as never, 0), undefined);
  assert.is(reuse({ ...like.cells[0] } as never, 2), like.cells[0]);
});

test.run();
