// End-to-end: `nbgit install`, then ordinary git use. Real git, real nbgit bin, temp repos.
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { strip } from '@nbgit/strip';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasOutputs, jupyter, notebookWithOutputs, Repo } from './filter-helpers.js';

/** A repository with nbgit installed and the attributes committed. */
function installed(name?: string): Repo {
  const repo = new Repo({ name });
  const r = repo.nbgit(['install']);
  assert.is(r.status, 0, r.stderr);
  repo.git('add', '.gitattributes');
  repo.git('commit', '-q', '-m', 'attributes');
  return repo;
}

const expectedClean = (text: string) => toIpynb(strip(fromIpynb(text)));

test('git add strips outputs from the blob; the working file is untouched; status clean after commit', () => {
  const repo = installed();
  const a = notebookWithOutputs(12, 1);
  const b = notebookWithOutputs(3, 2);
  const pa = repo.write('a.ipynb', a);
  repo.write('sub dir/b c.ipynb', b);
  const before = statSync(pa).mtimeMs;
  repo.git('add', '.');
  const blob = repo.git('show', ':a.ipynb');
  assert.ok(!hasOutputs(blob), 'no outputs in the index');
  assert.is(blob, expectedClean(a), 'the blob is strip() of the file, bytes and all');
  assert.ok(blob.includes('"id": "cell-1-0"'), 'ids kept');
  assert.is(repo.git('show', ':sub dir/b c.ipynb'), expectedClean(b));
  assert.is(readFileSync(pa, 'utf8'), a, 'working file keeps its outputs');
  assert.is(statSync(pa).mtimeMs, before, 'working file not rewritten');
  repo.git('commit', '-q', '-m', 'notebooks');
  assert.equal(repo.status(), []);
  assert.is(repo.git('show', 'HEAD:a.ipynb'), blob);
});

test('status stays clean after touch, checkout of another branch and back, stash and pop, rebase', () => {
  const repo = installed();
  const p = repo.write('nb.ipynb', notebookWithOutputs(6, 3));
  repo.write('other.ipynb', notebookWithOutputs(2, 4));
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'one');
  assert.equal(repo.status(), []);

  const t = new Date(Date.now() + 5000);
  utimesSync(p, t, t);
  assert.equal(repo.status(), [], 'after touch');

  repo.git('checkout', '-q', '-b', 'feature');
  const edited = notebookWithOutputs(7, 3);
  repo.write('nb.ipynb', edited);
  assert.equal(repo.status(), [' M nb.ipynb']);
  repo.git('commit', '-q', '-am', 'feature edit');
  assert.equal(repo.status(), [], 'after commit on the branch');
  repo.git('checkout', '-q', 'main');
  assert.equal(repo.status(), [], 'after checkout of main');
  assert.ok(!hasOutputs(readFileSync(p, 'utf8')), 'checkout writes the stripped blob (smudge passes it through)');
  repo.git('checkout', '-q', 'feature');
  assert.equal(repo.status(), [], 'after checkout back');

  // stash and pop a change made with outputs
  repo.write('other.ipynb', notebookWithOutputs(3, 4));
  assert.equal(repo.status(), [' M other.ipynb']);
  repo.git('stash', '-q');
  assert.equal(repo.status(), [], 'after stash');
  repo.git('stash', 'pop', '-q');
  assert.equal(repo.status(), [' M other.ipynb'], 'after stash pop: only the real change');
  assert.is(readFileSync(join(repo.dir, 'other.ipynb'), 'utf8'), expectedClean(notebookWithOutputs(3, 4)));
  repo.git('commit', '-q', '-am', 'other edit');

  // rebase feature onto a main that changed another file
  repo.git('checkout', '-q', 'main');
  repo.write('third.ipynb', notebookWithOutputs(2, 5));
  repo.git('add', 'third.ipynb');
  repo.git('commit', '-q', '-m', 'third');
  repo.git('checkout', '-q', 'feature');
  repo.git('rebase', '-q', 'main');
  assert.equal(repo.status(), [], 'after rebase');
  assert.is(repo.git('log', '--format=%s').split('\n').filter(Boolean).length, 5);
});

