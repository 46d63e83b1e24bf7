/**
 * `nbgit pair` writes the notebook once, and only when the pairing succeeds: the pairing its new
 * formats give is found and checked (confinement, the paired paths, every text planned and read
 * back) before the notebook is written. A refused pairing leaves the notebook's bytes, inode and
 * mtime as they were (it used to be written with the new formats, then written back).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isolatedGitEnv, nbgitBin } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ENV = isolatedGitEnv('nbgit-pair1-home-');
const temps: string[] = [ENV.HOME as string];

function nbgit(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [nbgitBin, ...args], { cwd, env: ENV, encoding: 'utf8' });
}

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-pair1-'));
  temps.push(dir);
  const r = spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: ENV, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return dir;
}

/** A notebook as Jupyter writes it, with an output (nbformat 4.`minor`: ids from 4.5). */
function notebook(
  sources: string[],
  minor = 5,
  kernelspec: Record<string, string> = { display_name: 'Python 3', language: 'python', name: 'python3' },
): string {
  const cells = sources.map((source, i) => ({
    cell_type: 'code',
    execution_count: i + 1,
    ...(minor >= 5 ? { id: `c${i}` } : {}),
    metadata: {},
    outputs: [{ name: 'stdout', output_type: 'stream', text: [`out ${i}\n`] }],
    source,
  }));
  return `${JSON.stringify({ cells, metadata: { kernelspec, language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: minor }, null, 1)}\n`;
}

/** `value` with the keys of its objects sorted, as Jupyter writes them. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

/** The file's bytes, inode and mtime, its mtime first set in the past (so that a rewrite shows). */
function snapshot(path: string): { bytes: string; ino: number; mtimeMs: number } {
  const past = new Date('2001-02-03T04:05:06Z');
  utimesSync(path, past, past);
  const st = statSync(path);
  return { bytes: readFileSync(path, 'latin1'), ino: st.ino, mtimeMs: st.mtimeMs };
}

function assertUntouched(path: string, before: ReturnType<typeof snapshot>, what: string): void {
  const st = statSync(path);
  assert.is(readFileSync(path, 'latin1'), before.bytes, `${what}: bytes`);
  assert.is(st.ino, before.ino, `${what}: the file was replaced (new inode)`);
  assert.is(st.mtimeMs, before.mtimeMs, `${what}: the file was written (mtime)`);
}

test('a refused pairing leaves the notebook untouched: bytes, inode and mtime; no text written', () => {
  const dir = repo();
  const outside = mkdtempSync(join(tmpdir(), 'nbgit-pair1-out-'));
  temps.push(outside);
  symlinkSync(outside, join(dir, 'linked'));
  writeFileSync(join(dir, 'afile'), 'not a folder\n');
  const nb = join(dir, 'nb.ipynb');
  writeFileSync(nb, notebook(['x = 1']));
  const cases: { formats: string; message: RegExp; force?: boolean; setup?: () => void; cleanup?: () => void }[] = [
    // a folder of the repository that is a link out of it
    { formats: 'linked//py:percent', message: /nbgit pair: .*linked\/nb\.py: a symbolic link leads it out of the repository/ },
    // a prefix that leads out of the repository
    {
      formats: `../${basename(outside)}//py:percent`,
      message: /nbgit pair: the pairing ".*" \(.*nb\.ipynb \(metadata\)\) gives .*nb\.py, outside .*: nbgit does not sync files there/,
    },
    // an existing text that does not read
    {
      formats: 'py:percent',
      message: /nbgit pair: .*nb\.py:\d+:\d+: /,
      setup: () => writeFileSync(join(dir, 'nb.py'), '# ---\n# jupyter:\n#   jupytext: [oops\n# ---\n\n# %%\nx = 1\n'),
      cleanup: () => rmSync(join(dir, 'nb.py')),
    },
    // an existing text to change that the user made read-only: refused, as fmt and strip refuse it
    {
      formats: 'py:percent',
      force: true,
      message: /nbgit pair: .*nb\.py: cannot write: the file is read-only; nothing written/,
      setup: () => {
        writeFileSync(join(dir, 'nb.py'), '# %%\nx = 2\n');
        chmodSync(join(dir, 'nb.py'), 0o444);
      },
      cleanup: () => {
        assert.is(readFileSync(join(dir, 'nb.py'), 'utf8'), '# %%\nx = 2\n');
        rmSync(join(dir, 'nb.py'));
      },
    },
    // a text folder that cannot be made (a file is in the way): a typed error, not an internal one
    { formats: 'afile//py:percent', message: /nbgit pair: .*afile\/nb\.py: cannot read: a part of its path is a file, not a folder/ },
  ];
  for (const c of cases) {
    c.setup?.();
    const before = snapshot(nb);
    const r = nbgit(['pair', 'nb.ipynb', '--with', c.formats, ...(c.force ? ['--force'] : [])], dir);
    assert.is(r.status, 1, `${c.formats}: ${r.stderr}`);
    assert.match(r.stderr, c.message, c.formats);
    assert.not.match(r.stderr, /\n\s+at |internal error/, c.formats);
    assertUntouched(nb, before, c.formats);
    c.cleanup?.();
  }
  assert.equal(readdirSync(outside), []);
  assert.equal(readdirSync(dir).sort(), ['.git', 'afile', 'linked', 'nb.ipynb']);
  // a notebook whose text would not read back (a kernelspec without a name)
  writeFileSync(nb, notebook(['x = 1'], 5, { display_name: 'Python 3', nom: 'python3' }));
  for (const formats of ['py:percent', 'md:myst', 'py:percent,md']) {
    const before = snapshot(nb);
    const r = nbgit(['pair', 'nb.ipynb', '--with', formats], dir);
    assert.is(r.status, 1, formats);
    assertUntouched(nb, before, formats);
    assert.not.ok(existsSync(join(dir, 'nb.py')) || existsSync(join(dir, 'nb.md')), formats);
  }
});

