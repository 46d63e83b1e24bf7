// The clean filter's cache (issue 13 item 4): git status after notebooks were only touched
// answers from $GIT_DIR/nbgit/clean-cache, keyed by the content and the strip options.
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasOutputs, notebookWithOutputs, Repo } from './filter-helpers.js';

/** Every file of the cache. */
function cacheFiles(repo: Repo): string[] {
  const dir = join(repo.dir, '.git', 'nbgit', 'clean-cache');
  try {
    return readdirSync(dir)
      .filter((d) => d.length === 2)
      .flatMap((d) => readdirSync(join(dir, d)).map((f) => join(dir, d, f)));
  } catch {
    return [];
  }
}

test('git status after a touch answers from the cache; other strip options or NBGIT_NO_CLEAN_CACHE do not read it', () => {
  const repo = new Repo();
  assert.is(repo.nbgit(['install']).status, 0);
  const text = notebookWithOutputs(4, 3);
  repo.write('a.ipynb', text);
  repo.git('add', 'a.ipynb');
  assert.ok(!hasOutputs(repo.git('show', ':a.ipynb')));
  const files = cacheFiles(repo);
  assert.is(files.length, 1, 'one cleaned content kept');
  repo.git('add', '.gitattributes');
  repo.git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x');
  let t = Date.now() / 1000 + 100;
  const touchedStatus = (env: NodeJS.ProcessEnv = {}) => {
    t += 10;
    utimesSync(join(repo.dir, 'a.ipynb'), t, t);
    return repo.gitEnv(env, 'status', '--porcelain').stdout;
  };
  assert.is(touchedStatus(), '');
  // The cache is what answers: a kept result that differs from the index shows as a change.
  writeFileSync(files[0]!, '{"changed": true}\n');
  assert.is(touchedStatus(), ' M a.ipynb\n');
  assert.is(touchedStatus({ NBGIT_NO_CLEAN_CACHE: '1' }), '');
  // Other strip options: another key, so the entry above is not read.
  repo.git('config', 'nbgit.keepCount', 'true');
  const status = touchedStatus();
  assert.ok(status === '' || status === ' M a.ipynb\n');
  assert.is(cacheFiles(repo).length, 2, 'a second entry for the other options');
});

test('the cache stays under its bound: past it, a process that added entries removes those written longest ago', () => {
  const repo = new Repo();
  assert.is(repo.nbgit(['install']).status, 0);
  // each notebook's time is well before the index's: a file written in the second the index was
  // written is "racily clean" to git, which cleans it again in later commands (through the cache)
  const past = Date.now() / 1000 - 1000;
  const add = (name: string, seed: number, env: NodeJS.ProcessEnv) => {
    utimesSync(repo.write(name, notebookWithOutputs(4, seed)), past, past);
    assert.is(repo.gitEnv(env, 'add', name).status, 0);
  };
  add('a.ipynb', 1, {});
  const entry = statSync(cacheFiles(repo)[0]!).size;
  // room for two entries and a half: each add past it sweeps down to half the bound (one entry)
  const bound = { NBGIT_CLEAN_CACHE_BYTES: String(Math.floor(entry * 2.5)) };
  const counts: number[] = [];
  // every older entry gets one time, later than now: a file system with coarse times (or a clock
  // set back) must not make the sweeping process remove what it has just written
  const sameTime = Date.now() / 1000 + 1000;
  for (let i = 2; i <= 7; i++) {
    for (const f of cacheFiles(repo)) utimesSync(f, sameTime, sameTime);
    add(`n${i}.ipynb`, i, bound);
    counts.push(cacheFiles(repo).length);
  }
  assert.ok(
    counts.every((n) => n >= 1 && n <= 2),
    `entries after each add: ${counts}`,
  );
  // the newest entry is kept (a status after touching it answers from it), and the total is the entries' size
  const kept = cacheFiles(repo);
  const total = Number(readFileSync(join(repo.dir, '.git', 'nbgit', 'clean-cache', 'size'), 'latin1'));
  assert.is(
    total,
    kept.reduce((a, f) => a + statSync(f).size, 0),
  );
  // the newest entry is the one kept: a kept result that differs from the index shows as a change
  for (const f of kept) writeFileSync(f, '{"changed": true}\n');
  const t = Date.now() / 1000 + 100;
  utimesSync(join(repo.dir, 'n7.ipynb'), t, t);
  utimesSync(join(repo.dir, 'n2.ipynb'), t, t);
  assert.is(repo.gitEnv(bound, 'status', '--porcelain', 'n7.ipynb', 'n2.ipynb').stdout, 'A  n2.ipynb\nAM n7.ipynb\n');
  // without a bound of its own, the default (64 MB) keeps them all
  const before = cacheFiles(repo).length;
  for (let i = 8; i <= 10; i++) add(`n${i}.ipynb`, i, {});
  assert.is(cacheFiles(repo).length, before + 3);
});

test.run();