test('a notebook with invalid JSON: git add fails naming the file and position; nothing changes', () => {
  const repo = installed();
  const good = notebookWithOutputs(2, 6);
  repo.write('good.ipynb', good);
  const bad = '{\n "cells": [\n  {"cell_type": "code",, }\n ]\n}\n';
  const pb = repo.write('bad.ipynb', bad);
  const mtime = statSync(pb).mtimeMs;
  const indexBefore = readFileSync(join(repo.dir, '.git', 'index'));
  const r = repo.tryGit('add', 'good.ipynb', 'bad.ipynb');
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /bad\.ipynb:3:24: /);
  assert.match(r.stderr, /bad\.ipynb/);
  assert.ok(readFileSync(join(repo.dir, '.git', 'index')).equals(indexBefore), 'index unchanged');
  assert.is(readFileSync(pb, 'utf8'), bad, 'file unchanged');
  assert.is(statSync(pb).mtimeMs, mtime);
  assert.is(repo.git('ls-files'), '.gitattributes\n');
  // The other files still go in on their own.
  repo.git('add', 'good.ipynb');
  assert.is(repo.git('show', ':good.ipynb'), expectedClean(good));
});

test('a broken notebook stops even git diff under filter.nbgit.required; the message says what to do (QA F7)', () => {
  const repo = installed();
  repo.write('good.ipynb', notebookWithOutputs(2, 6));
  repo.git('add', 'good.ipynb');
  repo.git('commit', '-q', '-m', 'good');
  repo.write('good.ipynb', '{"cells": [');
  const diff = repo.tryGit('diff');
  assert.is.not(diff.status, 0, 'git stops: the filter is required');
  assert.match(diff.stderr, 'nbgit filter-process: good.ipynb:1:12: ');
  assert.match(diff.stderr, 'nbgit validate good.ipynb');
  assert.match(diff.stderr, 'git -c filter.nbgit.required=false diff');
  assert.is(diff.stderr.match(/hint: /g)?.length, 4, 'the hint comes once');
  const oneOff = repo.tryGit('-c', 'filter.nbgit.required=false', 'diff');
  assert.is(oneOff.status, 0, oneOff.stderr);
  assert.match(oneOff.stderr, 'good.ipynb:1:12: ');
  assert.not.match(oneOff.stderr, 'hint:', 'no hint when git goes on without the filter');
  const add = repo.tryGit('add', 'good.ipynb');
  assert.is.not(add.status, 0, 'git add still fails');
  assert.match(add.stderr, 'git -c filter.nbgit.required=false');
  // The one-shot clean says the same.
  repo.git('config', '--unset', 'filter.nbgit.process');
  const oneShot = repo.tryGit('diff');
  assert.is.not(oneShot.status, 0);
  assert.match(oneShot.stderr, 'nbgit clean: good.ipynb:1:12: ');
  assert.match(oneShot.stderr, 'nbgit clean: hint: Fix the file (nbgit validate good.ipynb shows where)');
});

