// Real merges in-process (issue 13 item 3): what `nbgit merge-driver` does once its modules
// are loaded (read the three versions, merge, write the result), on every merge of
// ../shared/fixtures/real/merges. Start-up is bench/startup.mjs's and bench/merge-real.mjs's.
//
// - first run: one fresh process per merge that loads the compiled modules and then times the
//   driver's work once, as a driver process pays it (code that runs once runs mostly in V8's
//   interpreter: a loop over every character costs there what the native parts never do).
//   CPU ms of the process (process.cpuUsage, so a loaded machine's waiting is left out), and,
//   in the same process, the floor: the three files read and JSON.parse'd and the result
//   JSON.stringify'd, natively, nothing else (ratio = nbgit / floor).
// - warm: modules loaded once, every merge run ROUNDS times; CPU ms per merge after the first round.
//
// Before -> after this round's in-process work, first run, CPU ms per merge (read / merge /
// write = total; one run of this bench on the code before and after, same loaded machine, the
// floor 7.2 ms large / 2.4 -> 2.0 small in both): large 14.0 / 23.2 / 10.1 = 47.3 -> 19.1 /
// 14.9 / 5.5 = 39.5; small 2.9 / 9.3 / 2.5 = 14.7 -> 4.8 / 6.5 / 1.8 = 13.1. Merge and write
// are this round's (sources and outputs compared as text, not JavaScript hashes; no second
// check of sides fromIpynb checked; similarity by the middles of texts sharing a prefix and
// suffix; local recorded as read, not parsed again to write); the read went up with the lean
// readSides that landed beside it (remote read cell by cell), not measured apart here.
//
// Usage: node bench/merge-inprocess.mjs    (after `npx tsc -b`; ROUNDS=n for the warm part, default 4)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from './lib.mjs';

const root = fileURLToPath(new URL('../../shared/fixtures/real/merges', import.meta.url));
const driver = new URL('../packages/cli/dist/src/commands/merge.js', import.meta.url).href;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The driver's work on one merge, modules loaded: read, merge, write to `out`. */
async function load() {
  const { readSides, mergeOptionsFrom } = await import(driver);
  const { mergeNotebooks } = await import('@nbgit/merge');
  const { toIpynb } = await import('@nbgit/ipynb');
  return (files, out, clock) => {
    const t0 = clock();
    const sides = readSides(files, '/', { base: true, local: true, remote: true });
    const t1 = clock();
    const result = mergeNotebooks(sides, mergeOptionsFrom({}, '7'));
    const t2 = clock();
    writeFileSync(out, toIpynb(result.notebook));
    const t3 = clock();
    return { read: t1 - t0, merge: t2 - t1, write: t3 - t2 };
  };
}

if (process.argv[2] === '--one') {
  // a fresh process: the floor, then nbgit's work once
  const [base, local, remote, out] = process.argv.slice(3);
  const work = await load();
  const f0 = cpu();
  const parsed = [base, local, remote].map((f) => {
    const text = readFileSync(f, 'utf8');
    return text === '' ? {} : JSON.parse(text);
  });
  writeFileSync(out, `${JSON.stringify(parsed[1], null, 1)}\n`);
  const floor = cpu() - f0;
  const ms = work({ base, local, remote }, out, cpu);
  console.log(JSON.stringify({ ...ms, floor }));
  process.exit(0);
}

if (!existsSync(root)) {
  console.log(`(skipped: ${root} not found)`);
  process.exit(0);
}
const tmp = mkdtempSync(join(tmpdir(), 'nbgit-bench-merge-inprocess-'));
writeFileSync(join(tmp, 'empty'), '');
const cases = [];
for (const d of readdirSync(root).sort()) {
  const dir = join(root, d);
  if (!existsSync(join(dir, 'local.ipynb')) || !existsSync(join(dir, 'remote.ipynb'))) continue;
  const files = {
    base: existsSync(join(dir, 'base.ipynb')) ? join(dir, 'base.ipynb') : join(tmp, 'empty'),
    local: join(dir, 'local.ipynb'),
    remote: join(dir, 'remote.ipynb'),
  };
  // a merge whose versions are not notebooks nbgit reads goes to git merge-file: not this bench's
  const probe = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', files.base, files.local, files.remote, join(tmp, 'out')], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) continue;
  cases.push({ d, files, large: statSync(files.local).size >= 100_000, first: JSON.parse(probe.stdout) });
}

const work = await load();
const rounds = Number(process.env.ROUNDS ?? 4);
for (const c of cases) c.warm = [];
for (let r = 0; r < rounds; r++)
  for (const c of cases) {
    const ms = work(c.files, join(tmp, 'out'), cpu);
    if (r > 0) c.warm.push(ms.read + ms.merge + ms.write);
  }

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const row = (name, cs) => {
  const f = (k) => mean(cs.map((c) => c.first[k]));
  const total = f('read') + f('merge') + f('write');
  return [
    name,
    cs.length,
    f('read').toFixed(1),
    f('merge').toFixed(1),
    f('write').toFixed(1),
    total.toFixed(1),
    f('floor').toFixed(1),
    `${(total / f('floor')).toFixed(1)}x`,
    mean(cs.map((c) => mean(c.warm))).toFixed(2),
  ];
};
table(
  `real merges in-process, after the modules are loaded (first run: CPU ms of a fresh process per merge; floor: read + JSON.parse the three files and JSON.stringify one, same process; warm: CPU ms per merge, ${rounds - 1} rounds after one)`,
  ['merges', 'n', 'read', 'merge', 'write', 'first run', 'floor', 'first / floor', 'warm'],
  [
    row('all real merges', cases),
    row(
      'local.ipynb < 100 kB',
      cases.filter((c) => !c.large),
    ),
    row(
      'local.ipynb >= 100 kB',
      cases.filter((c) => c.large),
    ),
  ],
);
rmSync(tmp, { recursive: true, force: true });
