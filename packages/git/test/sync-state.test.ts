// The synced-state record (SyncState) stays bounded: `nbgit convert` records every text file it
// writes, and outside a repository one file in the user's state folder holds the records of
// every folder converted in; it was read and rewritten whole on each run and never trimmed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNbgitError } from '@nbgit/core';
import { OUTSIDE_MAX_CHARS, OUTSIDE_MAX_ENTRIES, SyncState } from '@nbgit/git/pairs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = mkdtempSync(join(tmpdir(), 'nbgit-state-'));
const work = join(root, 'work');
mkdirSync(work);
process.env.XDG_STATE_HOME = join(root, 'state');
process.env.GIT_CEILING_DIRECTORIES = root;

const recorded = (s: SyncState) => Object.keys((JSON.parse(readFileSync(s.path, 'utf8')) as { texts: Record<string, string> }).texts);

test('records of files that are gone are dropped when the record is written', () => {
  const a = join(work, 'a.py');
  const b = join(work, 'b.py');
  writeFileSync(a, 'x = 1\n');
  writeFileSync(b, 'y = 2\n');
  const s = new SyncState(work);
  assert.is(s.path, join(root, 'state', 'nbgit', 'sync.json'));
  s.record(a, 'x = 1\n');
  s.record(b, 'y = 2\n');
  s.save();
  assert.equal(recorded(s).sort(), [a, b]);
  rmSync(a);
  const again = new SyncState(work);
  assert.is(again.synced(b), 'y = 2\n');
  again.save();
  assert.equal(recorded(again), [b]);
});

test('outside a repository only the newest records are kept, by count and by size', () => {
  const s = new SyncState(work);
  const n = OUTSIDE_MAX_ENTRIES + 20;
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = join(work, `f${i}.py`);
    writeFileSync(p, '');
    paths.push(p);
    s.record(p, `# ${i}\n`);
  }
  s.record(paths[0]!, '# 0 again\n'); // recorded again: the newest now
  s.save();
  const keys = recorded(s);
  assert.is(keys.length, OUTSIDE_MAX_ENTRIES);
  assert.ok(keys.includes(paths[0]!));
  assert.not.ok(keys.includes(paths[1]!), 'the oldest went first');
  assert.ok(keys.includes(paths[n - 1]!));
  const big = 'z'.repeat(Math.ceil(OUTSIDE_MAX_CHARS / 3));
  const t = new SyncState(work);
  for (const p of paths.slice(0, 4)) t.record(p, big);
  t.save();
  const left = recorded(t);
  assert.not.ok(left.includes(paths[0]!), 'beyond the size bound, the oldest large record went');
  assert.ok(left.includes(paths[3]!) && left.includes(paths[2]!));
  assert.ok(readFileSync(t.path, 'utf8').length < OUTSIDE_MAX_CHARS + 200_000);
});

test('a record that cannot be written is an EIO naming it (sync and pair warn: the files are synced, the record is not)', () => {
  const state = join(root, 'state-blocked');
  process.env.XDG_STATE_HOME = state;
  try {
    const s = new SyncState(work);
    writeFileSync(state, 'a file where the state folder goes\n');
    s.record(join(work, 'a.py'), 'x = 1\n');
    writeFileSync(join(work, 'a.py'), 'x = 1\n');
    let thrown: unknown;
    try {
      s.save();
    } catch (e) {
      thrown = e;
    }
    assert.ok(isNbgitError(thrown), String(thrown));
    assert.is(thrown.code, 'EIO');
    assert.is(thrown.file, s.path);
    assert.match(thrown.message, /cannot record the synced state: a part of its path is a file, not a folder$/);
  } finally {
    process.env.XDG_STATE_HOME = join(root, 'state');
  }
});

test.run();
