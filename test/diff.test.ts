// End-to-end tests of `nbgit diff` and `nbgit diff-driver`: the real bin, real git, temp repos.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell, Notebook } from '@nbgit/core';
import { type NotebookDiff, patchNotebook } from '@nbgit/diff';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { code, isolatedGitEnv, md, nb, nbgitBin, PYTHON_KERNEL, repoRoot, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const BIN = nbgitBin;
const ENV = isolatedGitEnv('nbgit-diff-home-');

function nbgit(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...ENV, ...env }, encoding: 'utf8' });
}
function git(args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}
function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  git(['init', '-q', '-b', 'main'], dir);
  return dir;
}

/** A notebook with a Python kernel. */
const notebook = (cells: Cell[], minor = 5): Notebook => nb(cells, minor, PYTHON_KERNEL);
const write = (path: string, nb: Notebook) => writeFileSync(path, toIpynb(nb));

const base = () =>
  notebook([
    md('# Analysis', { id: 'intro' }),
    code('import math\n', { id: 'imports' }),
    code('x = math.sqrt(16)\nprint(x)', {
      id: 'compute',
      execution_count: 1,
      outputs: [{ name: 'stdout', output_type: 'stream', text: ['4.0\n'] }],
    } as Partial<Cell>),
    md('The end.', { id: 'outro' }),
  ]);
const edited = () => {
  const nb = base();
  (nb.cells[2] as Cell).source = 'x = math.sqrt(25)\nprint(x)';
  nb.cells.splice(3, 0, code('y = x * 2', { id: 'double' }));
  return nb;
};

// --- two files --------------------------------------------------------------------------------

const nbdime = sharedPath('fixtures', 'nbdime');
if (nbdime !== undefined) {
  test('nbgit diff A B on nbdime fixtures: exit 1, cell view; same file: exit 0, nothing', () => {
    const a = join(nbdime, 'single_cell_nb.ipynb');
    const b = join(nbdime, 'single_cell_nb--changed_source_output_ec.ipynb');
    const r = nbgit(['diff', a, b], repoRoot);
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stdout, '## cell 0 modified (code)');
    assert.match(r.stdout, '-printit(3)\n+printit(4)');
    assert.match(r.stdout, 'execution count: 1 → 2');
    assert.not.match(r.stdout, '\x1b[', 'no colour in a pipe');
    const same = nbgit(['diff', a, a], repoRoot);
    assert.is(same.status, 0);
    assert.is(same.stdout, '');
  });

  test('nbgit diff --json is the documented diff and patches A into B', () => {
    const a = join(nbdime, 'multi_cell_nb.ipynb');
    const b = join(nbdime, 'multi_cell_nb--cellchange.ipynb');
    const r = nbgit(['diff', '--json', a, b], repoRoot);
    assert.is(r.status, 1);
    const d = JSON.parse(r.stdout) as NotebookDiff;
    assert.is(d.format, 'nbgit-diff');
    assert.is(d.version, 1);
    assert.equal(patchNotebook(fromIpynb(readFileSync(a)), d), fromIpynb(readFileSync(b)));
  });

  test('colour: --color=always, NO_COLOR, --color=never', () => {
    const a = join(nbdime, 'foo--1.ipynb');
    const b = join(nbdime, 'foo--2.ipynb');
    assert.match(nbgit(['diff', '--color=always', a, b], repoRoot).stdout, '\x1b[');
    assert.match(nbgit(['diff', '--color', a, b], repoRoot, { NO_COLOR: '1' }).stdout, '\x1b[', 'an explicit --color wins over NO_COLOR');
    assert.not.match(nbgit(['diff', a, b], repoRoot, { NO_COLOR: '1', GIT_PAGER_IN_USE: 'true' }).stdout, '\x1b[');
    assert.match(nbgit(['diff', a, b], repoRoot, { GIT_PAGER_IN_USE: 'true' }).stdout, '\x1b[', "git's pager counts as a terminal");
    assert.not.match(nbgit(['diff', '--color=never', a, b], repoRoot, { GIT_PAGER_IN_USE: 'true' }).stdout, '\x1b[');
    const bad = nbgit(['diff', '--color=sometimes', a, b], repoRoot);
    assert.is(bad.status, 2);
    assert.match(bad.stderr, 'nbgit diff: --color must be always, never or auto');
  });
} else skipTest(test, 'nbgit diff on nbdime fixtures', sharedMissing());

