// End-to-end: `nbgit strip` for CI and pre-commit, `nbgit clean`/`smudge`/`textconv` as
// git would call them, and the pre-commit hook definition.
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { strip } from '@nbgit/strip';
import { repoRoot, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasOutputs, notebookWithOutputs, Repo } from './filter-helpers.js';

const clean = (text: string) => toIpynb(strip(fromIpynb(text)));

test('strip FILE...: in place and atomic; clean files keep their mtime; prints what it removed', () => {
  const repo = new Repo();
  const dirty = notebookWithOutputs(3, 1);
  const pd = repo.write('dirty.ipynb', dirty);
  const pc = repo.write('clean.ipynb', clean(notebookWithOutputs(2, 2)));
  const old = new Date(Date.now() - 60_000);
  utimesSync(pc, old, old);
  const mtime = statSync(pc).mtimeMs;
  const r = repo.nbgit(['strip', 'dirty.ipynb', 'clean.ipynb']);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, 'stripped dirty.ipynb: outputs in 3 cells, 3 execution counts, cell.metadata.ExecuteTime\n');
  assert.is(readFileSync(pd, 'utf8'), clean(dirty));
  assert.is(statSync(pc).mtimeMs, mtime, 'untouched');
  assert.is(repo.nbgit(['strip', 'dirty.ipynb']).stdout, '', 'second run: nothing to do');
});

test('strip --check lists notebooks with outputs and exits 1; --dry-run changes nothing and exits 0', () => {
  const repo = new Repo();
  const dirty = notebookWithOutputs(2, 3);
  const pd = repo.write('a.ipynb', dirty);
  repo.write('b.ipynb', clean(dirty));
  const check = repo.nbgit(['strip', '--check', 'a.ipynb', 'b.ipynb']);
  assert.is(check.status, 1);
  assert.is(check.stdout, 'a.ipynb: outputs in 2 cells, 2 execution counts, cell.metadata.ExecuteTime\n');
  assert.is(repo.nbgit(['strip', '--check', 'b.ipynb']).status, 0);
  const dry = repo.nbgit(['strip', '--dry-run', 'a.ipynb', 'b.ipynb']);
  assert.is(dry.status, 0);
  assert.is(dry.stdout, check.stdout);
  assert.is(readFileSync(pd, 'utf8'), dirty, 'nothing written');
  assert.is(repo.nbgit(['strip', '--check', '--dry-run', 'a.ipynb']).status, 2);
});

test('strip: stdin to stdout, options, and errors naming the file', () => {
  const repo = new Repo();
  const dirty = notebookWithOutputs(2, 4);
  const out = repo.nbgit(['strip'], dirty);
  assert.is(out.status, 0, out.stderr);
  assert.is(out.stdout, clean(dirty));
  const kept = repo.nbgit(['strip', '--keep-output', '--keep-count', '-'], dirty);
  assert.ok(hasOutputs(kept.stdout));
  const seq = JSON.parse(repo.nbgit(['strip', '--sequential-ids', '--extra-keys', 'cell.metadata.tags metadata.language_info'], dirty).stdout);
  assert.equal(
    seq.cells.map((c: { id: string }) => c.id),
    ['0', '1'],
  );
  assert.ok(!('language_info' in seq.metadata));
  const types = JSON.parse(repo.nbgit(['strip', '--keep-output-type', 'stream', '--keep-output-type', 'display_data'], dirty).stdout);
  assert.equal(
    types.cells[0].outputs.map((o: { output_type: string }) => o.output_type),
    ['stream', 'display_data'],
  );
  const warned = repo.nbgit(['strip', '--extra-keys', 'bogus'], dirty);
  assert.match(warned.stderr, 'ignoring invalid extra key `bogus`');
  // an output type that does not exist (a typo) matches nothing: said, not silently ignored
  const typo = repo.nbgit(['strip', '--keep-output-type', 'streams', '--drop-output-type', 'stream:stdrr', '--keep-output-type', 'stream:stderr'], dirty);
  assert.is(typo.status, 0);
  assert.is(
    typo.stderr,
    'nbgit strip: warning: --keep-output-type streams matches no output (types: stream, stream:stdout, stream:stderr, display_data, execute_result, error)\n' +
      'nbgit strip: warning: --drop-output-type stream:stdrr matches no output (types: stream, stream:stdout, stream:stderr, display_data, execute_result, error)\n',
  );
  repo.write('bad.ipynb', '{"cells": [}');
  repo.write('ok.ipynb', dirty);
  const bad = repo.nbgit(['strip', 'bad.ipynb', 'ok.ipynb', 'missing.ipynb']);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /^nbgit strip: bad\.ipynb:1:12: /m);
  assert.match(bad.stderr, /^nbgit strip: missing\.ipynb: no such file/m);
  assert.is(readFileSync(join(repo.dir, 'ok.ipynb'), 'utf8'), clean(dirty), 'the other files are still stripped');
  assert.is(repo.nbgit(['strip', '--max-size', 'lots'], dirty).status, 2);
});

