// Bench of the git filter: `git add -A` of 1000 notebooks (30 cells, text outputs and a small
// PNG each) with the nbgit filter vs no filter, as a ratio in the same run; the one-shot
// clean per file; and the in-process clean (parse + strip + write) on 1k-100k-cell notebooks.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanContent } from '@nbgit/git';
import { benchGitEnv, ECHO_FILTER_SOURCE, jupyterText, mbps, shellQuote, syntheticNotebook, table, time } from './lib.mjs';

const BIN = new URL('../packages/cli/bin/nbgit.js', import.meta.url).pathname;
const q = shellQuote;
const NBGIT = `${q(process.execPath)} ${q(BIN)}`;
const root = mkdtempSync(join(tmpdir(), 'nbgit-bench-filter-'));
const env = benchGitEnv(root);

/** A work tree of `n` notebooks made by `make(i)`; returns its path and size in bytes. */
function workTree(name, n, make) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'nb'), { recursive: true });
  let size = 0;
  for (let i = 0; i < n; i++) {
    const text = jupyterText(make(i));
    size += Buffer.byteLength(text);
    writeFileSync(join(dir, 'nb', `${String(i).padStart(4, '0')}.ipynb`), text);
  }
  writeFileSync(join(dir, '.gitattributes'), '*.ipynb filter=nbgit diff=nbgit merge=nbgit\n');
  return { dir, size };
}

const N = 1000;
const { dir: work, size: bytes } = workTree('work', N, (i) => syntheticNotebook(30, { seed: i + 1 }));
// A second tree where outputs are most of the bytes: 200 notebooks with three 30 kB images each.
const BIG = 200;
const IMG = Buffer.alloc(22_000, 7).toString('base64');
const { dir: heavy, size: heavyBytes } = workTree('heavy', BIG, (i) => {
  const nb = syntheticNotebook(30, { seed: i + 1 });
  for (const k of [0, 9, 18])
    nb.cells[k].outputs.push({ output_type: 'display_data', data: { 'image/png': IMG + i, 'text/plain': ['<Figure>'] }, metadata: {} });
  return nb;
});

// The least any filter process in Node costs: start Node, answer every request with its own
// content (blocking reads and writes, as nbgit filter-process does under git), nothing else.
const PASS = join(root, 'pass-through.cjs');
writeFileSync(PASS, ECHO_FILTER_SOURCE);

let dirs = 0;
// NBGIT_BENCH_BEFORE=/path/to/an/older/checkout/packages/cli/bin/nbgit.js adds that build as a
// "before" row, measured in the same rounds as the current one.
const BEFORE_BIN = process.env.NBGIT_BENCH_BEFORE;
/** A fresh git dir for the work tree, optionally with a filter configured. */
function gitDir(filter) {
  const dir = join(root, `git-${dirs++}`);
  execFileSync('git', ['--git-dir', dir, 'init', '-q'], { env });
  const set = (k, v) => execFileSync('git', ['--git-dir', dir, 'config', k, v], { env });
  if (filter === 'pass') set('filter.nbgit.process', `${q(process.execPath)} ${q(PASS)}`);
  if (filter === 'before') set('filter.nbgit.process', `${q(process.execPath)} ${q(BEFORE_BIN)} filter-process`);
  if (filter === 'process') set('filter.nbgit.process', `${NBGIT} filter-process`);
  if (filter === 'process' || filter === 'oneshot') {
    set('filter.nbgit.clean', `${NBGIT} clean %f`);
    set('filter.nbgit.smudge', `${NBGIT} smudge %f`);
  }
  if (filter !== 'none') set('filter.nbgit.required', 'true');
  return dir;
}

