// Benchmark of the review page (@nbgit/review): notebooks of 100, 1,000 and 10,000 cells with
// a 480x320 PNG plot in every tenth code cell; 5% of the cells edited and 1% of the plots
// redrawn (a pixel difference each). Prints, per size: the time to build the page and its
// ratio to the diff alone, the page size and its ratio to the new notebook's file, and the
// time Chromium takes to open it (navigation to load event, and to the first paint of the
// list), per MB; then the growth per 10x cells (linear = ~10x). Also the page with images
// dropped (maxImageBytes 0) and with unchanged cells only counted.
//
// Usage: node bench/review.mjs [--quick]   (after `npx tsc -b`; the browser rows need /usr/bin/chromium)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffNotebooks } from '@nbgit/diff';
import { renderReview } from '@nbgit/review';
import { encode } from 'fast-png';
import { rng, table } from './lib.mjs';

const quick = process.argv.includes('--quick');
const sizes = quick ? [100, 1_000] : [100, 1_000, 10_000];
const CHROMIUM = process.env.NBGIT_CHROMIUM ?? '/usr/bin/chromium';

/** A 480x320 PNG (base64, 76-character lines as Jupyter writes them): axes, a curve drawn by `seed`. */
function plot(seed) {
  const w = 480;
  const h = 320;
  const data = new Uint8Array(w * h * 4).fill(255);
  const set = (x, y, r, g, b) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    data.set([r, g, b, 255], (y * w + x) * 4);
  };
  for (let x = 40; x < w - 10; x++) set(x, h - 30, 0, 0, 0);
  for (let y = 10; y < h - 30; y++) set(40, y, 0, 0, 0);
  const random = rng(seed);
  const a = 1 + random() * 3;
  const p = random() * 6;
  for (let x = 41; x < w - 10; x++) {
    const y = Math.round(h / 2 - 100 * Math.sin((x / 60) * a + p) * Math.exp(-x / 600));
    for (let t = -1; t <= 1; t++) set(x, y + t, 31, 119, 180);
  }
  const b64 = Buffer.from(encode({ width: w, height: h, data, channels: 4, depth: 8 })).toString('base64');
  return `${b64.match(/.{1,76}/g).join('\n')}\n`;
}

function makeNotebook(n) {
  const cells = [];
  for (let i = 0; i < n; i++) {
    if (i % 5 === 4) {
      cells.push({
        cell_type: 'markdown',
        id: `m${i}`,
        metadata: {},
        source: [`## Step ${i}\n`, '\n', `We fit $y = a x^2 + b$ to the *step ${i}* data, see [docs](#top).`],
      });
      continue;
    }
    const outputs = [{ name: 'stdout', output_type: 'stream', text: [`loss ${((i * 7919) % 10007) / 100}\n`] }];
    if (i % 10 === 0)
      outputs.push({ output_type: 'display_data', data: { 'image/png': plot(i), 'text/plain': ['<Figure size 480x320 with 1 Axes>'] }, metadata: {} });
    cells.push({
      cell_type: 'code',
      execution_count: i + 1,
      id: `c${i}`,
      metadata: {},
      outputs,
      source: [`value_${i} = fit(data[${i}], degree=2)\n`, `ax.plot(value_${i})\n`, `print("loss", loss(value_${i}))`],
    });
  }
  return { cells, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 };
}

