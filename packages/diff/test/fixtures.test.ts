// Golden tests over the nbdime diff fixtures: one test per pair, named after the fixtures.
// The terminal view (no colour) is compared with test/golden/<name>.txt; UPDATE=1 rewrites them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Notebook } from '@nbgit/core';
import { diffNotebooks, patchNotebook, renderJson, renderTerminal } from '@nbgit/diff';
import { fromIpynb } from '@nbgit/ipynb';
import { listFiles, readText, repoRoot, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const dir = sharedPath('fixtures', 'nbdime');
const goldenDir = join(repoRoot, 'packages', 'diff', 'test', 'golden');

/** Pairs to diff: `X.ipynb` against each `X--*.ipynb`, `X--1` against `X--2`/`X--3`, `*-base` against the rest. */
function pairs(files: string[]): Array<[string, string]> {
  const names = files.map((f) => basename(f, '.ipynb'));
  const out: Array<[string, string]> = [];
  for (const n of names) {
    if (n.includes('--')) {
      const [fam = '', variant] = n.split('--'); // n includes '--', so both parts exist
      if (names.includes(fam)) out.push([fam, n]);
      else if (variant === '2' || variant === '3') out.push([`${fam}--1`, n]);
      else if (variant === 'local' || variant === 'remote') {
        if (names.includes(`${fam}--base`)) out.push([`${fam}--base`, n]);
      }
    } else if (/-(local|remote|merged)$/.test(n)) {
      const base = n.replace(/-(local|remote|merged)$/, '-base');
      if (names.includes(base)) out.push([base, n]);
    }
  }
  return out;
}

if (dir !== undefined) {
  const files = listFiles(dir, (n) => n.endsWith('.ipynb'));
  const read = (name: string): Notebook => fromIpynb(readText(join(dir, `${name}.ipynb`)), { file: `${name}.ipynb` });
  for (const [x, y] of pairs(files)) {
    test(`${x} -> ${y}`, () => {
      const a = read(x);
      const b = read(y);
      const d = diffNotebooks(a, b);
      assert.equal(patchNotebook(a, d), b, 'patch(a, diff(a, b)) = b');
      // the JSON form is plain data: it survives a round trip and still patches
      const viaJson = JSON.parse(renderJson(d));
      assert.equal(patchNotebook(a, viaJson), b);
      const view = renderTerminal(d, { names: { a: `${x}.ipynb`, b: `${y}.ipynb` } });
      const golden = join(goldenDir, `${x}__${y}.txt`);
      if (process.env.UPDATE || !existsSync(golden)) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(golden, view);
      }
      assert.fixture(view, readFileSync(golden, 'utf8'));
    });
  }

  // Facts about specific pairs (what a person reading the notebooks sees).
  test('single_cell_nb--changed_source_output_ec: one modified cell with source, output and count', () => {
    const d = diffNotebooks(read('single_cell_nb'), read('single_cell_nb--changed_source_output_ec'));
    assert.equal(d.summary, { added: 0, removed: 0, moved: 0, modified: 1, unchanged: 1 });
    const e = d.cells[0];
    assert.is(e?.op, 'modified');
    if (e?.op !== 'modified') return;
    assert.equal(e.changes.source?.lines, [
      { op: 'equal', lines: ['def printit(x):\n', '    print(x + 3)\n'] },
      { op: 'removed', lines: ['printit(3)'] },
      { op: 'added', lines: ['printit(4)'] },
    ]);
    assert.equal(e.changes.execution_count, { old: 1, new: 2 });
    assert.is(e.changes.outputs?.[0]?.op, 'modified');
  });

  test('single_cell_nb--changed_metadata: only cell metadata', () => {
    const d = diffNotebooks(read('single_cell_nb'), read('single_cell_nb--changed_metadata'));
    const mod = d.cells.filter((e) => e.op === 'modified');
    assert.is(mod.length, 1);
    const [e] = mod;
    if (e?.op !== 'modified') return;
    assert.equal(Object.keys(e.changes), ['metadata']);
    assert.ok(diffNotebooks(read('single_cell_nb'), read('single_cell_nb--changed_metadata'), { ignoreMetadata: true }).equal);
  });

  test('single_cell_nb--changed_ec: equal when execution counts are ignored', () => {
    const a = read('single_cell_nb');
    const b = read('single_cell_nb--changed_ec');
    assert.not.ok(diffNotebooks(a, b).equal);
    assert.ok(diffNotebooks(a, b, { ignoreExecutionCounts: true }).equal);
    assert.ok(diffNotebooks(a, b, { ignoreOutputs: true }).equal);
  });

  test('cellids: id changes and id-driven matching', () => {
    const d = diffNotebooks(read('cellids--base'), read('cellids--local'));
    const idChanges = d.cells.flatMap((e) => (e.op === 'modified' && e.changes.id ? [e.changes.id] : []));
    assert.equal(idChanges, [
      { old: 'base-A', new: 'local-A' },
      { old: '226e9ff8', new: '226e3ff8' },
    ]);
    assert.ok(diffNotebooks(read('cellids--base'), read('cellids--local'), { ignoreIds: true }).cells.every((e) => e.op !== 'modified' || !e.changes.id));
  });

  test('multi_cell_nb--cellchange: inserted and removed cells, edited cell, notebook metadata', () => {
    const d = diffNotebooks(read('multi_cell_nb'), read('multi_cell_nb--cellchange'));
    assert.equal(d.summary, { added: 2, removed: 2, moved: 0, modified: 1, unchanged: 2 });
    assert.ok(d.notebook.some((k) => k.path.join('.') === 'metadata.kernelspec.name'));
  });

  test('every nbdime fixture against every other: patch gives the second back', () => {
    const nbs = files.map((f) => fromIpynb(readText(f)));
    let n = 0;
    for (const a of nbs) {
      for (const b of nbs) {
        assert.equal(patchNotebook(a, diffNotebooks(a, b)), b);
        n++;
      }
    }
    assert.ok(n > 1000);
  });

  test('an nbdime fixture against itself is equal and renders nothing', () => {
    for (const f of files) {
      const d = diffNotebooks(fromIpynb(readText(f)), fromIpynb(readText(f)));
      assert.ok(d.equal, f);
      assert.is(renderTerminal(d), '');
    }
  });
} else skipTest(test, 'nbdime fixture pairs', sharedMissing());

test.run();
