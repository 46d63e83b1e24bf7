// stripJupyterText (strip on the text, cell by cell, for large notebooks) must give exactly
// what the whole-notebook path gives: toIpynb(stripWithReport(fromIpynb(text))), the same
// changes and conflict markers, or undefined (the caller then takes that path).
import { readFileSync } from 'node:fs';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { findConflictMarkers, type StripChange, type StripOptions, stripJupyterText, stripWithReport } from '@nbgit/strip';
import { listFiles, sharedDir, sharedMissing, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

interface Outcome {
  text: string | undefined;
  changes: StripChange[];
  markers: unknown[];
}

/** The whole-notebook path; `undefined` when it throws (a notebook strip refuses). */
function whole(text: string, options: StripOptions): Outcome | undefined {
  try {
    const nb = fromIpynb(text, { legacy: 'keep' });
    const { notebook, changes } = stripWithReport(nb, options);
    return { text: notebook === nb ? undefined : toIpynb(notebook), changes, markers: findConflictMarkers(nb) };
  } catch {
    return undefined;
  }
}

/** `text` as a function giving it in pieces of `size` characters, each time it is called. */
const inPieces = (text: string, size: number) => () => {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
};

/** The cell-by-cell path (with the changes kept, or given one by one; the text given whole, or in pieces of `size`). */
function streamed(text: string, options: StripOptions, given = false, size?: number): Outcome | undefined {
  const seen: StripChange[] = [];
  const it = stripJupyterText(size === undefined ? text : inPieces(text, size), options, given ? { onChange: (c) => seen.push(c) } : {});
  const parts: string[] = [];
  for (;;) {
    const next = it.next();
    if (next.done) {
      const r = next.value;
      if (r === undefined) return undefined;
      if (!r.changed) assert.is(parts.length, 0, 'nothing given for a notebook with nothing to strip');
      if (given) assert.equal(r.changes, []);
      return { text: r.changed ? parts.join('') : undefined, changes: given ? seen : r.changes, markers: r.markers };
    }
    parts.push(next.value);
  }
}

const OPTIONS: StripOptions[] = [
  {},
  { sequentialIds: true },
  { dropEmptyCells: true },
  { dropTaggedCells: ['hide', 'remove_cell', 't'] },
  { keepOutput: true },
  { keepOutput: true, keepCount: true },
  { extraKeys: ['metadata.kernelspec', 'cell.metadata.tags', 'metadata.language_info'] },
  { maxSize: 200, keepOutputTypes: ['stream:stderr'] },
];

/** Checks one text under every option set; true when the cell-by-cell path took it (for one option set at least). */
function check(text: string, label: string, options = OPTIONS): boolean {
  let took = false;
  for (const o of options) {
    const s = streamed(text, o);
    if (s === undefined) {
      assert.is(streamed(text, o, false, 64), undefined, `${label} ${JSON.stringify(o)}: taken in pieces only`);
      continue;
    }
    took = true;
    const w = whole(text, o);
    assert.ok(w !== undefined, `${label} ${JSON.stringify(o)}: the whole path refuses what the cell-by-cell path strips`);
    assert.ok(s.text === w.text, `${label} ${JSON.stringify(o)}: a different text`);
    assert.equal(s.changes, w.changes, `${label} ${JSON.stringify(o)}: changes`);
    assert.equal(s.markers, w.markers, `${label} ${JSON.stringify(o)}: markers`);
    if (o === options[0]) assert.equal(streamed(text, o, true)!.changes, w.changes, `${label} ${JSON.stringify(o)}: changes given one by one`);
    // the text read in pieces (never held whole): the same answer
    assert.equal(streamed(text, o, false, 1 + (text.length % 499)), s, `${label} ${JSON.stringify(o)}: in pieces`);
  }
  return took;
}

/** The file's text, and the same notebook in Jupyter's layout (with and without the final newline). */
function variants(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [text];
  }
  const canonical = JSON.stringify(value, null, 1);
  return text === `${canonical}\n` ? [text, canonical] : [text, `${canonical}\n`];
}

