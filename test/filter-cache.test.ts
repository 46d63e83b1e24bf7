// The clean filter's cache (issue 13 item 4): git status after notebooks were only touched
// answers from $GIT_DIR/nbgit/clean-cache, keyed by the content and the strip options.
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasOutputs, notebookWithOutputs, Repo } from './filter-helpers.js';

/** Every file of the cache. */
function cacheFiles(repo: Repo): string[] {
  const dir = join(repo.dir, '.git', 'nbgit', 'clean-cache');
  try {
    return readdirSync(dir).flatMap((d) => readdirSync(join(dir, d)).map((f) => join(dir, d, f)));
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

test.run();
