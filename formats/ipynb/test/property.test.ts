// Property tests: generated notebooks round trip byte for byte, in Jupyter's layout and others.
import { cloneJson, isSpecialNumberLexeme, type Notebook, numberLexeme } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { jsonArbitrary, notebookArbitrary } from '@nbgit/testkit';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ctx } from '../src/context.js';
import { parseJson } from '../src/json.js';
import { layoutFromRecord } from '../src/layout-from-record.js';
import { colonLoop, colonRegex, holdsSpecialNumbers, holdsSpecialNumberTokens } from '../src/special-numbers.js';
import { recordValues, type ValueRecord } from '../src/value-record.js';

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '\n', '\r\n', 'a\r\nb\rc\u2028d', 'é😀', '\u0000\u001f\u007f'));
const num = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e-5, 1e16, 0.1, -0, 2 ** 60));
const json = jsonArbitrary({ string: text, number: num, key: text, maxLength: 4 });
const source = fc.oneof(text, fc.array(text, { maxLength: 5 }));
const cell = fc.oneof(
  fc.record({ cell_type: fc.constant('markdown'), id: fc.stringMatching(/^[a-z0-9]{1,8}$/), metadata: fc.dictionary(text, json, { maxKeys: 3 }), source }),
  fc.record({
    cell_type: fc.constant('code'),
    metadata: fc.dictionary(text, json, { maxKeys: 3 }),
    source,
    execution_count: fc.oneof(fc.constant(null), fc.nat()),
    outputs: fc.array(fc.record({ output_type: fc.constant('stream'), name: fc.constantFrom('stdout', 'stderr'), text: source }), { maxLength: 3 }),
  }),
);
const notebook = notebookArbitrary({ cell, metadata: fc.dictionary(text, json, { maxKeys: 4 }), maxCells: 6 });

test('Jupyter-layout notebooks round trip', () => {
  fc.assert(
    fc.property(notebook, (nb) => {
      const written = toIpynb(nb);
      assert.is(toIpynb(fromIpynb(written)), written);
      // and writing again from a fresh parse of the data gives the same canonical bytes
      assert.is(toIpynb(fromIpynb(written), { canonical: true }), written);
    }),
    { numRuns: 300 },
  );
});

test('any layout round trips (indent, CRLF, compact, no final newline)', () => {
  fc.assert(
    fc.property(notebook, fc.constantFrom(0, 1, 2, 4, '\t'), fc.boolean(), fc.boolean(), (nb, indent, crlf, final) => {
      let written = JSON.stringify(nb, null, indent as number | string);
      if (crlf) written = written.replace(/\n/g, '\r\n');
      if (final) written += crlf ? '\r\n' : '\n';
      assert.is(toIpynb(fromIpynb(written)), written);
    }),
    { numRuns: 300 },
  );
});

