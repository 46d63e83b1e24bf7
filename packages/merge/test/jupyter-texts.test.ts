/**
 * mergeJupyterTexts, the merge of three notebooks in Jupyter's layout made from their texts:
 * wherever it answers, the bytes are those of `toIpynb(mergeNotebooks(...))` (a property over
 * random one-sided and two-sided edits, with every merge option), and every unusual input
 * (both sides changed a cell, cells added, removed or moved, keys reordered, no ids, another
 * layout, an older nbformat) is left to mergeNotebooks.
 */
import type { JsonObject } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type MergeOptions, mergeJupyterTexts, mergeNotebooks } from '../src/index.js';

/** A cell as Jupyter writes it (keys sorted). */
function cell(i: number, kind: number): JsonObject {
  if (kind === 1) return { cell_type: 'markdown', id: `m${i}`, metadata: {}, source: [`# Part ${i}\n`, `Prose ${i}.`] };
  if (kind === 2) return { cell_type: 'raw', id: `r${i}`, metadata: { format: 'text/plain' }, source: [`raw ${i}`] };
  return {
    cell_type: 'code',
    execution_count: i + 1,
    id: `c${i}`,
    metadata: { tags: ['t'] },
    outputs: [{ name: 'stdout', output_type: 'stream', text: [`value ${i}\n`] }],
    source: [`x${i} = f(${i})\n`, `print(x${i})`],
  };
}

const jupyter = (nb: JsonObject) => `${JSON.stringify(nb, null, 1)}\n`;

function notebook(cells: JsonObject[], minor = 5, metadata: JsonObject = { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } }) {
  return { cells, metadata, nbformat: 4, nbformat_minor: minor };
}

/** Edits of one cell, as a side may make them. */
const EDITS: Array<(c: JsonObject) => JsonObject> = [
  (c) => ({ ...c, source: [...(c.source as string[] | string), '\n# edited'].flat() }),
  (c) => ({ ...c, source: ['one line'] }),
  (c) => (c.cell_type === 'code' ? { ...c, execution_count: 99, outputs: [] } : { ...c, metadata: { edited: true } }),
  (c) =>
    c.cell_type === 'code' ? { ...c, outputs: [{ data: { 'text/plain': ['42'] }, execution_count: 7, metadata: {}, output_type: 'execute_result' }] } : c,
  (c) => ({ ...c, metadata: { collapsed: false, ...(c.metadata as JsonObject) } }),
  (c) => ({ cell_type: 'markdown', id: c.id, metadata: {}, source: ['turned into prose'] }),
  // the same value, keys in another order (a change of layout only)
  (c) => Object.fromEntries(Object.entries(c).reverse()),
  // another id: the cell is another one
  (c) => ({ ...c, id: `${c.id}x` }),
  // no id
  (c) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'id')),
];

/** `arb` one time in eight, else null. */
const rarely = (arb: fc.Arbitrary<number>) => fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/** One side: an edit (index into EDITS, or -1 for none) per cell, a cell removed or added, notebook metadata changed. */
const sideArb = (n: number) =>
  fc.record({
    edits: fc.array(fc.oneof({ weight: 7, arbitrary: fc.constant(-1) }, { weight: 3, arbitrary: fc.nat(EDITS.length - 1) }), { minLength: n, maxLength: n }),
    remove: rarely(fc.nat(n - 1)),
    add: rarely(fc.nat(n)),
    metadata: fc.boolean(),
  });

type Side = ReturnType<typeof sideArb> extends fc.Arbitrary<infer T> ? T : never;

function apply(base: JsonObject[], side: Side, name: string): JsonObject {
  let cells = base.map((c, i) => (side.edits[i]! === -1 ? c : EDITS[side.edits[i]!]!(c)));
  if (side.remove !== null) cells = cells.filter((_, i) => i !== side.remove);
  if (side.add !== null) cells.splice(Math.min(side.add, cells.length), 0, { cell_type: 'markdown', id: `new-${name}`, metadata: {}, source: ['added'] });
  return notebook(cells, 5, side.metadata ? { kernelspec: { display_name: name, language: 'python', name } } : undefined);
}

const pieces = (text: string, size: number) => () => {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
};

const general = (b: string, l: string, r: string, options: MergeOptions = {}) =>
  toIpynb(mergeNotebooks({ base: fromIpynb(b), local: fromIpynb(l), remote: fromIpynb(r) }, options).notebook);

const fast = (b: string, l: string, r: string, size = 7) => {
  const parts = mergeJupyterTexts({ base: pieces(b, size), local: pieces(l, size), remote: pieces(r, size) });
  return parts === undefined ? undefined : [...parts].join('');
};

