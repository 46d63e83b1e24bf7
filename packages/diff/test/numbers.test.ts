// Numbers keep how the notebook wrote them (QA F13d): `1.0` is not `1`, and integers beyond
// 2^53 keep their digits, in the terminal view, the JSON form and core's jsonText.
import { jsonText } from '@nbgit/core';
import { diffNotebooks, diffValues, patchNotebook, renderJson, renderTerminal } from '@nbgit/diff';
import { fromIpynb } from '@nbgit/ipynb';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const notebook = (scale: string, extra: string) =>
  fromIpynb(
    `{"cells": [{"cell_type": "code", "execution_count": 1, "id": "c", "metadata": {"scale": ${scale}, "big": 12345678901234567890},
      "outputs": [{"data": {"text/plain": "x"}, "execution_count": 1, "metadata": {"w": ${scale}}, "output_type": "execute_result"}], "source": "x"}],
      "metadata": {"version": ${scale}${extra}}, "nbformat": 4, "nbformat_minor": 5}\n`,
  );

test('terminal view: metadata and output values as written (1.0, big integers)', () => {
  const a = notebook('1.0', '');
  const b = notebook('2.0', ', "added": 3.0, "deep": {"k": 4.0}');
  const view = renderTerminal(diffNotebooks(a, b));
  assert.match(view, '~ metadata.version: 1.0 → 2.0');
  assert.match(view, '+ metadata.added: 3.0');
  assert.match(view, '+ metadata.deep: {"k":4.0}');
  assert.match(view, '~ scale: 1.0 → 2.0');
  assert.match(view, '~ metadata.w: 1.0 → 2.0', 'output metadata');
  const c = notebook('1.0', '');
  const [cell] = c.cells;
  if (cell === undefined) throw new Error('notebook() makes one cell');
  (cell.metadata as Record<string, unknown>).big = 1;
  assert.match(renderTerminal(diffNotebooks(a, c)), '~ big: 12345678901234567890 → 1');
});

test('JSON form: numbers as written, and it still patches', () => {
  const a = notebook('1.0', '');
  const b = notebook('2.0', ', "added": 3.0');
  const d = diffNotebooks(a, b);
  const text = renderJson(d);
  assert.match(text, '"old": 1.0,\n');
  assert.match(text, '"new": 3.0\n');
  assert.not.match(text, /"(old|new)": [123]\b[^.]/);
  assert.equal(patchNotebook(a, JSON.parse(text)), b);
  // unchanged layout: the same text as JSON.stringify where no number was recorded
  const plain = diffNotebooks(
    fromIpynb('{"cells": [], "metadata": {"a": 1}, "nbformat": 4, "nbformat_minor": 5}'),
    fromIpynb('{"cells": [], "metadata": {"a": 2}, "nbformat": 4, "nbformat_minor": 5}'),
  );
  assert.is(renderJson(plain), `${JSON.stringify(plain, null, 2)}\n`);
});

test('diffValues records lexemes on the change objects it makes', () => {
  const a = fromIpynb('{"cells": [], "metadata": {"x": 1.0, "gone": 5.0}, "nbformat": 4, "nbformat_minor": 5}').metadata;
  const b = fromIpynb('{"cells": [], "metadata": {"x": 2.0, "new": 12345678901234567890}, "nbformat": 4, "nbformat_minor": 5}').metadata;
  const changes = diffValues(a, b);
  assert.equal(
    changes.map((c) => jsonText(c)),
    [
      '{"op":"changed","path":["x"],"old":1.0,"new":2.0}',
      '{"op":"removed","path":["gone"],"old":5.0}',
      '{"op":"added","path":["new"],"new":12345678901234567890}',
    ],
  );
});

test('jsonText: as JSON.stringify for values without recorded numbers (one line and indented)', () => {
  const ints = fc.jsonValue().filter((v) => !/\d[.eE]/.test(JSON.stringify(v)));
  fc.assert(
    fc.property(ints, fc.constantFrom(0, 1, 2), (v, indent) => {
      assert.is(jsonText(v, { indent }), JSON.stringify(v, null, indent));
    }),
    { numRuns: 1000 },
  );
  assert.is(jsonText({ b: [1, { c: null }], a: 'x' }, { sortKeys: true, separators: [', ', ': '] }), '{"a": "x", "b": [1, {"c": null}]}');
  assert.is(jsonText({ a: undefined, b: [undefined] }), '{"b":[null]}');
});

test.run();