test('ignore flags: outputs, execution counts, metadata, ids, whitespace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  const a = base();
  const b = base();
  const c = b.cells[2] as Cell & { outputs: unknown[]; execution_count: number };
  c.outputs = [{ name: 'stdout', output_type: 'stream', text: ['5.0\n'] }];
  c.execution_count = 7;
  b.cells[0]!.metadata = { tags: ['intro'] };
  b.cells[1]!.id = 'renamed';
  b.cells[3]!.source = 'The   end.';
  write(join(dir, 'a.ipynb'), a);
  write(join(dir, 'b.ipynb'), b);
  const all = nbgit(['diff', 'a.ipynb', 'b.ipynb'], dir);
  assert.is(all.status, 1);
  assert.match(all.stdout, '+5.0');
  assert.match(all.stdout, 'id: imports → renamed');
  assert.match(all.stdout, '+ tags: ["intro"]');
  const none = nbgit(['diff', '-O', '-M', '--ignore-ids', '-w', 'a.ipynb', 'b.ipynb'], dir);
  assert.is(none.status, 0, none.stdout);
  assert.is(none.stdout, '');
  const ec = nbgit(['diff', '--ignore-execution-counts', '--ignore-metadata', '--ignore-ids', '--ignore-whitespace', 'a.ipynb', 'b.ipynb'], dir);
  assert.is(ec.status, 1);
  assert.not.match(ec.stdout, 'execution count');
  assert.match(ec.stdout, '+5.0');
  rmSync(dir, { recursive: true, force: true });
});

test('bad input: clear errors, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  write(join(dir, 'ok.ipynb'), base());
  writeFileSync(join(dir, 'broken.ipynb'), '{"cells": [\n  {"cell_type": "code",,}\n]}\n');
  writeFileSync(join(dir, 'array.ipynb'), '[1, 2]\n');
  const broken = nbgit(['diff', 'ok.ipynb', 'broken.ipynb'], dir);
  assert.is(broken.status, 2);
  assert.match(broken.stderr, /^nbgit diff: broken\.ipynb:2:\d+: /);
  const arr = nbgit(['diff', 'ok.ipynb', 'array.ipynb'], dir);
  assert.is(arr.status, 2);
  assert.match(arr.stderr, /^nbgit diff: array\.ipynb:1:1: expected a notebook/);
  const missing = nbgit(['diff', 'ok.ipynb', 'missing.ipynb'], dir);
  assert.is(missing.status, 2);
  assert.is(missing.stderr, 'nbgit diff: missing.ipynb: no such file\n');
  const many = nbgit(['diff', 'a', 'b', 'c'], dir);
  assert.is(many.status, 2);
  rmSync(dir, { recursive: true, force: true });
});

test('stdin as one side', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  write(join(dir, 'a.ipynb'), base());
  const r = spawnSync(process.execPath, [BIN, 'diff', 'a.ipynb', '-'], { cwd: dir, env: ENV, input: toIpynb(edited()), encoding: 'utf8' });
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stdout, '+++ <stdin>');
  assert.match(r.stdout, '## cell 3 added (code, id double)');
  rmSync(dir, { recursive: true, force: true });
});

// --- repository modes ---------------------------------------------------------------------------

