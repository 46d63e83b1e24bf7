// End-to-end at scale: 1000 notebooks in one `git add` served by one filter process, and a
// 50 MB notebook. NBGIT_TRACE_FILTER logs every filter-process start and exit.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { strip } from '@nbgit/strip';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasOutputs, notebookWithOutputs, Repo } from './filter-helpers.js';

function installed(): Repo {
  const repo = new Repo();
  const r = repo.nbgit(['install']);
  assert.is(r.status, 0, r.stderr);
  repo.git('add', '.gitattributes');
  repo.git('commit', '-q', '-m', 'attributes');
  return repo;
}

test('1000 notebooks in one git add: one filter process serves them all', () => {
  const repo = installed();
  const texts: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const text = notebookWithOutputs(4 + (i % 5), i);
    texts.push(text);
    repo.write(`nb/${String(i).padStart(4, '0')}.ipynb`, text);
  }
  const trace = join(repo.dir, '..', 'trace.log');
  const r = repo.gitEnv({ NBGIT_TRACE_FILTER: trace }, 'add', '-A');
  assert.is(r.status, 0, r.stderr);
  const lines = readFileSync(trace, 'utf8').trim().split('\n');
  assert.is(lines.filter((l) => l.startsWith('start ')).length, 1, `one process start:\n${lines.join('\n')}`);
  const exit = lines.find((l) => l.startsWith('exit '));
  assert.ok(exit, 'the process exited when git closed its input');
  assert.match(exit!, / requests=1000 errors=0$/);
  const pid = /pid=(\d+)/.exec(lines[0]!)![1];
  assert.ok(exit!.includes(`pid=${pid} `), 'the same process started and served them');
  // Every blob is the stripped notebook.
  const staged = repo.git('ls-files', '-s', 'nb').trim().split('\n');
  assert.is(staged.length, 1000);
  for (const i of [0, 1, 499, 998, 999]) {
    const blob = repo.git('show', `:nb/${String(i).padStart(4, '0')}.ipynb`);
    assert.is(blob, toIpynb(strip(fromIpynb(texts[i]!))), `nb ${i}`);
  }
  rmSync(trace);
  repo.git('commit', '-q', '-m', 'many');
  assert.equal(repo.status(), []);
});

test('a 50 MB notebook goes through the filter; the blob is small, the file untouched', () => {
  const repo = installed();
  // 500 cells with 100 kB of text output each: about 50 MB.
  const text = notebookWithOutputs(500, 1, { textBytes: 100_000 });
  assert.ok(text.length > 50_000_000, `${text.length} bytes`);
  const p = join(repo.dir, 'big.ipynb');
  writeFileSync(p, text);
  const mtime = statSync(p).mtimeMs;
  const r = repo.tryGit('add', 'big.ipynb');
  assert.is(r.status, 0, r.stderr);
  const blob = repo.git('show', ':big.ipynb');
  assert.ok(!hasOutputs(blob));
  assert.ok(blob.length < 200_000, `blob is ${blob.length} bytes`);
  assert.is(blob, toIpynb(strip(fromIpynb(text))));
  assert.is(statSync(p).mtimeMs, mtime);
  repo.git('commit', '-q', '-m', 'big');
  assert.equal(repo.status(), []);
});

test.run();
