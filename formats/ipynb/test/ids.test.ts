// The ids of an nbformat 3 notebook read (upgraded to 4.5) are made when first read or set
// (deferIds): they must be the ones made at read time by assignCellIds, wherever they show.
import { readFileSync } from 'node:fs';
import { assignCellIds, type Cell, type Notebook } from '@nbgit/core';
import { downgradeV3, fromIpynb, toIpynb, upgradedFrom, upgradeV3 } from '@nbgit/ipynb';
import { listFiles, sharedDir, sharedMissing, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** An nbformat 3 notebook text: two equal code cells, a heading, an html cell, a cell with an id of its own. */
function v3Text(extra: Record<string, unknown>[] = []): string {
  const code = (input: string[] | string) => ({ cell_type: 'code', collapsed: false, input, language: 'python', metadata: {}, outputs: [] });
  const cells = [
    code(['x = 1\n', 'x']),
    { cell_type: 'heading', level: 2, metadata: {}, source: ['Title'] },
    code(['x = 1\n', 'x']),
    { cell_type: 'markdown', metadata: {}, source: 'prose' },
    { cell_type: 'html', metadata: {}, source: ['<b>x</b>'] },
    { ...code('y'), id: 'own' },
    code(['x = 1\n', 'x']),
    ...extra,
  ];
  return `${JSON.stringify({ metadata: { name: 'n' }, nbformat: 3, nbformat_minor: 0, worksheets: [{ cells, metadata: {} }] }, null, 1)}\n`;
}

/** The ids assignCellIds gives the cells of `nb` as they are now (read without touching their own `id` members). */
function eagerIds(nb: Notebook): string[] {
  const plain = nb.cells.map((c) => {
    const own = Object.getOwnPropertyDescriptor(c, 'id');
    const copy: Cell = { cell_type: c.cell_type, metadata: {}, source: c.source } as Cell;
    if (own !== undefined && 'value' in own && typeof own.value === 'string') copy.id = own.value;
    return copy;
  });
  return assignCellIds(plain).map((c) => c.id!);
}

test('deferred ids: the ones assignCellIds gives, existing ids kept, `id` last among the keys as assignCellIds puts it', () => {
  const nb = fromIpynb(v3Text());
  const expected = eagerIds(nb);
  assert.is(new Set(expected).size, expected.length);
  assert.ok(
    nb.cells.every((c) => Object.getOwnPropertyDescriptor(c, 'id')?.get !== undefined || c.id === 'own'),
    'not made yet',
  );
  const keys = nb.cells.map((c) => Object.keys(c));
  assert.equal(
    nb.cells.map((c) => c.id),
    expected,
  );
  assert.is(nb.cells[5]!.id, 'own');
  assert.ok(expected[2]!.endsWith('-2') && expected[6]!.endsWith('-3'), expected.join());
  // once made, plain members in the same places
  assert.equal(
    nb.cells.map((c) => Object.keys(c)),
    keys,
  );
  for (const c of nb.cells) assert.is(Object.getOwnPropertyDescriptor(c, 'id')!.value, c.id);
  for (const c of nb.cells.filter((c) => c.id !== 'own')) assert.is(Object.keys(c).at(-1), 'id');
});

test('deferred ids: JSON, copies and spreads show the same ids and keys as a notebook whose ids were made when read', () => {
  const text = v3Text();
  const made = fromIpynb(text);
  const ids = made.cells.map((c) => c.id);
  const asJson = JSON.stringify(made);
  for (const copy of [
    (nb: Notebook) => JSON.parse(JSON.stringify(nb)),
    (nb: Notebook) => structuredClone(nb),
    (nb: Notebook) => ({ ...nb, cells: nb.cells.map((c) => ({ ...c })) }),
  ]) {
    const c = copy(fromIpynb(text)) as Notebook;
    assert.is(JSON.stringify(c), asJson);
    assert.equal(
      c.cells.map((x) => x.id),
      ids,
    );
  }
});

test('deferred ids: fixed when read, whatever changes before the first is read', () => {
  const text = v3Text();
  const ids = fromIpynb(text).cells.map((c) => c.id);
  const nb = fromIpynb(text);
  const cells = nb.cells.slice();
  // the source array edited in place, the cells reordered, one removed, one type changed
  (cells[0]!.source as string[]).push('more');
  cells[3]!.cell_type = 'raw';
  nb.cells.reverse();
  nb.cells.splice(1, 1);
  assert.equal(
    cells.map((c) => c.id),
    ids,
  );
});

test('deferred ids: an id set before any is read is kept, the others are those made when read; a deleted one stays deleted', () => {
  const text = v3Text();
  const ids = fromIpynb(text).cells.map((c) => c.id);
  const nb = fromIpynb(text);
  delete nb.cells[4]!.id;
  nb.cells[2]!.id = 'set';
  assert.equal(
    nb.cells.map((c) => c.id),
    ids.map((id, i) => (i === 2 ? 'set' : i === 4 ? undefined : id)),
  );
  assert.ok(!('id' in nb.cells[4]!));
  nb.cells[0]!.id = 'again';
  assert.is(nb.cells[0]!.id, 'again');
});

test('deferred ids: a cell frozen or sealed before its id is read still gives it', () => {
  const text = v3Text();
  const ids = fromIpynb(text).cells.map((c) => c.id);
  const nb = fromIpynb(text);
  Object.freeze(nb.cells[0]);
  Object.seal(nb.cells[1]);
  assert.equal(
    nb.cells.map((c) => c.id),
    ids,
  );
  nb.cells[1]!.id = 'sealed';
  assert.is(nb.cells[1]!.id, 'sealed');
});

test('deferred ids: upgradeV3 defers them too; a v3 cell whose `id` is no string gets one; the v3 file writes back as it was', () => {
  const text = v3Text([{ cell_type: 'markdown', id: 7, metadata: {}, source: 'n' }]);
  const nb = fromIpynb(text);
  const again = upgradeV3(upgradedFrom(nb)!);
  assert.equal(
    again.cells.map((c) => c.id),
    eagerIds(again),
  );
  assert.equal(
    nb.cells.map((c) => c.id),
    again.cells.map((c) => c.id),
  );
  assert.type(nb.cells.at(-1)!.id, 'string');
  assert.is(toIpynb(downgradeV3(fromIpynb(text), { like: upgradedFrom(nb) })), text);
});

const shared = sharedDir();
if (shared) {
  test('deferred ids on every nbformat 3 notebook of the shared fixtures: those assignCellIds gives', () => {
    let n = 0;
    for (const file of listFiles(`${shared}/fixtures`, (f) => f.endsWith('.ipynb'))) {
      const text = readFileSync(file, 'utf8');
      let nb: Notebook;
      try {
        if (JSON.parse(text).nbformat !== 3) continue;
        nb = fromIpynb(text);
      } catch {
        continue; // a notebook kept to be refused
      }
      n++;
      const expected = eagerIds(nb);
      assert.equal(
        nb.cells.map((c) => c.id),
        expected,
        file,
      );
    }
    assert.ok(n >= 4, `only ${n} nbformat 3 notebooks`);
  });
} else skipTest(test, 'shared fixtures', sharedMissing());

test.run();
