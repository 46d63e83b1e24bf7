import { NbgitError, type Notebook } from '@nbgit/core';
import { diffNotebooks, type NotebookDiff, patchNotebook, renderJson, renderTerminal, renderUnifiedText, summarize } from '@nbgit/diff';
import { code, md, nb, stream } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** xs[k], failing the test when it is missing. */
function at<T>(xs: readonly T[], k: number): T {
  const x = xs[k];
  if (x === undefined) throw new Error(`no element ${k} (length ${xs.length})`);
  return x;
}

test('moved cell: unchanged + moved, shown at its new place', () => {
  const a = nb([md('# A', { id: 'a' }), code('x = 1', { id: 'x' }), code('y = 2', { id: 'y' }), code('z = 3', { id: 'z' })]);
  const b = nb([0, 2, 3, 1].map((k) => structuredClone(at(a.cells, k))));
  const d = diffNotebooks(a, b);
  assert.not.ok(d.equal);
  assert.equal(d.summary, { added: 0, removed: 0, moved: 1, modified: 0, unchanged: 4 });
  assert.equal(
    d.cells.map((e) => (e.op === 'unchanged' || e.op === 'modified' ? `${e.op}:${e.a}->${e.b}${e.moved ? ':moved' : ''}` : e.op)),
    ['unchanged:0->0', 'unchanged:2->1', 'unchanged:3->2', 'unchanged:1->3:moved'],
  );
  assert.is(renderTerminal(d), '## cell 1 → 3 moved (code, id x)\n');
  assert.equal(patchNotebook(a, d), b);
});

test('moved and edited cell with an id: modified + moved', () => {
  const a = nb([code('first = 1', { id: 'p' }), code('second = 2', { id: 'q' }), code('third = 3', { id: 'r' })]);
  const b = nb([code('third = 33', { id: 'r' }), code('first = 1', { id: 'p' }), code('second = 2', { id: 'q' })]);
  const d = diffNotebooks(a, b);
  const e = at(d.cells, 0);
  assert.is(e.op, 'modified');
  if (e.op !== 'modified') return;
  assert.ok(e.moved);
  assert.is(e.how, 'id');
  assert.match(renderTerminal(d), '## cell 2 → 0 moved, modified (code, id r)\n@@ -1,1 +1,1 @@\n-third = 3\n+third = 33\n');
});

test('4.4 notebooks without ids: edited cell is modified, inserted cell added, removed cell removed', () => {
  const a = nb([md('# Title'), code('import os\n'), code('files = os.listdir(".")\nprint(files)'), code('print("bye")')], 4);
  const b = nb([md('# Title'), code('import os\n'), code('files = sorted(os.listdir("."))\nprint(files)'), md('Done.')], 4);
  const d = diffNotebooks(a, b);
  assert.equal(
    d.cells.map((e) => e.op),
    ['unchanged', 'unchanged', 'modified', 'removed', 'added'],
  );
  assert.equal(d.summary, { added: 1, removed: 1, moved: 0, modified: 1, unchanged: 2 });
  assert.equal(patchNotebook(a, d), b);
});

test('changed ids: content matching, id change reported (or ignored)', () => {
  const a = nb([code('alpha = 1', { id: 'old-1' }), code('beta = 2', { id: 'old-2' })]);
  const b = nb([code('alpha = 1', { id: 'new-1' }), code('beta = 2', { id: 'new-2' })]);
  const d = diffNotebooks(a, b);
  assert.equal(
    d.cells.map((e) => (e.op === 'modified' ? e.changes : e.op)),
    [{ id: { old: 'old-1', new: 'new-1' } }, { id: { old: 'old-2', new: 'new-2' } }],
  );
  assert.ok(diffNotebooks(a, b, { ignoreIds: true }).equal);
  assert.equal(patchNotebook(a, d), b);
});

