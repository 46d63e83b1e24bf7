// Start-up: how long `nbgit` takes to start and answer for the commands git runs (the filter
// and the drivers), against `node -e 0` (Node's own floor), as ratios from the same run
// (issue 13 item 3: within 1.3x). Processes are run in turns, ROUNDS times each (default 30),
// as git runs them: stdin and stdout are pipes (the filter gets EOF at once, as when git has
// nothing to filter), the merge driver merges a small notebook. Printed: the minimum and the
// median wall time, and the CPU time per process (Linux: the children's user+system time from
// /proc/self/stat, in runs of 5, so a busy machine, which stretches wall time, moves it less).
// NBGIT_BIN=path[:path...] runs those bins (e.g. a bundle built from main, to compare;
// default: the bundle `npm pack` ships, built into a temp directory now, and the unbundled
// workspace bin beside it; the bundle also with NBGIT_NO_CODE_CACHE=1).
//
// Before -> after (main's bundle before this round vs now, NBGIT_BIN=old:new, 30 runs in
// turns; the machine at load 10-14, so CPU / node -e 0 is the figure to read; wall medians
// were 2-4x CPU): filter-process (EOF at once) 1.15-1.19x -> 1.12-1.14x; merge-driver on a
// small merge 1.27-1.33x -> 1.15x (perf task-clock, quieter: 1.23x -> 1.10x). From: the
// bundled filter no longer makes stdin/stdout streams (its I/O check failed across the
// bundle's module copies); command files load with a V8 code cache (scripts/load-command.cjs:
// ~2 ms for the filter, ~6 ms for the merge driver); the merge driver loads no node:crypto
// (temp file name) and makes no stderr stream on a clean merge. A Node 20 user snapshot
// (--snapshot-blob with the filter loaded) was no faster (68.3 vs 69.3 ms CPU) and would
// need node flags in git's command: not used. What is left over node -e 0 is mostly running
// a file at all (node empty.cjs costs ~3.5 ms more than node -e 0).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { smallMerge } from '@nbgit/testkit';
import { table } from './lib.mjs';

const DEV = fileURLToPath(new URL('../packages/cli/bin/nbgit.js', import.meta.url));
const bins = {};
const tmp = mkdtempSync(join(tmpdir(), 'nbgit-bench-startup-'));
if (process.env.NBGIT_BIN) process.env.NBGIT_BIN.split(':').forEach((b, i) => (bins[`bin ${i + 1}`] = b));
else {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../packages/cli/scripts/bundle.mjs', import.meta.url)), '--out', join(tmp, 'bundle')], {
    encoding: 'utf8',
  });
  if (r.status === 0) {
    bins.bundle = join(tmp, 'bundle', 'nbgit.cjs');
    bins['bundle, no code cache'] = { bin: bins.bundle, env: { NBGIT_NO_CODE_CACHE: '1' } };
  } else console.log(`(bundle not built: ${r.stderr.trim().split('\n')[0]})`);
  bins.workspace = DEV;
}
// A small merge: two cells, each side edits one.
const sides = smallMerge();
writeFileSync(join(tmp, 'O'), sides.O);
writeFileSync(join(tmp, 'B'), sides.B);

const cases = { 'node -e 0': { args: ['-e', '0'] } };
for (const [kind, b] of Object.entries(bins)) {
  const { bin, env } = typeof b === 'string' ? { bin: b } : b;
  cases[`${kind}: nbgit --version`] = { args: [bin, '--version'], env };
  cases[`${kind}: nbgit filter-process (EOF at once)`] = { args: [bin, 'filter-process'], env, aim: true };
  cases[`${kind}: nbgit merge-driver (a small merge)`] = {
    args: [bin, 'merge-driver', 'O', 'A', 'B', '7', 'nb.ipynb'],
    env,
    before: () => writeFileSync(join(tmp, 'A'), sides.A),
    aim: true,
  };
  cases[`${kind}: nbgit merge --help`] = { args: [bin, 'merge', '--help'], env };
}
const linux = existsSync('/proc/self/stat');
/** CPU ms of this process's waited-for children so far (clock ticks of 10 ms). */
const childCpu = () => {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
};
const wall = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const cpu = Object.fromEntries(Object.keys(cases).map((k) => [k, 0]));
const rounds = Number(process.env.ROUNDS ?? 30);
const BLOCK = 5;
for (let i = 0; i < Math.ceil(rounds / BLOCK) + 1; i++)
  for (const [k, { args, before, env }] of Object.entries(cases)) {
    const c0 = linux ? childCpu() : 0;
    for (let j = 0; j < BLOCK; j++) {
      before?.();
      const s = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: tmp, input: '', stdio: 'pipe', env: env ? { ...process.env, ...env } : undefined });
      if (i > 0) wall[k].push(performance.now() - s);
      if (r.status !== 0 && !args.includes('--help') && k !== 'node -e 0') throw new Error(`${k}: exit ${r.status}: ${r.stderr}`);
    }
    if (i > 0 && linux) cpu[k] += childCpu() - c0;
  }
const med = (t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
const min = (t) => Math.min(...t);
const floor = { min: min(wall['node -e 0']), med: med(wall['node -e 0']), cpu: cpu['node -e 0'] };
const n = wall['node -e 0'].length;
table(
  `start-up, ${n} runs each in turns (ms; ratio = / node -e 0 in the same run; aim <= 1.3x for the filter and the drivers)`,
  ['process', 'min', 'ratio', 'median', 'ratio', ...(linux ? ['cpu', 'ratio'] : [])],
  Object.keys(cases).map((k) => [
    k,
    min(wall[k]).toFixed(1),
    `${(min(wall[k]) / floor.min).toFixed(2)}x`,
    med(wall[k]).toFixed(1),
    `${(med(wall[k]) / floor.med).toFixed(2)}x`,
    ...(linux ? [(cpu[k] / n).toFixed(1), `${(cpu[k] / floor.cpu).toFixed(2)}x`] : []),
  ]),
);
// The aim (issue 13 item 3): the filter and the merge driver start within 1.3x of node -e 0
// (ideally ~1.1x), in CPU time (what a loaded machine stretches least) and in minimum wall time.
const aimRows = [];
for (const [k, c] of Object.entries(cases)) {
  if (!c.aim) continue;
  const r = linux ? cpu[k] / floor.cpu : min(wall[k]) / floor.min;
  aimRows.push([
    k,
    `${(min(wall[k]) / floor.min).toFixed(2)}x`,
    linux ? `${(cpu[k] / floor.cpu).toFixed(2)}x` : '',
    r <= 1.1 ? 'met (<= 1.1x)' : r <= 1.3 ? 'met' : 'not met',
  ]);
}
table(`aim: start within 1.3x of node -e 0 (verdict on ${linux ? 'CPU' : 'min wall'})`, ['process', 'min wall', 'cpu', 'verdict'], aimRows);
rmSync(tmp, { recursive: true, force: true });
