// Names that jupytext, nbstripout and git users type out of habit, through the real `nbgit` bin:
// jupytext's `--to py:percent` forms, nbstripout's `--verify` and `--keep-id`, git's `diff --quiet`,
// and `-q` on the commands that print notes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const bin = join(repoRoot, 'packages/cli/bin/nbgit.js');
const example = join(repoRoot, 'fixtures/notebooks/example.ipynb');
const edited = join(repoRoot, 'fixtures/notebooks/example-edited.ipynb');

function nbgit(args: string[], cwd: string, input = '') {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1', GIT_CEILING_DIRECTORIES: tmpdir() },
  });
}

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-compat-'));
  copyFileSync(example, join(dir, 'a.ipynb'));
  return dir;
}

test("convert --to: jupytext's EXT:FORMAT names", () => {
  const dir = temp();
  const percent = nbgit(['convert', 'a.ipynb', '--to', 'percent', '-o', '-'], dir).stdout;
  assert.ok(percent.includes('# %%'));
  for (const to of ['py:percent', 'auto:percent', 'py']) assert.is(nbgit(['convert', 'a.ipynb', '--to', to, '-o', '-'], dir).stdout, percent, to);
  assert.is(nbgit(['convert', 'a.ipynb', '--to', 'md:markdown', '-o', '-'], dir).stdout, nbgit(['convert', 'a.ipynb', '--to', 'md', '-o', '-'], dir).stdout);
  // EXT:percent sets the extension, as jupytext's does
  const r = nbgit(['convert', 'a.ipynb', '--to', 'R:percent'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'a.R')));
  assert.ok(!existsSync(join(dir, 'a.py')));
  assert.is(nbgit(['convert', 'a.ipynb', '--to', 'R:percent', '--ext', '.R', '-o', '-'], dir).status, 0);
  const both = nbgit(['convert', 'a.ipynb', '--to', 'R:percent', '--ext', 'py'], dir);
  assert.is(both.status, 2);
  assert.is(both.stderr, 'nbgit convert: --ext py and --to R:percent name two extensions\n');
  // --from EXT:percent: the comment of that language, on stdin
  const cpp = nbgit(['convert', '-', '--from', 'cpp:percent', '--to', 'ipynb'], dir, '// %% [markdown]\n// Title\n\n// %%\nint x = 1;\n');
  assert.is(cpp.status, 0, cpp.stderr);
  const nb = JSON.parse(cpp.stdout) as { cells: { cell_type: string; source: string | string[] }[] };
  assert.equal(
    nb.cells.map((c) => [c.cell_type, [c.source].flat().join('')]),
    [
      ['markdown', 'Title'],
      ['code', 'int x = 1;'],
    ],
  );
});

