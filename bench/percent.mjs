// Benchmark of the percent format: toPercent and fromPercent on jupytext's corpus and on
// synthetic notebooks of 1k / 10k / 100k cells (default and lossless modes). Prints cells/s
// and MB/s (of script text) both ways, and the growth of the time per 10x cells (linear = ~10x).
//
// Usage: node bench/percent.mjs [--quick]     (after `npx tsc -b formats/percent`)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { syntheticNotebook, time } from './lib.mjs';

const quick = process.argv.includes('--quick');
const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const mb = (s) => Buffer.byteLength(s, 'utf8') / 1e6;
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function row(label, cells, text, writeMs, readMs) {
  const size = mb(text);
  return {
    label,
    cells,
    MB: size,
    writeMs,
    readMs,
    line: `${label.padEnd(28)} ${fmt(cells).padStart(8)} ${fmt(size, 2).padStart(7)}  ${fmt(writeMs, 1).padStart(9)} ${fmt((cells / writeMs) * 1000).padStart(10)} ${fmt(size / (writeMs / 1000), 1).padStart(7)}  ${fmt(readMs, 1).padStart(9)} ${fmt((cells / readMs) * 1000).padStart(10)} ${fmt(size / (readMs / 1000), 1).padStart(7)}`,
  };
}

console.log(
  `${'notebook'.padEnd(28)} ${'cells'.padStart(8)} ${'MB'.padStart(7)}  ${'write ms'.padStart(9)} ${'cells/s'.padStart(10)} ${'MB/s'.padStart(7)}  ${'read ms'.padStart(9)} ${'cells/s'.padStart(10)} ${'MB/s'.padStart(7)}`,
);

// the corpus, all notebooks together
const shared = process.env.NBGIT_SHARED ?? new URL('../../shared', import.meta.url).pathname;
const inputs = join(shared, 'fixtures', 'jupytext', 'inputs');
try {
  const nbs = [];
  for (const d of readdirSync(inputs).filter((d) => d.startsWith('ipynb_')))
    for (const f of readdirSync(join(inputs, d))) nbs.push(fromIpynb(readFileSync(join(inputs, d, f))));
  const cells = nbs.reduce((n, nb) => n + nb.cells.length, 0);
  const texts = nbs.map((nb) => toPercent(nb));
  const w = time(() => nbs.map((nb) => toPercent(nb)), { runs: 5 });
  const r = time(() => texts.map((t, i) => fromPercent(t, { extension: extOf(nbs[i]) })), { runs: 5 });
  console.log(row(`jupytext corpus (${nbs.length} nbs)`, cells, texts.join(''), w.ms, r.ms).line);
} catch (e) {
  console.log(`jupytext corpus: skipped (${e.message})`);
}

function extOf(nb) {
  const e = nb.metadata.language_info?.file_extension;
  return { '.r': '.R', '.fs': '.fsx', '.C': '.cpp', '.resource': '.robot' }[e] ?? e ?? '.py';
}

const rows = [];
for (const lossless of [false, true]) {
  for (const n of sizes) {
    const nb = syntheticNotebook(n, { seed: n });
    const text = toPercent(nb, { lossless });
    const runs = n >= 100_000 ? 1 : 3;
    const w = time(() => toPercent(nb, { lossless }), { runs });
    const r = time(() => fromPercent(text), { runs });
    const rr = row(`synthetic${lossless ? ' lossless' : ''} ${n / 1000}k`, n, text, w.ms, r.ms);
    rows.push({ ...rr, lossless });
    console.log(rr.line);
  }
}

console.log('\ngrowth of the time per 10x cells (linear = ~10x):');
for (const lossless of [false, true]) {
  const rs = rows.filter((r) => r.lossless === lossless);
  for (let i = 1; i < rs.length; i++) {
    console.log(
      `  ${lossless ? 'lossless' : 'default '} ${fmt(rs[i - 1].cells)} -> ${fmt(rs[i].cells)}: write x${fmt(rs[i].writeMs / rs[i - 1].writeMs, 1)}, read x${fmt(rs[i].readMs / rs[i - 1].readMs, 1)}`,
    );
  }
}