test('nbgit diff in a repo: worktree vs index, vs REV, REV REV2, REV..REV2, -- PATH', () => {
  const dir = tempRepo();
  mkdirSync(join(dir, 'sub'));
  write(join(dir, 'sub', 'nb.ipynb'), base());
  write(join(dir, 'other.ipynb'), notebook([code('a = 1', { id: 'a' })]));
  writeFileSync(join(dir, 'notes.txt'), 'text\n');
  git(['add', '.'], dir);
  git(['commit', '-q', '-m', 'one'], dir);

  assert.is(nbgit(['diff'], dir).status, 0, 'clean tree');
  write(join(dir, 'sub', 'nb.ipynb'), edited());
  writeFileSync(join(dir, 'notes.txt'), 'changed\n');
  const wt = nbgit(['diff'], dir);
  assert.is(wt.status, 1, wt.stderr);
  assert.match(wt.stdout, '--- a/sub/nb.ipynb\n+++ b/sub/nb.ipynb\n');
  assert.match(wt.stdout, '## cell 2 modified (code, id compute)');
  assert.match(wt.stdout, '-x = math.sqrt(16)\n+x = math.sqrt(25)');
  assert.match(wt.stdout, '## cell 3 added (code, id double)');
  assert.not.match(wt.stdout, 'notes.txt');
  // from a subfolder, same result
  assert.is(nbgit(['diff'], join(dir, 'sub')).stdout, wt.stdout);

  git(['add', 'sub/nb.ipynb'], dir);
  assert.is(nbgit(['diff'], dir).status, 0, 'staged: worktree = index');
  const head = nbgit(['diff', 'HEAD'], dir);
  assert.is(head.status, 1);
  assert.match(head.stdout, '## cell 3 added (code, id double)');

  git(['commit', '-q', '-m', 'two'], dir);
  git(['rm', '-q', 'other.ipynb'], dir);
  write(join(dir, 'new.ipynb'), notebook([md('fresh', { id: 'f' })]));
  git(['add', 'new.ipynb'], dir);
  git(['commit', '-q', '-m', 'three'], dir);

  const revs = nbgit(['diff', 'HEAD~2', 'HEAD~1'], dir);
  assert.is(revs.status, 1);
  assert.match(revs.stdout, '## cell 3 added (code, id double)');
  assert.is(nbgit(['diff', 'HEAD~2..HEAD~1'], dir).stdout, revs.stdout);

  const three = nbgit(['diff', 'HEAD~1', 'HEAD'], dir);
  assert.match(three.stdout, '--- a/other.ipynb\n+++ /dev/null\n## cell 0 removed (code, id a)\n-a = 1');
  assert.match(three.stdout, '--- /dev/null\n+++ b/new.ipynb\n## cell 0 added (markdown, id f)\n+fresh');

  const only = nbgit(['diff', 'HEAD~1', 'HEAD', '--', 'new.ipynb'], dir);
  assert.not.match(only.stdout, 'other.ipynb');
  assert.match(only.stdout, 'new.ipynb');

  const json = JSON.parse(nbgit(['diff', '--json', 'HEAD~1', 'HEAD'], dir).stdout);
  assert.is(json.format, 'nbgit-diff-set');
  assert.equal(
    json.files.map((f: { path: string }) => f.path),
    ['new.ipynb', 'other.ipynb'],
  );

  const stat = nbgit(['diff', '--stat', 'HEAD~2', 'HEAD'], dir);
  assert.match(stat.stdout, 'sub/nb.ipynb: 1 modified, 1 added');

  const bad = nbgit(['diff', 'no-such-rev'], dir);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, 'nbgit diff: no-such-rev: no such file or revision');
  rmSync(dir, { recursive: true, force: true });
});