test('property: wherever the texts merge, the bytes are those of toIpynb(mergeNotebooks(...)), for every option', () => {
  let answered = 0;
  const options = fc.record({ outputs: fc.constantFrom(undefined, 'local', 'remote', 'clear'), diff3: fc.boolean() });
  fc.assert(
    fc.property(
      fc
        .array(fc.nat(2), { minLength: 1, maxLength: 6 })
        .chain((kinds) => fc.tuple(fc.constant(kinds), sideArb(kinds.length), sideArb(kinds.length), options, fc.integer({ min: 1, max: 40 }))),
      ([kinds, ls, rs, o, size]) => {
        const cells = kinds.map((k, i) => cell(i, k));
        const b = jupyter(notebook(cells));
        const l = jupyter(apply(cells, ls, 'local'));
        const r = jupyter(apply(cells, rs, 'remote'));
        const got = fast(b, l, r, size);
        if (got === undefined) return;
        answered++;
        const mergeOptions: MergeOptions = {
          ...(o.outputs ? { outputs: o.outputs as MergeOptions['outputs'] } : {}),
          ...(o.diff3 ? { conflictStyle: 'diff3' } : {}),
        };
        assert.is(got, general(b, l, r, mergeOptions));
      },
    ),
    { numRuns: 400 },
  );
  // the property is not empty: most runs without a two-sided or structural change merge from the texts
  assert.ok(answered > 50, `only ${answered} of 400 runs merged from the texts`);
});

test('one-sided edits on a long notebook merge from the texts, in pieces of any size', () => {
  const cells = Array.from({ length: 300 }, (_, i) => cell(i, i % 3));
  const b = jupyter(notebook(cells));
  const l = jupyter(
    notebook(
      cells.map((c, i) => (i === 3 ? EDITS[0]!(c) : c)),
      5,
      { kernelspec: { display_name: 'Py', language: 'python', name: 'py' } },
    ),
  );
  const r = jupyter(notebook(cells.map((c, i) => (i === 290 ? EDITS[3]!(c) : c))));
  const want = general(b, l, r);
  for (const size of [1, 16, 4096, b.length]) assert.is(fast(b, l, r, size), want);
  // one side unchanged: the other side, byte for byte
  assert.is(fast(b, b, r), r);
  assert.is(fast(b, l, b), l);
});

test('unusual inputs are left to mergeNotebooks', () => {
  const cells = [cell(0, 0), cell(1, 1), cell(2, 2)];
  const b = jupyter(notebook(cells));
  const edit = (i: number, e: number) => jupyter(notebook(cells.map((c, k) => (k === i ? EDITS[e]!(c) : c))));
  // both sides changed one cell, differently
  assert.is(fast(b, edit(0, 0), edit(0, 2)), undefined);
  // both sides changed the notebook's metadata, differently
  assert.is(fast(b, jupyter(notebook(cells, 5, { a: 1 })), jupyter(notebook(cells, 5, { b: 1 }))), undefined);
  // a cell's keys reordered (its value unchanged), another id, no id
  for (const e of [6, 7, 8]) assert.is(fast(b, edit(1, e), b), undefined, `edit ${e}`);
  // a cell removed, added
  assert.is(fast(b, jupyter(notebook(cells.slice(1))), b), undefined);
  assert.is(fast(b, b, jupyter(notebook([...cells, cell(3, 0)]))), undefined);
  // ids the same twice in the base; nbformat 4.4 (no ids); another layout; not a notebook
  assert.is(
    fast(jupyter(notebook([cells[0]!, cells[0]!])), jupyter(notebook([cells[0]!, EDITS[0]!(cells[0]!)])), jupyter(notebook([cells[0]!, cells[0]!]))),
    undefined,
  );
  const old = jupyter(notebook(cells, 4));
  assert.is(
    fast(
      old,
      old,
      jupyter(
        notebook(
          cells.map((c, k) => (k === 0 ? EDITS[0]!(c) : c)),
          4,
        ),
      ),
    ),
    undefined,
  );
  assert.is(fast(b, `${JSON.stringify(notebook(cells), null, 2)}\n`, b), undefined);
  assert.is(fast(b, b, '{"cells": 42}'), undefined);
  assert.is(fast(b, b, ''), undefined);
  // a number Python writes otherwise (1.0 read as 1)
  assert.is(fast(b, b.replace('"execution_count": 1,', '"execution_count": 1.0,'), b), undefined);
});

test('a side that changes between the look and the write is an EIO error', () => {
  const cells = [cell(0, 0), cell(1, 1)];
  const b = jupyter(notebook(cells));
  const l = jupyter(notebook([EDITS[0]!(cells[0]!), cells[1]!]));
  let reads = 0;
  const remote = () => (reads++ === 0 ? [b] : [jupyter(notebook([EDITS[1]!(cells[0]!), cells[1]!]))]);
  const parts = mergeJupyterTexts({ base: () => [b], local: () => [l], remote });
  assert.ok(parts !== undefined);
  assert.throws(
    () => [...parts],
    (e: unknown) => (e as { code?: string }).code === 'EIO',
  );
});

test.run();
