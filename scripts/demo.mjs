#!/usr/bin/env node
// nbgit's merge demo: in a temporary git repository, install nbgit, commit a notebook with
// outputs, edit it on two branches (sources, outputs, tags, a new cell), merge with plain
// `git merge` (git runs nbgit's merge driver), show the cell diff of what the merge brought,
// then make a real conflict and show that git reports it while the notebook still opens, with
// markers only inside the conflicted cell. Prints every step.
//
// Usage: node scripts/demo.mjs [--keep]      (after `npm run build`; --keep leaves the repo)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'packages', 'cli', 'bin', 'nbgit.js');
const FIXTURE = join(root, 'fixtures', 'notebooks', 'example.ipynb');
const keep = process.argv.includes('--keep');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s) => (color ? `\x1b[2m${s}\x1b[22m` : s);

const dir = mkdtempSync(join(tmpdir(), 'nbgit-demo-'));
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Demo',
  GIT_AUTHOR_EMAIL: 'demo@example.com',
  GIT_COMMITTER_NAME: 'Demo',
  GIT_COMMITTER_EMAIL: 'demo@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  // the user's own git config (commit signing, hooks, conflict style) stays out of the demo
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_PAGER: 'cat',
  GIT_EDITOR: 'true',
};
const NB = 'rainfall.ipynb';
let stepNo = 0;

function step(title) {
  console.log(`\n${bold(`${++stepNo}. ${title}`)}`);
}
function show(text) {
  const t = text.replace(/\s+$/, '');
  if (t) console.log(t.replace(/^/gm, '   '));
}
/** Runs a command in the demo repo and prints it like a shell session. */
function sh(display, cmd, args, { ok = [0] } = {}) {
  console.log(`${dim('$')} ${display}`);
  const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
  show(`${r.stdout}${r.stderr}`);
  if (!ok.includes(r.status)) {
    console.error(`demo failed: ${display} exited with ${r.status}`);
    process.exit(1);
  }
  return r;
}
const git = (args, opts) => sh(`git ${args.join(' ')}`, 'git', args, opts);
const nbgit = (args, opts) => sh(`nbgit ${args.join(' ')}`, process.execPath, [BIN, ...args], opts);

/** Edits the notebook in the repo the way a person in Jupyter would. */
function edit(describe, f) {
  const path = join(dir, NB);
  const nb = fromIpynb(readFileSync(path));
  f(nb);
  writeFileSync(path, toIpynb(nb));
  console.log(`${dim('(in Jupyter)')} ${describe}`);
}
const cell = (nb, id) => nb.cells.find((c) => c.id === id);
const rerun = (c, count, text) => {
  c.execution_count = count;
  c.outputs = [{ name: 'stdout', output_type: 'stream', text }];
};

try {
  step('A fresh repository with nbgit installed');
  git(['init', '-q', '-b', 'main']);
  nbgit(['install']);
  git(['config', 'nbgit.keepOutput', 'true']);
  git(['config', 'nbgit.keepCount', 'true']);
  console.log(dim('   (nbgit strips outputs on commit by default; this demo keeps them to show how merges treat them)'));

  step('Commit a notebook with outputs');
  copyFileSync(FIXTURE, join(dir, NB));
  git(['add', '.gitattributes', NB]);
  git(['commit', '-q', '-m', 'Rainfall notebook']);

  step('Branch "feature": edit a cell, re-run it, tag the plot');
  git(['switch', '-q', '-c', 'feature']);
  edit('the "total" cell also prints the wettest month, and is re-run', (nb) => {
    const c = cell(nb, 'total');
    c.source = 'print(f"total: {sum(rain)} mm")\nprint("wettest:", months[rain.index(max(rain))])\nsum(rain) / len(rain)';
    rerun(c, 7, 'total: 667 mm\nwettest: Dec\n');
  });
  edit('the "plot" cell gets the tag hide-input', (nb) => {
    cell(nb, 'plot').metadata.tags = ['hide-input'];
  });
  git(['commit', '-q', '-am', 'Report the wettest month']);

  step('Branch "main": edit the title, add a cell, re-run "total" too');
  git(['switch', '-q', 'main']);
  edit('the title cell says where the data comes from', (nb) => {
    cell(nb, 'intro').source = '# Rainfall\n\nMonthly rainfall in millimetres (station 42), and a summary.';
  });
  edit('a new cell converts to inches, after "load"', (nb) => {
    const at = nb.cells.findIndex((c) => c.id === 'load') + 1;
    nb.cells.splice(at, 0, { cell_type: 'code', execution_count: 2, id: 'inches', metadata: {}, outputs: [], source: 'rain_in = [r / 25.4 for r in rain]' });
  });
  edit('"total" is re-run (new execution count)', (nb) => {
    rerun(cell(nb, 'total'), 3, 'total: 667 mm\n');
  });
  git(['commit', '-q', '-am', 'Station name, inches']);

  step('Merge: plain git merge, git runs nbgit merge-driver for the notebook');
  git(['merge', '--no-edit', 'feature']);
  console.log(dim("   (clean: both edits kept; the outputs both sides re-ran resolved to main's, with no conflict)"));

  step('What the merge brought into main, cell by cell');
  nbgit(['diff', 'HEAD~1', 'HEAD', '--', NB], { ok: [0, 1] });

  step('A real conflict: both branches change the same line of the "notes" cell');
  git(['switch', '-q', '-c', 'other']);
  edit('"notes": Wettest month: **December** (85 mm).', (nb) => {
    cell(nb, 'notes').source = 'Wettest month: **December** (85 mm).';
  });
  git(['commit', '-q', '-am', 'Notes with amount']);
  git(['switch', '-q', 'main']);
  edit('"notes": Wettest month: **Dec**, driest: **Jul**.', (nb) => {
    cell(nb, 'notes').source = 'Wettest month: **Dec**, driest: **Jul**.';
  });
  git(['commit', '-q', '-am', 'Notes with driest month']);
  git(['merge', '--no-edit', 'other'], { ok: [1] });
  git(['status', '--short']);

  step('The conflicted notebook still opens: markers only inside the conflicted cell');
  nbgit(['validate', NB]);
  const merged = fromIpynb(readFileSync(join(dir, NB)));
  for (const c of merged.cells) {
    const src = typeof c.source === 'string' ? c.source : c.source.join('');
    const flagged = c.metadata?.nbgit?.conflicts ? '   <- conflict (metadata.nbgit.conflicts)' : '';
    console.log(`   [${c.id}] ${c.cell_type}${flagged}`);
    if (flagged) show(src.replace(/^/gm, '     '));
  }
  console.log(dim('\n   Resolve it like any conflict: edit the cell, remove metadata.nbgit, git add, git commit.'));
  console.log(`\nDemo repository: ${dir}${keep ? '' : ' (removed; run with --keep to look around)'}`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
