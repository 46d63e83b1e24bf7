// The filter process reads git config's nbgit.* entries from a memo ($GIT_DIR/nbgit/
// config-memo.json) while no config file changed, and asks git again when one did: the
// repository's config, a global config that appears, `git -c`. Config with includes is never
// memoised, nor config files changed in the last seconds (they may change under git's read).
// Which source a process used is in its NBGIT_TRACE_FILTER exit line (config=memo|git).
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasOutputs, notebookWithOutputs, Repo } from './filter-helpers.js';

const text = notebookWithOutputs(3, 1);

/** A repository with nbgit installed, its config files given an mtime a minute ago. */
function installed(): Repo {
  const repo = new Repo();
  const r = repo.nbgit(['install']);
  assert.is(r.status, 0, r.stderr);
  age(join(repo.dir, '.git', 'config'));
  return repo;
}

/** Gives `file` an mtime a minute ago (a config file written just now is not memoised). */
function age(file: string): void {
  const t = Date.now() / 1000 - 60;
  utimesSync(file, t, t);
}

let adds = 0;
/** Adds a new copy of the notebook; returns where the filter read the config from and whether the outputs were kept. */
function add(repo: Repo, env: NodeJS.ProcessEnv = {}, ...gitOptions: string[]): { source: string; kept: boolean } {
  const name = `n${adds++}.ipynb`;
  repo.write(name, text);
  const trace = join(repo.dir, '..', 'trace.log');
  writeFileSync(trace, '');
  const r = repo.gitEnv({ NBGIT_TRACE_FILTER: trace, ...env }, ...gitOptions, 'add', name);
  assert.is(r.status, 0, r.stderr);
  const source = /config=(\w+)/.exec(readFileSync(trace, 'utf8'))?.[1] ?? 'none';
  return { source, kept: hasOutputs(repo.git('show', `:${name}`)) };
}

test('the second filter process reads the memo; a changed repository config, git -c and a new global config are seen', () => {
  const repo = installed();
  assert.equal(add(repo), { source: 'git', kept: false });
  assert.equal(add(repo), { source: 'memo', kept: false });
  assert.equal(add(repo), { source: 'memo', kept: false });

  repo.git('config', 'nbgit.keepOutput', 'true');
  age(join(repo.dir, '.git', 'config'));
  assert.equal(add(repo), { source: 'git', kept: true });
  assert.equal(add(repo), { source: 'memo', kept: true });
  repo.git('config', '--unset', 'nbgit.keepOutput');
  age(join(repo.dir, '.git', 'config'));
  assert.equal(add(repo), { source: 'git', kept: false });
  assert.equal(add(repo), { source: 'memo', kept: false });

  // git -c is in the environment git gives the filter
  assert.equal(add(repo, {}, '-c', 'nbgit.keepOutput=true'), { source: 'git', kept: true });
  assert.equal(add(repo), { source: 'git', kept: false }, 'not the memo of the -c run');
  assert.equal(add(repo), { source: 'memo', kept: false });

  // a global config file that did not exist when the memo was made
  const global = join(repo.env.XDG_CONFIG_HOME!, 'git', 'config');
  mkdirSync(dirname(global), { recursive: true });
  writeFileSync(global, '[nbgit]\n\tkeepOutput = true\n');
  age(global);
  assert.equal(add(repo), { source: 'git', kept: true });
  assert.equal(add(repo), { source: 'memo', kept: true });
});

test('config just written is read from git until it is a few seconds old', () => {
  const repo = installed();
  repo.git('config', 'nbgit.keepOutput', 'true');
  // "just written", whatever the machine's speed: dated a minute ahead
  const ahead = Date.now() / 1000 + 60;
  utimesSync(join(repo.dir, '.git', 'config'), ahead, ahead);
  assert.equal(add(repo), { source: 'git', kept: true });
  assert.equal(add(repo), { source: 'git', kept: true });
  age(join(repo.dir, '.git', 'config'));
  assert.equal(add(repo), { source: 'git', kept: true });
  assert.equal(add(repo), { source: 'memo', kept: true });
});

test('config with an include is never memoised (the included file may appear or change)', () => {
  const repo = installed();
  const extra = join(repo.dir, '..', 'extra.gitconfig');
  repo.git('config', 'include.path', extra);
  age(join(repo.dir, '.git', 'config'));
  assert.equal(add(repo), { source: 'git', kept: false });
  assert.equal(add(repo), { source: 'git', kept: false });
  writeFileSync(extra, '[nbgit]\n\tkeepOutput = true\n');
  age(extra);
  assert.equal(add(repo), { source: 'git', kept: true });
});

test.run();
