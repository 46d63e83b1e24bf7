import type { Cell } from '@nbgit/core';
import { alignCells, cellSimilarity, findMoves } from '@nbgit/diff';
import { code, md } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** xs[k], failing the test when it is missing. */
function at<T>(xs: readonly T[], k: number): T {
  const x = xs[k];
  if (x === undefined) throw new Error(`no element ${k} (length ${xs.length})`);
  return x;
}

function pairs(r: ReturnType<typeof alignCells>): string[] {
  return r.matches.map((m) => `${m.a}-${m.b}:${m.how}${m.moved ? ':moved' : ''}`);
}

/** Every index of a and b appears exactly once. */
function assertPartition(r: ReturnType<typeof alignCells>, na: number, nb: number) {
  const as = [...r.matches.map((m) => m.a), ...r.removed].sort((x, y) => x - y);
  const bs = [...r.matches.map((m) => m.b), ...r.added].sort((x, y) => x - y);
  assert.equal(as, [...Array(na).keys()]);
  assert.equal(bs, [...Array(nb).keys()]);
  let prev = -1;
  for (const m of r.matches) {
    assert.ok(prev < m.b, 'sorted by b');
    prev = m.b;
  }
}

test('identical notebooks without ids match exactly, in order', () => {
  const cells = [code('a = 1\n'), md('# T'), code('print(a)')];
  const r = alignCells(
    cells,
    cells.map((c) => ({ ...c })),
  );
  assert.equal(pairs(r), ['0-0:exact', '1-1:exact', '2-2:exact']);
  assert.equal(r.removed, []);
  assert.equal(r.added, []);
});

test('ids win over content: same id, new source is one modified cell', () => {
  const a = [code('x = 1', { id: 'c1' }), code('y = 2', { id: 'c2' })];
  const b = [code('completely different', { id: 'c1' }), code('y = 2', { id: 'c2' })];
  assert.equal(pairs(alignCells(a, b)), ['0-0:id', '1-1:id']);
});

test('ids: false aligns by content only', () => {
  const a = [code('x = 1', { id: 'c1' }), code('y = 2', { id: 'c2' })];
  const b = [code('y = 2', { id: 'c1' }), code('x = 1', { id: 'c2' })];
  const r = alignCells(a, b, { ids: false });
  assert.equal(pairs(r), ['1-0:exact:moved', '0-1:exact']);
});

test('changed ids fall back to content', () => {
  const a = [code('import numpy as np', { id: 'old1' }), code('np.zeros(3)', { id: 'old2' })];
  const b = [code('import numpy as np', { id: 'new1' }), code('np.zeros(4)', { id: 'new2' })];
  const r = alignCells(a, b);
  assert.equal(pairs(r), ['0-0:exact', '1-1:similar']);
});

test('a moved cell is found as a move', () => {
  const a = ['a', 'b', 'c', 'd', 'e'].map((s) => code(`cell ${s}\nvalue = "${s}"\n`));
  const b = [0, 1, 3, 4, 2].map((k) => at(a, k));
  const r = alignCells(a, b);
  assert.equal(pairs(r), ['0-0:exact', '1-1:exact', '3-2:exact', '4-3:exact', '2-4:exact:moved']);
});

test('a moved cell with ids is found as a move', () => {
  const a = ['a', 'b', 'c', 'd'].map((s) => code(`v = "${s}"`, { id: s }));
  const b = [3, 0, 1, 2].map((k) => at(a, k));
  assert.equal(pairs(alignCells(a, b)), ['3-0:id:moved', '0-1:id', '1-2:id', '2-3:id']);
});

test('edited cell is similar, not removed + added; inserted cell is added', () => {
  const a = [code('import pandas as pd\n'), code('df = pd.read_csv("data.csv")\ndf.head()\n'), md('## Results')];
  const b = [code('import pandas as pd\n'), code('df = pd.read_csv("data2.csv")\ndf.head()\n'), code('df.describe()'), md('## Results')];
  const r = alignCells(a, b);
  assert.equal(pairs(r), ['0-0:exact', '1-1:similar', '2-3:exact']);
  assert.equal(r.added, [2]);
  assert.equal(r.removed, []);
});

test('unrelated cells are removed and added', () => {
  const a = [md('# Title'), code('alpha_beta_gamma = compute_everything(1, 2, 3)')];
  const b = [md('# Title'), code('print("hello world from nowhere")')];
  const r = alignCells(a, b);
  assert.equal(pairs(r), ['0-0:exact']);
  assert.equal(r.removed, [1]);
  assert.equal(r.added, [1]);
});

