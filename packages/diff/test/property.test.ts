// Property tests: patch(a, diff(a, b)) equals b exactly, for generated notebooks: independent
// pairs, and pairs where b is a edited, with cells moved, inserted, removed, retyped, re-id'd.
import type { Cell, Notebook } from '@nbgit/core';
import { alignCells, cellSimilarity, diffNotebooks, patchNotebook, renderJson, renderTerminal } from '@nbgit/diff';
import { jsonArbitrary, md, notebookArbitrary } from '@nbgit/testkit';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** Plain JSON objects (fast-check makes null-prototype ones, which deep equality tells apart). */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x));

// small vocabularies so that equal, similar and duplicated cells happen often
const line = fc.constantFrom(
  'x = 1\n',
  'y = 2\n',
  'print(x)\n',
  '# %%\n',
  '\n',
  '  \n',
  'for i in range(3):\n',
  '    pass\n',
  'é😀\n',
  'a\r\n',
  'no newline',
  '',
);
const text = fc.array(line, { maxLength: 6 }).map((ls) => ls.join(''));
const source = fc.oneof(text, fc.array(line, { maxLength: 6 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }));
const json = jsonArbitrary({
  string: fc.string({ maxLength: 5 }),
  number: fc.integer(),
  key: fc.constantFrom('a', 'b', 'c', 'tags', 'x y'),
  maxLength: 3,
  noNullPrototype: true,
});
const meta = fc.dictionary(fc.constantFrom('collapsed', 'tags', 'scrolled', 'k', 'nested'), json, { maxKeys: 3, noNullPrototype: true }).map(plain);
const output = fc
  .oneof(
    fc.record({ name: fc.constantFrom('stdout', 'stderr'), output_type: fc.constant('stream'), text: source }),
    fc.record({
      data: fc.record({ 'text/plain': source }, { requiredKeys: [] }),
      execution_count: fc.oneof(fc.constant(null), fc.nat(9)),
      metadata: meta,
      output_type: fc.constant('execute_result'),
    }),
    fc.record({
      data: fc.record({ 'image/png': fc.constantFrom('iVBORw0KGgo=', 'AAAA'), 'text/plain': source }, { requiredKeys: [] }),
      metadata: meta,
      output_type: fc.constant('display_data'),
    }),
    fc.record({
      ename: fc.constantFrom('ValueError', 'KeyError'),
      evalue: fc.string({ maxLength: 5 }),
      output_type: fc.constant('error'),
      traceback: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
    }),
  )
  .map(plain);
const id = fc.constantFrom('a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7', 'h8');
const cell: fc.Arbitrary<Cell> = fc
  .oneof(
    fc.record(
      {
        cell_type: fc.constant('code'),
        execution_count: fc.oneof(fc.constant(null), fc.nat(20)),
        id,
        metadata: meta,
        outputs: fc.array(output, { maxLength: 3 }),
        source,
      },
      { requiredKeys: ['cell_type', 'metadata', 'source', 'outputs', 'execution_count'] },
    ),
    fc.record(
      {
        attachments: fc.dictionary(fc.constantFrom('a.png', 'b.png'), fc.record({ 'image/png': fc.constantFrom('AAAA', 'BBBB') }), {
          maxKeys: 2,
          noNullPrototype: true,
        }),
        cell_type: fc.constantFrom('markdown', 'raw'),
        id,
        metadata: meta,
        source,
      },
      { requiredKeys: ['cell_type', 'metadata', 'source'] },
    ),
  )
  .map(plain) as fc.Arbitrary<Cell>;
const notebook = notebookArbitrary({ cell, metadata: meta, maxCells: 8, extra: json }).map(plain);

