#!/usr/bin/env node
// Runs every compiled test file (`**/dist/test/**/*.test.js`) in its own Node process and
// counts uvu's results. uvu's own summary is per process and it exits 0 in cases that are
// failures (a before-hook that throws, a file that never calls `.run()`), so this runner
// counts from the numbers uvu prints: failed = total - passed (uvu's total leaves out the
// tests registered with `test.skip`), plus one failure for every file that exits non-zero
// or prints no summary. The last line is always `N passed, N failed, N skipped`. A file that
// registers tests after its last `.run()` (uvu silently skips those) is also a failure.
// A test that cannot run registers itself with @nbgit/testkit's `skipTest`, which prints
// `# skip: NAME: REASON`: the runner lists those reasons before its last line. Under CI
// (CI=true) a skip is a failure: CI has everything every test needs.
//
// fast-check runs from a fixed seed (scripts/fc-seed.mjs; NBGIT_FC_SEED=N or =random to explore).
//
// Usage: node scripts/run-tests.mjs [FILTER...]   (FILTER: substring of the test file path)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** Fixes fast-check's seed in every test process (NBGIT_FC_SEED: see the file). */
const SEED_PRELOAD = new URL('./fc-seed.mjs', import.meta.url).href;
const filters = process.argv.slice(2);
const roots = ['packages', 'formats'].flatMap((d) => readdirSync(join(root, d)).map((p) => join(root, d, p, 'dist', 'test')));
roots.push(join(root, 'test', 'dist'));

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const files = roots
  .flatMap((d) => walk(d, []))
  .filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)))
  .sort();

/** What @nbgit/testkit's skipTest prints for a skipped test. */
const SKIP_LINE = /^# skip: (.*)$/gm;
/** What @nbgit/testkit's sharedDir prints when ../shared is missing. */
const SHARED_NOTE = /not found; tests that need the shared fixtures are skipped/;
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0,
  failed = 0,
  skipped = 0;
const problems = [];
const skips = [];

function runFile(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', SEED_PRELOAD, file], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '',
      err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code, signal) => {
      const text = strip(out);
      const total = [...text.matchAll(/^\s*Total:\s+(\d+)/gm)].reduce((a, m) => a + +m[1], 0);
      const pass = [...text.matchAll(/^\s*Passed:\s+(\d+)/gm)].reduce((a, m) => a + +m[1], 0);
      let skip = [...text.matchAll(/^\s*Skipped:\s+(\d+)/gm)].reduce((a, m) => a + +m[1], 0);
      const hasSummary = /^\s*Total:/m.test(text);
      let fail = Math.max(0, total - pass);
      const rel = relative(root, file);
      const reasons = [...text.matchAll(SKIP_LINE)].map((m) => m[1]);
      for (const r of reasons) skips.push(`${rel}: ${r}`);
      let why = '';
      let note = '';
      // uvu never runs tests registered after `.run()`, and says nothing about them.
      const source = readFileSync(file, 'utf8');
      const late = /\btest(\.only)?\(/.test(source.slice(source.lastIndexOf('.run()')));
      if (!hasSummary) {
        fail += 1;
        why = 'printed no uvu summary (no test ran, or .run() never called)';
      } else if (late) {
        fail += 1;
        why = 'registers tests after .run() (uvu silently skips them)';
      }
      // a file whose every test needs ../shared registers none without it (testkit's note on
      // stderr); outside CI that is a skip, as for the other files (in CI sharedDir throws)
      else if (total === 0 && skip === 0 && !process.env.CI && code === 0 && SHARED_NOTE.test(err)) {
        note = 'skipped: no ../shared';
        skip += 1;
        skips.push(`${rel}: every test (../shared not found)`);
      } else if (total === 0 && skip === 0) {
        fail += 1;
        why = 'ran no test';
      } else if (code !== 0 && fail === 0) {
        fail += 1;
        why = `exited with ${signal ?? code}`;
      } else if (fail > 0) why = `${fail} failed`;
      else if (skip > 0 && process.env.CI) {
        fail += skip;
        why = `${skip} skipped under CI=true (CI must run every test)`;
      }
      passed += pass;
      failed += fail;
      skipped += skip;
      if (why) problems.push({ rel, why, out: text, err });
      process.stdout.write(`${why ? 'FAIL' : 'ok  '} ${rel} (${pass}/${total}${skip ? `, ${skip} skipped` : ''}${note ? `, ${note}` : ''})\n`);
      resolve();
    });
  });
}

const queue = [...files];
const workers = Array.from({ length: Math.max(1, Math.min(availableParallelism(), 4)) }, async () => {
  while (queue.length) await runFile(queue.shift());
});
await Promise.all(workers);

for (const p of problems) {
  process.stdout.write(`\n---- ${p.rel}: ${p.why}\n${p.out.trim().split('\n').slice(-60).join('\n')}\n${p.err.trim().split('\n').slice(-40).join('\n')}\n`);
}
if (skips.length > 0) process.stdout.write(`\nskipped:\n${skips.map((s) => `  ${s}`).join('\n')}\n`);
if (files.length === 0) {
  failed += 1;
  process.stdout.write('no test files found\n');
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = failed > 0 ? 1 : 0;