test('duplicated cells pair in order', () => {
  const a = [code(''), code('x'), code(''), code('y'), code('')];
  const b = [code(''), code('x'), code(''), code('y'), code(''), code('')];
  const r = alignCells(a, b);
  assert.equal(pairs(r), ['0-0:exact', '1-1:exact', '2-2:exact', '3-3:exact', '4-4:exact']);
  assert.equal(r.added, [5]);
});

test('cell type change of the same source still pairs', () => {
  const a = [code('Some words about the analysis\n'), code('z = 1')];
  const b = [md('Some words about the analysis\n'), code('z = 1')];
  assert.equal(pairs(alignCells(a, b)), ['0-0:similar', '1-1:exact']);
});

test('empty sides', () => {
  assert.equal(alignCells([], []), { matches: [], removed: [], added: [] });
  assert.equal(alignCells([code('a')], []), { matches: [], removed: [0], added: [] });
  assert.equal(alignCells([], [code('a')]), { matches: [], removed: [], added: [0] });
});

test('duplicate ids are not used as ids', () => {
  const a = [code('first thing here', { id: 'x' }), code('second thing here', { id: 'x' })];
  const b = [code('second thing here', { id: 'x' }), code('first thing here', { id: 'x' })];
  const r = alignCells(a, b);
  assert.equal(pairs(r), ['1-0:exact:moved', '0-1:exact']);
});

test('findMoves: longest increasing subsequence over a', () => {
  assert.equal(
    findMoves([
      { a: 0, b: 0 },
      { a: 2, b: 1 },
      { a: 1, b: 2 },
    ]),
    [false, true, false].map((x, k) => (k === 1 ? true : x)),
  );
  assert.equal(findMoves([]), []);
  assert.equal(
    findMoves([
      { a: 3, b: 0 },
      { a: 0, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 3 },
    ]),
    [true, false, false, false],
  );
});

test('cellSimilarity', () => {
  assert.is(cellSimilarity(code('abc def'), code('abc def')), 1);
  assert.ok(cellSimilarity(code('x = compute(1, 2)\n'), code('x = compute(1, 3)\n')) > 0.7);
  assert.ok(cellSimilarity(code('x = compute(1, 2)\n'), code('import matplotlib.pyplot as plt')) < 0.3);
  assert.ok(cellSimilarity(code('same text here'), md('same text here')) < 1);
});

test('10k cells, 5% edited, moved and inserted: every cell accounted for (speed: bench/)', () => {
  const n = 10_000;
  const a: Cell[] = Array.from({ length: n }, (_, i) => code(`result_${i} = compute(${i}, "${(i * 7919) % 1000}")\nprint(result_${i})\n`));
  const b: Cell[] = [];
  const moved: Cell[] = [];
  for (const [i, cell] of a.entries()) {
    if (i % 60 === 0) b.push(code(`result_${i} = compute(${i}, "edited")\nprint(result_${i})\n`));
    else if (i % 60 === 20) moved.push(cell);
    else b.push(cell);
    if (i % 60 === 40) b.push(code(`new_cell_${i} = ${i}`));
  }
  b.splice(100, 0, ...moved.slice(0, 50));
  b.push(...moved.slice(50));
  const r = alignCells(a, b);
  assertPartition(r, a.length, b.length);
  assert.is(r.removed.length, 0);
  assert.is(r.added.length, Math.ceil((n - 40) / 60));
  assert.is(r.matches.filter((m) => m.how === 'similar').length, Math.ceil(n / 60));
  assert.is(r.matches.filter((m) => m.moved).length, moved.length);
});

test('10k cells without any exact anchor stay within the band (all edited)', () => {
  const n = 10_000;
  const a: Cell[] = Array.from({ length: n }, (_, i) => code(`value_${i} = ${i}\n`));
  const b: Cell[] = a.map((_, i) => code(`value_${i} = ${i} + 1\n`));
  b.splice(5000, 0, code('inserted = True'));
  const r = alignCells(a, b);
  assertPartition(r, a.length, b.length);
  assert.is(r.matches.length, n);
  assert.ok(r.matches.every((m) => m.how === 'similar' && !m.moved));
  assert.equal(r.added, [5000]);
});

test.run();
