// Start-up: how long `nbgit` takes to start and answer for the commands git runs (the filter
// and the drivers), against `node -e 0` (Node's own floor), as ratios from the same run
// (issue 13 item 3: within 1.3x). Each process is timed in turns with the others; medians.
// NBGIT_BIN=path runs that bin (default: the bundle `npm pack` ships, built into a temp
// directory now, and the unbundled workspace bin beside it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { table } from './lib.mjs';

const DEV = fileURLToPath(new URL('../packages/cli/bin/nbgit.js', import.meta.url));
const bins = {};
let tmp;
if (process.env.NBGIT_BIN) bins.given = process.env.NBGIT_BIN;
else {
  tmp = mkdtempSync(join(tmpdir(), 'nbgit-bench-startup-'));
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../packages/cli/scripts/bundle.mjs', import.meta.url)), '--out', tmp], { encoding: 'utf8' });
  if (r.status === 0) bins.bundle = join(tmp, 'nbgit.cjs');
  else console.log(`(bundle not built: ${r.stderr.trim().split('\n')[0]})`);
  bins.workspace = DEV;
}
const cases = {
  'node -e 0': [['-e', '0']],
};
for (const [kind, bin] of Object.entries(bins)) {
  cases[`${kind}: nbgit --version`] = [[bin, '--version']];
  cases[`${kind}: nbgit filter-process (EOF at once)`] = [[bin, 'filter-process']];
  cases[`${kind}: nbgit merge-driver (usage error)`] = [[bin, 'merge-driver']];
  cases[`${kind}: nbgit merge --help`] = [[bin, 'merge', '--help']];
}
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const rounds = Number(process.env.ROUNDS ?? 25);
for (let i = 0; i < rounds + 2; i++)
  for (const [k, [args]] of Object.entries(cases)) {
    const s = performance.now();
    spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    if (i >= 2) times[k].push(performance.now() - s);
  }
const med = (t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
const floor = med(times['node -e 0']);
table(
  'start-up (ms, median of spawnSync wall time timed in turns; ratio = / node -e 0, aim <= 1.3x for the filter and the drivers)',
  ['process', 'ms', 'ratio'],
  Object.keys(cases).map((k) => [k, med(times[k]).toFixed(1), `${(med(times[k]) / floor).toFixed(2)}x`]),
);
if (tmp) rmSync(tmp, { recursive: true, force: true });
