// The bundle `npm pack` ships (packages/cli/scripts/bundle.mjs), run as git runs it: the
// filter and the merge driver give what the workspace's modules give; each command file is
// loaded with a V8 code cache that the first run writes beside the bundle
// (scripts/load-command.cjs), that later runs use (V8 accepts it: the file is not written
// again), and that is not used once the command file changed (its ctime or inode).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, smallMerge } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, hasOutputs, notebookWithOutputs, Repo } from './filter-helpers.js';

const out = join(mkdtempSync(join(tmpdir(), 'nbgit-bundle-')), 'bundle');
const built = spawnSync(process.execPath, [join(repoRoot, 'packages', 'cli', 'scripts', 'bundle.mjs'), '--out', out], { encoding: 'utf8' });
const cacheOf = (name: string) => join(out, 'cache', `${name}.v8`);
const inode = (f: string) => statSync(f).ino;

/** A repository whose filter is the bundle's; the clean cache is off, so every add runs the strip code. */
function bundleRepo(): Repo {
  const repo = new Repo();
  repo.env.NBGIT_NO_CLEAN_CACHE = '1';
  repo.git('config', 'filter.nbgit.process', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(out, 'nbgit.cjs'))} filter-process`);
  repo.git('config', 'filter.nbgit.required', 'true');
  repo.write('.gitattributes', '*.ipynb filter=nbgit\n');
  return repo;
}

test('the bundled filter strips as the workspace does; its code cache is written once, then used, and dropped when the file changes', () => {
  assert.is(built.status, 0, built.stderr);
  const repo = bundleRepo();
  const text = notebookWithOutputs(4, 2);
  repo.write('a.ipynb', text);
  repo.git('add', 'a.ipynb');
  const staged = repo.git('show', ':a.ipynb');
  assert.ok(hasOutputs(text) && !hasOutputs(staged), 'stripped');
  const expected = spawnSync(process.execPath, [BIN, 'clean', 'a.ipynb'], { cwd: repo.dir, env: repo.env, input: text, encoding: 'utf8' });
  assert.is(staged, expected.stdout, 'the same bytes as the workspace strip');
  const first = inode(cacheOf('filter-process'));

  // Later processes use the cache: not written again (a rejected cache would be).
  for (const name of ['b.ipynb', 'c.ipynb']) {
    repo.write(name, text);
    repo.git('add', name);
    assert.is(repo.git('show', `:${name}`), staged);
  }
  assert.is(inode(cacheOf('filter-process')), first, 'the cache was used, not made again');

  // The command file rewritten (same bytes, new inode and ctime): the cache is not used, a new one is written.
  const file = join(out, 'commands', 'filter-process.cjs');
  const copy = `${file}.copy`;
  cpSync(file, copy);
  rmSync(file);
  cpSync(copy, file);
  rmSync(copy);
  repo.write('d.ipynb', text);
  repo.git('add', 'd.ipynb');
  assert.is(repo.git('show', ':d.ipynb'), staged);
  assert.is.not(inode(cacheOf('filter-process')), first, 'a cache of another file state is made again');

  // A cache that is not one (its first line names another file state) is ignored and replaced.
  writeFileSync(cacheOf('filter-process'), 'nbgit code cache v0 x64 1 2 3 4\nnot a code cache');
  repo.write('e.ipynb', text);
  repo.git('add', 'e.ipynb');
  assert.is(repo.git('show', ':e.ipynb'), staged);
  assert.not.match(readFileSync(cacheOf('filter-process'), 'latin1'), 'not a code cache');

  // NBGIT_NO_CODE_CACHE=1: the same result without reading or writing the cache.
  rmSync(join(out, 'cache'), { recursive: true });
  repo.env.NBGIT_NO_CODE_CACHE = '1';
  repo.write('f.ipynb', text);
  repo.git('add', 'f.ipynb');
  assert.is(repo.git('show', ':f.ipynb'), staged);
  assert.not.ok(statSync(join(out, 'cache'), { throwIfNoEntry: false }), 'no cache written');
});

test('the bundled merge driver merges with and without its code cache', () => {
  assert.is(built.status, 0, built.stderr);
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-bundle-merge-'));
  const sides = smallMerge();
  writeFileSync(join(dir, 'O'), sides.O);
  writeFileSync(join(dir, 'B'), sides.B);
  const results: string[] = [];
  for (let i = 0; i < 3; i++) {
    writeFileSync(join(dir, 'A'), sides.A);
    const r = spawnSync(process.execPath, [join(out, 'nbgit.cjs'), 'merge-driver', 'O', 'A', 'B', '7', 'nb.ipynb'], { cwd: dir, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    results.push(readFileSync(join(dir, 'A'), 'utf8'));
    if (i === 0) assert.ok(statSync(cacheOf('merge-driver')).size > 0, 'the first run wrote the cache');
  }
  assert.match(results[0]!, '"x = 10"');
  assert.match(results[0]!, '"y = 3"');
  assert.equal(results, [results[0], results[0], results[0]]);
});

test.run();
