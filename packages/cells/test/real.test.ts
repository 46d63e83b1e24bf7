// Editing one cell of every real notebook in ../shared/fixtures/real changes only that cell's
// bytes; inserting a cell changes only the bytes between its neighbours; an edit that gives a
// cell its own text changes no byte.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { applyOperations, setSource } from '@nbgit/cells';
import { joinSource } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { listFiles, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellSpans, onlyCellChanged } from './helpers.js';

const dir = sharedPath('fixtures', 'real', 'notebooks');
const files = dir === undefined ? [] : listFiles(dir, (n) => n.endsWith('.ipynb'));

if (dir === undefined) {
  skipTest(test, 'editing one cell of each real notebook', sharedMissing());
} else {
  test('the corpus is there', () => {
    assert.ok(files.length >= 100, `only ${files.length} notebooks`);
  });

  test('cellSpans finds every cell of every notebook', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const json = JSON.parse(text) as { cells?: unknown[] };
      if (!Array.isArray(json.cells)) continue;
      const spans = cellSpans(text);
      assert.is(spans.length, json.cells.length, basename(f));
      for (let k = 0; k < spans.length; k++) assert.equal(JSON.parse(text.slice(...spans[k]!)), json.cells[k], `${basename(f)} cell ${k}`);
    }
  });

  let edited = 0;
  let legacy = 0;
  test('setting one cell changes only that cell, and setting it back restores every byte', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const nb = fromIpynb(text, { file: f });
      if (toIpynb(nb) !== text) {
        // nbformat 3: read as upgraded to 4 (nbgit cells refuses to edit those files)
        assert.ok((JSON.parse(text) as { nbformat: number }).nbformat < 4, `${basename(f)} does not round-trip`);
        legacy++;
        continue;
      }
      if (nb.cells.length === 0) continue;
      for (const k of new Set([0, nb.cells.length >> 1, nb.cells.length - 1])) {
        const copy = fromIpynb(text, { file: f });
        const old = joinSource(copy.cells[k]!.source);
        assert.is(setSource(copy, k, old).changed, false);
        assert.is(toIpynb(copy), text, `${basename(f)}: setting cell ${k} to its own text changed bytes`);
        const next = `${old}\n# edited by nbgit\nx = "é\\n"`;
        assert.ok(setSource(copy, k, next).changed);
        const after = toIpynb(copy);
        assert.is(onlyCellChanged(text, after, k), undefined, basename(f));
        const back = fromIpynb(after);
        assert.is(joinSource(back.cells[k]!.source), next, basename(f));
        const orig = JSON.parse(text) as { cells: unknown[] };
        const now = JSON.parse(after) as { cells: unknown[] };
        for (let j = 0; j < orig.cells.length; j++) if (j !== k) assert.equal(now.cells[j], orig.cells[j]);
        setSource(copy, k, old);
        assert.is(toIpynb(copy), text, `${basename(f)}: setting cell ${k} back did not restore the file`);
        edited++;
      }
    }
    assert.ok(edited > 300, `edited ${edited} cells`);
    assert.ok(legacy < 10, `${legacy} notebooks did not round-trip`);
  });

  test('inserting a cell and tagging another changes only those cells', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const nb = fromIpynb(text, { file: f });
      if (toIpynb(nb) !== text || nb.cells.length < 3) continue;
      const k = nb.cells.length >> 1;
      // insert after cell k: before is cells 0..k as they were, after is cells k+1.. as they were
      const r = applyOperations(nb, [{ op: 'insert', after: k, type: 'markdown', source: 'A note\nover two lines' }]);
      const after = toIpynb(nb);
      const spans = cellSpans(text);
      assert.is(after.slice(0, spans[k]![1]), text.slice(0, spans[k]![1]), basename(f));
      assert.is(after.slice(after.length - (text.length - spans[k + 1]![0])), text.slice(spans[k + 1]![0]), basename(f));
      const cell = (JSON.parse(after) as { cells: { source: unknown; id?: string }[] }).cells[k + 1]!;
      assert.equal(cell.source, ['A note\n', 'over two lines']);
      assert.is(typeof cell.id === 'string', nb.nbformat_minor >= 5, `${basename(f)}: ids only from nbformat 4.5`);
      assert.is(r.results[0]!.index, k + 1);
    }
  });
}

test.run();