test('pair succeeds: the notebook gets its formats and nothing else changes; pairing again writes nothing', () => {
  const dir = repo();
  for (const minor of [4, 5]) {
    const name = `v${minor}.ipynb`;
    const path = join(dir, name);
    const original = notebook(['x = 1', 'print(x)'], minor);
    writeFileSync(path, original);
    const r = nbgit(['pair', name, '--with', 'py:percent'], dir);
    assert.is(r.status, 0, r.stderr);
    const written = readFileSync(path, 'utf8');
    // the bytes the command wrote before (new formats written, then the sync): the formats added, in Jupyter's layout, nothing else
    const expected = JSON.parse(original);
    expected.metadata.jupytext = { formats: 'ipynb,py:percent' };
    assert.is(written, `${JSON.stringify(sorted(expected), null, 1)}\n`, `nbformat 4.${minor}`);
    assert.match(readFileSync(join(dir, `v${minor}.py`), 'utf8'), /# %%\nx = 1\n\n# %%\nprint\(x\)\n/);
    // paired again with the same formats: the notebook is not rewritten, nor its text
    const nbBefore = snapshot(path);
    const pyBefore = snapshot(join(dir, `v${minor}.py`));
    const again = nbgit(['pair', name, '--with', 'py:percent'], dir);
    assert.is(again.status, 0, again.stderr);
    assertUntouched(path, nbBefore, `nbformat 4.${minor} paired again`);
    assertUntouched(join(dir, `v${minor}.py`), pyBefore, `nbformat 4.${minor}: its text`);
  }
});

test('a text that exists and differs (a script of the same name) is not replaced unasked; --force replaces it', () => {
  const dir = repo();
  const nb = join(dir, 'nb.ipynb');
  const py = join(dir, 'nb.py');
  writeFileSync(nb, notebook(['x = 1', 'y = 2']));
  writeFileSync(py, 'print("my own script")\n');
  const before = { nb: snapshot(nb), py: snapshot(py) };
  const r = nbgit(['pair', 'nb.ipynb', '--with', 'py:percent'], dir);
  assert.is(r.status, 1, r.stderr);
  assert.is(
    r.stderr,
    'nbgit pair: nb.ipynb: nb.py exists and differs from the notebook (cells 1, 2), and no synced state says which is newer; nothing written: --force replaces it from the notebook (nbgit convert nb.py --to ipynb --update nb.ipynb takes its cells into the notebook first)\n',
  );
  assertUntouched(nb, before.nb, 'refused: the notebook');
  assertUntouched(py, before.py, 'refused: the script');
  // the way the message gives to keep the script: its cells into the notebook, then pair (the script is not rewritten)
  assert.is(nbgit(['convert', 'nb.py', '--to', 'ipynb', '--update', 'nb.ipynb'], dir).status, 0);
  const kept = snapshot(py);
  const t = nbgit(['pair', 'nb.ipynb', '--with', 'py:percent'], dir);
  assert.is(t.status, 0, t.stderr);
  assertUntouched(py, kept, 'the script, its cells taken first');
  const taken = JSON.parse(readFileSync(nb, 'utf8'));
  assert.equal(
    taken.cells.map((c: { source: string[] }) => c.source.join('')),
    ['print("my own script")'],
  );
  assert.is(taken.metadata.jupytext.formats, 'ipynb,py:percent');
  // --force: the script is written from the notebook
  writeFileSync(join(dir, 'other.ipynb'), notebook(['x = 1', 'y = 2']));
  writeFileSync(join(dir, 'other.py'), 'print("my own script")\n');
  const f = nbgit(['pair', 'other.ipynb', '--with', 'py:percent', '--force'], dir);
  assert.is(f.status, 0, f.stderr);
  assert.match(readFileSync(join(dir, 'other.py'), 'utf8'), /x = 1\n\n# %%\ny = 2\n$/);
  // a text that holds what the notebook would write is no conflict: paired without --force, not rewritten
  writeFileSync(join(dir, 'same.ipynb'), notebook(['x = 1', 'y = 2']));
  writeFileSync(join(dir, 'same.py'), readFileSync(join(dir, 'other.py'), 'utf8'));
  const same = snapshot(join(dir, 'same.py'));
  const s = nbgit(['pair', 'same.ipynb', '--with', 'py:percent'], dir);
  assert.is(s.status, 0, s.stderr);
  assertUntouched(join(dir, 'same.py'), same, 'an identical text');
});

test('pairing again when both sides changed since the last sync: the conflict is marked and reported, exit 1 (as sync)', () => {
  const dir = repo();
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1']));
  assert.is(nbgit(['pair', 'nb.ipynb', '--with', 'py:percent'], dir).status, 0);
  writeFileSync(join(dir, 'nb.ipynb'), readFileSync(join(dir, 'nb.ipynb'), 'utf8').replace('"x = 1"', '"x = 10"'));
  writeFileSync(join(dir, 'nb.py'), readFileSync(join(dir, 'nb.py'), 'utf8').replace('x = 1', 'x = 20'));
  const r = nbgit(['pair', 'nb.ipynb', '--with', 'py:percent'], dir);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /^nb\.ipynb, nb\.py: both changed; 1 conflict marked in the cells/m);
  assert.match(readFileSync(join(dir, 'nb.py'), 'utf8'), /<<<<<<< /);
});

test('pair of several notebooks: the good ones are paired, each bad one reported and left as it was, exit 1', () => {
  const dir = repo();
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.ipynb'), notebook(['a = 1']));
  writeFileSync(join(dir, 'bad.ipynb'), '{"cells": [');
  writeFileSync(join(dir, 'sub', 'c.ipynb'), notebook(['c = 3']));
  writeFileSync(join(dir, 'sub', 'c.py'), '# ---\n# jupyter:\n#   jupytext: [oops\n# ---\n');
  writeFileSync(join(dir, 'd.ipynb'), notebook(['d = 4']));
  const bad = snapshot(join(dir, 'bad.ipynb'));
  const c = snapshot(join(dir, 'sub', 'c.ipynb'));
  const r = nbgit(['pair', 'a.ipynb', 'bad.ipynb', 'sub/c.ipynb', 'd.ipynb', '--with', 'py:percent'], dir);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /^nbgit pair: bad\.ipynb:1:\d+: /m);
  assert.match(r.stderr, /^nbgit pair: .*sub\/c\.py:\d+:\d+: /m);
  assert.is(r.stderr.trim().split('\n').length, 2, r.stderr);
  assert.match(r.stdout, /^a\.ipynb: paired as ipynb,py:percent$/m);
  assert.match(r.stdout, /^d\.ipynb: paired as ipynb,py:percent$/m);
  assert.ok(existsSync(join(dir, 'a.py')) && existsSync(join(dir, 'd.py')));
  assertUntouched(join(dir, 'bad.ipynb'), bad, 'bad.ipynb');
  assertUntouched(join(dir, 'sub', 'c.ipynb'), c, 'sub/c.ipynb');
  assert.not.ok(existsSync(join(dir, 'bad.py')));
  // a path that is no notebook is bad usage, found before any notebook is paired
  writeFileSync(join(dir, 'e.ipynb'), notebook(['e = 5']));
  const u = nbgit(['pair', 'e.ipynb', 'notes.txt', '--with', 'py:percent'], dir);
  assert.is(u.status, 2);
  assert.match(u.stderr, /nbgit pair: notes\.txt: give the \.ipynb notebook to pair/);
  assert.not.ok(existsSync(join(dir, 'e.py')));
});

test.after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

test.run();
