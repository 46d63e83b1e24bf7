/**
 * The nbdime merge triples (../shared/fixtures/nbdime, read in place), the laws every merge
 * obeys on them, and a property test: independent edits on both sides always merge cleanly
 * into exactly the expected notebook.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cell, joinSource, type Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeNotebooks } from '../src/index.js';

const sources = (n: Notebook) => n.cells.map((c) => `${c.cell_type}:${joinSource(c.source)}`);

// --- nbdime triples ----------------------------------------------------------------------------

const nbdime = sharedPath('fixtures', 'nbdime');
/** [name, base, local, remote, conflict expected] */
const triples: Array<[string, string, string, string, boolean]> = [
  ['apap', 'apap--1.ipynb', 'apap--2.ipynb', 'apap--3.ipynb', true],
  ['inline-conflict', 'inline-conflict--1.ipynb', 'inline-conflict--2.ipynb', 'inline-conflict--3.ipynb', true],
  ['mixed-conflicts', 'mixed-conflicts--1.ipynb', 'mixed-conflicts--2.ipynb', 'mixed-conflicts--3.ipynb', true],
  ['output-conflict', 'output-conflict--1.ipynb', 'output-conflict--2.ipynb', 'output-conflict--3.ipynb', true],
  ['source-conflict', 'source-conflict--1.ipynb', 'source-conflict--2.ipynb', 'source-conflict--3.ipynb', true],
  ['cellids', 'cellids--base.ipynb', 'cellids--local.ipynb', 'cellids--remote.ipynb', true],
  ['multi_cell_nb', 'multi_cell_nb.ipynb', 'multi_cell_nb--local.ipynb', 'multi_cell_nb--remote.ipynb', false],
  ['multilevel-test', 'multilevel-test-base.ipynb', 'multilevel-test-local.ipynb', 'multilevel-test-remote.ipynb', false],
];

if (nbdime !== undefined && existsSync(nbdime)) {
  const read = (f: string) => fromIpynb(readFileSync(join(nbdime, f)), { file: f });
  for (const [name, b, l, r, conflict] of triples) {
    test(`nbdime ${name}: valid result, ${conflict ? 'conflicts marked in cells' : 'clean'}; merge laws`, () => {
      const base = read(b);
      const local = read(l);
      const remote = read(r);
      const res = mergeNotebooks({ base, local, remote });
      assert.equal(validateNotebook(res.notebook), []);
      assert.is(res.conflicts.length > 0, conflict, JSON.stringify(res.conflicts));
      const text = toIpynb(res.notebook);
      for (const c of res.conflicts) {
        if (c.kind === 'source' || c.kind === 'delete-modify') assert.match(joinSource(res.notebook.cells[c.cell!]!.source), '<<<<<<< local');
      }
      if (!conflict) assert.not.match(text, '<<<<<<<');
      // laws: one side unchanged gives the other side; both sides equal gives that side
      assert.is(toIpynb(mergeNotebooks({ base, local, remote: base }).notebook), toIpynb(local));
      assert.equal(sources(mergeNotebooks({ base, local: base, remote }).notebook), sources(remote));
      assert.is(toIpynb(mergeNotebooks({ base, local, remote: read(l) }).notebook), toIpynb(local));
      // a clean merge is symmetric in content
      if (!conflict) assert.equal(sources(mergeNotebooks({ base, local: remote, remote: local }).notebook).sort(), sources(res.notebook).sort());
    });
  }

  test('nbdime multilevel-test: equals multilevel-test-merged.ipynb', () => {
    const res = mergeNotebooks({
      base: read('multilevel-test-base.ipynb'),
      local: read('multilevel-test-local.ipynb'),
      remote: read('multilevel-test-remote.ipynb'),
    });
    assert.equal(sources(res.notebook), sources(read('multilevel-test-merged.ipynb')));
  });
} else skipTest(test, 'nbdime merge triples', sharedMissing());

// --- property: independent edits merge cleanly into the expected notebook ---------------------

type Op = 'keep' | 'edit' | 'delete' | 'rerun';
interface Plan {
  n: number;
  owner: Array<0 | 1 | 2>; // who touches base cell i: nobody, local, remote
  op: Op[];
  insL: boolean[]; // local inserts a cell after base cell i (index n: at the start)
  insR: boolean[];
  ids: boolean;
}

const baseSource = (k: number) => `value_${k} = compute(${k}, scale=${k % 5})\ntotal += value_${k}\nprint(total)`;
const edited = (k: number) => `value_${k} = compute(${k}, scale=${k % 5}) * 2\ntotal += value_${k}\nprint(total)`;
// the two sides' inserts are unlike each other (near-identical inserts at one place are one cell written twice)
const inserted = (side: string, k: number) =>
  side === 'local' ? `# NOTE ${k}: look at the frame here` : `Remark number ${k}, written on the other branch with other words entirely.`;

