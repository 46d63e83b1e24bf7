// `git status` after touching notebooks (issue 13 item 4): every real notebook of
// ../shared/fixtures/real/notebooks committed, then touched (so git must run the clean
// filter on each to know it did not change), with nbgit's filter (the bundle that npm pack
// ships, and the workspace's modules), with a Node filter that only echoes its input (the
// floor for any filter in Node), and with no filter; then one notebook touched. Ratios from
// the same rounds. Aims: nbgit within 1.25x of the echo floor, at most 3x plain git; one
// touched notebook adds at most 30 ms.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchGitEnv, ECHO_FILTER_SOURCE, shellQuote, table } from './lib.mjs';

const realDir = fileURLToPath(new URL('../../shared/fixtures/real/notebooks/', import.meta.url));
let names;
try {
  names = readdirSync(realDir).filter((n) => n.endsWith('.ipynb'));
} catch {
  console.log('(../shared/fixtures/real not found: status bench skipped)');
  process.exit(0);
}
const root = mkdtempSync(join(tmpdir(), 'nbgit-bench-status-'));
const env = benchGitEnv(root);
const q = shellQuote;

// The filters: nbgit's bundle (as installed), nbgit's workspace modules, and the echo floor.
const bundleDir = join(root, 'bundle');
const built = spawnSync(process.execPath, [fileURLToPath(new URL('../packages/cli/scripts/bundle.mjs', import.meta.url)), '--out', bundleDir], {
  encoding: 'utf8',
});
const ECHO = join(root, 'echo-filter.mjs');
writeFileSync(ECHO, ECHO_FILTER_SOURCE);
const filters = {
  plain: undefined,
  echo: `${q(process.execPath)} ${q(ECHO)}`,
  ...(built.status === 0 ? { 'nbgit (bundle)': `${q(process.execPath)} ${q(join(bundleDir, 'nbgit.cjs'))} filter-process` } : {}),
  'nbgit (workspace)': `${q(process.execPath)} ${q(fileURLToPath(new URL('../packages/cli/bin/nbgit.js', import.meta.url)))} filter-process`,
};
if (built.status !== 0) console.log(`(bundle not built: ${built.stderr.trim().split('\n')[0]})`);

// One work tree per filter (git status refreshes the index it reads), each committed once.
const trees = {};
for (const [name, cmd] of Object.entries(filters)) {
  const dir = join(root, name.replace(/\W+/g, '-'));
  cpSync(realDir, join(dir, 'nb'), { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  git('init', '-q');
  if (cmd !== undefined) {
    writeFileSync(join(dir, '.gitattributes'), '*.ipynb filter=nbgit\n');
    git('config', 'filter.nbgit.process', cmd);
    git('config', 'filter.nbgit.required', 'true');
  }
  git('add', '-A');
  git('-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'x');
  trees[name] = dir;
}

let stamp = Math.floor(Date.now() / 1000);
/** Gives `files` of `dir` a new mtime (content unchanged), then times `git status`. */
function touchedStatus(dir, files) {
  stamp += 10;
  for (const f of files) utimesSync(join(dir, 'nb', f), stamp, stamp);
  const t = performance.now();
  const r = spawnSync('git', ['status', '--porcelain'], { cwd: dir, env, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0 || r.stdout.trim() !== '') throw new Error(`git status in ${dir}: ${r.stderr}${r.stdout.slice(0, 400)}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function measure(files, rounds) {
  const times = Object.fromEntries(Object.keys(trees).map((k) => [k, []]));
  for (const dir of Object.values(trees)) touchedStatus(dir, files); // warm
  for (let r = 0; r < rounds; r++) for (const [k, dir] of Object.entries(trees)) times[k].push(touchedStatus(dir, files));
  return Object.fromEntries(
    Object.entries(times).map(([k, t]) => [
      k,
      { ms: median(t), plain: median(t.map((x, i) => x / times.plain[i])), echo: median(t.map((x, i) => x / times.echo[i])) },
    ]),
  );
}

const all = measure(names, Number(process.env.ROUNDS ?? 7));
const one = measure([names[0]], Number(process.env.ROUNDS ?? 15));
const rows = [];
for (const [k, v] of Object.entries(all))
  rows.push([`every notebook touched (${names.length}): ${k}`, v.ms.toFixed(0), `${v.plain.toFixed(2)}x`, `${v.echo.toFixed(2)}x`, '']);
for (const [k, v] of Object.entries(one))
  rows.push([`one notebook touched: ${k}`, v.ms.toFixed(0), `${v.plain.toFixed(2)}x`, `${v.echo.toFixed(2)}x`, (v.ms - one.plain.ms).toFixed(0)]);
table(
  'git status after touching notebooks (ms, medians of rounds in turns; aims: nbgit <= 1.25x echo floor, <= 3x plain; one file adds <= 30 ms)',
  ['case', 'ms', 'vs plain', 'vs echo floor', 'ms over plain'],
  rows,
);
rmSync(root, { recursive: true, force: true });