test('ids added to a 4.4 notebook (upgrade to 4.5)', () => {
  const a = nb([code('a = 1'), md('text')], 4);
  const b = nb([code('a = 1', { id: 'i1' }), md('text', { id: 'i2' })], 5);
  const d = diffNotebooks(a, b);
  assert.equal(d.notebook, [{ op: 'changed', path: ['nbformat_minor'], old: 4, new: 5 }]);
  assert.equal(
    d.cells.map((e) => (e.op === 'modified' ? e.changes.id : undefined)),
    [{ new: 'i1' }, { new: 'i2' }],
  );
  assert.equal(patchNotebook(a, d), b);
});

test('layout only (string vs list of lines): equal, renders nothing, patch exact', () => {
  const a = nb([code(['x = 1\n', 'y = 2'], { outputs: [stream(['a\n', 'b'])] })]);
  const b = nb([code('x = 1\ny = 2', { outputs: [stream('a\nb')] })]);
  const d = diffNotebooks(a, b);
  assert.ok(d.equal);
  assert.is(at(d.cells, 0).op, 'unchanged');
  assert.is(renderTerminal(d), '');
  assert.equal(patchNotebook(a, d), b);
  // an odd split is kept exactly
  const c = nb([code(['x = ', '1\ny', ' = 2'])]);
  assert.equal(patchNotebook(a, diffNotebooks(a, c)), c);
});

test('cell type change', () => {
  const a = nb([code('Some explanation of the method\n', { execution_count: null, outputs: [] })]);
  const b = nb([md('Some explanation of the method\n')]);
  const d = diffNotebooks(a, b);
  const e = at(d.cells, 0);
  assert.is(e.op, 'modified');
  if (e.op !== 'modified') return;
  assert.equal(e.changes.cell_type, { old: 'code', new: 'markdown' });
  assert.equal(e.changes.execution_count, { old: null });
  assert.equal(e.changes.other, [{ op: 'removed', path: ['outputs'], old: [] }]);
  assert.equal(patchNotebook(a, d), b);
  assert.match(renderTerminal(d), 'cell type: code → markdown');
});

test('outputs: added, removed, modified text, image summary', () => {
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const a = nb([
    code('plot()', {
      outputs: [stream('loading\n'), { output_type: 'display_data', data: { 'image/png': png, 'text/plain': ['<Figure>'] }, metadata: {} }],
    } as never),
  ]);
  const b = nb([
    code('plot()', {
      outputs: [stream('loading data\n'), { output_type: 'error', ename: 'ValueError', evalue: 'bad', traceback: ['\x1b[31mValueError\x1b[0m: bad'] }],
    } as never),
  ]);
  const d = diffNotebooks(a, b);
  const view = renderTerminal(d);
  assert.match(view, '  ~ output 0: stream stdout\n      @@ -1,1 +1,1 @@\n      -loading\n      +loading data\n');
  assert.match(view, '  - output 1: display_data\n      image/png, 70 B, hash ');
  assert.match(view, '  + output 1: error ValueError\n      +ValueError: bad\n');
  assert.equal(patchNotebook(a, d), b);
});

test('metadata: key-level changes, nested', () => {
  const a = nb([code('x', { metadata: { tags: ['a'], jupyter: { source_hidden: false }, collapsed: true } })], 5, { kernelspec: { name: 'python3' } });
  const b = nb([code('x', { metadata: { tags: ['a', 'b'], jupyter: { source_hidden: true } } })], 5, { kernelspec: { name: 'ir' } });
  const d = diffNotebooks(a, b);
  const e = at(d.cells, 0);
  if (e.op !== 'modified') throw new Error('expected modified');
  assert.equal(e.changes.metadata, [
    { op: 'changed', path: ['tags'], old: ['a'], new: ['a', 'b'] },
    { op: 'changed', path: ['jupyter', 'source_hidden'], old: false, new: true },
    { op: 'removed', path: ['collapsed'], old: true },
  ]);
  const view = renderTerminal(d);
  assert.match(view, '## notebook\n  ~ metadata.kernelspec.name: "python3" → "ir"\n');
  assert.match(view, '  metadata:\n    ~ tags: ["a"] → ["a","b"]\n    ~ jupyter.source_hidden: false → true\n    - collapsed: true\n');
  assert.equal(patchNotebook(a, d), b);
});

