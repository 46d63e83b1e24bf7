// Write per format (issue 13, items 2 and 6): read (fromIpynb) vs JSON.parse, and each text
// writer (percent, md, light, myst, quarto) in cells/s and as a ratio to JSON.parse of the same
// notebooks, all timed in turns in one run; ipynb -> percent and -> md (read + write, the way
// jupytext's time is taken) against jupytext's figure; and 10x / 100x cells for linear cost.
//
// Times are CPU times (see cpuTurns). jupytext's figure is a wall time on an idle machine.
//
// Figures of the speed2 round (real corpus, CPU best of 15 turns, the code before the round and
// after it loaded side by side in one process; ratios to jupytext as this bench takes them):
//   toMarkdown 77.8 -> 72.1 ms over the corpus, ipynb -> md (fromIpynb + toMarkdown) 10.7x ->
//   11.5x jupytext; per notebook (sum of each one's best) 70.6 -> 46.1 ms, the worst notebook
//   (a doc notebook of nested lists with fences in them) 22.5 -> 7.6 ms. Most of that was
//   CommonMark's parse of the read-back (now read from micromark's events, not remark's tree);
//   over the corpus in one loop, garbage collection takes back much of the gain. ipynb -> percent
//   14.2x -> 14.9x (the read only). Writers light/myst/quarto unchanged (3.2x, 3.6x, 4.4x).
//
// Linear cost, the mdlin round (one synthetic notebook, CPU best of 6-40 runs, the code before
// and after the round loaded side by side in one process; floor = one pass joining and splitting
// each cell's source, nothing kept):
//   cells      floor    toPercent before -> after    toMarkdown before -> after
//   1k         0.2 ms     2.1 ->   1.7 ms               2.5 ->   2.3 ms
//   10k        2.1 ms    29.1 ->  25.5 ms              43.1 ->  39.1 ms
//   100k      35.9 ms   408.3 -> 344.7 ms             526.5 -> 524.4 ms
// light / myst / quarto (unchanged): 12 / 6.0 / 5.2 ms at 1k, 151 / 76 / 80 at 10k, 1625 / 1074 /
// 952 at 100k. Nothing in the writers is super-linear in the work done: from 100k to 300k cells
// every writer grows x2.9-3.3 (percent x2.89, md x2.97, light x3.25; the floor x2.75). From 1k to
// 100k the growth (x12-x21 per 10x) comes from the machine: the floor itself grows x13-x16 from
// 10k to 100k (the notebook no longer fits in the caches), and garbage collection, which is nil at
// 1k (a write's garbage dies in the young generation), takes 5 of 24 ms at 10k and 156 of 522 ms
// at 100k (percent; md: 10 of 36 and 246 of 667; wall times under --trace-gc, scavenges only: what
// a writer keeps until it joins the text, line arrays and the read-back's structures, is copied
// once it outlives the young generation). The round cut per-cell garbage where it was cheap
// (percent's marker line made once per write; md's read-back no longer copies the body or joins it
// twice, and its CommonMark windows restart small for each stretch). Left: md's read-back holds the
// whole text's cells at once (a check in windows of cells would keep its garbage young).
//
// Usage: node bench/write.mjs [--quick]     (after `npx tsc -b`)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinSource } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { toLight } from '@nbgit/light';
import { toMarkdown } from '@nbgit/markdown';
import { toMyst } from '@nbgit/myst';
import { toPercent } from '@nbgit/percent';
import { toQuarto } from '@nbgit/quarto';
import { syntheticNotebook, table } from './lib.mjs';

const quick = process.argv.includes('--quick');

/**
 * jupytext's in-process time for ipynb -> percent (read + write) of 188 real notebooks: 1.1 s,
 * measured in issue 13 ("Fast at the floor on real notebooks", first list) on the same kind of
 * machine. No figure for md was taken; jupytext's md writer is compared with the same figure.
 */
const JUPYTEXT_SECONDS = 1.1;
const JUPYTEXT_NOTEBOOKS = 188;

const WRITERS = {
  percent: (nb) => toPercent(nb),
  md: (nb) => toMarkdown(nb),
  light: (nb) => toLight(nb),
  myst: (nb) => toMyst(nb),
  quarto: (nb) => toQuarto(nb),
};

/**
 * Best CPU time (process.cpuUsage, user + system) of several functions run in turns: on a shared
 * machine the wall time of a step mostly measures the other processes, and even its CPU time
 * grows with their load (caches, GC pressure); the best of the runs is the least disturbed one,
 * the cost of the step itself (for this single-threaded work, the wall time of an idle machine).
 */
function cpuTurns(fns, { rounds, warmup = 1 }) {
  const names = Object.keys(fns);
  for (let i = 0; i < warmup; i++) for (const k of names) fns[k]();
  const t = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < rounds; i++)
    for (const k of names) {
      const s = process.cpuUsage();
      fns[k]();
      const d = process.cpuUsage(s);
      t[k].push((d.user + d.system) / 1000);
    }
  return Object.fromEntries(names.map((k) => [k, Math.min(...t[k])]));
}