test('nbgit diff A...B: from the merge base of A and B to B, as git diff', () => {
  const dir = tempRepo();
  write(join(dir, 'nb.ipynb'), base());
  git(['add', '.'], dir);
  git(['commit', '-q', '-m', 'one'], dir);
  git(['checkout', '-q', '-b', 'side'], dir);
  write(join(dir, 'nb.ipynb'), edited());
  git(['commit', '-q', '-am', 'side'], dir);
  git(['checkout', '-q', 'main'], dir);
  const other = base();
  (other.cells[0] as Cell).source = '# Analysis, main';
  write(join(dir, 'nb.ipynb'), other);
  git(['commit', '-q', '-am', 'main'], dir);
  const three = nbgit(['diff', 'main...side'], dir);
  assert.is(three.status, 1, three.stderr);
  assert.match(three.stdout, '## cell 3 added (code, id double)');
  assert.not.match(three.stdout, 'Analysis, main', "main's own change is not in main...side");
  assert.match(nbgit(['diff', 'main..side'], dir).stdout, '-# Analysis, main', 'main..side compares the two tips');
  rmSync(dir, { recursive: true, force: true });
});

test('nbgit diff in a repo shows a text diff (with a note) for a notebook that does not parse', () => {
  const dir = tempRepo();
  write(join(dir, 'nb.ipynb'), base());
  git(['add', '.'], dir);
  git(['commit', '-q', '-m', 'one'], dir);
  writeFileSync(join(dir, 'nb.ipynb'), '<<<<<<< HEAD\n{}\n=======\n[]\n>>>>>>> x\n');
  const r = nbgit(['diff'], dir);
  assert.is(r.status, 1);
  assert.match(r.stdout, /^nbgit: b\/nb\.ipynb:1:1: .*showing a text diff/);
  assert.match(r.stdout, '+<<<<<<< HEAD');
  rmSync(dir, { recursive: true, force: true });
});

// --- git's external diff driver ----------------------------------------------------------------

function configureDriver(dir: string): 'install' | 'manual' {
  const inst = nbgit(['install'], dir);
  if (inst.status === 0) return 'install';
  // `nbgit install` not available: configure exactly what it writes
  git(['config', 'diff.nbgit.command', `${process.execPath} ${BIN} diff-driver`], dir);
  writeFileSync(join(dir, '.gitattributes'), '*.ipynb diff=nbgit\n');
  return 'manual';
}

test('git diff shows the cell view through the driver; --no-ext-diff gives plain text', () => {
  const dir = tempRepo();
  const how = configureDriver(dir);
  if (how === 'manual') process.stderr.write('note: `nbgit install` unavailable; diff driver configured by hand\n');
  const cfg = git(['config', '--get', 'diff.nbgit.command'], dir).stdout.trim();
  assert.match(cfg, /diff-driver$/);
  write(join(dir, 'nb.ipynb'), base());
  git(['add', '.'], dir);
  git(['commit', '-q', '-m', 'one'], dir);
  write(join(dir, 'nb.ipynb'), edited());

  const r = git(['diff'], dir);
  assert.match(r.stdout, 'diff --nbgit a/nb.ipynb b/nb.ipynb\n--- a/nb.ipynb\n+++ b/nb.ipynb\n');
  assert.match(r.stdout, '## cell 2 modified (code, id compute)');
  assert.match(r.stdout, '-x = math.sqrt(16)\n+x = math.sqrt(25)');
  assert.match(r.stdout, '## cell 3 added (code, id double)');
  assert.not.match(r.stdout, '"cell_type"');

  // --no-ext-diff: git's own text diff (of the textconv text when nbgit install set one)
  const plain = git(['diff', '--no-ext-diff'], dir);
  assert.match(plain.stdout, 'diff --git a/nb.ipynb b/nb.ipynb');
  assert.not.match(plain.stdout, 'diff --nbgit');
  assert.not.match(plain.stdout, 'modified (code');
  assert.match(plain.stdout, 'y = x * 2');
  const raw = git(['diff', '--no-ext-diff', '--no-textconv'], dir);
  assert.match(raw.stdout, /^\+.*"cell_type": "code",$/m);

  // committed history: git show and git log -p use the driver with --ext-diff
  git(['commit', '-q', '-am', 'two'], dir);
  const show = git(['show', '--ext-diff', 'HEAD'], dir);
  assert.match(show.stdout, '## cell 3 added (code, id double)');
  assert.match(git(['log', '-p', '--ext-diff', '-1'], dir).stdout, '## cell 3 added (code, id double)');

  // a new and a deleted notebook (one side is /dev/null)
  write(join(dir, 'b.ipynb'), notebook([md('hello', { id: 'h' })]));
  git(['add', 'b.ipynb'], dir);
  assert.match(git(['diff', '--cached'], dir).stdout, '--- /dev/null\n+++ b/b.ipynb\n## cell 0 added (markdown, id h)\n+hello');
  git(['commit', '-q', '-m', 'three'], dir);
  git(['rm', '-q', 'b.ipynb'], dir);
  assert.match(git(['diff', '--cached'], dir).stdout, '--- a/b.ipynb\n+++ /dev/null\n## cell 0 removed (markdown, id h)');
  rmSync(dir, { recursive: true, force: true });
});