test('execution count appears and disappears', () => {
  const a = nb([code('x', { execution_count: 3 })]);
  const b = structuredClone(a);
  delete (b.cells[0] as { execution_count?: unknown }).execution_count;
  const d = diffNotebooks(a, b);
  assert.equal(patchNotebook(a, d), b);
  assert.match(renderTerminal(d), 'execution count: 3 → (none)');
});

test('summary line', () => {
  const a = nb([code('a = 1'), code('b = 2')]);
  const b = nb([code('a = 10'), code('zzz_unrelated_stuff()')]);
  assert.is(summarize(diffNotebooks(a, b)), '1 modified, 1 added, 1 removed');
  assert.is(summarize(diffNotebooks(a, a)), 'no changes');
});

test('colour: ANSI only when asked, word-level highlight of the changed word', () => {
  const a = nb([code('total = price * quantity\n')]);
  const b = nb([code('total = price * amount\n')]);
  const d = diffNotebooks(a, b);
  assert.not.match(renderTerminal(d), '\x1b[');
  const coloured = renderTerminal(d, { color: true });
  assert.match(coloured, '\x1b[41mquantity\x1b[49m');
  assert.match(coloured, '\x1b[42mamount\x1b[49m');
  assert.not.match(coloured, '\x1b[41mtotal');
});

test('context lines and hunk headers', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line_${i} = ${i}\n`);
  const a = nb([code(lines.join(''))]);
  const changed = lines.slice();
  changed[10] = 'line_10 = "ten"\n';
  const b = nb([code(changed.join(''))]);
  const d = diffNotebooks(a, b);
  assert.match(renderTerminal(d), '@@ -8,7 +8,7 @@\n line_7 = 7\n line_8 = 8\n line_9 = 9\n-line_10 = 10\n+line_10 = "ten"\n line_11 = 11\n');
  assert.match(renderTerminal(d, { context: 0 }), '@@ -11,1 +11,1 @@\n-line_10 = 10\n+line_10 = "ten"\n');
});

test('JSON rendering is the diff, with the documented top-level keys', () => {
  const d = diffNotebooks(nb([code('a')]), nb([code('b')]));
  const j = JSON.parse(renderJson(d)) as NotebookDiff;
  assert.equal(Object.keys(j), ['format', 'version', 'equal', 'summary', 'notebook', 'cells']);
  assert.equal(j, d);
});

test('bad input: not a notebook, bad source, a diff that does not fit', () => {
  assert.throws(
    () => diffNotebooks({} as Notebook, nb([])),
    (e: unknown) => e instanceof NbgitError && e.code === 'ENOTNOTEBOOK',
  );
  assert.throws(
    () => diffNotebooks(nb([{ cell_type: 'code', metadata: {}, outputs: [], source: 42 } as never]), nb([])),
    (e: unknown) =>
      e instanceof NbgitError &&
      e.code === 'ESCHEMA' &&
      e.path === 'cells[0].source' &&
      /cells\[0\]\.source: expected a string or a list of strings, found 42/.test(e.message),
  );
  const a = nb([code('x = 1')]);
  const d = diffNotebooks(a, nb([code('x = 2')]));
  assert.throws(() => patchNotebook(nb([code('y = 1')]), d), /diff does not fit cells\[0\]\.source/);
  assert.throws(() => patchNotebook(nb([]), d), /diff refers to cell 0, but the notebook has 0 cells/);
  assert.throws(() => patchNotebook(a, { format: 'other' } as never), /not an nbgit diff/);
});

test('plain text fallback', () => {
  assert.is(renderUnifiedText('a', 'b', 'same\n', 'same\n'), '');
  assert.match(renderUnifiedText('a', 'b', 'x\ny\n', 'x\nz\n'), '--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n+z\n');
});

test.run();