/** Containers of a JSON value with the path to each, depth first. */
function containers(v: unknown, out: (unknown[] | Record<string, unknown>)[] = []): (unknown[] | Record<string, unknown>)[] {
  if (typeof v === 'object' && v !== null) {
    out.push(v as unknown[] | Record<string, unknown>);
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

test('an edit in place anywhere in a Jupyter-layout notebook is written (the unchanged-file shortcut never gives stale bytes)', () => {
  const edit = fc.tuple(fc.nat(), fc.nat(), fc.nat(3), json);
  fc.assert(
    fc.property(notebook, fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), (data, edits, final) => {
      let text = toIpynb(data);
      if (!final) text = text.slice(0, -1);
      const nb = fromIpynb(text);
      assert.is(toIpynb(nb), text);
      for (const [which, member, kind, value] of edits) {
        const all = containers(nb);
        const c = all[which % all.length]!;
        const keys = Object.keys(c);
        const key = keys.length === 0 ? '0' : keys[member % keys.length]!;
        const target = c as Record<string, unknown>;
        if (kind === 0) target[key] = value;
        else if (kind === 1 && Array.isArray(c)) c.push(value);
        else if (kind === 1) target[`k${member}`] = value;
        else if (kind === 2 && Array.isArray(c)) c.splice(member % Math.max(c.length, 1), 1);
        else if (kind === 2) delete target[key];
        else if (typeof target[key] === 'string') target[key] = `${target[key]}x`;
        else if (typeof target[key] === 'number') target[key] = (target[key] as number) + 1;
        else target[key] = value;
        // What the writer gives for the notebook must be what it gives for the same data
        // with no file behind it (the file was in Jupyter's layout), less the final newline
        // if the file had none.
        const fresh = toIpynb(cloneJson(nb));
        assert.is(toIpynb(nb), final ? fresh : fresh.slice(0, -1));
      }
    }),
    { numRuns: 300 },
  );
});

test('edits in place write the same bytes whichever way the file was read (JSON.parse and a record, or the lossless parser)', () => {
  const edit = fc.tuple(fc.nat(), fc.nat(), fc.nat(3), json);
  const apply = (nb: Notebook, [which, member, kind, value]: [number, number, number, unknown]) => {
    const all = containers(nb);
    const c = all[which % all.length]!;
    const keys = Object.keys(c);
    const key = keys.length === 0 ? '0' : keys[member % keys.length]!;
    const target = c as Record<string, unknown>;
    if (kind === 0) target[key] = cloneJson(value);
    else if (kind === 1 && Array.isArray(c)) c.push(cloneJson(value));
    else if (kind === 1) target[`k${member}`] = cloneJson(value);
    else if (kind === 2 && Array.isArray(c)) c.splice(member % Math.max(c.length, 1), 1);
    else if (kind === 2) delete target[key];
    else if (typeof target[key] === 'string') target[key] = `${target[key]}x`;
    else target[key] = cloneJson(value);
  };
  fc.assert(
    fc.property(
      notebook,
      fc.constantFrom(0, 1, 2, 4, '\t'),
      fc.boolean(),
      fc.boolean(),
      fc.array(edit, { maxLength: 3 }),
      (data, indent, crlf, final, edits) => {
        let text = indent === 1 ? toIpynb(data).slice(0, -1) : JSON.stringify(data, null, indent as number | string);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        if (final) text += crlf ? '\r\n' : '\n';
        // A byte order mark sends the file through the lossless parser.
        const a = fromIpynb(text);
        const b = fromIpynb(`\uFEFF${text}`);
        for (const e of edits) {
          apply(a, e);
          apply(b, e);
        }
        assert.is(`\uFEFF${toIpynb(a)}`, toIpynb(b));
        assert.is(`\uFEFF${toIpynb(a, { canonical: true })}`, `\uFEFF${toIpynb(b, { canonical: true })}`);
      },
    ),
    { numRuns: 400 },
  );
});

/** Number lexemes: those JSON.parse loses (`1.0`, `1E+2`, integers beyond 2^53...) and plain ones beside them. */
const lexeme = fc.constantFrom(
  '1.0',
  '-0.0',
  '1e5',
  '1E+2',
  '2.50e1',
  '12345678901234567890',
  '9007199254740993',
  '-9007199254740993',
  '-900719925474099',
  '900719925474099',
  '0.5',
  '7',
  '-3',
  '1.5e-3',
  '0',
);

test('number lexemes JavaScript would lose are remembered, wherever they are and whatever strings surround them', () => {
  const tricky = fc.oneof(text, fc.constantFrom('a"b', 'c\\d', '\\"1.0', '1.0', '"1e5"', 'x\\', '\\\\', '12345678901234567890', '": 1.0, "'));
  fc.assert(
    fc.property(notebook, json, lexeme, lexeme, tricky, fc.constantFrom(0, 1, 2, '\t'), (data, other, a, b, s, indent) => {
      data.metadata = { ...data.metadata, t: s, x: other, n: '@@A@@', l: [s, '@@B@@', other, s] } as Notebook['metadata'];
      const written = JSON.stringify(data, null, indent as number | string)
        .replace('"@@A@@"', a)
        .replace('"@@B@@"', b);
      const nb = fromIpynb(written);
      assert.is(toIpynb(nb), written);
      const special = (lex: string) => (isSpecialNumberLexeme(lex, Number(lex)) ? lex : undefined);
      assert.is(numberLexeme(nb.metadata, 'n'), special(a), a);
      assert.is(numberLexeme(nb.metadata.l as unknown[], 1), special(b), b);
    }),
    { numRuns: 400 },
  );
});

test('the scan for number lexemes JSON.parse loses answers exactly as the lossless parser remembers, in any layout', () => {
  const tricky = fc.constantFrom('a"b', 'c\\d', '\\"1.0', 'x: 1.0', '"a": 1e5,', 'k\\": 2.0', '\\\\', ': 12345678901234567890', '": 1.0, "');
  // Lexemes as a member's value, as an array's member, and inside strings that hold colons and quotes.
  const remembered = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => numberLexeme(v, Array.isArray(v) ? Number(k) : k) !== undefined || remembered(x));
  fc.assert(
    fc.property(notebook, lexeme, lexeme, tricky, fc.constantFrom(0, 1, 2, '\t'), fc.boolean(), (data, a, b, s, indent, inArray) => {
      data.metadata = { ...data.metadata, [s]: s, n: inArray ? [s, '@@A@@'] : '@@A@@', m: { [`${s}:`]: '@@B@@' } } as Notebook['metadata'];
      let written = JSON.stringify(data, null, indent as number | string);
      if (indent === 1) written = written.replace(/\n/g, '\r\n');
      written = written.replace('"@@A@@"', a).replace('"@@B@@"', b);
      const expected = remembered(parseJson(written).value);
      assert.is(holdsSpecialNumbers(written, JSON.parse(written)), expected, written);
      assert.is(holdsSpecialNumberTokens(written), expected, written);
      if (!/\d{16}/.test(written)) assert.is(holdsSpecialNumberTokens(written, true), expected, written);
      // the two colon scans (a regular expression in a cold process, a loop once warm) agree
      assert.is(colonLoop(written), colonRegex(written), written);
    }),
    { numRuns: 500 },
  );
});

