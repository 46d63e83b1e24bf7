// What a new user trips on (issue 11 item 6), through the real nbgit bin and real git:
// suggestions for mistyped commands, options and config keys; nbstripout's -t/--textconv;
// --extra-keys with commas; and the merge driver honouring merge.conflictStyle=diff3.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jupyter, notebookWithOutputs, Repo } from './filter-helpers.js';

const repo = new Repo();
repo.write('a.ipynb', notebookWithOutputs(3));
const original = readFileSync(join(repo.dir, 'a.ipynb'), 'utf8');

test('nbgit help nope: a usage error (exit 2), not the general help', () => {
  const r = repo.nbgit(['help', 'nope']);
  assert.is(r.status, 2);
  assert.is(r.stdout, '');
  assert.is(r.stderr, "nbgit help: unknown command 'nope'. Run 'nbgit --help' for the list.\n");
  const near = repo.nbgit(['help', 'mrege']);
  assert.is(near.status, 2);
  assert.match(near.stderr, "Did you mean 'merge'?");
  assert.is(repo.nbgit(['help', 'merge']).status, 0);
});

test('mistyped commands and options get a suggestion', () => {
  const c = repo.nbgit(['conver', 'a.ipynb']);
  assert.is(c.status, 2);
  assert.is(c.stderr, "nbgit: unknown command 'conver'. Did you mean 'convert'? Run 'nbgit --help' for the list.\n");
  const o = repo.nbgit(['diff', '--ignore-output', 'a.ipynb', 'a.ipynb']);
  assert.is(o.status, 2);
  assert.is(o.stderr, 'nbgit diff: unknown option --ignore-output (did you mean --ignore-outputs?)\n');
  const s = repo.nbgit(['strip', '--keep-ouput', 'a.ipynb']);
  assert.is(s.stderr, 'nbgit strip: unknown option --keep-ouput (did you mean --keep-output?)\n');
  assert.is(readFileSync(join(repo.dir, 'a.ipynb'), 'utf8'), original);
});

test("strip -t / --textconv (nbstripout's names): the stripped notebook on stdout, the file unchanged", () => {
  const stdin = repo.nbgit(['strip'], original).stdout;
  for (const flag of ['-t', '--textconv']) {
    const r = repo.nbgit(['strip', flag, 'a.ipynb']);
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, stdin);
    assert.not.match(r.stdout, '"output_type"');
  }
  assert.is(readFileSync(join(repo.dir, 'a.ipynb'), 'utf8'), original);
});

test('--extra-keys "a,b": commas separate keys as spaces do; invalid keys are named, never silently ignored', () => {
  const spaces = repo.nbgit(['strip', '-t', '--extra-keys', 'metadata.kernelspec metadata.language_info', 'a.ipynb']).stdout;
  const commas = repo.nbgit(['strip', '-t', '--extra-keys', 'metadata.kernelspec,metadata.language_info', 'a.ipynb']);
  assert.is(commas.stdout, spaces);
  assert.not.match(commas.stdout, 'kernelspec');
  const bad = repo.nbgit(['strip', '-t', '--extra-keys', 'a,b', 'a.ipynb']);
  assert.is(
    bad.stderr,
    'nbgit strip: warning: ignoring invalid extra key `a` (keys start with metadata. or cell.)\nnbgit strip: warning: ignoring invalid extra key `b` (keys start with metadata. or cell.)\n',
  );
  // git config takes commas too
  repo.git('config', 'nbgit.extraKeys', 'metadata.kernelspec,metadata.language_info');
  assert.is(repo.nbgit(['strip', '-t', 'a.ipynb']).stdout, spaces);
  repo.git('config', '--unset', 'nbgit.extraKeys');
});

test('a misspelled nbgit.* config key warns naming the closest known key', () => {
  repo.git('config', 'nbgit.keepOutpt', 'true');
  const r = repo.nbgit(['strip', '--check', 'a.ipynb']);
  assert.is(r.stderr, 'nbgit strip: warning: unknown git config key nbgit.keepoutpt (did you mean nbgit.keepOutput?); it is ignored\n');
  assert.is(r.status, 1);
  repo.git('config', '--unset', 'nbgit.keepOutpt');
  assert.is(repo.nbgit(['strip', '--check', 'a.ipynb']).stderr, '');
});

test('the merge driver honours merge.conflictStyle=diff3 (base lines in the conflict)', () => {
  const r = new Repo();
  assert.is(r.nbgit(['install']).status, 0);
  const nb = (source: string) =>
    jupyter({
      cells: [{ cell_type: 'code', execution_count: null, id: 'c1', metadata: {}, outputs: [], source }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    });
  r.write('n.ipynb', nb('x = 1\n'));
  r.git('add', '.');
  r.git('commit', '-qm', 'base');
  r.git('checkout', '-qb', 'other');
  r.write('n.ipynb', nb('x = 2\n'));
  r.git('commit', '-qam', 'other');
  r.git('checkout', '-q', 'main');
  r.write('n.ipynb', nb('x = 3\n'));
  r.git('commit', '-qam', 'main');
  const plain = r.tryGit('merge', 'other');
  assert.is(plain.status, 1);
  const source = () => (JSON.parse(readFileSync(join(r.dir, 'n.ipynb'), 'utf8')) as { cells: { source: string | string[] }[] }).cells[0]!.source;
  const text = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
  assert.not.match(text(source()), '|||||||');
  r.git('merge', '--abort');
  r.git('config', 'merge.conflictStyle', 'diff3');
  assert.is(r.tryGit('merge', 'other').status, 1);
  assert.match(text(source()), /<<<<<<< local\nx = 3\n\|\|\|\|\|\|\| base\nx = 1\n=======\nx = 2\n>>>>>>> remote/);
  r.git('merge', '--abort');
  r.git('config', '--unset', 'merge.conflictStyle');
  // git -c reaches the driver too (git checkout --conflict=diff3 does not: see merge-driver --help)
  assert.is(r.tryGit('-c', 'merge.conflictStyle=zdiff3', 'merge', 'other').status, 1);
  assert.match(text(source()), '||||||| base');
});

test.run();
