// Real merges, whole process per merge as git runs the driver (issue 13 item 3: at least 25x
// faster than nbdime): for each merge of ../shared/fixtures/real/merges (both parents changed
// the same notebook), `sh -c "NBGIT merge-driver %O %A %B 7 %P"` with %A a fresh copy of the
// local version, NBGIT the bundle `npm pack` ships (built into a temp directory now; NBGIT_BIN
// overrides). `node -e 0` runs after each merge, so the machine's load shows in the same run.
//
// nbdime is not installed here (no PyPI access). Its figures are constants, from the issue
// (measured on this 2-core machine, `git merge` with nbdime's driver, whole process per
// merge): 1.66 s per merge on the 85 small real merges, 1.45 s on 199 merges of larger
// notebooks (not in the fixtures). The ratio is that constant / nbgit's mean here.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { table } from './lib.mjs';

const NBDIME = { small: 1660, large: 1450, source: 'issue 13 (nbdime, whole process per merge, this machine)' };
const root = fileURLToPath(new URL('../../shared/fixtures/real/merges', import.meta.url));
if (!existsSync(root)) {
  console.log(`(skipped: ${root} not found)`);
  process.exit(0);
}
const tmp = mkdtempSync(join(tmpdir(), 'nbgit-bench-merge-real-'));
let bin = process.env.NBGIT_BIN;
if (!bin) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../packages/cli/scripts/bundle.mjs', import.meta.url)), '--out', join(tmp, 'bundle')], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`bundle not built: ${r.stderr}`);
  bin = join(tmp, 'bundle', 'nbgit.cjs');
}
const q = (s) => `'${s.replace(/'/g, "'\\''")}'`;
const command = `${q(process.execPath)} ${q(bin)}`;
writeFileSync(join(tmp, 'empty'), ''); // git's %O when both sides added the file
const cases = readdirSync(root)
  .sort()
  .filter((d) => existsSync(join(root, d, 'local.ipynb')) && existsSync(join(root, d, 'remote.ipynb')));
const rows = [];
const floor = [];
const rounds = Number(process.env.ROUNDS ?? 2);
for (let round = 0; round < rounds; round++)
  for (const d of cases) {
    const base = existsSync(join(root, d, 'base.ipynb')) ? join(root, d, 'base.ipynb') : join(tmp, 'empty');
    const a = join(tmp, 'A');
    copyFileSync(join(root, d, 'local.ipynb'), a);
    const s = performance.now();
    const r = spawnSync('/bin/sh', ['-c', `${command} merge-driver ${q(base)} ${q(a)} ${q(join(root, d, 'remote.ipynb'))} 7 nb.ipynb`], {
      cwd: tmp,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const ms = performance.now() - s;
    if (r.status !== 0 && r.status !== 1) throw new Error(`merge ${d}: exit ${r.status}: ${r.stderr}`);
    const f = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    floor.push(performance.now() - f);
    rows.push({ d, ms, bytes: statSync(join(root, d, 'local.ipynb')).size, conflicts: r.status === 1 });
  }
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const all = rows.map((r) => r.ms);
const big = rows.filter((r) => r.bytes >= 100_000).map((r) => r.ms);
const small = rows.filter((r) => r.bytes < 100_000).map((r) => r.ms);
const e0 = median(floor);
const line = (name, xs, nbdime) => [
  name,
  xs.length / rounds,
  mean(xs).toFixed(0),
  median(xs).toFixed(0),
  `${(mean(xs) / e0).toFixed(2)}x`,
  `${(nbdime / mean(xs)).toFixed(1)}x`,
];
table(
  `real merges, whole process per merge as git runs the driver (ms; ${rounds} rounds; node -e 0 median ${e0.toFixed(0)} ms in the same run; nbdime: ${NBDIME.small} ms small / ${NBDIME.large} ms large, constants from ${NBDIME.source}; aim >= 25x)`,
  ['merges', 'n', 'mean', 'median', 'mean / node -e 0', 'nbdime / nbgit'],
  [
    line('all real merges (vs nbdime small)', all, NBDIME.small),
    line('local.ipynb < 100 kB (vs nbdime small)', small, NBDIME.small),
    line('local.ipynb >= 100 kB (vs nbdime large)', big, NBDIME.large),
  ],
);
console.log(`${rows.filter((r) => r.conflicts).length / rounds} of ${cases.length} merges end with conflicts (exit 1), the rest merge cleanly.`);
rmSync(tmp, { recursive: true, force: true });