test('the top-level members read from the end of the text answer as the lossless parser remembers', () => {
  // The scan reads the last members of the notebook backwards (where `nbformat` and
  // `nbformat_minor` usually are): any order, layout, escaped or repeated key, and a
  // special lexeme anywhere else must still be found.
  const lexeme = fc.constantFrom('1.0', '4', '5', '-0.0', '1e5', '12345678901234567890', '0.5', '7', '"s"', 'true', 'null', '[3]', '{"k": 2.0}', '{"k": 2}');
  const key = fc.constantFrom('nbformat', 'nbformat_minor', 'x', 'a\\"b', 'c\\\\', 'y');
  const remembered = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => numberLexeme(v, Array.isArray(v) ? Number(k) : k) !== undefined || remembered(x));
  fc.assert(
    fc.property(
      notebook,
      fc.array(fc.tuple(key, lexeme), { maxLength: 4 }),
      fc.constantFrom('', '1.0', '3', '"t"'),
      fc.constantFrom(0, 1, '\t'),
      fc.constantFrom('', '\n', ' \r\n'),
      (data, tail, inside, indent, end) => {
        const { nbformat: _a, nbformat_minor: _b, ...rest } = data;
        if (inside !== '') (rest.metadata as Record<string, unknown>).i = '@@I@@';
        let written = JSON.stringify(rest, null, indent as number | string).replace('"@@I@@"', inside);
        const sep = indent === 0 ? '' : `\n${indent === 1 ? ' ' : '\t'}`;
        const members = [...tail, ['nbformat', '4'], ['nbformat_minor', '5']].map(([k, v]) => `"${k}":${indent === 0 ? '' : ' '}${v}`);
        written = `${written.slice(0, written.lastIndexOf('}')).trimEnd()},${sep}${members.join(`,${sep}`)}${indent === 0 ? '' : '\n'}}${end}`;
        const value = JSON.parse(written);
        const expected = remembered(parseJson(written).value);
        const holds = holdsSpecialNumbers(written, value);
        // Sound always; exact when no key is repeated (a repeated key's first lexeme is lost by both readers).
        if (expected) assert.ok(holds, written);
        if (new Set(tail.map(([k]) => k)).size === tail.length && !tail.some(([k]) => k.startsWith('nbformat'))) assert.is(holds, expected, written);
      },
    ),
    { numRuns: 500 },
  );
});

test('long strings with many escapes, many tiny strings and deep data read as JSON.parse reads them', () => {
  const escapes = `{"s": "${'ab\\n'.repeat(200_000)}\\"", "t": ["${'\\"'.repeat(50_000)}"]}`;
  const tiny = `{"a": [${Array.from({ length: 100_000 }, (_, i) => `"${i % 10}"`).join(',')}]}`;
  // as deep as nbgit reads (MAX_DEPTH levels); one level more is a located ELIMIT error
  const deep = `{"d": ${'{"k": ['.repeat(499)}1.0${']}'.repeat(499)}}`;
  for (const t of [escapes, tiny, deep]) assert.equal(parseJson(t).value, JSON.parse(t));
  assert.throws(() => parseJson(`{"d": ${'{"k": ['.repeat(500)}1.0${']}'.repeat(500)}}`), /^1:3506: invalid notebook: nested deeper than 1000 levels/);
  assert.is(holdsSpecialNumbers(deep, JSON.parse(deep)), true);
  assert.is(holdsSpecialNumberTokens(deep), true);
  assert.is(holdsSpecialNumbers(escapes, JSON.parse(escapes)), false);
});

