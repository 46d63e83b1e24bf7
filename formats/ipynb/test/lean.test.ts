// readJupyterLayout reads a Jupyter-layout notebook cell by cell from its text in pieces (the
// remote side of a large merge): it must give what fromIpynb gives, or nothing; and
// toIpynbParts must give toIpynb's text in parts.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { JsonObject, Notebook } from '@nbgit/core';
import { fromIpynb, inJupyterLayout, readJupyterLayout, toIpynb, toIpynbParts } from '@nbgit/ipynb';
import { listFiles, sharedDir, sharedMissing, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** `text` in pieces cut at `n` pseudo-random places (seeded: the same cuts every run). */
function pieces(text: string, n: number, seed: number): string[] {
  let x = seed;
  const cuts = new Set<number>();
  for (let k = 0; k < n; k++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    cuts.add(x % (text.length + 1));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: string[] = [];
  let at = 0;
  for (const c of sorted) {
    out.push(text.slice(at, c));
    at = c;
  }
  out.push(text.slice(at));
  return out;
}

/** fromIpynb's notebook, or undefined when it throws. */
function read(text: string): Notebook | undefined {
  try {
    return fromIpynb(text);
  } catch {
    return undefined;
  }
}

const small = {
  cells: [
    { cell_type: 'markdown', id: 'a', metadata: {}, source: ['# Title\n', 'text é 😀'] },
    {
      cell_type: 'code',
      execution_count: 3,
      id: 'b',
      metadata: { tags: ['x'] },
      outputs: [{ name: 'stdout', output_type: 'stream', text: ['1\n'] }],
      source: 'x = {"a": [1, 2.5]}',
    },
    { cell_type: 'raw', id: 'c', metadata: {}, source: [] },
  ],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
  nbformat: 4,
  nbformat_minor: 5,
};
const text = `${JSON.stringify(small, null, 1)}\n`;

test('a Jupyter-layout notebook: what fromIpynb reads, in any pieces, each cell given to `each` in order', () => {
  const expected = JSON.stringify(fromIpynb(text));
  for (let seed = 1; seed <= 20; seed++) {
    const seen: number[] = [];
    const nb = readJupyterLayout(pieces(text, seed % 7 === 0 ? 0 : seed * 3, seed), (cell, k) => {
      assert.is((cell as JsonObject).id, small.cells[k]!.id);
      seen.push(k);
    });
    assert.ok(nb, `seed ${seed}`);
    assert.is(JSON.stringify(nb), expected);
    assert.equal(seen, [0, 1, 2]);
    assert.is(toIpynb(nb!), toIpynb({ ...fromIpynb(text) }));
  }
});

test('any other text gives nothing: another layout, a changed byte, lexemes JSON.parse loses, keys twice, no final newline, a bad spine', () => {
  const at = (s: string, from: string, to: string) => {
    assert.ok(s.includes(from), from);
    return s.replace(from, to);
  };
  const others = [
    `${JSON.stringify(small, null, 2)}\n`,
    text.slice(0, -1),
    `${text}\n`,
    `\uFEFF${text}`,
    at(text, '"execution_count": 3', '"execution_count": 3.0'),
    at(text, '"execution_count": 3', '"execution_count": 1e400'),
    at(text, '"execution_count": 3', '"execution_count": 12345678901234567890'),
    at(text, '"id": "a",', '"id": "a",\n   "id": "a",'),
    at(text, '"cell_type": "markdown"', '"cell_type":"markdown"'),
    at(text, '"nbformat": 4', '"nbformat": 3'),
    at(text, '"source": []', '"source": 42'),
    at(text, '"nbformat_minor": 5\n}', '"nbformat_minor": 5,\n "nbformat_minor": 5\n}'),
    at(text, '  },\n  {\n   "cell_type": "raw"', '  }\n  {\n   "cell_type": "raw"'),
    at(text, '"text é 😀"', '"text é 😀\\u0041"'),
    text.replace(/\n {2}\}/, '\n  ]'),
    '{\n "cells": [\n  {',
    '',
  ];
  for (const other of others) {
    assert.is(readJupyterLayout([other]), undefined, other);
    assert.is(readJupyterLayout(pieces(other, 9, 7)), undefined, other);
  }
});

test('toIpynbParts gives toIpynb in parts: as read, edited, canonical, new', () => {
  const nb = fromIpynb(`${JSON.stringify(small, null, 2)}\n`);
  const same = (n: Notebook, options?: { canonical?: boolean }) => assert.is([...toIpynbParts(n, options)].join(''), toIpynb(n, options));
  same(nb);
  same(nb, { canonical: true });
  (nb.cells[0]!.source as string[]).push('more');
  same(nb);
  same(nb, { canonical: true });
  same(fromIpynb(text));
  same(JSON.parse(text) as Notebook);
  const parts = [...toIpynbParts(JSON.parse(text) as Notebook)];
  assert.ok(parts.length > 3, 'a notebook written as Jupyter does comes cell by cell');
});

const shared = sharedDir();
if (shared) {
  test('every shared fixture: readJupyterLayout gives fromIpynb without its layout, or nothing; inJupyterLayout files are read', () => {
    let read4 = 0;
    for (const file of listFiles(`${shared}/fixtures`, (n) => n.endsWith('.ipynb'))) {
      const name = relative(shared, file);
      const t = readFileSync(file, 'utf8');
      const lean = readJupyterLayout(pieces(t, 5, t.length));
      const nb = read(t);
      if (lean !== undefined) {
        assert.ok(nb, name);
        assert.is(JSON.stringify(lean), JSON.stringify(nb), name);
        assert.is(toIpynb(lean), toIpynb({ ...nb! }), name);
        read4++;
      } else if (nb !== undefined && nb.nbformat === 4) assert.not.ok(inJupyterLayout(nb), `${name} is in Jupyter's layout`);
      const parts = nb === undefined ? undefined : [...toIpynbParts(nb)].join('');
      if (nb !== undefined) assert.is(parts, toIpynb(nb), name);
    }
    assert.ok(read4 > 10, `${read4} fixtures in Jupyter's layout`);
  });
} else skipTest(test, 'shared fixtures', sharedMissing());

test.run();
