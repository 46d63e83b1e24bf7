// inJupyterFormat (a text checked cell by cell, never parsed whole) may say true only when
// fmt's writer gives the text back: toIpynb(fromIpynb(text, {legacy: 'keep'}), {canonical: true})
// === text (a false sends fmt the whole-notebook way: it must be rare on real notebooks). The
// same text given in pieces (read twice, never held whole) gets the same answer.
import { readFileSync } from 'node:fs';
import { fromIpynb, inJupyterFormat, jupyterCellText, toIpynb, validateNotebook, validInJupyterFormat } from '@nbgit/ipynb';
import { listFiles, sharedDir } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** `text` as a function giving it in pieces of `size` characters, each time it is called. */
const inPieces = (text: string, size: number) => () => {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
};

function formatted(text: string): boolean {
  try {
    return toIpynb(fromIpynb(text, { legacy: 'keep' }), { canonical: true }) === text;
  } catch {
    return false;
  }
}

const shared = sharedDir();
const files = [
  ...listFiles(new URL('../../../../fixtures', import.meta.url).pathname, (n) => n.endsWith('.ipynb')),
  ...(shared ? listFiles(`${shared}/fixtures`, (n) => n.endsWith('.ipynb')) : []),
];

test('fixtures as they are and in JSON.stringify layout: the same answer as the writer', () => {
  let yes = 0;
  let all = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const texts = [text];
    try {
      const canonical = JSON.stringify(JSON.parse(text), null, 1);
      texts.push(`${canonical}\n`, canonical);
    } catch {
      // not JSON
    }
    for (const t of texts) {
      const got = inJupyterFormat(t);
      const want = formatted(t);
      assert.is(inJupyterFormat(inPieces(t, 1 + (t.length % 997))), got, `${file}: in pieces`);
      if (got) assert.ok(want, `${file}: in Jupyter's format, but fmt would change it`);
      if (got) yes++;
      if (want) all++;
    }
  }
  assert.ok(yes > files.length / 2 && yes > 0.8 * all, `(nbformat 3 and float lexemes are not taken) ${yes} texts found in Jupyter's format of ${all}`);
});

function valid(text: string): boolean {
  try {
    return validateNotebook(fromIpynb(text, { legacy: 'keep', check: false })).length === 0;
  } catch {
    return false;
  }
}

test('validInJupyterFormat: true only for what validateNotebook finds valid, and for most such texts in the layout', () => {
  let yes = 0;
  let all = 0;
  for (const file of files) {
    let canonical: string;
    try {
      canonical = `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 1)}\n`;
    } catch {
      continue;
    }
    const got = validInJupyterFormat(canonical);
    const want = valid(canonical);
    assert.is(validInJupyterFormat(inPieces(canonical, 1 + (canonical.length % 997))), got, `${file}: in pieces`);
    if (got) assert.ok(want, `${file}: found valid, but validateNotebook reports problems`);
    if (got) yes++;
    if (want && inJupyterFormat(canonical)) all++;
  }
  assert.ok(yes > 0 && yes >= all, `${yes} found valid of ${all}`);
  const cell = (id: string) => ({ cell_type: 'markdown', id, metadata: {}, source: [] });
  const nb = (cells: object[], minor = 5) => `${JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: minor }, null, 1)}\n`;
  assert.ok(validInJupyterFormat(nb([cell('a'), cell('b')])));
  let deep: unknown = [];
  for (let i = 0; i < 1000; i++) deep = [deep];
  for (const bad of [nb([cell('a'), cell('a')]), nb([cell('a')], 4), nb([cell('a b')]), nb([{ ...cell('a'), metadata: { x: deep } }])]) {
    assert.not.ok(validInJupyterFormat(bad));
    assert.not.ok(validInJupyterFormat(inPieces(bad, 5)));
    assert.not.ok(valid(bad));
  }
});

test('edge cases: refused cells, numbers, keys, trailer', () => {
  const cell = { cell_type: 'code', execution_count: 1, id: 'a', metadata: {}, outputs: [], source: ['x = 1'] };
  const text = `${JSON.stringify({ cells: [cell, { cell_type: 'markdown', id: 'b', metadata: {}, source: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
  assert.ok(inJupyterFormat(text));
  assert.ok(inJupyterFormat(inPieces(text, 3)));
  // a text that is not the same when read again (a file changed in between) is not taken
  const changed = text.replace('"nbformat_minor": 5', '"nbformat_minor": 4');
  let reads = 0;
  assert.not.ok(inJupyterFormat(() => [reads++ === 0 ? text : changed]));
  assert.is(reads, 2);
  for (const t of [
    text.slice(0, -1),
    text.replace('"execution_count": 1', '"execution_count": 1.0'),
    text.replace('"execution_count": 1', '"execution_count": "1"'),
    text.replace('"cell_type": "markdown"', '"cell_type": "heading"'),
    text.replace('"nbformat_minor": 5', '"nbformat_minor": 5.5'),
    text.replace('"id": "a",\n   "metadata": {}', '"metadata": {},\n   "id": "a"'),
    text.replace('"x = 1"', '"x = \\u00e9"'),
    text.replace('\n', '\r\n'),
  ]) {
    assert.not.ok(inJupyterFormat(t), t.slice(0, 80));
    assert.not.ok(inJupyterFormat(inPieces(t, 7)), t.slice(0, 80));
  }
  assert.is(jupyterCellText(cell), JSON.stringify(cell, null, 1).replaceAll('\n', '\n  '));
});

test.run();