test('after a conflicted merge: markers warn on git add; once resolved the conflict flag is not committed (QA F5)', () => {
  const repo = installed();
  const nb = (source: string) => ({
    cells: [
      { cell_type: 'markdown', id: 'm0', metadata: {}, source: ['# Title'] },
      { cell_type: 'code', execution_count: null, id: 'k1', metadata: {}, outputs: [], source: [source] },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });
  repo.write('m.ipynb', jupyter(nb('x = 1')));
  repo.git('add', 'm.ipynb');
  repo.git('commit', '-q', '-m', 'base');
  repo.git('checkout', '-q', '-b', 'other');
  repo.write('m.ipynb', jupyter(nb('x = 2')));
  repo.git('commit', '-q', '-am', 'two');
  repo.git('checkout', '-q', 'main');
  repo.write('m.ipynb', jupyter(nb('x = 3')));
  repo.git('commit', '-q', '-am', 'three');
  const merge = repo.tryGit('merge', 'other');
  assert.is.not(merge.status, 0, 'a conflict');
  const conflicted = JSON.parse(readFileSync(join(repo.dir, 'm.ipynb'), 'utf8'));
  assert.ok(conflicted.cells[1].metadata.nbgit.conflicts.length > 0, 'the merge driver flagged the cell');

  // Adding the file with the markers still in: stored as it is, with a warning naming the cell.
  const early = repo.tryGit('add', 'm.ipynb');
  assert.is(early.status, 0, early.stderr);
  assert.match(early.stderr, 'nbgit filter-process: warning: m.ipynb: cell 1 (code, id k1) still has conflict markers (line 1 of its source)');
  assert.match(repo.git('show', ':m.ipynb'), '"conflicts"', 'the flag stays while the markers do');

  // Resolved as a Jupyter user does: the source is edited, the (hidden) metadata stays.
  conflicted.cells[1].source = ['x = 23'];
  const resolved = jupyter(conflicted);
  repo.write('m.ipynb', resolved);
  const add = repo.tryGit('add', 'm.ipynb');
  assert.is(add.status, 0, add.stderr);
  assert.is(add.stderr, '', 'no warning once resolved');
  const expected = jupyter({ ...conflicted, cells: [conflicted.cells[0], { ...conflicted.cells[1], metadata: {} }] });
  assert.is(repo.git('show', ':m.ipynb'), expected, 'flag and emptied nbgit object gone, every other byte kept');
  repo.git('commit', '-q', '-m', 'merged');
  assert.not.match(repo.git('show', 'HEAD:m.ipynb'), 'nbgit');
  assert.is(readFileSync(join(repo.dir, 'm.ipynb'), 'utf8'), resolved, 'the working file is untouched');
  // nbgit strip does the same in place.
  const strip = repo.nbgit(['strip', 'm.ipynb']);
  assert.is(strip.status, 0, strip.stderr);
  assert.match(strip.stdout, 'cell.metadata.nbgit.conflicts');
  assert.is(readFileSync(join(repo.dir, 'm.ipynb'), 'utf8'), expected);
});

test('one process keeps serving after a bad notebook (filter.nbgit.required = false)', () => {
  const repo = installed();
  repo.git('config', 'filter.nbgit.required', 'false');
  const good = notebookWithOutputs(2, 10);
  repo.write('a-bad.ipynb', '{"cells": [}');
  repo.write('b-good.ipynb', good);
  const trace = join(repo.dir, '..', 'trace-required.log');
  const r = repo.gitEnv({ NBGIT_TRACE_FILTER: trace }, 'add', 'a-bad.ipynb', 'b-good.ipynb');
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /nbgit filter-process: a-bad\.ipynb:1:12: /);
  assert.is(repo.git('show', ':a-bad.ipynb'), '{"cells": [}', 'git stored it unfiltered');
  assert.is(repo.git('show', ':b-good.ipynb'), expectedClean(good));
  const log = readFileSync(trace, 'utf8');
  assert.is(log.match(/^start /gm)?.length, 1);
  assert.match(log, /requests=2 errors=1/);
});

test('CRLF notebooks stay CRLF in the blob and on checkout; status clean', () => {
  const repo = installed();
  const text = notebookWithOutputs(4, 7, { eol: '\r\n' });
  const p = repo.write('win.ipynb', text);
  repo.git('add', 'win.ipynb');
  const blob = repo.git('show', ':win.ipynb');
  assert.ok(!hasOutputs(blob));
  assert.ok(!/[^\r]\n/.test(blob), 'only CRLF');
  assert.is(blob, expectedClean(text));
  repo.git('commit', '-q', '-m', 'crlf');
  assert.equal(repo.status(), []);
  repo.git('rm', '-q', '--cached', 'win.ipynb');
  repo.git('checkout', '-q', 'HEAD', '--', 'win.ipynb');
  assert.is(readFileSync(p, 'utf8'), blob);
  assert.equal(repo.status(), []);
});