/** Edits applied to a copy of a notebook. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('source' as const), at: fc.nat(), value: source }),
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), cell }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('id' as const), at: fc.nat(), value: fc.option(id) }),
  fc.record({ kind: fc.constant('type' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('shape' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('outputs' as const), at: fc.nat(), value: fc.array(output, { maxLength: 2 }) }),
  fc.record({ kind: fc.constant('meta' as const), at: fc.nat(), value: meta }),
  fc.record({ kind: fc.constant('count' as const), at: fc.nat(), value: fc.option(fc.nat(9)) }),
  fc.record({ kind: fc.constant('nbmeta' as const), value: meta }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(nb: Notebook, edits: Edit[]): Notebook {
  const b = structuredClone(nb);
  for (const e of edits) {
    const n = b.cells.length;
    if (e.kind === 'nbmeta') {
      b.metadata = e.value as Notebook['metadata'];
      continue;
    }
    if (e.kind === 'insert') {
      b.cells.splice(e.at % (n + 1), 0, structuredClone(e.cell));
      continue;
    }
    if (n === 0) continue;
    const c = b.cells[e.at % n] as Record<string, unknown>;
    switch (e.kind) {
      case 'source':
        c.source = e.value;
        break;
      case 'move': {
        b.cells.splice(e.to % n, 0, ...b.cells.splice(e.at % n, 1));
        break;
      }
      case 'remove':
        b.cells.splice(e.at % n, 1);
        break;
      case 'id':
        if (e.value === null) delete c.id;
        else c.id = e.value;
        break;
      case 'type':
        // a valid cell of the other type (a code cell has outputs and a count, a markdown cell neither)
        if (c.cell_type === 'code') {
          c.cell_type = 'markdown';
          delete c.outputs;
          delete c.execution_count;
        } else {
          c.cell_type = 'code';
          c.outputs = [];
          c.execution_count = null;
        }
        break;
      case 'shape':
        c.source = Array.isArray(c.source) ? (c.source as string[]).join('') : [c.source as string];
        break;
      case 'outputs':
        c.outputs = e.value;
        break;
      case 'meta':
        c.metadata = e.value;
        break;
      case 'count':
        if (e.value === null) delete c.execution_count;
        else c.execution_count = e.value;
        break;
    }
  }
  return b;
}

function checkPatch(a: Notebook, b: Notebook): void {
  const before = structuredClone(a);
  const d = diffNotebooks(a, b);
  assert.equal(patchNotebook(a, d), b);
  assert.equal(patchNotebook(a, JSON.parse(renderJson(d))), b);
  assert.equal(a, before, 'diff and patch do not modify a');
  // every cell of a and b appears exactly once
  const as = d.cells.flatMap((e) => (e.op === 'added' ? [] : [e.a])).sort((x, y) => x - y);
  const bs = d.cells.flatMap((e) => (e.op === 'removed' ? [] : [e.b]));
  assert.equal(as, [...a.cells.keys()]);
  assert.equal(bs, [...b.cells.keys()]);
  // equal means the rendering is empty, and the other way round
  assert.is(d.equal, renderTerminal(d) === '');
}

test('patch(a, diff(a, b)) = b for independent notebooks', () => {
  fc.assert(fc.property(notebook, notebook, checkPatch), { numRuns: 400 });
});

test('patch(a, diff(a, b)) = b when b is an edited a', () => {
  fc.assert(
    fc.property(notebook, fc.array(edit, { maxLength: 6 }), (a, edits) => checkPatch(a, applyEdits(a, edits))),
    { numRuns: 1000 },
  );
});

test('a notebook against itself (or a deep copy) is equal', () => {
  fc.assert(
    fc.property(notebook, (a) => {
      const d = diffNotebooks(a, structuredClone(a));
      assert.ok(d.equal);
      assert.is(d.summary.unchanged, a.cells.length);
    }),
    { numRuns: 200 },
  );
});

test('alignment is a partition, matches sorted by b, similar matches never move', () => {
  fc.assert(
    fc.property(notebook, fc.array(edit, { maxLength: 6 }), fc.boolean(), (a, edits, ids) => {
      const b = applyEdits(a, edits);
      const r = alignCells(a.cells, b.cells, { ids });
      const as = [...r.matches.map((m) => m.a), ...r.removed].sort((x, y) => x - y);
      const bs = [...r.matches.map((m) => m.b), ...r.added].sort((x, y) => x - y);
      assert.equal(as, [...a.cells.keys()]);
      assert.equal(bs, [...b.cells.keys()]);
      let prev = -1;
      for (const m of r.matches) {
        assert.ok(prev < m.b);
        prev = m.b;
      }
      for (const m of r.matches) if (m.how === 'similar') assert.not.ok(m.moved);
    }),
    { numRuns: 500 },
  );
});

test('ignore options leave their parts out', () => {
  fc.assert(
    fc.property(notebook, fc.array(output, { maxLength: 2 }), meta, (a, outs, m) => {
      const b = structuredClone(a);
      for (const c of b.cells) {
        c.metadata = m as Cell['metadata'];
        if (c.cell_type === 'code') {
          c.outputs = outs as never;
          c.execution_count = 99;
        }
      }
      b.metadata = m as Notebook['metadata'];
      assert.ok(diffNotebooks(a, b, { ignoreOutputs: true, ignoreMetadata: true }).equal);
    }),
    { numRuns: 200 },
  );
});

test('ignoreWhitespace: whitespace-only edits are equal', () => {
  const a = {
    cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: 'x=1\nprint( x )\n' }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 4,
  } as unknown as Notebook;
  const b = structuredClone(a);
  const [cell] = b.cells;
  if (cell === undefined) throw new Error('a has one cell');
  cell.source = ['x = 1\n', 'print(x)\n'];
  assert.not.ok(diffNotebooks(a, b).equal);
  assert.ok(diffNotebooks(a, b, { ignoreWhitespace: true }).equal);
});

test('cellSimilarity is the Dice coefficient of the bigram multisets, also for texts sharing a long prefix and suffix', () => {
  // the reference: every bigram counted, no shortcut
  const dice = (x: string, y: string): number => {
    const count = new Map<string, number>();
    for (let i = 0; i + 1 < x.length; i++) count.set(x.slice(i, i + 2), (count.get(x.slice(i, i + 2)) ?? 0) + 1);
    let common = 0;
    for (let i = 0; i + 1 < y.length; i++) {
      const n = count.get(y.slice(i, i + 2)) ?? 0;
      if (n > 0) {
        common++;
        count.set(y.slice(i, i + 2), n - 1);
      }
    }
    return (2 * common) / (x.length - 1 + y.length - 1);
  };
  // no whitespace: the texts compared are the sources themselves
  const part = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ab', 'é'), maxLength: 40 });
  fc.assert(
    fc.property(part, part, part, part, part, (prefix, mx, my, suffix, extra) => {
      const x = `${prefix}${mx}${suffix}`;
      const y = `${extra.slice(0, 3)}${prefix}${my}${suffix}`;
      if (x.length < 2 && y.length < 2) return;
      let want = dice(x, y);
      if (x.length <= 10 && y.length <= 10) want = Math.max(want, 0.5);
      assert.is(cellSimilarity(md(x), md(y)), Math.min(1, want), JSON.stringify([x, y]));
    }),
    { numRuns: 2000 },
  );
});

test.run();
