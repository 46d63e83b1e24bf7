import {
  applyOperations,
  checkOperation,
  clearOutputs,
  deleteCell,
  deleteCellMetadata,
  describeResult,
  insertCell,
  joinCells,
  moveCell,
  resolveCell,
  setCellMetadata,
  setCellType,
  setSource,
  setTags,
  splitCell,
} from '@nbgit/cells';
import { isNbgitError, type Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { onlyCellChanged } from './helpers.js';

/** A notebook as Jupyter writes it (nbformat 4.5, ids, outputs). */
const JUPYTER = `{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "intro",
   "metadata": {},
   "source": [
    "# Title\\n",
    "\\n",
    "Some text."
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "id": "a1b2c3d4",
   "metadata": {
    "tags": [
     "parameters"
    ]
   },
   "outputs": [],
   "source": [
    "alpha = 0.5\\n",
    "n = 10"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 2,
   "id": "a1ffee00",
   "metadata": {},
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "1.0\\n"
     ]
    }
   ],
   "source": [
    "print(alpha * 2)\\n",
    "y = 1\\n",
    "z = 2"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "12345678",
   "metadata": {},
   "outputs": [],
   "source": []
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python",
   "name": "python3"
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
`;

const read = (text = JUPYTER): Notebook => fromIpynb(text);
const cellsOf = (text: string) => (JSON.parse(text) as { cells: Record<string, unknown>[] }).cells;

function throwsCode(fn: () => unknown, code: string, pattern?: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.ok(isNbgitError(e), String(e));
    assert.is(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('cells are named by index, negative index, #N, id, and unique id prefix', () => {
  const nb = read();
  assert.is(resolveCell(nb.cells, 1), 1);
  assert.is(resolveCell(nb.cells, -1), 3);
  assert.is(resolveCell(nb.cells, '#2'), 2);
  assert.is(resolveCell(nb.cells, '2'), 2);
  assert.is(resolveCell(nb.cells, 'intro'), 0);
  assert.is(resolveCell(nb.cells, 'a1b'), 1);
  assert.is(resolveCell(nb.cells, 'a1f'), 2);
  // an exact id wins over the index it looks like
  assert.is(resolveCell(nb.cells, '12345678'), 3);
  throwsCode(() => resolveCell(nb.cells, 'a1'), 'ECELL', /ambiguous: a1b2c3d4 \(cell 1\), a1ffee00 \(cell 2\)/);
  throwsCode(() => resolveCell(nb.cells, 'zz'), 'ECELL', /no cell "zz"/);
  throwsCode(() => resolveCell(nb.cells, 4), 'ECELL', /has 4 cells/);
  throwsCode(() => resolveCell(nb.cells, 1.5), 'ECELL');
});

test('set keeps the list form; the same text changes no byte; only the cell changes', () => {
  const nb = read();
  assert.is(setSource(nb, 'a1b', 'alpha = 0.5\nn = 10').changed, false);
  assert.is(toIpynb(nb), JUPYTER);
  assert.is(setSource(nb, 'a1b', ['alpha = 0.', '7\nn = 10']).changed, true);
  const out = toIpynb(nb);
  assert.equal(cellsOf(out)[1]!.source, ['alpha = 0.7\n', 'n = 10']);
  assert.is(onlyCellChanged(JUPYTER, out, 1), undefined);
  // outputs and count are the cell's business: an edit keeps them (as Jupyter does)
  setSource(nb, 2, 'print(1)');
  assert.is((cellsOf(toIpynb(nb))[2]!.outputs as unknown[]).length, 1);
});

test('set on a cell stored as one string: only that cell changes, written as Jupyter writes it', () => {
  const text = JUPYTER.replace('"source": [\n    "alpha = 0.5\\n",\n    "n = 10"\n   ]', '"source": "alpha = 0.5\\nn = 10"');
  assert.ok(text !== JUPYTER);
  const nb = read(text);
  setSource(nb, 1, 'alpha = 1\nn = 2\n');
  const out = toIpynb(nb);
  assert.equal(cellsOf(out)[1]!.source, ['alpha = 1\n', 'n = 2\n']);
  assert.is(setSource(read(text), 1, 'alpha = 0.5\nn = 10').changed, false);
  assert.is(onlyCellChanged(text, out, 1), undefined);
});

test('insert: placement, deterministic ids that never collide, Jupyter key order', () => {
  const a = read();
  const b = read();
  const r1 = insertCell(a, { after: 'intro', source: 'x = 1', tags: ['setup'] });
  const r2 = insertCell(b, { after: 'intro', source: 'x = 1', tags: ['setup'] });
  assert.is(r1.index, 1);
  assert.ok(r1.id && /^[0-9a-f]{8}$/.test(r1.id));
  assert.is(r1.id, r2.id, 'same notebook, same insert, same id');
  const r3 = insertCell(a, { at: 'start', source: 'x = 1' });
  assert.is(r3.index, 0);
  assert.is(r3.id, `${r1.id}-2`, 'an equal cell gets a suffix, never the same id');
  insertCell(a, { before: -1, type: 'markdown', source: 'note' });
  insertCell(a, {});
  const out = toIpynb(a);
  const cells = cellsOf(out);
  assert.equal(
    cells.map((c) => c.cell_type),
    ['code', 'markdown', 'code', 'code', 'code', 'markdown', 'code', 'code'],
  );
  assert.equal(Object.keys(cells[2]!), ['cell_type', 'execution_count', 'id', 'metadata', 'outputs', 'source']);
  assert.equal(cells[2]!.metadata, { tags: ['setup'] });
  assert.equal(Object.keys(cells[5]!), ['cell_type', 'id', 'metadata', 'source']);
  assert.equal(validateNotebook(fromIpynb(out)), []);
  assert.is(new Set(cells.map((c) => c.id)).size, cells.length);
});

test('insert into a notebook without ids (nbformat 4.4) adds none', () => {
  const text = JUPYTER.replace('"nbformat_minor": 5', '"nbformat_minor": 4').replace(/ {3}"id": "[^"]+",\n/g, '');
  const nb = read(text);
  const r = insertCell(nb, { source: 'x' });
  assert.is(r.id, undefined);
  const out = toIpynb(nb);
  assert.not.ok('id' in cellsOf(out)[4]!);
  assert.ok(out.endsWith('"nbformat_minor": 4\n}\n'));
  assert.equal(validateNotebook(fromIpynb(out)), []);
});

test('delete and move keep the other cells byte for byte', () => {
  const nb = read();
  deleteCell(nb, 'intro');
  moveCell(nb, '12345678', { at: 'start' });
  moveCell(nb, 'a1b', { after: 'a1f' });
  const out = toIpynb(nb);
  assert.equal(
    cellsOf(out).map((c) => c.id),
    ['12345678', 'a1ffee00', 'a1b2c3d4'],
  );
  const orig = cellsOf(JUPYTER);
  assert.equal(cellsOf(out)[2], orig[1]);
  throwsCode(() => moveCell(nb, 0, { before: 0 }), 'EOP', /before itself/);
});

test('split at a line: the first part keeps id, outputs and count; the second is new', () => {
  const nb = read();
  const r = splitCell(nb, 'a1f', 2);
  assert.is(r.index, 3);
  const cells = cellsOf(toIpynb(nb));
  assert.equal(cells[2]!.source, ['print(alpha * 2)']);
  assert.is(cells[2]!.id, 'a1ffee00');
  assert.is((cells[2]!.outputs as unknown[]).length, 1);
  assert.equal(cells[3]!.source, ['y = 1\n', 'z = 2']);
  assert.equal(cells[3]!.outputs, []);
  assert.is(cells[3]!.execution_count, null);
  assert.is(cells[3]!.id, r.id);
  throwsCode(() => splitCell(read(), 'a1f', 1), 'EOP', /split at a line from 2 to 3/);
  throwsCode(() => splitCell(read(), 'a1f', 4), 'EOP');
});

test('join consecutive cells: one line break between sources, outputs kept in order', () => {
  const nb = read();
  joinCells(nb, ['a1b', 'a1f']);
  const cells = cellsOf(toIpynb(nb));
  assert.is(cells.length, 3);
  assert.equal(cells[1]!.source, ['alpha = 0.5\n', 'n = 10\n', 'print(alpha * 2)\n', 'y = 1\n', 'z = 2']);
  assert.is((cells[1]!.outputs as unknown[]).length, 1);
  assert.is(cells[1]!.id, 'a1b2c3d4');
  // join then split gives back the cells' texts
  splitCell(nb, 'a1b', 3);
  assert.equal(cellsOf(toIpynb(nb))[1]!.source, ['alpha = 0.5\n', 'n = 10']);
  throwsCode(() => joinCells(read(), [0, 2]), 'EOP', /consecutive/);
});

test('type: to markdown drops outputs and count; to code adds them', () => {
  const nb = read();
  setCellType(nb, 2, 'markdown');
  setCellType(nb, 0, 'code');
  assert.is(setCellType(nb, 1, 'code').changed, false);
  const out = toIpynb(nb);
  const cells = cellsOf(out);
  assert.equal(Object.keys(cells[2]!), ['cell_type', 'id', 'metadata', 'source']);
  assert.equal(Object.keys(cells[0]!), ['cell_type', 'execution_count', 'id', 'metadata', 'outputs', 'source']);
  assert.equal(validateNotebook(fromIpynb(out)), []);
});

test('tags and metadata by key path', () => {
  const nb = read();
  assert.is(setTags(nb, 1, { add: ['parameters'] }).changed, false);
  setTags(nb, 1, { add: ['slow'], remove: ['parameters'] });
  setTags(nb, 0, { add: ['a', 'b', 'a'] });
  setCellMetadata(nb, 2, 'jupyter.source_hidden', true);
  setCellMetadata(nb, 2, ['nbgit', 'note'], { k: [1, 2] });
  let cells = cellsOf(toIpynb(nb));
  assert.equal(cells[1]!.metadata, { tags: ['slow'] });
  assert.equal(cells[0]!.metadata, { tags: ['a', 'b'] });
  assert.equal(cells[2]!.metadata, { jupyter: { source_hidden: true }, nbgit: { note: { k: [1, 2] } } });
  setTags(nb, 1, { remove: ['slow'] });
  deleteCellMetadata(nb, 2, 'nbgit');
  assert.is(deleteCellMetadata(nb, 2, 'missing.key').changed, false);
  cells = cellsOf(toIpynb(nb));
  assert.equal(cells[1]!.metadata, {});
  assert.equal(cells[2]!.metadata, { jupyter: { source_hidden: true } });
  throwsCode(() => setCellMetadata(nb, 2, 'jupyter.source_hidden.x', 1), 'EOP', /jupyter.source_hidden is true, not an object/);
  throwsCode(() => setTags(nb, 0, { add: ['a,b'] }), 'EOP', /without commas/);
});

test('"outputs": null (read as no outputs, as nbstripout does): clear and join write a list, no TypeError', () => {
  // fromIpynb with legacy 'keep' (what the CLI's edits read with) takes such a file; found by the fuzz run
  const text = JUPYTER.replace(/"outputs": \[\]/, '"outputs": null');
  assert.ok(text.includes('"outputs": null'));
  const nullAt = (nb: Notebook) => nb.cells.findIndex((c) => c.cell_type === 'code' && (c.outputs as unknown) === null);
  let nb = fromIpynb(text, { legacy: 'keep' });
  const k = nullAt(nb);
  assert.ok(k >= 0);
  assert.ok(clearOutputs(nb).changed);
  assert.equal(cellsOf(toIpynb(nb))[k]!.outputs, []);
  nb = fromIpynb(text, { legacy: 'keep' });
  const other = nb.cells.findIndex((c, i) => i !== k && c.cell_type === 'code');
  const [a, b] = other < k ? [other, k] : [k, other];
  for (let i = a + 1; i < b; i++) deleteCell(nb, a + 1);
  joinCells(nb, [a, a + 1]);
  assert.ok(Array.isArray(cellsOf(toIpynb(nb))[a]!.outputs));
});

test('clear outputs: all cells, or those named; a clear notebook does not change', () => {
  const nb = read();
  assert.ok(clearOutputs(nb, ['a1b']).changed);
  let cells = cellsOf(toIpynb(nb));
  assert.is(cells[1]!.execution_count, null);
  assert.is(cells[2]!.execution_count, 2);
  clearOutputs(nb);
  cells = cellsOf(toIpynb(nb));
  assert.equal(cells[2]!.outputs, []);
  assert.is(cells[2]!.execution_count, null);
  const text = toIpynb(nb);
  assert.is(clearOutputs(nb).changed, false);
  assert.is(toIpynb(nb), text);
});

test('a batch applies all or nothing, addressing cells as the batch leaves them', () => {
  const nb = read();
  const r = applyOperations(nb, [
    { op: 'set', cell: 'a1b', source: 'alpha = 0.9' },
    { op: 'insert', after: 'a1b', source: 'beta = 2' },
    { op: 'move', cell: 'intro', at: 'end' },
    { op: 'tags', cell: 0, add: ['x'] },
  ]);
  assert.equal(
    r.results.map((x) => [x.op, x.index]),
    [
      ['set', 1],
      ['insert', 2],
      ['move', 4],
      ['tags', 0],
    ],
  );
  const good = toIpynb(nb);
  for (const ops of [
    [
      { op: 'delete', cell: 0 },
      { op: 'set', cell: 'nope', source: '' },
    ],
    [
      { op: 'set', cell: 0, source: 'changed' },
      { op: 'split', cell: 0, line: 9 },
    ],
    [{ op: 'clear' }, { op: 'frobnicate' }],
    [
      { op: 'tags', cell: 0, add: ['y'] },
      { op: 'insert', before: 0, at: 'end' },
    ],
  ]) {
    try {
      applyOperations(nb, ops as never);
      assert.unreachable('should throw');
    } catch (e) {
      assert.ok(isNbgitError(e), String(e));
      assert.match(e.message, /^operations\[1\]/);
    }
    assert.is(toIpynb(nb), good, 'a failed batch changed the notebook');
  }
});

test('operations from JSON are checked: unknown op or key, missing or mistyped argument', () => {
  const cases: [unknown, RegExp][] = [
    [null, /an object/],
    [{ op: 'zap' }, /unknown operation "zap"/],
    [{ op: 'set', cell: 0 }, /"source" is required/],
    [{ op: 'set', cell: 0, source: 3 }, /string or a list of strings/],
    [{ op: 'set', cell: 0, source: 'x', extra: 1 }, /unknown key "extra"/],
    [{ op: 'insert', type: 'heading' }, /code, markdown or raw/],
    [{ op: 'insert', at: 'middle' }, /"start" or "end"/],
    [{ op: 'move', cell: true, at: 'end' }, /"cell" is an index/],
    [{ op: 'split', cell: 0, line: '2' }, /line number/],
    [{ op: 'join', cells: [0] }, /at least two/],
    [{ op: 'metadata', cell: 0, path: '' }, /key path/],
    [{ op: 'metadata', cell: 0, path: 'a' }, /"value" is required/],
    [{ op: 'metadata', cell: 0, path: 'a', value: Number.NaN }, /must be JSON/],
  ];
  for (const [op, re] of cases) throwsCode(() => checkOperation(op), 'EOP', re);
  checkOperation({ op: 'metadata', cell: 'x', path: ['a', 'b'], delete: true });
});

test('a batch of 200 edits on 20,000 cells touches those cells only', () => {
  const cells = Array.from({ length: 20000 }, (_, i) => ({
    cell_type: 'code',
    execution_count: null,
    id: `c${i}`,
    metadata: {},
    outputs: [],
    source: [`x = ${i}`],
  }));
  const text = `${JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
  const nb = fromIpynb(text);
  const ops = Array.from({ length: 200 }, (_, i) => ({ op: 'set' as const, cell: `c${i * 100}`, source: `y = ${i}` }));
  applyOperations(nb, ops);
  const out = toIpynb(nb);
  assert.equal(cellsOf(out)[100]!.source, ['y = 1']);
  assert.equal(cellsOf(out)[101]!.source, ['x = 101']);
  assert.is(onlyCellChanged(text, toIpynb(fromIpynb(text)), 0), undefined);
});

test('describeResult: what an operation did, in words', () => {
  assert.is(describeResult({ op: 'insert', index: 3, id: 'a1b2', changed: true }), 'inserted cell 3 (id a1b2)');
  assert.is(describeResult({ op: 'move', index: 0, changed: true }), 'moved to cell 0');
  assert.is(describeResult({ op: 'tags', index: 0, id: 'x', changed: false }), 'tags cell 0 (id x): nothing to change');
  assert.is(describeResult({ op: 'clear', index: -1, changed: true }), 'cleared outputs');
});

test.run();