function build(plan: Plan, side: 0 | 1 | 2): Notebook {
  const cells: Cell[] = [];
  const ins = side === 1 ? plan.insL : side === 2 ? plan.insR : [];
  const add = (k: number) => {
    if (ins[k])
      cells.push({
        cell_type: 'markdown',
        ...(plan.ids ? { id: `ins-${side}-${k}` } : {}),
        metadata: {},
        source: inserted(side === 1 ? 'local' : 'remote', k),
      } as Cell);
  };
  add(plan.n);
  for (let k = 0; k < plan.n; k++) {
    const mine = side !== 0 && plan.owner[k] === side;
    const op = mine ? plan.op[k] : 'keep';
    if (op !== 'delete') {
      cells.push({
        cell_type: 'code',
        ...(plan.ids ? { id: `c${k}` } : {}),
        execution_count: op === 'rerun' ? 100 + k : k + 1,
        metadata: {},
        outputs: [{ name: 'stdout', output_type: 'stream', text: op === 'rerun' ? `rerun ${k}\n` : `${k}\n` }],
        source: op === 'edit' ? edited(k) : baseSource(k),
      } as Cell);
    }
    add(k);
  }
  return fromIpynb(toIpynb({ cells, metadata: {}, nbformat: 4, nbformat_minor: plan.ids ? 5 : 4 }));
}

/**
 * Checks a merged order: the base cells that survive, in base order, with their edits; every
 * inserted cell once, between the surviving base cells around its place (where a deleted cell
 * sits next to an insert, either order around it is right); inserts of both sides at one
 * place with no deletion involved: local's first.
 */
function checkOrder(plan: Plan, got: string[]): void {
  const kept: string[] = [];
  const slotOf = new Map<string, number>(); // insert -> number of surviving base cells before it
  const alive = (k: number) => plan.owner[k] === 0 || plan.op[k] !== 'delete';
  let before = 0;
  const ins = (k: number) => {
    if (plan.insL[k]) slotOf.set(`markdown:${inserted('local', k)}`, before);
    if (plan.insR[k]) slotOf.set(`markdown:${inserted('remote', k)}`, before);
  };
  ins(plan.n);
  for (let k = 0; k < plan.n; k++) {
    const op = plan.owner[k] === 0 ? 'keep' : plan.op[k];
    if (alive(k)) {
      kept.push(`code:${op === 'edit' ? edited(k) : baseSource(k)}`);
      before++;
    }
    ins(k);
  }
  assert.equal(
    got.filter((s) => s.startsWith('code:')),
    kept,
    'base cells',
  );
  assert.is(got.length, kept.length + slotOf.size, 'cell count');
  let seen = 0;
  for (const s of got) {
    if (s.startsWith('code:')) seen++;
    else assert.is(seen, slotOf.get(s), `place of ${s}`);
  }
  for (let k = 0; k <= plan.n; k++) {
    // slot n is the start (before base cell 0); slot k < n is after base cell k
    const prev = k === plan.n ? -1 : k;
    const next = k === plan.n ? 0 : k + 1;
    const deletionNear = (prev >= 0 && !alive(prev)) || (next < plan.n && !alive(next));
    if (plan.insL[k] && plan.insR[k] && !deletionNear) {
      assert.ok(got.indexOf(`markdown:${inserted('local', k)}`) < got.indexOf(`markdown:${inserted('remote', k)}`), 'local first');
    }
  }
}

const planArb = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    owner: fc.array(fc.constantFrom<0 | 1 | 2>(0, 1, 2), { minLength: n, maxLength: n }),
    op: fc.array(fc.constantFrom<Op>('keep', 'edit', 'delete', 'rerun'), { minLength: n, maxLength: n }),
    insL: fc.array(fc.boolean(), { minLength: n + 1, maxLength: n + 1 }),
    insR: fc.array(fc.boolean(), { minLength: n + 1, maxLength: n + 1 }),
    ids: fc.boolean(),
  }),
);

test('property: independent edits, deletions, re-runs and insertions on both sides merge cleanly and exactly', () => {
  fc.assert(
    fc.property(planArb, (plan) => {
      const res = mergeNotebooks({ base: build(plan, 0), local: build(plan, 1), remote: build(plan, 2) });
      assert.equal(res.conflicts, []);
      checkOrder(plan, sources(res.notebook));
      assert.equal(validateNotebook(res.notebook), []);
      // re-runs on one side come through
      for (const c of res.notebook.cells) {
        const k = /value_(\d+) =/.exec(joinSource(c.source))?.[1];
        if (k !== undefined && plan.owner[+k] !== 0 && plan.op[+k] === 'rerun') assert.is((c as { execution_count: number }).execution_count, 100 + +k);
      }
    }),
    { numRuns: 300 },
  );
});

// --- add/add: no common ancestor --------------------------------------------------------------

type AddOp = 'same' | 'editL' | 'editR' | 'editBoth' | 'onlyL' | 'onlyR' | 'rewrite';
// one change between cells both have (several changes in one place pair by place and
// similarity, see the README; that is tested by the rule tests)
const addArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc
    .record({
      ops: fc.array(fc.constantFrom<AddOp>('same', 'same', 'editL', 'editR', 'editBoth', 'onlyL', 'onlyR', 'rewrite'), { minLength: n, maxLength: n }),
      md: fc.array(fc.boolean(), { minLength: 2 * n, maxLength: 2 * n }),
    })
    .map(({ ops, md }) => {
      const spaced = ops.flatMap((op): AddOp[] => (op === 'same' ? [op] : [op, 'same']));
      return { ops: spaced, md: md.slice(0, spaced.length) };
    }),
);

