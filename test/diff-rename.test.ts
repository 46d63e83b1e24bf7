// End-to-end: what git tells the diff besides content (QA F9, F13): renames and copies (git
// passes the external driver 9 arguments), mode changes, the index (--cached), symbolic links,
// unmerged paths. Real git, the real bin, temp repos after `nbgit install`.
import { chmodSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jupyter, Repo } from './filter-helpers.js';

/** A small notebook in Jupyter's layout: cell `c1` has `source`, then a markdown cell. */
function nb(source: string[]): string {
  return jupyter({
    cells: [
      { cell_type: 'code', execution_count: null, id: 'c1', metadata: {}, outputs: [], source },
      { cell_type: 'markdown', id: 'm1', metadata: {}, source: ['# Title\n', 'Some words so that the notebook is long enough for rename detection.'] },
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}
const before = nb(['x = 1\n', 'y = 2']);
const after = nb(['x = 1\n', 'y = 3']);

function installed(): Repo {
  const repo = new Repo();
  const r = repo.nbgit(['install']);
  assert.is(r.status, 0, r.stderr);
  return repo;
}

test('git mv + edit: git diff -M --cached, git diff HEAD -M, git log -p -M show the rename and the cell change', () => {
  const repo = installed();
  repo.write('a.ipynb', before);
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'one');
  repo.git('mv', 'a.ipynb', 'b.ipynb');
  repo.write('b.ipynb', after);
  // the edit is only in the working tree: git's raw id for it is a hash of the file that is
  // not in the object store; nbgit reads the file
  const dirty = repo.nbgit(['diff', 'HEAD']);
  assert.is(dirty.status, 1, dirty.stderr);
  assert.match(dirty.stdout, /^--- a\/a\.ipynb\n\+\+\+ b\/b\.ipynb\nsimilarity index \d+%\nrename from a\.ipynb\nrename to b\.ipynb\n## cell 0 modified/);
  assert.match(dirty.stdout, '-y = 2\n+y = 3');
  assert.match(repo.git('diff', 'HEAD', '-M'), '-y = 2\n+y = 3');
  repo.git('add', 'b.ipynb');

  const cached = repo.tryGit('diff', '-M', '--cached');
  assert.is(cached.status, 0, cached.stderr);
  assert.not.match(cached.stderr, 'external diff died');
  assert.match(
    cached.stdout,
    /^diff --nbgit a\/a\.ipynb b\/b\.ipynb\nsimilarity index \d+%\nrename from a\.ipynb\nrename to b\.ipynb\n--- a\/a\.ipynb\n\+\+\+ b\/b\.ipynb\n## cell 0 modified \(code, id c1\)\n/,
  );
  assert.match(cached.stdout, ' x = 1\n-y = 2\n+y = 3\n');

  const head = repo.tryGit('diff', 'HEAD', '-M');
  assert.is(head.status, 0, head.stderr);
  assert.is(head.stdout, cached.stdout);

  repo.git('commit', '-q', '-m', 'two');
  // git log -p: textconv (nbgit textconv) with git's own rename header
  const log = repo.git('log', '-p', '-M', '-1');
  assert.match(log, 'rename from a.ipynb\nrename to b.ipynb');
  assert.match(log, '-y = 2\n+y = 3');
  // git log -p --ext-diff: the driver with 9 arguments
  const ext = repo.tryGit('log', '-p', '-M', '--ext-diff', '-1');
  assert.is(ext.status, 0, ext.stderr);
  assert.match(ext.stdout, 'diff --nbgit a/a.ipynb b/b.ipynb\nsimilarity index');
  assert.match(ext.stdout, '-y = 2\n+y = 3');
  assert.match(repo.git('show', '--ext-diff', '-M', 'HEAD'), 'rename to b.ipynb');

  // nbgit diff between the revisions: one notebook, renamed; --no-renames: removed + added
  const revs = repo.nbgit(['diff', 'HEAD~1', 'HEAD']);
  assert.is(revs.status, 1, revs.stderr);
  assert.match(
    revs.stdout,
    /^--- a\/a\.ipynb\n\+\+\+ b\/b\.ipynb\nsimilarity index \d+%\nrename from a\.ipynb\nrename to b\.ipynb\n## cell 0 modified \(code, id c1\)\n/,
  );
  assert.not.match(revs.stdout, 'removed');
  assert.is((revs.stdout.match(/^## /gm) ?? []).length, 1);
  const split = repo.nbgit(['diff', '--no-renames', 'HEAD~1', 'HEAD']);
  assert.match(split.stdout, '--- a/a.ipynb\n+++ /dev/null\n## cell 0 removed (code, id c1)');
  assert.match(split.stdout, '--- /dev/null\n+++ b/b.ipynb\n## cell 0 added (code, id c1)');
  const stat = repo.nbgit(['diff', '--stat', 'HEAD~1', 'HEAD']);
  assert.is(stat.stdout, 'a.ipynb → b.ipynb: 1 modified\n');
  const json = JSON.parse(repo.nbgit(['diff', '--json', 'HEAD~1', 'HEAD']).stdout);
  assert.is(json.files.length, 1);
  assert.is(json.files[0].path, 'b.ipynb');
  assert.is(json.files[0].old_path, 'a.ipynb');
  assert.is(json.files[0].diff.summary.modified, 1);
  rmSync(repo.dir, { recursive: true, force: true });
});

test('a pure rename (100%) and a copy: the header alone, no layout note; the driver takes 9 arguments', () => {
  const repo = installed();
  repo.write('a.ipynb', before);
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'one');
  repo.git('mv', 'a.ipynb', 'c.ipynb');
  const r = repo.tryGit('diff', '--cached', '-M');
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, 'diff --nbgit a/a.ipynb b/c.ipynb\nsimilarity index 100%\nrename from a.ipynb\nrename to c.ipynb\n');
  const nbg = repo.nbgit(['diff', '--cached']);
  assert.is(nbg.status, 1);
  assert.is(nbg.stdout, '--- a/a.ipynb\n+++ b/c.ipynb\nsimilarity index 100%\nrename from a.ipynb\nrename to c.ipynb\n');
  repo.git('commit', '-q', '-m', 'mv');
  // a copy, as git -C finds it
  repo.write('d.ipynb', after);
  repo.git('add', 'd.ipynb');
  const copy = repo.tryGit('diff', '--cached', '-C', '--find-copies-harder');
  assert.is(copy.status, 0, copy.stderr);
  assert.match(copy.stdout, 'diff --nbgit a/c.ipynb b/d.ipynb\nsimilarity index');
  assert.match(copy.stdout, 'copy from c.ipynb\ncopy to d.ipynb\n');
  assert.match(copy.stdout, '-y = 2\n+y = 3');
  // the driver called directly as git does for a rename; wrong counts are usage errors
  repo.write('old.ipynb', before);
  repo.write('new.ipynb', after);
  const info = 'similarity index 90%\nrename from x.ipynb\nrename to y.ipynb\nindex 1234567..89abcde 100644\n';
  const d = repo.nbgit(['diff-driver', 'x.ipynb', 'old.ipynb', 'a'.repeat(40), '100644', 'new.ipynb', 'b'.repeat(40), '100644', 'y.ipynb', info]);
  assert.is(d.status, 0, d.stderr);
  assert.match(
    d.stdout,
    /^diff --nbgit a\/x\.ipynb b\/y\.ipynb\nsimilarity index 90%\nrename from x\.ipynb\nrename to y\.ipynb\n--- a\/x\.ipynb\n\+\+\+ b\/y\.ipynb\n## cell 0 modified/,
  );
  assert.not.match(d.stdout, 'index 1234567');
  const bad = repo.nbgit(['diff-driver', 'x.ipynb', 'old.ipynb', 'a'.repeat(40), '100644', 'new.ipynb', 'b'.repeat(40), '100644', 'y.ipynb']);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, '9 for a rename');
  rmSync(repo.dir, { recursive: true, force: true });
});

test('mode changes: chmod +x shows old mode / new mode in git diff and nbgit diff', () => {
  const repo = installed();
  repo.write('a.ipynb', before);
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'one');
  chmodSync(join(repo.dir, 'a.ipynb'), 0o755);
  const g = repo.git('diff');
  assert.is(g, 'diff --nbgit a/a.ipynb b/a.ipynb\nold mode 100644\nnew mode 100755\n');
  const n = repo.nbgit(['diff']);
  assert.is(n.status, 1, 'a mode change is a difference');
  assert.is(n.stdout, '--- a/a.ipynb\n+++ b/a.ipynb\nold mode 100644\nnew mode 100755\n');
  assert.is(repo.nbgit(['diff', '--stat']).stdout, 'a.ipynb: mode 100644 → 100755\n');
  // mode and content together
  repo.write('a.ipynb', after);
  const both = repo.git('diff');
  assert.match(both, 'diff --nbgit a/a.ipynb b/a.ipynb\nold mode 100644\nnew mode 100755\n--- a/a.ipynb\n+++ b/a.ipynb\n## cell 0 modified');
  assert.equal(JSON.parse(repo.nbgit(['diff', '--json']).stdout).files[0].mode, { old: '100644', new: '100755' });
  // new and deleted files get git's mode lines in the driver's header
  repo.write('n.ipynb', before);
  repo.git('add', 'n.ipynb');
  assert.match(repo.git('diff', '--cached', '--', 'n.ipynb'), 'diff --nbgit a/n.ipynb b/n.ipynb\nnew file mode 100644\n--- /dev/null\n+++ b/n.ipynb\n');
  rmSync(repo.dir, { recursive: true, force: true });
});

test('nbgit diff --cached / --staged: the index against HEAD (or REV)', () => {
  const repo = installed();
  repo.write('a.ipynb', before);
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'one');
  repo.write('a.ipynb', after);
  repo.git('add', 'a.ipynb');
  repo.write('a.ipynb', nb(['x = 1\n', 'y = 4']));
  const wt = repo.nbgit(['diff']);
  assert.match(wt.stdout, '-y = 3\n+y = 4', 'working tree against the index');
  const cached = repo.nbgit(['diff', '--cached']);
  assert.is(cached.status, 1, cached.stderr);
  assert.match(cached.stdout, '-y = 2\n+y = 3');
  assert.not.match(cached.stdout, 'y = 4');
  assert.is(repo.nbgit(['diff', '--staged']).stdout, cached.stdout);
  assert.is(repo.nbgit(['diff', '--cached', 'HEAD']).stdout, cached.stdout);
  assert.is(repo.nbgit(['diff', '--cached', '--', 'other.ipynb']).status, 0);
  const two = repo.nbgit(['diff', '--cached', 'HEAD', 'HEAD']);
  assert.is(two.status, 2);
  assert.match(two.stderr, '--cached compares the index with one revision');
  repo.git('commit', '-q', '-m', 'two');
  assert.is(repo.nbgit(['diff', '--cached']).status, 0);
  assert.match(repo.nbgit(['diff', '--cached', 'HEAD~1']).stdout, '-y = 2\n+y = 3');
  rmSync(repo.dir, { recursive: true, force: true });
});

test('a symbolic link named x.ipynb: a clear note with its target, not a parse error', () => {
  const repo = installed();
  repo.write('a.ipynb', before);
  repo.write('b.ipynb', after);
  symlinkSync('a.ipynb', join(repo.dir, 'link.ipynb'));
  repo.git('add', '.');
  const added = repo.git('diff', '--cached', '--', 'link.ipynb');
  assert.is(
    added,
    'diff --nbgit a/link.ipynb b/link.ipynb\nnew file mode 120000\n--- /dev/null\n+++ b/link.ipynb\nnbgit: link.ipynb is now a symbolic link, not a notebook; showing its target\n+a.ipynb\n',
  );
  repo.git('commit', '-q', '-m', 'one');
  unlinkSync(join(repo.dir, 'link.ipynb'));
  symlinkSync('b.ipynb', join(repo.dir, 'link.ipynb'));
  const changed = repo.git('diff');
  assert.match(changed, 'nbgit: link.ipynb is a symbolic link, not a notebook; showing its target\n-a.ipynb\n+b.ipynb\n');
  assert.not.match(changed, 'expected a notebook');
  const n = repo.nbgit(['diff']);
  assert.is(n.status, 1);
  assert.is(n.stdout, '--- a/link.ipynb\n+++ b/link.ipynb\nnbgit: link.ipynb is a symbolic link, not a notebook; showing its target\n-a.ipynb\n+b.ipynb\n');
  assert.equal(JSON.parse(repo.nbgit(['diff', '--json']).stdout).files[0].symlink, { old: 'a.ipynb', new: 'b.ipynb' });
  repo.git('commit', '-q', '-am', 'two');
  assert.match(repo.nbgit(['diff', 'HEAD~1', 'HEAD']).stdout, '-a.ipynb\n+b.ipynb\n');
  // a link replaced by a notebook: git shows a deletion and an addition
  unlinkSync(join(repo.dir, 'link.ipynb'));
  repo.write('link.ipynb', before);
  const typechange = repo.git('diff');
  assert.match(typechange, 'deleted file mode 120000\n--- a/link.ipynb\n+++ /dev/null\nnbgit: link.ipynb was a symbolic link');
  assert.match(typechange, 'new file mode 100644\n--- /dev/null\n+++ b/link.ipynb\n## cell 0 added (code, id c1)');
  const nt = repo.nbgit(['diff']);
  assert.match(
    nt.stdout,
    'old mode 120000\nnew mode 100644\nnbgit: link.ipynb was a symbolic link, not a notebook; showing its target\n-b.ipynb\n## cell 0 added',
  );
  rmSync(repo.dir, { recursive: true, force: true });
});

test('an unmerged notebook: git diff and nbgit diff say so', () => {
  const repo = new Repo();
  repo.write('a.ipynb', before);
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'one');
  repo.git('checkout', '-q', '-b', 'side');
  repo.write('a.ipynb', after);
  repo.git('commit', '-q', '-am', 'side');
  repo.git('checkout', '-q', 'main');
  repo.write('a.ipynb', nb(['x = 1\n', 'y = 4']));
  repo.git('commit', '-q', '-am', 'main');
  assert.is.not(repo.tryGit('merge', 'side').status, 0);
  const n = repo.nbgit(['diff']);
  assert.match(n.stdout, /^\* Unmerged path a\.ipynb\n/);
  assert.not.match(n.stdout, '## cell 0 added', 'not shown as a new notebook');
  assert.is(repo.nbgit(['diff', '--cached']).stdout, '* Unmerged path a.ipynb\n');
  rmSync(repo.dir, { recursive: true, force: true });
});

test.run();
