/**
 * Real merges: ../shared/fixtures/real/merges/NNN/{base,local,remote,human}.ipynb, merge
 * commits from public repositories where both parents changed the same notebook (base
 * missing: both added it; human.ipynb: what the person committed, not always valid JSON).
 * Every merge gives a notebook valid under its own nbformat version, in the inputs'
 * version (nbformat 3 stays 3), and a side that changed nothing gives the other side's
 * bytes. Printed: how many merged cleanly, and how many of those equal the person's
 * result (cells: type and source).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject, isNbgitError, type JsonObject, type JsonValue, jsonEqual, type Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeNotebooks } from '../src/index.js';

const dir = sharedPath('fixtures', 'real', 'merges');

/** What git gives the driver when both sides added the file: an empty base. */
const EMPTY: Notebook = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 0 };

/** Cells as type and source, for any nbformat (v3: worksheets, `input`). */
function cellsOf(nb: JsonObject): string {
  const cells = Array.isArray(nb.cells)
    ? nb.cells
    : (Array.isArray(nb.worksheets) ? nb.worksheets : []).flatMap((w) => (isJsonObject(w) && Array.isArray(w.cells) ? w.cells : []));
  return JSON.stringify(
    cells.map((c) => {
      const cell = c as JsonObject;
      const text = cell.source ?? cell.input ?? '';
      return [cell.cell_type, Array.isArray(text) ? text.join('') : text];
    }),
  );
}

/** Version as [nbformat, nbformat_minor]. */
const versionOf = (nb: JsonObject) => [nb.nbformat, nb.nbformat_minor] as [number, number];
const higher = (a: [number, number], b: [number, number]) => (a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? a : b);

if (dir === undefined) skipTest(test, 'real merges', sharedMissing());
else {
  const cases = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'local.ipynb')) && existsSync(join(dir, d, 'remote.ipynb')))
    .sort();
  const figures = { notNotebooks: [] as string[], merges: 0, clean: 0, withHuman: 0, cleanWithHuman: 0, equal: 0, differ: [] as string[] };

  for (const d of cases) {
    test(`real merge ${d}: valid under its own nbformat, in the inputs' version; an unchanged side gives the other's bytes`, () => {
      const path = (x: string) => join(dir, d, `${x}.ipynb`);
      const text = (x: string) => (existsSync(path(x)) ? readFileSync(path(x), 'utf8') : undefined);
      const [baseText, localText, remoteText] = [text('base'), text('local')!, text('remote')!];
      const read = (t: string | undefined, x: string) => (t === undefined ? EMPTY : fromIpynb(t, { file: path(x) }));
      let sides: Notebook[];
      try {
        sides = [read(baseText, 'base'), read(localText, 'local'), read(remoteText, 'remote')];
      } catch (e) {
        // a side with committed conflict markers is no notebook: a located error (the merge
        // driver then merges the file as text, see merge-driver.ts)
        assert.ok(isNbgitError(e) && e.code === 'EJSON' && e.file !== undefined && e.position !== undefined, String(e));
        figures.notNotebooks.push(d);
        return;
      }
      const res = mergeNotebooks({ base: sides[0]!, local: sides[1]!, remote: sides[2]! });
      const written = toIpynb(res.notebook);
      const out = JSON.parse(written) as JsonObject;
      const again = fromIpynb(written, { legacy: 'keep' });
      // (the schema of its own version: no ids below 4.5, worksheets and v3 cells for 3)
      assert.equal(validateNotebook(again), [], `${d}: the result is valid nbformat ${out.nbformat}`);

      const [local, remote] = [JSON.parse(localText) as JsonObject, JSON.parse(remoteText) as JsonObject];
      // both sides' version; when they differ, the side that changed it (the higher) wins
      assert.equal(versionOf(out), higher(versionOf(local), versionOf(remote)), `${d}: nbformat of the inputs`);
      if (baseText !== undefined) {
        const base = JSON.parse(baseText) as JsonValue;
        if (jsonEqual(base, local as JsonValue)) assert.is(written, remoteText, `${d}: local changed nothing: remote's bytes`);
        else if (jsonEqual(base, remote as JsonValue)) assert.is(written, localText, `${d}: remote changed nothing: local's bytes`);
      }

      figures.merges++;
      if (res.conflicts.length === 0) figures.clean++;
      let human: JsonObject | undefined;
      try {
        human = JSON.parse(text('human') ?? '') as JsonObject;
      } catch {
        return; // conflict markers committed: no right answer to compare with
      }
      figures.withHuman++;
      if (res.conflicts.length > 0) return;
      figures.cleanWithHuman++;
      if (cellsOf(out) === cellsOf(human)) figures.equal++;
      else figures.differ.push(d);
    });
  }

  test('real merges: the figures', () => {
    console.log(
      `real merges: ${cases.length} (a side not JSON: ${figures.notNotebooks.join(' ') || 'none'}), merged ${figures.merges}, clean ${figures.clean}; with a valid human.ipynb ${figures.withHuman}, clean ${figures.cleanWithHuman}, ` +
        `clean and equal to the person's ${figures.equal}, clean but different ${figures.differ.length} (${figures.differ.join(' ')})`,
    );
    assert.is(figures.merges + figures.notNotebooks.length, cases.length);
  });
}

test.run();