test('strip reads git config (nbgit.*) and flags override it; --no-config ignores it', () => {
  const repo = new Repo();
  repo.git('config', 'nbgit.keepOutput', 'true');
  const dirty = notebookWithOutputs(2, 5);
  assert.ok(hasOutputs(repo.nbgit(['strip', '--keep-count'], dirty).stdout));
  assert.ok(!hasOutputs(repo.nbgit(['strip', '--no-keep-output'], dirty).stdout));
  assert.ok(!hasOutputs(repo.nbgit(['strip', '--no-config'], dirty).stdout));
});

const fixtures = sharedPath('fixtures', 'nbstripout');
if (fixtures) {
  test('strip: zeppelin notes by extension, nbformat 2 notebooks, the keep_output/tag contradiction', () => {
    const repo = new Repo();
    repo.write('n.zpln', readFileSync(join(fixtures, 'test_zeppelin.zpln')));
    assert.is(repo.nbgit(['strip', 'n.zpln']).status, 0);
    assert.equal(JSON.parse(readFileSync(join(repo.dir, 'n.zpln'), 'utf8')), JSON.parse(readFileSync(join(fixtures, 'test_zeppelin.zpln.expected'), 'utf8')));
    const v2 = repo.nbgit(['strip'], readFileSync(join(fixtures, 'test_nbformat2.ipynb')));
    assert.equal(JSON.parse(v2.stdout), JSON.parse(readFileSync(join(fixtures, 'test_nbformat2.ipynb.expected'), 'utf8')));
    const contradiction = repo.nbgit(['strip'], readFileSync(join(fixtures, 'test_metadata_exception.ipynb')));
    assert.is(contradiction.status, 1);
    assert.match(contradiction.stderr, 'cell metadata contradicts tags');
  });
} else skipTest(test, 'strip on nbstripout fixtures', sharedMissing());

test('clean and smudge one-shot filters; textconv', () => {
  const repo = new Repo();
  const dirty = notebookWithOutputs(2, 6);
  const c = repo.nbgit(['clean', 'x.ipynb'], dirty);
  assert.is(c.status, 0, c.stderr);
  assert.is(c.stdout, clean(dirty));
  const bad = repo.nbgit(['clean', 'x.ipynb'], '{');
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /^nbgit clean: x\.ipynb:1:2: /);
  assert.is(repo.nbgit(['clean', 'empty.ipynb'], '').stdout, '', 'an empty file passes');
  assert.is(repo.nbgit(['smudge', 'x.ipynb'], dirty).stdout, dirty);
  repo.write('t.ipynb', dirty);
  const t = repo.nbgit(['textconv', 't.ipynb']);
  assert.match(t.stdout, /^notebook nbformat 4\.5\n/);
  assert.match(t.stdout, '## cell (code, id cell-6-0), execution count 1');
  assert.match(t.stdout, '## output 0: stream stdout\n    value 6');
  repo.write('junk.ipynb', 'not json');
  const junk = repo.nbgit(['textconv', 'junk.ipynb']);
  assert.is(junk.status, 0);
  assert.is(junk.stdout, 'not json');
  assert.match(junk.stderr, 'warning');
});

test('.pre-commit-hooks.yaml offers strip and strip --check for notebooks', () => {
  const text = readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
  assert.match(text, /- id: nbgit-strip\n/);
  assert.match(text, /entry: nbgit strip\n/);
  assert.match(text, /- id: nbgit-strip-check\n/);
  assert.match(text, /entry: nbgit strip --check\n/);
  assert.match(text, /types: \[jupyter\]/);
});

test.run();
