// Helpers for benchmarks: timing, synthetic notebooks, and tables.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Median wall time in ms of `fn` over `runs` runs (after one warm-up), and its result. */
export function time(fn, { runs = 5, minMs = 0 } = {}) {
  let result = fn();
  const times = [];
  const t0 = performance.now();
  for (let i = 0; i < runs || performance.now() - t0 < minMs; i++) {
    const s = performance.now();
    result = fn();
    times.push(performance.now() - s);
    if (i > 200) break;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

/** A deterministic pseudo-random generator. */
export function rng(seed = 1) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

/** A synthetic nbformat 4.5 notebook of `n` cells: code with stream/rich outputs, markdown. */
export function syntheticNotebook(n, { seed = 1, outputs = true, png = true, language = 'python' } = {}) {
  const r = rng(seed);
  const cells = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(r() * 1e9).toString(36);
    if (i % 3 === 2) {
      cells.push({
        cell_type: 'markdown',
        id: `m${i}`,
        metadata: {},
        source: [`## Section ${i} ${k}\n`, '\n', `Some *prose* about step ${i}, with \`code\` and a [link](https://example.org/${k}).`],
      });
      continue;
    }
    const src = [`# step ${i}\n`, `x_${i} = compute(${i}, seed=${k.length})\n`, `print("value", x_${i} * 1.5)`];
    const outs = [];
    if (outputs) {
      outs.push({ output_type: 'stream', name: 'stdout', text: [`value ${i * 1.5}\n`] });
      if (i % 4 === 0) outs.push({ output_type: 'execute_result', execution_count: i + 1, data: { 'text/plain': [`<Result ${k}>`] }, metadata: {} });
      if (png && i % 10 === 0)
        outs.push({ output_type: 'display_data', data: { 'image/png': PNG, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {} });
    }
    cells.push({
      cell_type: 'code',
      execution_count: outputs ? i + 1 : null,
      id: `c${i}`,
      metadata: i % 5 === 0 ? { tags: ['t'] } : {},
      outputs: outs,
      source: src,
    });
  }
  return {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language, name: 'python3' },
      language_info: { name: language, version: '3.11.7' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Jupyter's layout for a plain object (keys sorted as Python does, indent 1). */
export function jupyterText(nb) {
  const sort = (v) =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return `${JSON.stringify(sort(nb), null, 1)}\n`;
}

/** Prints a table of rows (arrays of cells) under a header. */
export function table(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(all[0]));
  console.log(`|${w.map((x, i) => (i === 0 ? `:${'-'.repeat(x + 1)}` : `${'-'.repeat(x + 1)}:`)).join('|')}|`);
  for (const r of all.slice(1)) console.log(line(r));
}

/** MB/s for `bytes` processed in `ms`. */
export const mbps = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(1);

/**
 * Base64 text of `bytes` pseudo-random bytes with a line break every 76 characters, as
 * nbformat 3 and early nbformat 4 wrote PNGs (each break is a `\n` escape in the file).
 */
export function base64Lines(bytes, seed = 1) {
  const r = rng(seed);
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = Math.floor(r() * 256);
  return b.toString('base64').replace(/.{76}/g, '$&\n').replace(/\n$/, '');
}

/** An image-heavy notebook: `n` cells, every `every`-th with a PNG of `pngBytes` bytes (base64 lines of 76). */
export function imageHeavyNotebook(n, { pngBytes = 150_000, every = 3, seed = 1 } = {}) {
  const nb = syntheticNotebook(n, { seed, png: false });
  let k = 0;
  for (const c of nb.cells)
    if (c.cell_type === 'code' && k++ % every === 0)
      c.outputs.push({ output_type: 'display_data', data: { 'image/png': base64Lines(pngBytes, seed + k), 'text/plain': ['<Figure>'] }, metadata: {} });
  return nb;
}

/** The same notebook in nbformat 3 (worksheets, `input`, `prompt_number`, `png` keys), as Jupyter 1-2 wrote it. */
export function asNbformat3(nb) {
  const cells = nb.cells.map((c) =>
    c.cell_type === 'code'
      ? {
          cell_type: 'code',
          collapsed: false,
          input: c.source,
          language: 'python',
          metadata: {},
          outputs: c.outputs.map((o) =>
            o.output_type === 'stream'
              ? { output_type: 'stream', stream: o.name, text: o.text }
              : {
                  output_type: o.output_type === 'execute_result' ? 'pyout' : o.output_type,
                  metadata: {},
                  ...(o.data['image/png'] ? { png: o.data['image/png'] } : {}),
                  text: o.data['text/plain'],
                },
          ),
          prompt_number: c.execution_count,
        }
      : { cell_type: c.cell_type, metadata: {}, source: c.source },
  );
  return { metadata: { name: '' }, nbformat: 3, nbformat_minor: 0, worksheets: [{ cells, metadata: {} }] };
}

/**
 * Medians of several functions timed in turns (each round runs every function once), so
 * that all see the same load on a shared machine: ratios between them are what to read.
 */
export function timeTurns(fns, { rounds = 21, warmup = 3 } = {}) {
  const names = Object.keys(fns);
  for (let i = 0; i < warmup; i++) for (const k of names) fns[k]();
  const t = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < rounds; i++)
    for (const k of names) {
      const s = performance.now();
      fns[k]();
      t[k].push(performance.now() - s);
    }
  return Object.fromEntries(names.map((k) => [k, t[k].sort((a, b) => a - b)[Math.floor(rounds / 2)]]));
}

/** A ratio as text: `1.23x`. */
export const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

/**
 * The least any git filter process in Node costs: start Node, answer every clean request with
 * its own content (blocking reads and writes, as nbgit filter-process does under git), nothing
 * else. The source of a CommonJS file (no ES module loader: ~5% of Node's start) to write to a
 * `.cjs` file and run with `node`.
 */
export const ECHO_FILTER_SOURCE = `const { openSync, readSync, writeSync } = require('node:fs');
const i = openSync('/proc/self/fd/0', 'r'), o = openSync('/proc/self/fd/1', 'w');
let buf = Buffer.alloc(1 << 20), start = 0, end = 0, state = 0, content = [];
const pkt = (s) => { const b = Buffer.from(s + '\\n'); return Buffer.concat([Buffer.from((b.length + 4).toString(16).padStart(4, '0')), b]); };
const out = (b) => { for (let w = 0; w < b.length; ) w += writeSync(o, b, w); };
for (;;) {
  if (buf.length - end < 65536) { const nb = Buffer.alloc(Math.max(buf.length, 2 * (end - start) + 65536)); buf.copy(nb, 0, start, end); end -= start; start = 0; buf = nb; }
  const n = readSync(i, buf, end, buf.length - end, null);
  if (n === 0) break;
  end += n;
  while (end - start >= 4) {
    const len = parseInt(buf.latin1Slice(start, start + 4), 16);
    if (len === 0) {
      start += 4;
      if (state === 0) { out(Buffer.concat([pkt('git-filter-server'), pkt('version=2'), Buffer.from('0000')])); state = 1; }
      else if (state === 1) { out(Buffer.concat([pkt('capability=clean'), Buffer.from('0000')])); state = 2; }
      else if (state === 2) { state = 3; content = []; }
      else {
        const parts = [pkt('status=success'), Buffer.from('0000')];
        for (const c of content) parts.push(Buffer.from((c.length + 4).toString(16).padStart(4, '0')), c);
        parts.push(Buffer.from('00000000'));
        out(Buffer.concat(parts)); state = 2;
      }
      continue;
    }
    if (end - start < len) break;
    if (state === 3) content.push(Buffer.from(buf.subarray(start + 4, start + len)));
    start += len;
  }
}
`;

/** `s` quoted for a POSIX shell (git runs filter commands through one). */
export const shellQuote = (s) => `'${s.replace(/'/g, "'\\''")}'`;

/** An environment for git with `root` as home and no system or user config (nor a traced filter). */
export function benchGitEnv(root) {
  const env = { ...process.env, HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(root, 'gitconfig') };
  delete env.NBGIT_TRACE_FILTER;
  return env;
}

/** `n` cells: a markdown step heading every tenth cell, code cells with four lines and a stdout line between (ids and 4.5 when `withIds`, else 4.4). */
export function steppedNotebook(n, withIds) {
  const cells = [];
  for (let i = 0; i < n; i++) {
    const id = withIds ? { id: `c${i.toString(36)}` } : {};
    if (i % 10 === 0) cells.push({ cell_type: 'markdown', ...id, metadata: {}, source: [`## Step ${i}\n`, '\n', `Notes about step ${i}.`] });
    else
      cells.push({
        cell_type: 'code',
        execution_count: i,
        ...id,
        metadata: {},
        outputs: [{ name: 'stdout', output_type: 'stream', text: [`${(i * 7919) % 10007}\n`] }],
        source: [`value_${i} = compute(${i}, scale=${i % 7})\n`, `total += value_${i}\n`, `check(value_${i})\n`, `print(value_${i})`],
      });
  }
  return { cells, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: withIds ? 5 : 4 };
}