test('convert --to: a jupytext format nbgit does not write says so, and writes nothing', () => {
  const dir = temp();
  for (const [to, name] of [
    ['py:nomarker', 'nomarker'],
    ['md:pandoc', 'pandoc'],
    ['sphinx', 'sphinx'],
  ]) {
    const r = nbgit(['convert', 'a.ipynb', '--to', to!], dir);
    assert.is(r.status, 2);
    assert.is(
      r.stderr,
      `nbgit convert: --to: unknown format "${to}": nbgit reads and writes jupytext's percent scripts (py:percent), light scripts (py:light), markdown (md), MyST markdown (md:myst), Quarto (qmd) and Databricks source (databricks), not its "${name}" format\n`,
    );
  }
  const r = nbgit(['convert', 'a.ipynb', '--to', 'zz:percent'], dir);
  assert.is(r.status, 2);
  assert.match(r.stderr, /unknown format "zz:percent" \(expected ipynb, percent, light, md, myst, qmd, databricks, or EXT:percent/);
  assert.ok(!existsSync(join(dir, 'a.py')) && !existsSync(join(dir, 'a.md')));
});

test('convert -q: no note when a notebook with outputs is replaced', () => {
  const dir = temp();
  assert.is(nbgit(['convert', 'a.ipynb', '--to', 'percent'], dir).status, 0);
  writeFileSync(join(dir, 'a.py'), `${readFileSync(join(dir, 'a.py'), 'utf8')}\n# %%\nx = 1\n`);
  const copy = readFileSync(join(dir, 'a.ipynb'));
  const loud = nbgit(['convert', 'a.py', '--to', 'ipynb'], dir);
  assert.is(loud.status, 0);
  assert.match(loud.stderr, /a\.ipynb replaced: its outputs and cell ids are not kept/);
  writeFileSync(join(dir, 'a.ipynb'), copy);
  const quiet = nbgit(['convert', 'a.py', '--to', 'ipynb', '-q'], dir);
  assert.is(quiet.status, 0);
  assert.is(quiet.stderr, '');
  assert.ok(readFileSync(join(dir, 'a.ipynb'), 'utf8').includes('x = 1'));
});

test('fmt -q formats without saying so', () => {
  const dir = temp();
  writeFileSync(join(dir, 'a.ipynb'), JSON.stringify(JSON.parse(readFileSync(example, 'utf8')), null, 2));
  const r = nbgit(['fmt', '-q', 'a.ipynb'], dir);
  assert.is(r.status, 0);
  assert.is(r.stdout, '');
  assert.is(nbgit(['fmt', '--check', 'a.ipynb'], dir).status, 0);
});

test('diff -q / --quiet: no output, the exit status only (git diff --quiet)', () => {
  const dir = temp();
  for (const q of ['-q', '--quiet']) {
    const different = nbgit(['diff', q, example, edited], dir);
    assert.is(different.stdout, '');
    assert.is(different.status, 1);
    const same = nbgit(['diff', q, example, join(dir, 'a.ipynb')], dir);
    assert.is(same.stdout, '');
    assert.is(same.status, 0);
  }
  const missing = nbgit(['diff', '-q', example, 'nope.ipynb'], dir);
  assert.is(missing.status, 2);
  assert.is(missing.stderr, 'nbgit diff: nope.ipynb: no such file\n');
});

test("strip --verify is nbstripout's --check; --keep-id overrides nbgit.sequentialIds", () => {
  const dir = temp();
  const before = statSync(join(dir, 'a.ipynb')).mtimeMs;
  const check = nbgit(['strip', '--check', 'a.ipynb'], dir);
  const verify = nbgit(['strip', '--verify', 'a.ipynb'], dir);
  assert.is(check.status, 1);
  assert.is(verify.status, 1);
  assert.is(verify.stdout, check.stdout);
  assert.is(nbgit(['strip', '--verify', '--dry-run', 'a.ipynb'], dir).stdout, check.stdout);
  assert.is(statSync(join(dir, 'a.ipynb')).mtimeMs, before);
  assert.is(spawnSync('git', ['init', '-q'], { cwd: dir }).status, 0);
  assert.is(spawnSync('git', ['config', 'nbgit.sequentialIds', 'true'], { cwd: dir }).status, 0);
  assert.match(nbgit(['strip', '-n', 'a.ipynb'], dir).stdout, /ids renumbered/);
  const keep = nbgit(['strip', '-n', '--keep-id', 'a.ipynb'], dir);
  assert.is(keep.status, 0);
  assert.not.match(keep.stdout, /renumbered/);
  const both = nbgit(['strip', '--keep-id', '--sequential-ids', 'a.ipynb'], dir);
  assert.is(both.status, 2);
  assert.is(both.stderr, 'nbgit strip: --keep-id and --sequential-ids cannot be used together\n');
});

test('diff in a repository: paths after the revisions without --, as git diff takes them', () => {
  const dir = temp();
  const git = (...args: string[]) =>
    assert.is(spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir }).status, 0, args.join(' '));
  git('init', '-q');
  copyFileSync(example, join(dir, 'b.ipynb'));
  git('add', '.');
  git('commit', '-q', '-m', 'one');
  copyFileSync(edited, join(dir, 'a.ipynb'));
  copyFileSync(edited, join(dir, 'b.ipynb'));
  const both = nbgit(['diff', '--stat', '--', '.'], dir);
  assert.is(both.stdout, 'a.ipynb: 2 modified, 1 added\nb.ipynb: 2 modified, 1 added\n');
  for (const args of [['a.ipynb'], ['HEAD', 'a.ipynb'], ['HEAD', '--', 'a.ipynb']]) {
    const r = nbgit(['diff', '--stat', ...args], dir);
    assert.is(r.stdout, 'a.ipynb: 2 modified, 1 added\n', `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.status, 1);
  }
  const missing = nbgit(['diff', 'HEAD', 'a.ipynb', 'nope.ipynb'], dir);
  assert.is(missing.stderr, 'nbgit diff: nope.ipynb: no such file or directory (revisions come before paths; use REV -- PATH)\n');
  assert.is(missing.status, 2);
  // two files given alone are still compared with each other
  assert.is(nbgit(['diff', 'a.ipynb', 'b.ipynb'], dir).status, 0);
});

test.run();