test('with the nbgit clean filter, the working tree is compared as git stores it (--no-filter: as it is)', () => {
  const dir = tempRepo();
  if (nbgit(['install'], dir).status !== 0) {
    process.stderr.write('note: filter test skipped: `nbgit install` unavailable\n');
    return;
  }
  const clean = base();
  for (const c of clean.cells) if (c.cell_type === 'code') Object.assign(c, { outputs: [], execution_count: null });
  write(join(dir, 'nb.ipynb'), clean);
  git(['add', '.'], dir);
  git(['commit', '-q', '-m', 'one'], dir);
  // the user runs the notebook (outputs appear) and edits one cell
  const ran = edited();
  write(join(dir, 'nb.ipynb'), ran);
  const stored = git(['cat-file', 'blob', 'HEAD:nb.ipynb'], dir).stdout;
  if (/"outputs": \[\s*\{/.test(stored)) {
    process.stderr.write('note: filter test skipped: the clean filter keeps outputs by default\n');
    return;
  }
  for (const out of [nbgit(['diff'], dir).stdout, git(['diff'], dir).stdout]) {
    assert.match(out, '-x = math.sqrt(16)\n+x = math.sqrt(25)');
    assert.not.match(out, 'outputs:');
    assert.not.match(out, 'execution count');
  }
  const rawView = nbgit(['diff', '--no-filter'], dir);
  assert.match(rawView.stdout, '  outputs:\n  + output 0: stream stdout\n      +4.0');
  rmSync(dir, { recursive: true, force: true });
});

test('diff-driver: unmerged path, broken side, usage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  const un = nbgit(['diff-driver', 'nb.ipynb'], dir);
  assert.is(un.status, 0);
  assert.is(un.stdout, '* Unmerged path nb.ipynb\n');
  write(join(dir, 'a.ipynb'), base());
  writeFileSync(join(dir, 'b.ipynb'), '{ not json\n');
  const r = nbgit(['diff-driver', 'nb.ipynb', 'a.ipynb', 'a'.repeat(40), '100644', 'b.ipynb', 'b'.repeat(40), '100644'], dir);
  assert.is(r.status, 0, 'git needs exit 0');
  assert.match(r.stdout, 'not a notebook, showing a text diff');
  assert.match(r.stdout, '+{ not json');
  const usage = nbgit(['diff-driver', 'a', 'b'], dir);
  assert.is(usage.status, 2);
  assert.match(usage.stderr, 'expected 7 arguments');
  rmSync(dir, { recursive: true, force: true });
});

// --- other formats and size ----------------------------------------------------------------------

test('markdown notebooks diff as notebooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  writeFileSync(join(dir, 'a.md'), '# Title\n\n```python\nx = 1\n```\n\nSome text.\n');
  writeFileSync(join(dir, 'b.md'), '# Title\n\n```python\nx = 2\n```\n\nSome text.\n');
  const r = nbgit(['diff', 'a.md', 'b.md'], dir);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stdout, '-x = 1\n+x = 2');
  rmSync(dir, { recursive: true, force: true });
});

