#!/usr/bin/env node
// The long fuzz run (issue 12): `npm run fuzz -- --seed S --count N [--cli M]`.
// N inputs through every library function in-process, M of them (default N/500) through
// every CLI command, git's side (the diff driver, textconv, the clean filter), pair and sync,
// and the MCP server (every tool, plus up to 8 calls with malformed arguments per input);
// --huge B caps the huge strings (default 2 MB); --targets lib,cli,git,sync,mcp runs only those. Interrupted (Ctrl-C), it
// prints what it did so far. Prints what it tried (inputs per mutation) and what it found (each
// broken invariant once per target and problem, with the input written to a file to replay).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, count: { type: 'string' }, cli: { type: 'string' }, huge: { type: 'string' }, targets: { type: 'string' } },
});
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const count = Number(values.count ?? 10_000);
const cli = Number(values.cli ?? Math.ceil(count / 500));
const huge = Number(values.huge ?? 2_000_000);
const TARGETS = ['lib', 'cli', 'git', 'sync', 'mcp'];
const targets = new Set((values.targets ?? TARGETS.join(',')).split(','));
for (const t of targets)
  if (!TARGETS.includes(t)) {
    process.stderr.write(`nbgit fuzz: unknown target ${t} (expected ${TARGETS.join(', ')})\n`);
    process.exit(2);
  }
const { checkCli, checkLibrary, fuzzCases } = await import('../test/dist/fuzz-core.js');
const { checkGit, checkMcp, checkSync, mcpCall } = await import('../test/dist/fuzz-targets.js');

const tried = new Map();
const findings = new Map();
const out = mkdtempSync(join(tmpdir(), 'nbgit-fuzz-found-'));
const record = (list) => {
  for (const f of list) {
    const key = `${f.target}: ${f.problem.replace(/\d+/g, 'N').slice(0, 120)}`;
    if (findings.has(key)) findings.get(key).n++;
    else {
      const file = join(out, `${findings.size}.bin`);
      writeFileSync(file, f.input);
      findings.set(key, { n: 1, mutation: f.mutation, file, problem: f.problem });
      // said as soon as found: a long run shows what it finds before it ends
      process.stderr.write(`found: ${key} (from "${f.mutation}", input in ${file})\n`);
    }
  }
};
const started = Date.now();
let k = 0;
const report = () => {
  process.stdout.write(
    `nbgit fuzz: seed ${seed}, targets ${[...targets].join(',')}: ${k} of ${count} inputs in-process, ${Math.min(cli, k)} through every CLI command, git (diff driver, textconv, clean filter), pair/sync and the MCP server, ${Math.round((Date.now() - started) / 1000)} s\n\ntried:\n`,
  );
  for (const [m, n] of [...tried].sort()) process.stdout.write(`  ${String(n).padStart(7)}  ${m}\n`);
  process.stdout.write(`\nfound: ${findings.size === 0 ? 'nothing' : ''}\n`);
  for (const [key, f] of findings)
    process.stdout.write(`  ${f.n}x ${key}\n     first from "${f.mutation}", input in ${f.file}\n     ${f.problem.slice(0, 300)}\n`);
  process.exitCode = findings.size > 0 ? 1 : 0;
};
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    report();
    process.exit();
  });
// generated in batches, so that a long run does not hold every input at once
const BATCH = 1000;
for (let b = 0; b * BATCH < count; b++) {
  const numRuns = Math.min(BATCH, count - b * BATCH);
  const calls = b * BATCH < cli ? fc.sample(fc.array(mcpCall, { maxLength: 8 }), { seed: seed + b, numRuns }) : [];
  for (const [i, c] of fc.sample(fuzzCases(huge), { seed: seed + b, numRuns }).entries()) {
    tried.set(`${c.kind}: ${c.mutation}`, (tried.get(`${c.kind}: ${c.mutation}`) ?? 0) + 1);
    if (targets.has('lib')) record(checkLibrary(c));
    if (k < cli) {
      if (targets.has('cli')) record(checkCli(c));
      if (targets.has('git')) record(checkGit(c));
      if (targets.has('sync')) record(checkSync(c));
      if (targets.has('mcp')) {
        record(await checkMcp(c, calls[i]));
        for (const call of calls[i]) tried.set(`mcp call: ${call.mutation}`, (tried.get(`mcp call: ${call.mutation}`) ?? 0) + 1);
      }
    }
    // let signal handlers run (the checks are synchronous; an input through the CLI takes seconds)
    if (k % 20 === 0 || k < cli) await new Promise((r) => setImmediate(r));
    // the inputs through the commands take seconds each: said every 10
    if (++k % 1000 === 0 || (k <= cli && k % 10 === 0))
      process.stderr.write(
        `${k}/${count} (${Math.round((Date.now() - started) / 1000)} s, ${Math.min(k, cli)} through the commands, ${findings.size} findings)\n`,
      );
  }
}
report();
