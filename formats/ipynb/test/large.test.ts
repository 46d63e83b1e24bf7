// Large notebooks (16 Mi characters and more) are recorded when read and compared with
// Jupyter's layout cell by cell (memory: no second copy of the text or of its strings).
// The results must be those of the small-notebook path.
import type { JsonObject, Notebook } from '@nbgit/core';
import { fromIpynb, isStringified, toIpynb } from '@nbgit/ipynb';
import { imageHeavyNotebook } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** A Jupyter-layout notebook of about 18 MB: 1,200 code cells with a 15 kB image each. */
function large(): { nb: Notebook; text: string } {
  const { notebook, text } = imageHeavyNotebook();
  return { nb: notebook, text };
}

const { nb: data, text } = large();

test('the generated notebook is large enough for the large path', () => {
  assert.ok(text.length >= 16 << 20, `${text.length} characters`);
});

test('isStringified: cell by cell on a large text, as the whole text on a small one', () => {
  const value = data as unknown as JsonObject;
  const same = (t: string) => isStringified(t, t.endsWith('}\n') ? t.length - 1 : t.length, value);
  assert.ok(same(text));
  // one character changed deep in the cells (same length), in the last cell, and in the members after the cells
  const at = text.indexOf('"x = 700\\n"');
  assert.ok(at > 0);
  assert.not.ok(same(`${text.slice(0, at)}"x = 701\\n"${text.slice(at + 11)}`));
  const last = text.lastIndexOf('plot(x)');
  assert.not.ok(same(`${text.slice(0, last)}plot(y)${text.slice(last + 7)}`));
  assert.not.ok(same(text.replace('"python3"\n', '"python4"\n')));
  // a text with a longer tail, and one cut short
  assert.not.ok(same(`${text.slice(0, -1)} }\n`));
  assert.not.ok(same(text.slice(0, -3)));
  const small = { cells: [data.cells[0]], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  const smallText = JSON.stringify(small, null, 1);
  assert.ok(isStringified(smallText, smallText.length, small as unknown as JsonObject));
  assert.not.ok(isStringified(`${smallText} `, smallText.length + 1, small as unknown as JsonObject));
});

test('a large Jupyter-layout notebook writes back as read, and an edit stays local', () => {
  const nb = fromIpynb(text);
  assert.is(toIpynb(nb), text);
  assert.is(toIpynb(nb, { canonical: true }), text);
  const cell = nb.cells[600]!;
  cell.source = 'x = 600  # edited\nplot(x)';
  const out = toIpynb(nb);
  const expected = text.replace('"x = 600\\n",\n    "plot(x)"', '"x = 600  # edited\\n",\n    "plot(x)"');
  assert.ok(out !== text && out === expected);
});

test('a large notebook in another layout keeps its bytes, and fmt gives Jupyter layout', () => {
  const two = `${JSON.stringify(data, null, 2)}\n`;
  const nb = fromIpynb(two);
  assert.is(toIpynb(nb), two);
  assert.is(toIpynb(nb, { canonical: true }), text);
  // changed after it was read (the record was taken when read): the change is written, the rest keeps its bytes
  nb.cells[3]!.execution_count = 99;
  const out = toIpynb(nb);
  assert.is(out, two.replace('"execution_count": 3,', '"execution_count": 99,'));
});

test.run();
