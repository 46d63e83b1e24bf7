/** The line merge of sources (mergeText), its Myers-based diff3 for long texts, and mergeJson. */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diff3Lines } from '../src/diff3.js';
import { jsonEqual, mergeJson, mergeText } from '../src/index.js';
import { diffLines } from '../src/myers.js';

test('mergeText: one side, both sides on different lines, identical changes', () => {
  assert.equal(mergeText('a\nb', 'a\nB', 'a\nb'), { text: 'a\nB', conflicts: 0 });
  assert.equal(mergeText('a\nb\nc\nd', 'A\nb\nc\nd', 'a\nb\nc\nD'), { text: 'A\nb\nc\nD', conflicts: 0 });
  assert.equal(mergeText('a\nb\nc', 'a\nX\nc', 'a\nX\nc'), { text: 'a\nX\nc', conflicts: 0 });
});

test('mergeText: appending to a text without a final newline does not collide with an edit above', () => {
  assert.equal(mergeText('a\nb\nc', 'a\nb\nc\nd', 'A\nb\nc'), { text: 'A\nb\nc\nd', conflicts: 0 });
});

test('mergeText: markers only around the lines that differ (zealous), blank lines do not split', () => {
  const r = mergeText('a\nb\nc', 'a\nx1\nsame\nx2\nc', 'a\ny1\nsame\ny2\nc');
  assert.is(r.text, 'a\n<<<<<<< local\nx1\n=======\ny1\n>>>>>>> remote\nsame\n<<<<<<< local\nx2\n=======\ny2\n>>>>>>> remote\nc');
  assert.is(r.conflicts, 2);
  const r2 = mergeText('a\nb\nc', 'a\nx1\n\nx2\nc', 'a\ny1\n\ny2\nc');
  assert.is(r2.conflicts, 1);
});

test('mergeText: CRLF lines keep their endings; markers use CRLF too', () => {
  assert.is(mergeText('a\r\nb\r\nc', 'A\r\nb\r\nc', 'a\r\nb\r\nC').text, 'A\r\nb\r\nC');
  assert.is(mergeText('a\r\nb', 'A\r\nb', 'Z\r\nb').text, '<<<<<<< local\r\nA\r\n=======\r\nZ\r\n>>>>>>> remote\r\nb');
});

test('mergeText: empty base (both added) shows only differing lines', () => {
  assert.is(
    mergeText('', 'import os\nx = 1\nprint(x)', 'import os\nx = 2\nprint(x)').text,
    'import os\n<<<<<<< local\nx = 1\n=======\nx = 2\n>>>>>>> remote\nprint(x)',
  );
});

test('mergeText: long and repetitive texts merge right (Myers path; its speed is in bench/)', () => {
  const rep = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? '\n' : '}\n'));
  const base = rep.join('');
  const local = `{\n${rep.slice(1).join('')}`;
  const remote = `${rep.slice(0, -1).join('')}end\n`;
  const r = mergeText(base, local, remote);
  assert.is(r.conflicts, 0);
  assert.is(r.text, `{\n${rep.slice(1, -1).join('')}end\n`);
});

const linesArb = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', '}\n', '\n', 'x = 1\n'), { maxLength: 30 });

test('property: diffLines hunks turn a into b', () => {
  fc.assert(
    fc.property(linesArb, linesArb, (a, b) => {
      const out: string[] = [];
      let i = 0;
      for (const h of diffLines(a, b)) {
        out.push(...a.slice(i, h.oStart), ...b.slice(h.xStart, h.xEnd));
        i = h.oEnd;
      }
      out.push(...a.slice(i));
      assert.equal(out, b);
    }),
    { numRuns: 500 },
  );
});

test('property: Myers diff3 obeys the merge laws', () => {
  const text = (regions: ReturnType<typeof diff3Lines>) => regions.flatMap((r) => ('ok' in r ? r.ok : ['<C>']));
  fc.assert(
    fc.property(linesArb, linesArb, linesArb, (a, o, b) => {
      assert.equal(text(diff3Lines(a, o, o)), a);
      assert.equal(text(diff3Lines(o, o, b)), b);
      assert.equal(text(diff3Lines(a, o, a)), a);
      // a conflict always shows both sides' lines
      for (const r of diff3Lines(a, o, b)) if ('conflict' in r) assert.ok(r.conflict.a.join('') !== r.conflict.b.join(''));
    }),
    { numRuns: 500 },
  );
});

/** `n` distinct lines `tag 0` ... `tag n-1`, lines no generated text has. */
const block = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} ${i}\n`).join('');
const triple = fc.tuple(
  linesArb.map((l) => l.slice(0, 12).join('')),
  linesArb.map((l) => l.slice(0, 12).join('')),
  linesArb.map((l) => l.slice(0, 12).join('')),
);

test('property: the merge of a region does not depend on how large the unchanged text around it is', () => {
  // Two changed regions (up to 12 lines each) with unchanged text before, between and after.
  // Between them, 25 lines or more: longer than any edit script could skip (D <= 48 < 2 * 25),
  // so every minimal diff keeps them. The result is the same, whatever the sizes, one engine
  // for every size (two engines, split at 120 lines, disagreed on 1.2% of such triples).
  fc.assert(
    fc.property(triple, triple, fc.nat(200), fc.integer({ min: 25, max: 400 }), fc.nat(200), ([o1, a1, b1], [o2, a2, b2], before, between, after) => {
      const wrap = (x: string, y: string, n: number, p: number, s: number) => block('before', p) + x + block('between', n) + y + block('after', s);
      const small = mergeText(wrap(o1, o2, 25, 0, 0), wrap(a1, a2, 25, 0, 0), wrap(b1, b2, 25, 0, 0));
      const large = mergeText(wrap(o1, o2, between, before, after), wrap(a1, a2, between, before, after), wrap(b1, b2, between, before, after));
      const expected = block('before', before) + small.text.replace(block('between', 25), block('between', between)) + block('after', after);
      assert.is(large.text, expected);
      assert.is(large.conflicts, small.conflicts);
    }),
    { numRuns: 1000 },
  );
});

test('mergeJson: sets, nested keys, volatile keys, conflicts', () => {
  assert.equal(mergeJson({ tags: ['a'] }, { tags: ['a', 'b'] }, { tags: ['c'] }).value, { tags: ['b', 'c'] });
  assert.equal(mergeJson({ x: { a: 1, b: 1 } }, { x: { a: 2, b: 1 } }, { x: { a: 1, b: 3 } }).value, { x: { a: 2, b: 3 } });
  const v = mergeJson({ k: { v: '1' } }, { k: { v: '2' } }, { k: { v: '3', w: 1 } }, new Set(['k']));
  assert.equal(v.value, { k: { v: '2' } });
  assert.is(v.conflicts[0]!.volatile, true);
  const c = mergeJson({ s: 'a' }, { s: 'b' }, { s: 'c' });
  assert.equal(c.value, { s: 'b' });
  assert.equal(c.conflicts, [{ path: ['s'], local: 'b', remote: 'c', volatile: false }]);
  const local = { a: 1, b: [1, 2] };
  assert.is(mergeJson({ a: 1, b: [1, 2] }, local, { a: 1, b: [1, 2] }).value, local);
  assert.ok(jsonEqual({ a: 1, b: undefined }, { a: 1 }));
});

test.run();
