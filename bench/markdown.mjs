// toMarkdown / fromMarkdown throughput, and linear scaling on 1k / 10k / 100k-cell notebooks.

import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fromIpynb } from '@nbgit/ipynb';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { mbps, syntheticNotebook, table, time } from './lib.mjs';

function measure(name, nb, runs) {
  const write = time(() => toMarkdown(nb), { runs });
  const text = write.result;
  const bytes = Buffer.byteLength(text);
  const read = time(() => fromMarkdown(text), { runs });
  if (toMarkdown(read.result) !== text) throw new Error(`${name}: md -> ipynb -> md is not byte-identical`);
  const ll = time(() => toMarkdown(nb, { lossless: true }), { runs });
  const n = nb.cells.length;
  return {
    row: [
      name,
      (bytes / 1e6).toFixed(2),
      write.ms.toFixed(1),
      read.ms.toFixed(1),
      ll.ms.toFixed(1),
      Math.round(n / (write.ms / 1000)),
      Math.round(n / (read.ms / 1000)),
      mbps(bytes, write.ms),
      mbps(bytes, read.ms),
    ],
    perCell: [(write.ms / n) * 1000, (read.ms / n) * 1000],
  };
}

const rows = [];
let files = [];
try {
  files = execSync('find ../shared/fixtures/jupytext/inputs -name "*.ipynb"', { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter(Boolean);
} catch {}
if (files.length) {
  const nbs = files.map((f) => fromIpynb(readFileSync(new URL(`../${f}`, import.meta.url), 'utf8')));
  const texts = nbs.map((nb) => toMarkdown(nb));
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  const cells = nbs.reduce((a, nb) => a + nb.cells.length, 0);
  const w = time(
    () => {
      for (const nb of nbs) toMarkdown(nb);
    },
    { runs: 5 },
  );
  const r = time(
    () => {
      for (const t of texts) fromMarkdown(t);
    },
    { runs: 5 },
  );
  const l = time(
    () => {
      for (const nb of nbs) toMarkdown(nb, { lossless: true });
    },
    { runs: 5 },
  );
  rows.push([
    `jupytext corpus (${nbs.length} notebooks)`,
    (bytes / 1e6).toFixed(2),
    w.ms.toFixed(1),
    r.ms.toFixed(1),
    l.ms.toFixed(1),
    Math.round(cells / (w.ms / 1000)),
    Math.round(cells / (r.ms / 1000)),
    mbps(bytes, w.ms),
    mbps(bytes, r.ms),
  ]);
}
const scaling = [];
for (const n of [1000, 10000, 100000]) {
  const m = measure(`${n} cells`, syntheticNotebook(n, { outputs: false }), n >= 100000 ? 1 : 3);
  rows.push(m.row);
  scaling.push([`${n} cells`, m.perCell[0].toFixed(1), m.perCell[1].toFixed(1)]);
}
const remarkScaling = [];
for (const n of [1000, 10000, 100000]) {
  // every markdown cell holds a ~~~ block and an HTML line, so CommonMark is consulted on every stretch
  const nb = syntheticNotebook(n, { outputs: false });
  for (const c of nb.cells) if (c.cell_type === 'markdown') c.source = [...c.source, '\n', '\n', '~~~\n', 'output\n', '~~~\n', '<img src="x.png">'];
  const m = measure(`${n} cells, ~~~ and HTML in markdown`, nb, n >= 100000 ? 1 : 3);
  rows.push(m.row);
  remarkScaling.push([`${n} cells (remark on every stretch)`, m.perCell[0].toFixed(1), m.perCell[1].toFixed(1)]);
}
{
  // pathological: one markdown cell of 20k lines full of fences and region-like lines, and 10k tiny cells that each need a region
  const big = Array.from({ length: 20000 }, (_, i) =>
    i % 50 === 0 ? '```python' : i % 50 === 25 ? '```' : i % 77 === 0 ? '<!-- #region -->' : i % 9 === 0 ? '' : `line ${i} with \`code\``,
  ).join('\n');
  rows.push(
    measure('1 markdown cell, 20k lines', { cells: [{ cell_type: 'markdown', metadata: {}, source: big }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, 3)
      .row,
  );
  const fence = '`'.repeat(3);
  const tricky = {
    cells: Array.from({ length: 10000 }, (_, i) => ({
      cell_type: 'markdown',
      metadata: {},
      source: i % 2 ? `a ${i}\n\n\nb` : `~~~\n${fence}python\nx = ${i}\n${fence}\n~~~`,
    })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  rows.push(measure('10k distinct markdown cells needing regions', tricky, 3).row);
}
table(
  'markdown: toMarkdown / fromMarkdown (ms; cells/s; MB/s of markdown)',
  ['input', 'MB', 'write ms', 'read ms', 'lossless write ms', 'write cells/s', 'read cells/s', 'write MB/s', 'read MB/s'],
  rows,
);
const base = scaling[0];
const rbase = remarkScaling[0];
table(
  'markdown: cost per cell (µs) and ratio to 1k cells (1.0 = linear)',
  ['notebook', 'write µs/cell', 'read µs/cell', 'write ratio', 'read ratio'],
  [
    ...scaling.map((r) => [...r, (r[1] / base[1]).toFixed(2), (r[2] / base[2]).toFixed(2)]),
    ...remarkScaling.map((r) => [...r, (r[1] / rbase[1]).toFixed(2), (r[2] / rbase[2]).toFixed(2)]),
  ],
);