/** 5% of the cells edited (source), 1% of the plots redrawn. */
function touch(a, seed) {
  const random = rng(seed);
  const b = structuredClone(a);
  const n = b.cells.length;
  for (let e = 0; e < Math.max(1, Math.round(n * 0.05)); e++) {
    const c = b.cells[Math.floor(random() * n)];
    c.source = [...c.source.slice(0, -1), `${c.source[c.source.length - 1]}  # edited`];
  }
  const plots = b.cells.filter((c) => c.outputs?.length === 2);
  for (let e = 0; e < Math.max(1, Math.round(plots.length * 0.01)); e++) {
    const c = plots[Math.floor(random() * plots.length)];
    c.outputs[1] = { ...c.outputs[1], data: { ...c.outputs[1].data, 'image/png': plot(100_000 + e) } };
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

let browser;
let userDir;
async function openTimes(html, runs) {
  if (!existsSync(CHROMIUM)) return undefined;
  if (!browser) {
    const { chromium } = await import('playwright-core');
    userDir = mkdtempSync(join(tmpdir(), 'nbgit-bench-'));
    browser = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    browser.setDefaultTimeout(600_000);
  }
  const file = join(userDir, 'page.html');
  writeFileSync(file, html);
  const loads = [];
  const paints = [];
  for (let r = 0; r < runs; r++) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { load: nav.loadEventEnd, paint: paint ? paint.startTime : Number.NaN };
    });
    loads.push(t.load);
    paints.push(t.paint);
    await page.close();
  }
  loads.sort((x, y) => x - y);
  paints.sort((x, y) => x - y);
  return { load: loads[Math.floor(runs / 2)], paint: paints[Math.floor(runs / 2)] };
}

// warm up
renderReview([{ path: 'w.ipynb', a: makeNotebook(200), b: touch(makeNotebook(200), 9) }]);

const rows = [];
const growth = [];
const variants = [];
let prev;
for (const n of sizes) {
  const a = makeNotebook(n);
  const b = touch(a, n);
  const nbBytes = Buffer.byteLength(JSON.stringify(b, null, 1));
  const runs = n >= 10_000 ? 1 : 3;
  const diff = median(() => diffNotebooks(a, b), runs);
  const build = median(() => renderReview([{ path: 'bench.ipynb', a, b, diff: diff.result }]), runs);
  const page = build.result;
  const open = await openTimes(page.html, 3);
  const mb = page.bytes / 1e6;
  rows.push([
    n.toLocaleString('en'),
    `${(nbBytes / 1e6).toFixed(1)} MB`,
    `${diff.ms.toFixed(0)} ms`,
    `${build.ms.toFixed(0)} ms (${(build.ms / diff.ms).toFixed(1)}x)`,
    `${mb.toFixed(2)} MB (${(page.bytes / nbBytes).toFixed(2)}x)`,
    `${page.images.embedded}`,
    open ? `${open.load.toFixed(0)} ms (${(open.load / mb).toFixed(0)} ms/MB)` : 'no chromium',
    open ? `${open.paint.toFixed(0)} ms` : '-',
  ]);
  if (prev)
    growth.push([
      `${prev.n.toLocaleString('en')} -> ${n.toLocaleString('en')}`,
      `${(build.ms / prev.build).toFixed(1)}x`,
      `${(page.bytes / prev.bytes).toFixed(1)}x`,
      open && prev.load ? `${(open.load / prev.load).toFixed(1)}x` : '-',
    ]);
  prev = { n, build: build.ms, bytes: page.bytes, load: open?.load };
  if (n === 1_000) {
    for (const [name, options] of [
      ['images dropped (maxImageBytes 0)', { maxImageBytes: 0 }],
      ['unchanged cells counted only', { unchanged: 'count' }],
      ['no pixel difference', { pixelDiff: false }],
    ]) {
      const v = median(() => renderReview([{ path: 'bench.ipynb', a, b, diff: diff.result }], options), 3);
      const o = await openTimes(v.result.html, 3);
      variants.push([
        name,
        `${v.ms.toFixed(0)} ms`,
        `${(v.result.bytes / 1e6).toFixed(2)} MB (${(v.result.bytes / page.bytes).toFixed(2)}x of default)`,
        o ? `${o.load.toFixed(0)} ms` : '-',
      ]);
    }
  }
}
table(
  'review page: build, size, open in Chromium (median)',
  ['cells', 'notebook', 'diff', 'page build (x diff)', 'page size (x notebook)', 'images', 'open: load event', 'first paint'],
  rows,
);
table('growth per 10x cells (linear = ~10x)', ['sizes', 'build', 'size', 'load'], growth);
table('1,000 cells, variants', ['options', 'build', 'size', 'load'], variants);
if (browser) {
  await browser.close();
  rmSync(userDir, { recursive: true, force: true });
}
