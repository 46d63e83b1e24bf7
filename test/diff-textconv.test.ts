// End-to-end: `nbgit textconv` (git log -p) and nbgit diff print numbers as the notebook wrote
// them (QA F13d): 1.0 stays 1.0, integers beyond 2^53 keep their digits.
import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jupyter, notebookWithOutputs, Repo } from './filter-helpers.js';

const nb = (v: string) => `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "c1",
   "metadata": {"scale": ${v}, "big": 12345678901234567890},
   "outputs": [],
   "source": ["x = 1"]
  },
  {
   "cell_type": "markdown",
   "id": "m1",
   "metadata": {},
   "source": ["# T"]
  }
 ],
 "metadata": {"version": ${v}, "nested": {"e": 1e5, "f": [${v}, 2.5]}},
 "nbformat": 4,
 "nbformat_minor": 5
}
`;

test('nbgit textconv keeps number lexemes in metadata and outputs', () => {
  const repo = new Repo();
  repo.write('a.ipynb', nb('1.0'));
  repo.write(
    'o.ipynb',
    '{"cells": [{"cell_type": "code", "execution_count": 1, "id": "c", "metadata": {}, "outputs": [{"data": {"application/json": {"x": 1.0, "n": 12345678901234567890}}, "execution_count": 1, "metadata": {"w": 2.0}, "output_type": "execute_result"}], "source": "f()"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
  );
  const r = repo.nbgit(['textconv', 'a.ipynb']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, 'metadata.version: 1.0\n');
  assert.match(r.stdout, 'metadata.nested: {"e": 100000.0, "f": [1.0, 2.5]}\n');
  assert.match(r.stdout, '## metadata: {"big": 12345678901234567890, "scale": 1.0}\n');
  const o = repo.nbgit(['textconv', 'o.ipynb']);
  assert.match(o.stdout, '    application/json: {"n": 12345678901234567890, "x": 1.0}\n');
  assert.match(o.stdout, '    metadata: {"w": 2.0}\n');
  rmSync(repo.dir, { recursive: true, force: true });
});

test('git log -p (textconv) and git diff (driver) after nbgit install: 1.0 → 2.0, not 1 → 2', () => {
  const repo = new Repo();
  assert.is(repo.nbgit(['install']).status, 0);
  repo.write('a.ipynb', nb('1.0'));
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'one');
  repo.write('a.ipynb', nb('2.0'));
  const d = repo.git('diff');
  assert.match(d, '~ metadata.version: 1.0 → 2.0');
  assert.match(d, '~ scale: 1.0 → 2.0');
  repo.git('commit', '-q', '-am', 'two');
  const log = repo.git('log', '-p', '-1');
  assert.match(
    log,
    '-metadata.nested: {"e": 100000.0, "f": [1.0, 2.5]}\n-metadata.version: 1.0\n+metadata.nested: {"e": 100000.0, "f": [2.0, 2.5]}\n+metadata.version: 2.0\n',
  );
  assert.match(log, '-## metadata: {"big": 12345678901234567890, "scale": 1.0}\n+## metadata: {"big": 12345678901234567890, "scale": 2.0}\n');
  const json = repo.nbgit(['diff', '--json', 'HEAD~1', 'HEAD']);
  assert.match(json.stdout, /"old": 1\.0,\s+"new": 2\.0/);
  rmSync(repo.dir, { recursive: true, force: true });
});

test('git log -p of a cell inserted near the top of a 512-cell notebook: a few lines, not a renumbering (with ids and without)', () => {
  const repo = new Repo();
  assert.is(repo.nbgit(['install']).status, 0);
  const withIds = JSON.parse(notebookWithOutputs(512)) as { cells: Record<string, unknown>[]; nbformat_minor: number };
  const withoutIds = { ...withIds, nbformat_minor: 4, cells: withIds.cells.map(({ id: _, ...c }) => c) };
  const inserted = { cell_type: 'code', execution_count: null, id: 'new-cell', metadata: {}, outputs: [], source: ['y = 42\n', 'print(y)'] };
  for (const [name, nb] of [
    ['ids.ipynb', withIds],
    ['noids.ipynb', withoutIds],
  ] as const) {
    repo.write(name, jupyter(nb));
    repo.git('add', name);
    repo.git('commit', '-q', '-m', `add ${name}`);
    const cell = name === 'ids.ipynb' ? inserted : (({ id: _, ...c }) => c)(inserted);
    repo.write(name, jupyter({ ...nb, cells: [...nb.cells.slice(0, 2), cell, ...nb.cells.slice(2)] }));
    repo.git('commit', '-q', '-am', `insert into ${name}`);
    const patch = repo.git('log', '-p', '-1', '--format=', '--', name);
    const changed = patch.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l));
    // the blank line, the header and the two source lines of the new cell
    assert.is(changed.length, 4, patch);
    assert.ok(
      changed.every((l) => l.startsWith('+')),
      patch,
    );
    assert.ok(patch.split('\n').length < 25, `${patch.split('\n').length} lines`);
  }
  rmSync(repo.dir, { recursive: true, force: true });
});

test.run();
