// Start-up: how long `nbgit` takes to start and answer for the commands git runs (the filter
// and the drivers), against `node -e 0` (Node's own floor), as ratios from the same run
// (issue 13 item 3: within 1.3x). Processes are run in turns, ROUNDS times each (default 30),
// as git runs them: stdin and stdout are pipes (the filter gets EOF at once, as when git has
// nothing to filter), the merge driver merges a small notebook. Printed: the minimum and the
// median wall time, and the CPU time per process (Linux: the children's user+system time from
// /proc/self/stat, in runs of 5, so a busy machine, which stretches wall time, moves it less).
// NBGIT_BIN=path[:path...] runs those bins (e.g. a bundle built from main, to compare;
// default: the bundle `npm pack` ships, built into a temp directory now, and the unbundled
// workspace bin beside it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { table } from './lib.mjs';

const DEV = fileURLToPath(new URL('../packages/cli/bin/nbgit.js', import.meta.url));
const bins = {};
const tmp = mkdtempSync(join(tmpdir(), 'nbgit-bench-startup-'));
if (process.env.NBGIT_BIN) process.env.NBGIT_BIN.split(':').forEach((b, i) => (bins[`bin ${i + 1}`] = b));
else {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../packages/cli/scripts/bundle.mjs', import.meta.url)), '--out', join(tmp, 'bundle')], {
    encoding: 'utf8',
  });
  if (r.status === 0) bins.bundle = join(tmp, 'bundle', 'nbgit.cjs');
  else console.log(`(bundle not built: ${r.stderr.trim().split('\n')[0]})`);
  bins.workspace = DEV;
}
// A small merge: two cells, each side edits one.
const nb = (a, b) =>
  `${JSON.stringify(
    {
      cells: [a, b].map((s, i) => ({ cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source: [s] })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
writeFileSync(join(tmp, 'O'), nb('x = 1', 'y = 2'));
writeFileSync(join(tmp, 'B'), nb('x = 1', 'y = 3'));
const local = nb('x = 10', 'y = 2');

const cases = { 'node -e 0': { args: ['-e', '0'] } };
for (const [kind, bin] of Object.entries(bins)) {
  cases[`${kind}: nbgit --version`] = { args: [bin, '--version'] };
  cases[`${kind}: nbgit filter-process (EOF at once)`] = { args: [bin, 'filter-process'] };
  cases[`${kind}: nbgit merge-driver (a small merge)`] = {
    args: [bin, 'merge-driver', 'O', 'A', 'B', '7', 'nb.ipynb'],
    before: () => writeFileSync(join(tmp, 'A'), local),
  };
  cases[`${kind}: nbgit merge --help`] = { args: [bin, 'merge', '--help'] };
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
  for (const [k, { args, before }] of Object.entries(cases)) {
    const c0 = linux ? childCpu() : 0;
    for (let j = 0; j < BLOCK; j++) {
      before?.();
      const s = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: tmp, input: '', stdio: 'pipe' });
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
rmSync(tmp, { recursive: true, force: true });
