// cleanContent's fast path (native JSON parser and writer) must give exactly what the
// byte-exact path gives: toIpynb(strip(fromIpynb(bytes))). Checked on every notebook of the
// shared corpus as it is, re-laid out as JSON.stringify(value, null, 1) writes it (always
// the fast path), the same without the final newline (the fast path too), the same with the
// hex digits of its \u escapes in upper case (as Google Colab writes them), and re-laid out
// with CRLF (never the fast path).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { cleanContent } from '@nbgit/git';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { type StripOptions, strip } from '@nbgit/strip';
import { imageHeavyNotebook, listFiles, sharedDir, sharedMissing, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

function reference(bytes: Buffer, options?: StripOptions): string {
  const nb = fromIpynb(bytes, { legacy: 'keep' });
  return toIpynb(strip(nb, options));
}

const OPTIONS: (StripOptions | undefined)[] = [undefined, { keepOutput: true, sequentialIds: true, extraKeys: ['cell.metadata.tags', 'metadata.kernelspec'] }];

const shared = sharedDir();
if (shared) {
  const files = listFiles(`${shared}/fixtures`, (n) => n.endsWith('.ipynb'));
  test(`fast path = byte-exact path on ${files.length} corpus notebooks x 5 layouts x ${OPTIONS.length} option sets`, () => {
    let compared = 0;
    for (const file of files) {
      const original = readFileSync(file);
      let value: unknown;
      try {
        value = JSON.parse(original.toString('utf8'));
        reference(original);
      } catch {
        continue; // not a notebook, or a contradiction error: covered elsewhere
      }
      const jsLayout = Buffer.from(`${JSON.stringify(value, null, 1)}\n`);
      const noNewline = jsLayout.subarray(0, -1);
      const upperHex = Buffer.from(jsLayout.toString().replace(/\\(?:u[0-9a-fA-F]{4}|[^u])/g, (m) => (m.length === 6 ? `\\u${m.slice(2).toUpperCase()}` : m)));
      const crlf = Buffer.from(jsLayout.toString().replace(/\n/g, '\r\n'));
      for (const bytes of [original, jsLayout, noNewline, upperHex, crlf]) {
        for (const options of OPTIONS) {
          const got = Buffer.from(cleanContent(bytes, { strip: options })).toString('utf8');
          assert.is(got, reference(bytes, options), `${relative(shared, file)} ${JSON.stringify(options)}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 1000, `only ${compared} comparisons`);
  });
} else skipTest(test, 'clean filter on every shared fixture', sharedMissing());

test('numbers and keys the native writer would change are left to the byte-exact path', () => {
  const cell =
    '{\n   "cell_type": "code",\n   "execution_count": 2,\n   "metadata": {\n    "x": 1.0,\n    "10": true,\n    "9": false\n   },\n   "outputs": [],\n   "source": []\n  }';
  const text = Buffer.from(`{\n "cells": [\n  ${cell}\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 4\n}\n`);
  const out = Buffer.from(cleanContent(text)).toString();
  assert.is(out, reference(text));
  assert.match(out, '"x": 1.0,\n    "10": true,\n    "9": false');
});

test('ASCII files with \\u escapes keep them; UTF-8 files keep their characters', () => {
  const make = (text: string) =>
    Buffer.from(
      `{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": 2,\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "${text}"\n   ]\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 4\n}\n`,
    );
  for (const bytes of [make('caf\\u00e9 \\ud83d\\ude00'), make('café 😀'), make('plain'), make('\\u0041\\/')]) {
    const out = Buffer.from(cleanContent(bytes)).toString('utf8');
    assert.is(out, reference(bytes));
    assert.is(out, bytes.toString('utf8').replace('"execution_count": 2', '"execution_count": null'));
  }
});

test('upper-case \\u escapes (Google Colab): kept where a kept string has them, gone with the outputs that had them', () => {
  const make = (source: string, text: string) =>
    Buffer.from(
      `{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": 2,\n   "metadata": {},\n   "outputs": [\n    {\n     "name": "stdout",\n     "output_type": "stream",\n     "text": [\n      "${text}"\n     ]\n    }\n   ],\n   "source": [\n    "${source}"\n   ]\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 4\n}\n`,
    );
  for (const [bytes, source] of [
    [make('print(1)', '\\u001B[33mwarning\\u001B[0m'), 'print(1)'],
    [make('print(\\"\\u001B[1m\\")', '\\u001B[1mbold'), 'print(\\"\\u001B[1m\\")'],
    [make('a \\\\u00AB b', '\\u001Bx'), 'a \\\\u00AB b'],
  ] as const) {
    const out = Buffer.from(cleanContent(bytes)).toString('utf8');
    assert.is(out, reference(bytes));
    assert.match(out, `"source": [\n    "${source}"\n   ]`, 'the source as it was');
    assert.match(out, '"outputs": []');
  }
});

test('warn: cells that still have conflict markers, named as nbgit diff names them', () => {
  const nb = {
    cells: [
      { cell_type: 'markdown', id: 'm', metadata: {}, source: 'Title\n=======' },
      {
        cell_type: 'code',
        execution_count: 1,
        id: 'k1',
        metadata: {},
        outputs: [],
        source: ['<<<<<<< HEAD\n', 'a = 1\n', '=======\n', 'a = 2\n', '>>>>>>> other'],
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  for (const layout of [`${JSON.stringify(nb, null, 1)}\n`, JSON.stringify(nb, null, 3).replace(/\n/g, '\r\n')]) {
    const warnings: string[] = [];
    const out = cleanContent(Buffer.from(layout), { pathname: 'm.ipynb', warn: (m) => warnings.push(m) });
    assert.equal(warnings, ['m.ipynb: cell 1 (code, id k1) still has conflict markers (line 1 of its source); resolve them before you commit']);
    assert.match(Buffer.from(out).toString(), '"execution_count": null', 'stripped all the same');
  }
  const quiet: string[] = [];
  cleanContent(Buffer.from(JSON.stringify({ ...nb, cells: [nb.cells[0]] })), { warn: (m) => quiet.push(m) });
  assert.equal(quiet, []);
});

/** A Jupyter-layout notebook of about 18 MB (cleaned cell by cell): code cells with a 15 kB image each, a conflicted one, a clean one. */
function large(): string {
  return imageHeavyNotebook({ plain: '<Figure> é', tail: true, metadata: { kernelspec: { name: 'python3' }, widgets: {} } }).text;
}

test('a large notebook (cleaned cell by cell): the bytes of the byte-exact path, warnings; one it cannot take, the same', () => {
  const text = large();
  assert.ok(text.length >= 16 << 20);
  // as it is; its last cell's keys out of order (taken whole after all); its first cell's
  const variants = [
    text,
    text.replace('"cell_type": "markdown",\n   "id": "m"', '"id": "m",\n   "cell_type": "markdown"'),
    text.replace('"cell_type": "code",\n   "execution_count": 0,', '"execution_count": 0,\n   "cell_type": "code",'),
  ];
  for (const [k, t] of variants.entries()) {
    const bytes = Buffer.from(t);
    for (const options of k === 0 ? OPTIONS : [undefined]) {
      const warnings: string[] = [];
      let collected = 0;
      const out = cleanContent(bytes, { pathname: 'big.ipynb', strip: options, warn: (m) => warnings.push(m), collect: () => collected++ });
      assert.ok(Buffer.from(out).toString() === reference(bytes, options), `variant ${k}, ${JSON.stringify(options)}`);
      assert.equal(warnings, ['big.ipynb: cell 1200 (code, id k) still has conflict markers (line 1 of its source); resolve them before you commit']);
      if (k === 0 && options === undefined) assert.ok(collected > 0, 'collect is called on the way');
    }
  }
  // nothing to strip: the very same bytes
  const clean = Buffer.from(text);
  const once = cleanContent(clean, { strip: { keepOutput: true, keepCount: true } });
  assert.is(Buffer.from(once).toString(), text.replace(/,\n {2}"widgets": \{\}/, ''));
  assert.is(cleanContent(Buffer.from(once), { strip: { keepOutput: true, keepCount: true } }).length, once.length);
  const same = Buffer.from(text.replace(/,\n {2}"widgets": \{\}/, ''));
  assert.is(cleanContent(same, { strip: { keepOutput: true, keepCount: true } }), same);
});

test.run();