test('property: add/add of 4.4 notebooks: cells both have once, one-sided cells kept, a differing cell is one conflicted cell, every line kept', () => {
  fc.assert(
    fc.property(addArb, ({ ops, md }) => {
      const L: Cell[] = [];
      const R: Cell[] = [];
      const cell = (k: number, source: string): Cell =>
        (md[k] ? { cell_type: 'markdown', metadata: {}, source } : { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source }) as Cell;
      const text = (k: number) => `step_${k} = load(${k})\ncheck(step_${k})\nprint(step_${k})`;
      let differing = 0;
      ops.forEach((op, k) => {
        const t = text(k);
        if (op !== 'onlyR') L.push(cell(k, op === 'editL' || op === 'editBoth' ? t.replace('check(', 'verify(') : op === 'rewrite' ? `local_${k}()` : t));
        if (op !== 'onlyL')
          R.push(
            cell(
              k,
              op === 'editR' ? t.replace('print(', 'show(') : op === 'editBoth' ? t.replace('check(', 'assert_ok(') : op === 'rewrite' ? `remote_${k}()` : t,
            ),
          );
        if (op === 'editL' || op === 'editR' || op === 'editBoth' || op === 'rewrite') differing++;
      });
      const doc = (cells: Cell[]) => fromIpynb(toIpynb({ cells, metadata: {}, nbformat: 4, nbformat_minor: 4 }));
      const local = doc(L);
      const remote = doc(R);
      const res = mergeNotebooks({ base: { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 0 }, local, remote });
      assert.equal(validateNotebook(res.notebook), []);
      const got = res.notebook.cells.map((c) => joinSource(c.source));
      const all = got.join('\n');
      for (const c of [...L, ...R]) for (const line of joinSource(c.source).split('\n')) assert.ok(all.includes(line), `lost ${line}`);
      // each of the n cells gives exactly one merged cell: the same, one-sided, or one conflicted cell
      assert.is(got.length, ops.length, JSON.stringify(got));
      assert.is(res.conflicts.length, differing);
      ops.forEach((op, k) => {
        if (op === 'same') assert.is(got.filter((s) => s === text(k)).length, 1, `cell ${k} once`);
      });
      // swapping the sides gives the same cells, markers aside
      const swapped = mergeNotebooks({ base: { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 0 }, local: remote, remote: local });
      assert.is(swapped.notebook.cells.length, ops.length);
    }),
    { numRuns: 300 },
  );
});

// --- split on one side, edited on the other --------------------------------------------------

const splitArb = fc.integer({ min: 2, max: 9 }).chain((m) =>
  fc.record({
    m: fc.constant(m),
    at: fc.integer({ min: 1, max: m - 1 }),
    edits: fc.array(fc.boolean(), { minLength: m, maxLength: m }),
    remoteSplits: fc.boolean(),
    ids: fc.boolean(),
  }),
);

test("property: a cell split on one side gets the other side's line edits in the right parts, cleanly", () => {
  fc.assert(
    fc.property(splitArb, ({ m, at, edits, remoteSplits, ids }) => {
      const lines = Array.from({ length: m }, (_, i) => `row_${i} = table[${i}] * ${i + 1}`);
      const edit = (i: number) => (edits[i] ? `row_${i} = table[${i}] * ${i + 1} + offset` : lines[i]!);
      const id = (x: string) => (ids ? { id: x } : {});
      const c = (source: string, extra: string): Cell =>
        ({ cell_type: 'code', execution_count: null, ...id(extra), metadata: {}, outputs: [], source }) as Cell;
      const doc = (cells: Cell[]) =>
        fromIpynb(
          toIpynb({
            cells: [{ cell_type: 'markdown', ...id('t'), metadata: {}, source: '# Table' } as Cell, ...cells, c('print(table)', 'end')],
            metadata: {},
            nbformat: 4,
            nbformat_minor: ids ? 5 : 4,
          }),
        );
      const base = doc([c(lines.join('\n'), 'rows')]);
      const split = doc([c(lines.slice(0, at).join('\n'), 'rows'), c(lines.slice(at).join('\n'), 'rows2')]);
      const edited = doc([c(lines.map((_, i) => edit(i)).join('\n'), 'rows')]);
      const res = remoteSplits ? mergeNotebooks({ base, local: edited, remote: split }) : mergeNotebooks({ base, local: split, remote: edited });
      assert.equal(res.conflicts, []);
      assert.equal(validateNotebook(res.notebook), []);
      const want = [Array.from({ length: at }, (_, i) => edit(i)).join('\n'), Array.from({ length: m - at }, (_, i) => edit(at + i)).join('\n')];
      assert.equal(sources(res.notebook), ['markdown:# Table', `code:${want[0]}`, `code:${want[1]}`, 'code:print(table)']);
    }),
    { numRuns: 300 },
  );
});

test.run();
