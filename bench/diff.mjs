// Benchmark of the cell-aware diff: 1k / 10k / 100k-cell notebooks with 5% of the cells
// touched (edited, moved or inserted, in equal shares), with ids (nbformat 4.5) and without
// (4.4). Prints the median time of diffNotebooks, of the terminal rendering and of patch,
// and the growth per 10x cells (linear = ~10x).
//
// Usage: node bench/diff.mjs [--quick]     (after `npx tsc -b packages/diff`)
import { alignCells, diffNotebooks, patchNotebook, renderTerminal } from '@nbgit/diff';
import { rng, steppedNotebook } from './lib.mjs';

const quick = process.argv.includes('--quick');
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];

/** 5% of cells touched: a third edited, a third moved, a third inserted. */
function touch(a, seed) {
  const random = rng(seed);
  const b = structuredClone(a);
  const n = a.cells.length;
  const k = Math.round((n * 0.05) / 3);
  for (let e = 0; e < k; e++) {
    const c = b.cells[Math.floor(random() * b.cells.length)];
    const src = Array.isArray(c.source) ? c.source.slice() : [c.source];
    src[0] = `${src[0].replace(/\n$/, '')}  # edited\n`;
    c.source = src;
  }
  for (let e = 0; e < k; e++) {
    const [c] = b.cells.splice(Math.floor(random() * b.cells.length), 1);
    b.cells.splice(Math.floor(random() * b.cells.length), 0, c);
  }
  for (let e = 0; e < k; e++) {
    const cell = { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: `inserted_${e} = ${e}` };
    if (a.nbformat_minor >= 5) cell.id = `new${e}`;
    b.cells.splice(Math.floor(random() * b.cells.length), 0, cell);
  }
  return b;
}

function median(fn, runs) {
  const times = [];
  let result;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(times.length / 2)], result };
}

// warm up the JIT so the first row is not penalised
for (const withIds of [true, false]) {
  const a = steppedNotebook(2000, withIds);
  const b = touch(a, 1);
  for (let r = 0; r < 3; r++) renderTerminal(diffNotebooks(a, b));
}

const rows = [];
for (const withIds of [true, false]) {
  let prev;
  for (const n of sizes) {
    const a = steppedNotebook(n, withIds);
    const b = touch(a, n);
    const runs = n >= 100_000 ? 3 : 5;
    const align = median(() => alignCells(a.cells, b.cells), runs);
    const diff = median(() => diffNotebooks(a, b), runs);
    const render = median(() => renderTerminal(diff.result), runs);
    const patch = median(() => patchNotebook(a, diff.result), runs);
    const s = diff.result.summary;
    const row = {
      cells: n,
      ids: withIds ? 'yes' : 'no (4.4)',
      'align ms': align.ms.toFixed(1),
      'diff ms': diff.ms.toFixed(1),
      'render ms': render.ms.toFixed(1),
      'patch ms': patch.ms.toFixed(1),
      'x per 10x (diff)': prev ? (diff.ms / prev).toFixed(1) : '',
      'modified/added/moved': `${s.modified}/${s.added}/${s.moved}`,
    };
    prev = diff.ms;
    rows.push(row);
  }
}
console.table(rows);
