/**
 * The merge cases of fixtures/merges (realistic situations this project wrote itself; see
 * fixtures/merges/README.md), merged in-process with `mergeNotebooks`, written with
 * `toIpynb`, and checked against each case's expect.json (checkFixture in merge-expect.ts):
 * the exact cells, the conflicts, whose outputs each cell carries, metadata, attachments,
 * line endings; a valid notebook with conflict marks only where conflicts are; and local's
 * bytes for every cell the merge left as local had it. The same cases under a real
 * `git merge` are in merge-git.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Notebook } from '@nbgit/core';
import { toIpynb } from '@nbgit/ipynb';
import { mergeNotebooks } from '@nbgit/merge';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellTexts, checkFixture, checkMerge, type FixtureExpect, fixtureNames, fixturesDir, side } from './merge-expect.js';

for (const name of fixtureNames) {
  test(name, () => {
    const dir = join(fixturesDir, name);
    const expect = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as FixtureExpect;
    assert.ok(expect.why.length > 40, 'expect.json says why');
    const base = side(dir, 'base.ipynb');
    const local = side(dir, 'local.ipynb');
    const remote = side(dir, 'remote.ipynb');
    const result = mergeNotebooks({ base: base.nb, local: local.nb, remote: remote.nb });
    const text = toIpynb(result.notebook);
    const problems = checkFixture(text, result.conflicts.length > 0, expect, local, remote.nb);
    assert.equal(result.conflicts.map((c) => c.path).sort(), [...expect.conflicts].sort(), 'reported conflicts');
    assert.equal(problems, [], `${name}:\n  ${problems.join('\n  ')}`);
    // deterministic, inputs untouched
    assert.is(toIpynb(mergeNotebooks({ base: base.nb, local: local.nb, remote: remote.nb }).notebook), text);
    assert.is(toIpynb(local.nb), local.text);
    // the other way round: also valid, same verdict, same number of cells
    const swapped = mergeNotebooks({ base: base.nb, local: remote.nb, remote: local.nb });
    const other = checkMerge(toIpynb(swapped.notebook), swapped.conflicts.length > 0, {
      clean_expected: expect.clean,
      accept_clean: [],
      conflict_contains: [],
      checks: {},
    });
    assert.equal(other, [], `${name} (sides swapped):\n  ${other.join('\n  ')}`);
    assert.is(swapped.notebook.cells.length, expect.cells.length, 'cells when swapped');
  });
}

test('every case has base, local, remote and expect', () => {
  assert.ok(fixtureNames.length >= 15, `${fixtureNames.length} cases`);
  for (const name of fixtureNames) {
    for (const f of ['base.ipynb', 'local.ipynb', 'remote.ipynb', 'expect.json']) readFileSync(join(fixturesDir, name, f));
  }
});

test('cellTexts finds each cell of a notebook file as written', () => {
  const text = toIpynb({
    cells: [
      { cell_type: 'markdown', metadata: {}, source: 'a "[{" \\ b' },
      { cell_type: 'raw', metadata: { x: [1, { y: '}' }] }, source: ['x\n', 'y'] },
    ],
    metadata: { cells: [] },
    nbformat: 4,
    nbformat_minor: 4,
  } as unknown as Notebook);
  const parts = cellTexts(text);
  assert.is(parts.length, 2);
  assert.equal(
    parts.map((p) => JSON.parse(p).cell_type),
    ['markdown', 'raw'],
  );
});

test.run();