test('strip options from git config apply to the filter (nbgit.keepCount, nbgit.extraKeys)', () => {
  const repo = installed();
  repo.git('config', 'nbgit.keepCount', 'true');
  repo.git('config', 'nbgit.extraKeys', 'metadata.language_info.version cell.metadata.tags');
  const text = notebookWithOutputs(4, 8);
  repo.write('o.ipynb', text);
  repo.git('add', 'o.ipynb');
  const blob = JSON.parse(repo.git('show', ':o.ipynb'));
  assert.is(blob.cells[0].execution_count, 1, 'count kept');
  assert.equal(blob.cells[0].outputs, []);
  assert.equal(blob.cells[0].metadata, {}, 'tags and ExecuteTime gone');
  assert.equal(blob.metadata.language_info, { name: 'python' });
  const check = repo.nbgit(['strip', '--check', 'o.ipynb']);
  assert.is(check.status, 1, 'the working file still has outputs');
  repo.git('commit', '-q', '-m', 'o');
  repo.git('rm', '-q', '--cached', 'o.ipynb');
  repo.git('checkout', 'HEAD', '--', 'o.ipynb');
  assert.is(repo.nbgit(['strip', '--check', 'o.ipynb']).status, 0, 'strip --check agrees with the filter');
});

test('git log -p reads cells through textconv; --no-ext-diff gives textconv too', () => {
  const repo = installed();
  repo.write(
    't.ipynb',
    jupyter({
      cells: [{ cell_type: 'code', execution_count: null, id: 'x1', metadata: {}, outputs: [], source: ['a = 1'] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  repo.git('add', 't.ipynb');
  repo.git('commit', '-q', '-m', 'one');
  repo.write(
    't.ipynb',
    jupyter({
      cells: [{ cell_type: 'code', execution_count: 4, id: 'x1', metadata: {}, outputs: [], source: ['a = 2'] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  repo.git('commit', '-q', '-am', 'two');
  const log = repo.git('log', '-p', '-1');
  assert.match(log, '## cell (code, id x1)');
  assert.match(log, '-a = 1\n+a = 2');
  assert.ok(!log.includes('"source"'), 'no JSON in the log');
});

test('git diff (diff driver) and git log -p (textconv) label a cell the same way; textconv without its position (QA F4, issue 11 item 4)', () => {
  const repo = installed();
  const cells = (edit: string) =>
    ['a', 'b', 'c', 'd', 'e'].map((x, i) => ({
      cell_type: 'code',
      execution_count: null,
      id: `k${i}`,
      metadata: {},
      outputs: [],
      source: [i === 3 ? edit : `${x} = ${i}`],
    }));
  repo.write('n.ipynb', jupyter({ cells: cells('d = 3'), metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  repo.git('add', 'n.ipynb');
  repo.git('commit', '-q', '-m', 'one');
  repo.write('n.ipynb', jupyter({ cells: cells('d = 33'), metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  const diff = repo.git('diff');
  const header = /^## cell (\d+) modified \(code, id k3\)$/m.exec(diff);
  assert.ok(header, diff);
  assert.is(header[1], '3', 'cells are numbered from 0');
  repo.git('commit', '-q', '-am', 'two');
  const log = repo.git('log', '-p', '-1');
  assert.match(log, '## cell (code, id k3)\n-d = 3\n+d = 33');
});

test('without filter.nbgit.process git uses the one-shot clean (same bytes), file names with spaces', () => {
  const repo = installed('repo with space');
  repo.git('config', '--unset', 'filter.nbgit.process');
  const text = notebookWithOutputs(5, 9);
  repo.write("it's a notebook.ipynb", text);
  repo.git('add', '.');
  assert.is(repo.git('show', ":it's a notebook.ipynb"), expectedClean(text));
  repo.write('broken.ipynb', '{"cells": [');
  const r = repo.tryGit('add', 'broken.ipynb');
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /broken\.ipynb:1:12: /);
});

test.run();