function gitAdd(filter, paths = ['-A'], tree = work) {
  const dir = gitDir(filter);
  const t = performance.now();
  const r = spawnSync('git', ['--git-dir', dir, '--work-tree', tree, 'add', ...paths], { cwd: tree, env, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(r.stderr);
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `rounds` rounds of `git add` of `tree`, each round running every mode once, in turn.
 * Per mode: the median time, and the median of its ratio to the plain `git add` of the same
 * round (the machine's load changes from round to round, much less within one).
 */
function measure(tree, modes, rounds) {
  const times = Object.fromEntries(modes.map((m) => [m, []]));
  gitAdd('none', ['-A'], tree); // warm the file cache
  for (let r = 0; r < rounds; r++) for (const m of modes) times[m].push(gitAdd(m, ['-A'], tree));
  const out = {};
  for (const m of modes) out[m] = { ms: median(times[m]), ratio: median(times[m].map((t, i) => t / times.none[i])) };
  return out;
}

const linux = process.platform === 'linux';
const modes = ['none', 'process', ...(linux ? ['pass'] : []), ...(BEFORE_BIN ? ['before'] : [])];
const RUNS = 5;
const dirty = measure(work, modes, RUNS);
const heavyRun = measure(
  heavy,
  modes.filter((m) => m !== 'pass'),
  3,
);
// Already-clean notebooks (what git status, stash and rebase mostly filter).
const { dir: cleanTree } = workTree('clean', N, (i) => syntheticNotebook(30, { seed: i + 1, outputs: false }));
const cleanRun = measure(
  cleanTree,
  modes.filter((m) => m !== 'pass'),
  3,
);

// The one-shot clean (filter.nbgit.clean, one process per file) on a few notebooks.
const ONE = 20;
const oneShotPaths = Array.from({ length: ONE }, (_, i) => `nb/${String(i).padStart(4, '0')}.ipynb`);
const oneShot = gitAdd('oneshot', oneShotPaths);
const oneShotPlain = gitAdd('none', oneShotPaths);
// Node's own start, for scale.
const t0 = performance.now();
for (let i = 0; i < 5; i++) spawnSync(process.execPath, ['-e', '0']);
const nodeStart = (performance.now() - t0) / 5;

// Ratios to plain `git add` that this bench measured on this machine (2 cores shared with
// other work) for commit e6e688c, the filter before its speed work: the "recorded before"
// column. NBGIT_BENCH_BEFORE measures such a build in the same run instead.
const RECORDED = { dirty: 2.71, clean: 2.43, heavy: 1.97 };
const LABEL = { none: 'no filter', process: 'nbgit filter-process', pass: 'Node pass-through filter (floor)', before: 'nbgit filter-process, before build' };
const rowsOf = (run, files, recorded) =>
  Object.entries(run).map(([m, { ms, ratio }]) => [
    LABEL[m],
    ms.toFixed(0),
    (ms / files).toFixed(3),
    ratio.toFixed(2),
    m === 'process' ? recorded.toFixed(2) : m === 'none' ? '1.00' : '',
  ]);
const HEAD = ['mode', 'ms (median)', 'per file ms', 'ratio to plain', 'recorded before'];
table(`git add -A of ${N} notebooks (30 cells each, ${(bytes / 1e6).toFixed(1)} MB), ${RUNS} rounds`, HEAD, [
  ...rowsOf(dirty, N, RECORDED.dirty),
  [`one-shot clean (${ONE} files)`, oneShot.toFixed(0), (oneShot / ONE).toFixed(1), (oneShot / oneShotPlain).toFixed(1), ''],
  ['(node -e 0 start)', nodeStart.toFixed(0), '', '', ''],
]);
table(`git add -A of ${N} notebooks that have nothing to strip, 3 rounds`, HEAD, rowsOf(cleanRun, N, RECORDED.clean));
table(
  `git add -A of ${BIG} notebooks with three 30 kB images each (${(heavyBytes / 1e6).toFixed(1)} MB), 3 rounds`,
  HEAD,
  rowsOf(heavyRun, BIG, RECORDED.heavy),
);
const over = (r) => `${((r - 1) * 100).toFixed(0)}%`;
console.log(
  `\nfilter overhead over plain git add: ${over(dirty.process.ratio)} (recorded before: ${over(RECORDED.dirty)}${dirty.before ? `; before build in this run: ${over(dirty.before.ratio)}` : ''})`,
);
if (dirty.pass) console.log(`a Node filter that does nothing but answer costs ${over(dirty.pass.ratio)} (Node's start-up and one pipe round trip per file)`);

// In-process clean: parse + strip + write, by notebook size (linear scaling).
const rows = [];
let base;
for (const cells of [1000, 10000, 100000]) {
  const text = Buffer.from(jupyterText(syntheticNotebook(cells, { seed: 7 })));
  const { ms } = time(() => cleanContent(text), { runs: cells >= 100000 ? 1 : 3 });
  base ??= ms / cells;
  rows.push([cells, (text.length / 1e6).toFixed(1), ms.toFixed(1), mbps(text.length, ms), (ms / cells / base).toFixed(2)]);
}
table('cleanContent (parse + strip + write) by notebook size', ['cells', 'MB', 'ms', 'MB/s', 'per-cell cost vs 1k'], rows);

rmSync(root, { recursive: true, force: true });
