// Benchmark of the three-way notebook merge: 1k / 10k / 100k-cell notebooks with scattered
// edits on both sides (each side edits ~2% of the cells, re-runs ~2% (outputs and counts),
// inserts 0.5% and deletes 0.25%; both sides also edit different lines of ~0.5% of the same
// cells), with ids (nbformat 4.5) and without (4.4). Prints the median time of
// mergeNotebooks, of parsing the three files and of writing the result, with the growth per
// 10x cells (linear = ~10x). Then the whole-process time of `nbgit merge-driver` on a
// typical 60-cell notebook, against a bare `node -e 0`.
//
// Usage: node bench/merge.mjs [--full]     (--full adds 100k cells; after `npx tsc -b packages/cli`)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { mergeNotebooks } from '@nbgit/merge';
import { rng, steppedNotebook, time } from './lib.mjs';

const full = process.argv.includes('--full');
const sizes = full ? [1_000, 10_000, 100_000] : [1_000, 10_000];
const BIN = fileURLToPath(new URL('../packages/cli/bin/nbgit.js', import.meta.url));

/** Applies one side's scattered edits; `slot` 0 or 1 picks disjoint cells for each side. */
function editSide(nb, slot, seed, withIds) {
  const r = rng(seed);
  const n = nb.cells.length;
  const out = structuredClone(nb);
  const cells = out.cells;
  // cells i with i % 4 === slot (local 0, remote 2) for own edits; i % 200 === 7 edited by both
  const deletes = new Set();
  for (let i = 0; i < n; i++) {
    const c = cells[i];
    const own = i % 4 === slot * 2 + 1;
    if (c.cell_type === 'code' && i % 200 === 7) {
      c.source =
        slot === 0 ? [`value_${i} = compute(${i}, scale=${i % 7} + 1)\n`, ...c.source.slice(1)] : [...c.source.slice(0, 3), `print(value_${i}, 'done')`];
      continue;
    }
    if (!own) continue;
    const x = r();
    if (x < 0.08 && c.cell_type === 'code') c.source = [...c.source.slice(0, 2), `check(value_${i}, strict=${slot === 0})\n`, c.source[3]];
    else if (x < 0.16 && c.cell_type === 'code') {
      c.outputs = [{ name: 'stdout', output_type: 'stream', text: [`rerun ${slot} ${i}\n`] }];
      c.execution_count = i + 1000 * (slot + 1);
    } else if (x < 0.17) deletes.add(i);
  }
  const result = [];
  for (let i = 0; i < n; i++) {
    if (!deletes.has(i)) result.push(cells[i]);
    if (i % 4 === slot * 2 + 1 && r() < 0.02) {
      result.push({
        cell_type: 'code',
        execution_count: null,
        ...(withIds ? { id: `n${slot}-${i}` } : {}),
        metadata: {},
        outputs: [],
        source: [`extra_${slot}_${i} = value_${i} * 2`],
      });
    }
  }
  out.cells = result;
  return out;
}

function row(cols, widths) {
  return cols.map((c, i) => String(c).padStart(widths[i])).join('  ');
}

console.log('merge of scattered edits on both sides (median ms)');
const widths = [8, 6, 9, 9, 9, 10, 9];
console.log(row(['cells', 'ids', 'parse x3', 'merge', 'write', 'conflicts', 'growth'], widths));
for (const withIds of [true, false]) {
  let prev;
  for (const n of sizes) {
    const base = steppedNotebook(n, withIds);
    const texts = [toIpynb(base), toIpynb(editSide(base, 0, 11, withIds)), toIpynb(editSide(base, 1, 23, withIds))];
    const runs = n >= 100_000 ? 1 : 5;
    const parse = time(() => texts.map((t) => fromIpynb(t)), { runs });
    const [b, l, r] = parse.result;
    const merge = time(() => mergeNotebooks({ base: b, local: l, remote: r }), { runs });
    const write = time(() => toIpynb(merge.result.notebook), { runs });
    const growth = prev === undefined ? '' : `x${(merge.ms / prev).toFixed(1)}`;
    prev = merge.ms;
    console.log(row([n, withIds ? 'yes' : 'no', parse.ms.toFixed(1), merge.ms.toFixed(1), write.ms.toFixed(1), merge.result.conflicts.length, growth], widths));
  }
}

// whole-process time of the git merge driver on a typical notebook
const dir = mkdtempSync(join(tmpdir(), 'nbgit-bench-merge-'));
try {
  const base = steppedNotebook(60, true);
  base.cells[3].outputs.push({ output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo'.repeat(2000), 'text/plain': ['<Figure>'] }, metadata: {} });
  writeFileSync(join(dir, 'O'), toIpynb(base));
  writeFileSync(join(dir, 'A0'), toIpynb(editSide(base, 0, 5, true)));
  writeFileSync(join(dir, 'B'), toIpynb(editSide(base, 1, 6, true)));
  const spawnTime = (args) => {
    const times = [];
    for (let i = 0; i < 7; i++) {
      copyFileSync(join(dir, 'A0'), join(dir, 'A'));
      const s = performance.now();
      const p = spawnSync(process.execPath, args, { cwd: dir });
      times.push(performance.now() - s);
      if (p.status !== 0 && p.status !== 1) throw new Error(`driver failed: ${p.stderr}`);
    }
    times.sort((a, b) => a - b);
    return times[3];
  };
  const bare = spawnTime(['-e', '0']);
  const driver = spawnTime([BIN, 'merge-driver', 'O', 'A', 'B', '7', 'nb.ipynb']);
  console.log('');
  console.log('git merge driver, whole process, 60-cell notebook (median of 7)');
  console.log(`  nbgit merge-driver  ${driver.toFixed(0)} ms`);
  console.log(`  node -e 0           ${bare.toFixed(0)} ms   (node startup alone)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