const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Times JSON.parse, fromIpynb and every writer on `texts` (ipynb files) in turns; returns ms per step. */
function measure(texts, rounds, { floor = false } = {}) {
  const nbs = texts.map((t) => fromIpynb(t));
  const fns = {
    'JSON.parse': () => texts.map((t) => JSON.parse(t)),
    fromIpynb: () => texts.map((t) => fromIpynb(t)),
  };
  // the least a writer does: one pass joining and splitting each cell's source (nothing kept)
  if (floor)
    fns['floor: sources'] = () => {
      let k = 0;
      for (const nb of nbs) for (const c of nb.cells) k += joinSource(c.source).split('\n').length;
      return k;
    };
  for (const [name, w] of Object.entries(WRITERS)) fns[name] = () => nbs.map((nb) => w(nb));
  const cells = nbs.reduce((n, nb) => n + nb.cells.length, 0);
  return { ms: cpuTurns(fns, { rounds }), cells, notebooks: nbs.length };
}

function report(title, m) {
  const base = m.ms['JSON.parse'];
  table(
    `${title}: ${m.notebooks} notebooks, ${fmt(m.cells)} cells (CPU ms, best of runs in turns; ratio = time / JSON.parse of the same files)`,
    ['step', 'ms', 'cells/s', 'x JSON.parse'],
    Object.entries(m.ms).map(([k, v]) => [
      k === 'JSON.parse' || k === 'fromIpynb' ? `read: ${k}` : `write: ${k}`,
      fmt(v, 1),
      fmt((m.cells / v) * 1000),
      fmt(v / base, 2),
    ]),
  );
  const jupytext = (JUPYTEXT_SECONDS * 1000 * m.notebooks) / JUPYTEXT_NOTEBOOKS;
  table(
    `${title}: ipynb -> text in-process (fromIpynb + write) vs jupytext (${JUPYTEXT_SECONDS} s for ${JUPYTEXT_NOTEBOOKS} real notebooks, issue 13, scaled to ${m.notebooks} notebooks = ${fmt(jupytext)} ms; aim: 10x)`,
    ['conversion', 'read CPU ms', 'write CPU ms', 'total CPU ms', 'x faster than jupytext', 'floor: JSON.parse ms', 'total / floor'],
    ['percent', 'md'].map((f) => {
      const total = m.ms.fromIpynb + m.ms[f];
      return [`ipynb -> ${f}`, fmt(m.ms.fromIpynb, 1), fmt(m.ms[f], 1), fmt(total, 1), fmt(jupytext / total, 1), fmt(base, 1), fmt(total / base, 2)];
    }),
  );
}

// the real corpus
const shared = process.env.NBGIT_SHARED ?? new URL('../../shared', import.meta.url).pathname;
const realDir = join(shared, 'fixtures', 'real', 'notebooks');
let realCount = 177;
try {
  const texts = readdirSync(realDir)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()
    .map((f) => readFileSync(join(realDir, f), 'utf8'));
  realCount = texts.length;
  report('real notebooks (../shared/fixtures/real)', measure(texts, quick ? 3 : 7));
} catch (e) {
  console.log(`real notebooks: skipped (${e.message})`);
}

// a synthetic corpus of as many notebooks, 35 cells each (the real corpus's mean)
{
  const texts = Array.from({ length: realCount }, (_, i) => toIpynb(syntheticNotebook(35, { seed: i + 1 })));
  report('synthetic notebooks (35 cells each)', measure(texts, quick ? 3 : 7));
}

// linear cost: one notebook of 1k, 10k, 100k cells
{
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const rows = [];
  const all = [];
  let prev;
  for (const n of sizes) {
    const m = measure([toIpynb(syntheticNotebook(n, { seed: n }))], n >= 100_000 ? 2 : n >= 10_000 ? 3 : 10, { floor: true });
    const row = [`${fmt(n)} cells`];
    for (const k of Object.keys(m.ms)) row.push(`${fmt(m.ms[k], 1)}${prev ? ` (x${fmt(m.ms[k] / prev.ms[k], 1)})` : ''}`);
    rows.push(row);
    all.push(m);
    prev = m;
  }
  // linearity: growth from the smallest notebook (10x and 100x cells; linear = x10, x100), beside
  // the floor's, which shows what this machine's memory makes of a linear pass at that size
  const first = all[0];
  rows.push([
    `growth ${sizes
      .slice(1)
      .map((n) => `x${n / sizes[0]}`)
      .join(' / ')} cells`,
    ...Object.keys(first.ms).map((k) =>
      all
        .slice(1)
        .map((m) => `x${fmt(m.ms[k] / first.ms[k], 0)}`)
        .join(' / '),
    ),
  ]);
  table(
    'one synthetic notebook of 1k / 10k / 100k cells: CPU ms, best of runs (growth per 10x cells; linear = x10; floor = one pass over the sources, nothing kept)',
    ['notebook', ...Object.keys(prev.ms)],
    rows,
  );
}
