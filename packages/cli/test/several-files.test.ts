// Commands given several files: each file is done on its own. A file that fails is reported
// (file:line:column) and left as it was (bytes, inode, mtime), the files before and after it are
// still done, a file with nothing to change is not rewritten, and the exit status is 1.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run, tempDir } from './helpers.js';

/** With outputs, and not in Jupyter's layout (indent 2): strip, fmt and convert each have work. */
const WORK = `${JSON.stringify(JSON.parse(readFileSync(join(repoRoot, 'fixtures/notebooks/example.ipynb'), 'utf8')), null, 2)}\n`;
const BAD = '{"cells": [\n  {"cell_type": "code",\n';

/** The file's bytes, inode and mtime, its mtime first set in the past (so that a rewrite shows). */
function snapshot(path: string): string {
  const past = new Date('2001-02-03T04:05:06Z');
  utimesSync(path, past, past);
  const st = statSync(path);
  return `${st.ino} ${st.mtimeMs} ${readFileSync(path).toString('base64')}`;
}
const now = (path: string) => {
  const st = statSync(path);
  return `${st.ino} ${st.mtimeMs} ${readFileSync(path).toString('base64')}`;
};

/** a.ipynb and c.ipynb to work on, bad.ipynb that does not read, done.ipynb with nothing to do (made by `finish`). */
async function folder(finish: (dir: string) => Promise<void>): Promise<{ dir: string; bad: string; done: string }> {
  const dir = tempDir('nbgit-several-');
  for (const f of ['a.ipynb', 'c.ipynb', 'done.ipynb']) writeFileSync(join(dir, f), WORK);
  writeFileSync(join(dir, 'bad.ipynb'), BAD);
  await finish(dir);
  return { dir, bad: snapshot(join(dir, 'bad.ipynb')), done: snapshot(join(dir, 'done.ipynb')) };
}

const FILES = ['a.ipynb', 'bad.ipynb', 'done.ipynb', 'c.ipynb'];

for (const c of [
  {
    args: ['strip'],
    finish: (d: string) => run(['strip', 'done.ipynb'], { cwd: d }),
    did: (d: string) => !readFileSync(join(d, 'c.ipynb'), 'utf8').includes('"outputs": [\n        {'),
  },
  {
    args: ['fmt'],
    finish: (d: string) => run(['fmt', 'done.ipynb'], { cwd: d }),
    did: (d: string) => readFileSync(join(d, 'c.ipynb'), 'utf8').startsWith('{\n "cells"'),
  },
  {
    args: ['convert', '--to', 'py:percent'],
    finish: (d: string) => run(['convert', 'done.ipynb', '--to', 'py:percent'], { cwd: d }),
    did: (d: string) => existsSync(join(d, 'a.py')) && existsSync(join(d, 'c.py')) && !existsSync(join(d, 'bad.py')),
    also: 'done.py',
  },
]) {
  test(`${c.args.join(' ')} a.ipynb bad.ipynb done.ipynb c.ipynb: a and c done, bad reported and untouched, done not rewritten, exit 1`, async () => {
    const { dir, bad, done } = await folder(async (d) => {
      await c.finish(d);
    });
    const also = c.also === undefined ? undefined : snapshot(join(dir, c.also));
    const r = await run([...c.args, ...FILES], { cwd: dir });
    assert.is(r.code, 1, r.stderr);
    assert.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^nbgit ${c.args[0]}: bad\\.ipynb:3:1: invalid JSON: .*, found end of input\n$`));
    assert.ok(c.did(dir), 'the files after the bad one are done too');
    assert.is(now(join(dir, 'bad.ipynb')), bad, 'bad.ipynb untouched');
    assert.is(now(join(dir, 'done.ipynb')), done, 'done.ipynb (nothing to change) not rewritten');
    if (c.also !== undefined) assert.is(now(join(dir, c.also)), also, `${c.also} (up to date) not rewritten`);
  });
}

test('sync of several named notebooks: the pairs that read are synced, the one that does not is reported, exit 1', async () => {
  const dir = tempDir('nbgit-several-sync-');
  assert.is(spawnSync('git', ['init', '-q'], { cwd: dir }).status, 0);
  const nb = JSON.parse(WORK);
  nb.metadata.jupytext = { formats: 'ipynb,py:percent' };
  const paired = JSON.stringify(nb, null, 1);
  writeFileSync(join(dir, 'a.ipynb'), paired);
  writeFileSync(join(dir, 'c.ipynb'), paired);
  writeFileSync(join(dir, 'bad.ipynb'), BAD);
  const bad = snapshot(join(dir, 'bad.ipynb'));
  const r = await run(['sync', 'a.ipynb', 'bad.ipynb', 'c.ipynb'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /^nbgit sync: bad\.ipynb:3:1: invalid JSON: .*, found end of input\n$/);
  assert.ok(existsSync(join(dir, 'a.py')) && existsSync(join(dir, 'c.py')), 'the other pairs are synced');
  assert.is(now(join(dir, 'bad.ipynb')), bad);
  // synced again: nothing is rewritten
  const a = snapshot(join(dir, 'a.ipynb'));
  const py = snapshot(join(dir, 'a.py'));
  assert.is((await run(['sync', 'a.ipynb'], { cwd: dir })).code, 0);
  assert.is(now(join(dir, 'a.ipynb')), a);
  assert.is(now(join(dir, 'a.py')), py);
  // a text to change that the user made read-only: refused, as strip and fmt refuse it; the other pair still syncs
  chmodSync(join(dir, 'a.py'), 0o444);
  for (const f of ['a.ipynb', 'c.ipynb']) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace('rain = [78', 'rain = [79'));
  const ro = await run(['sync', 'a.ipynb', 'c.ipynb'], { cwd: dir });
  assert.is(ro.code, 1, ro.stderr);
  assert.match(ro.stderr, /^nbgit sync: .*a\.py: cannot write: the file is read-only; nothing written\n$/);
  assert.is(now(join(dir, 'a.py')), py);
  assert.match(readFileSync(join(dir, 'c.py'), 'utf8'), /rain = \[79/);
});

test.run();