test('the native read refuses data deeper than the limit and numbers beyond a double, wherever they are', () => {
  const nb = (metadata: string) => `{"cells": [], "metadata": ${metadata}, "nbformat": 4, "nbformat_minor": 5}`;
  // no special lexeme at all: only the depth sends it to the lossless parser, whose error says where
  const at = (levels: number) => nb(`{"d": ${'['.repeat(levels)}${']'.repeat(levels)}}`);
  assert.is(holdsSpecialNumbers(at(998), JSON.parse(at(998))), false);
  assert.is(holdsSpecialNumbers(at(999), JSON.parse(at(999))), true);
  assert.is(fromIpynb(at(998)).metadata.d !== undefined, true);
  assert.throws(() => fromIpynb(at(999)), /^1:1031: invalid notebook: nested deeper than 1000 levels/);
  for (const big of ['[1e400]', '[2, -1e999]', '{"x": 1e400}', '[9007199254740993]']) {
    const text = nb(`{"a": ${big}}`);
    assert.is(holdsSpecialNumbers(text, JSON.parse(text)), true, big);
    assert.is(toIpynb(fromIpynb(text)), text);
  }
});

test("the node layout made from a record of the values equals the lossless parser's, or is not made", () => {
  fc.assert(
    fc.property(
      notebook,
      json,
      fc.constantFrom(0, 1, 2, '\t'),
      fc.boolean(),
      fc.constantFrom('', '{"1": 0, "0": 1}', '{"a": 1, "a": 2}', '{"\\u0031": 0, "\\u0030": 1}', '{"\\u0061": "\\n\\"", "b\\/": []}'),
      (data, extra, indent, crlf, raw) => {
        data.metadata = { ...data.metadata, extra: extra as Notebook['metadata'][string], raw: '@@RAW@@' };
        let written = JSON.stringify(data, null, indent as number | string).replace('"@@RAW@@"', raw || '0');
        if (crlf) written = written.replace(/\n/g, '\r\n');
        const rec: ValueRecord = { slots: [], n: 0, safe: true };
        recordValues(JSON.parse(written), Ctx.Root, rec);
        rec.slots.length = rec.n;
        const made = layoutFromRecord(written, rec.slots);
        const parsed = parseJson(written);
        if (raw === '{"1": 0, "0": 1}' || raw === '{"a": 1, "a": 2}' || raw === '{"\\u0031": 0, "\\u0030": 1}') assert.is(made, undefined);
        else if (made === undefined) {
          // Only when JavaScript reorders keys: integer-like ones come first.
          const indexKey = (v: unknown): boolean =>
            typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => (!Array.isArray(v) && /^(0|[1-9][0-9]{0,8})$/.test(k)) || indexKey(x));
          assert.ok(indexKey(JSON.parse(written)), written);
        } else assert.equal(made, { layout: parsed.layout, valueStart: parsed.valueStart, valueEnd: parsed.valueEnd });
      },
    ),
    { numRuns: 300 },
  );
});

test('huge strings and many cells', () => {
  const big = 'x'.repeat(5_000_000);
  const nb = { cells: [{ cell_type: 'raw', id: 'r', metadata: {}, source: big }], metadata: {}, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook;
  const w = toIpynb(nb);
  assert.is(toIpynb(fromIpynb(w)), w);
});

test('new notebooks are byte-identical to Python json.dumps (nbformat writer) output', async () => {
  const { spawnSync } = await import('node:child_process');
  if (spawnSync('python3', ['-c', 'print(1)']).status !== 0) return;
  const samples = fc.sample(notebook, { numRuns: 150, seed: 42 });
  // nbformat splits multi-line strings before dumping; give Python the split form.
  const split = samples.map((nb) => JSON.parse(toIpynb(nb)) as unknown);
  const script =
    'import json,sys\nfor nb in json.load(sys.stdin): sys.stdout.write(json.dumps(nb, sort_keys=True, indent=1, separators=(",", ": "), ensure_ascii=False) + "\\n\\u0000")';
  const py = spawnSync('python3', ['-c', script], { input: JSON.stringify(split), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.is(py.status, 0, py.stderr);
  const expected = py.stdout.split('\u0000').slice(0, -1);
  samples.forEach((nb, i) => assert.is(toIpynb(nb), expected[i]!.replace(/(\d)\.0(?=[,\n\]])/g, '$1'), `sample ${i}`));
});

test.run();