const shared = sharedDir();
const files = [
  ...listFiles(new URL('../../../../fixtures', import.meta.url).pathname, (n) => n.endsWith('.ipynb')),
  ...(shared ? listFiles(`${shared}/fixtures`, (n) => n.endsWith('.ipynb')) : []),
];

test('fixtures: the same text, changes and markers as the whole-notebook path', () => {
  let took = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // (every option set on the project's fixtures, three on the many shared ones)
    const options = file.startsWith(shared ?? '\0') ? OPTIONS.slice(0, 3) : OPTIONS;
    for (const t of variants(text)) if (check(t, file, options)) took++;
  }
  // most fixtures in Jupyter's layout are taken cell by cell
  assert.ok(took > files.length / 2, `${took} texts taken cell by cell of ${files.length} files`);
});
if (!shared) skipTest(test, 'shared fixtures: the same as the whole-notebook path', sharedMissing());

const code = (i: number, tags: string[] = [], source: string[] = [`x = ${i}`]) => ({
  cell_type: 'code',
  execution_count: i + 1,
  id: `c${i}`,
  metadata: tags.length ? { tags } : {},
  outputs: [{ name: 'stdout', output_type: 'stream', text: [`${i}\n`] }],
  source,
});
const md = (i: number, source: string[] = [`# ${i}`]) => ({ cell_type: 'markdown', id: `m${i}`, metadata: {}, source });
const nb = (cells: object[], metadata: object = {}) => `${JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;

test('dropped cells: first, last, all, runs; only notebook metadata changed; nothing to strip', () => {
  const cases = [
    nb([code(0, ['t']), md(1), code(2)]),
    nb([md(0), code(1), code(2, ['t'])]),
    nb([md(0), code(1, ['t']), code(2, ['t'])]),
    nb([code(0, ['t']), code(1, ['t'])]),
    nb([md(0), md(1, []), md(2, ['  \n']), md(3)]),
    nb([md(0), md(1)], { kernelspec: { name: 'python3' }, signature: 'sha256:0', widgets: { state: {} } }),
    nb([md(0), md(1)]),
    nb([md(0), code(1, [], ['<<<<<<< ours\n', 'a\n', '=======\n', 'b\n', '>>>>>>> theirs'])]),
  ];
  for (const [k, text] of cases.entries()) assert.ok(check(text, `case ${k}`), `case ${k} taken cell by cell`);
  const none = streamed(nb([md(0), md(1)]), {})!;
  assert.is(none.text, undefined);
  const all = streamed(nb([code(0, ['t']), code(1, ['t'])]), { dropTaggedCells: ['t'] })!;
  assert.is(all.text, '{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n');
});

test('texts not in Jupyter layout, or cells strip refuses: undefined (the whole path decides)', () => {
  const good = nb([md(0), code(1), code(2)]);
  const refused = [
    `${JSON.stringify(JSON.parse(good), null, 2)}\n`,
    good.replace('"cell_type": "markdown",\n   "id": "m0"', '"id": "m0",\n   "cell_type": "markdown"'),
    good.replace('"x = 2"', '42'),
    good.replace('"execution_count": 3', '"execution_count": 3.0'),
    good.replace('"source": [\n    "x = 2"\n   ]', '"source": "x = 2"'),
    good.replace('"nbformat": 4,', '"nbformat": 3,'),
    good.replace('"cell_type": "markdown"', '"cell_type": "heading"'),
    good.slice(0, -10),
    nb([]),
    `${good} `,
  ];
  for (const [k, text] of refused.entries()) {
    assert.is(streamed(text, {}), undefined, `case ${k}`);
    check(text, `case ${k}`);
  }
});

test('a cell nested too deeply: undefined, not a RangeError', () => {
  const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
  const text = nb([md(0), { ...code(1), metadata: { deep: [] } }]).replace('"deep": []', `"deep": ${deep}`);
  assert.is(streamed(text, {}), undefined);
});

test.run();