test('percent scripts diff as notebooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  writeFileSync(join(dir, 'a.py'), '# %% [markdown]\n# # Title\n\n# %%\nx = 1\n');
  writeFileSync(join(dir, 'b.py'), '# %% [markdown]\n# # Title\n\n# %%\nx = 2\n');
  const r = nbgit(['diff', 'a.py', 'b.py'], dir);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stdout, '-x = 1\n+x = 2');
  assert.not.match(r.stdout, 'id:', 'ids made up from content are not reported');
  // a notebook against its percent form: stdin takes the other side's format
  const nbText = toIpynb(notebook([md('# Title', { id: 'm' }), code('x = 2', { id: 'c' })]));
  const mixed = spawnSync(process.execPath, [BIN, 'diff', '-M', '-', 'b.py'], { cwd: dir, env: ENV, input: nbText, encoding: 'utf8' });
  assert.is(mixed.status, 0, mixed.stdout + mixed.stderr);
  rmSync(dir, { recursive: true, force: true });
});

test('diff tells formats as convert does: the extension in any case, else the content (they once disagreed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  write(join(dir, 'A.IPYNB'), base());
  write(join(dir, 'B.IPYNB'), edited());
  const upper = nbgit(['diff', 'A.IPYNB', 'B.IPYNB'], dir);
  assert.is(upper.status, 1, upper.stderr);
  assert.match(upper.stdout, '## cell 3 added (code, id double)');
  // prose-only markdown by its upper-case name: markdown cells, not a script's code
  writeFileSync(join(dir, 'a.MD'), '# Title\n\nSome text.\n');
  writeFileSync(join(dir, 'b.MD'), '# Title\n\nOther text.\n');
  const md = nbgit(['diff', 'a.MD', 'b.MD'], dir);
  assert.is(md.status, 1, md.stderr);
  assert.match(md.stdout, '(markdown');
  // an extension no format claims: a notebook is read as one (it was read as a percent script)
  writeFileSync(join(dir, 'a.txt'), toIpynb(base()));
  writeFileSync(join(dir, 'b.txt'), toIpynb(edited()));
  const txt = nbgit(['diff', 'a.txt', 'b.txt'], dir);
  assert.is(txt.status, 1, txt.stderr);
  assert.match(txt.stdout, '## cell 3 added (code, id double)');
  // no extension: a percent script is read as one (it was read as a notebook, and refused)
  writeFileSync(join(dir, 'a'), '# %%\nx = 1\n');
  writeFileSync(join(dir, 'b'), '# %%\nx = 2\n');
  const bare = nbgit(['diff', 'a', 'b'], dir);
  assert.is(bare.status, 1, bare.stderr);
  assert.match(bare.stdout, '-x = 1\n+x = 2');
  rmSync(dir, { recursive: true, force: true });
});

test('10k-cell notebooks without ids (nbformat 4.4) diff through the CLI: modified, moved and added cells found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-diff-'));
  const cells: Cell[] = [];
  for (let i = 0; i < 10_000; i++) cells.push(i % 10 === 0 ? md(`## Section ${i}`) : code(`value_${i} = compute(${i})\nprint(value_${i})`));
  const a = notebook(cells, 4);
  const b = structuredClone(a);
  (b.cells[5001] as Cell).source = 'value_5001 = compute(5001) + 1\nprint(value_5001)';
  const [moved] = b.cells.splice(201, 1);
  b.cells.splice(9000, 0, moved!);
  b.cells.splice(7000, 0, code('inserted = True'));
  write(join(dir, 'a.ipynb'), a);
  write(join(dir, 'b.ipynb'), b);
  const r = nbgit(['diff', 'a.ipynb', 'b.ipynb'], dir);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stdout, '## cell 5001 → 5000 modified (code)');
  assert.match(r.stdout, '## cell 201 → 9001 moved (code)');
  assert.match(r.stdout, '## cell 7000 added (code)');
  assert.is((r.stdout.match(/^## /gm) ?? []).length, 3);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
