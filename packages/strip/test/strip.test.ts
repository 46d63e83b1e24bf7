import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { DEFAULT_STRIP_KEYS, outputSize, parseOutputType, parseSize, pythonTruthy, strip, stripWithReport } from '@nbgit/strip';
import { listFiles, sharedDir, sharedMissing, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** A small notebook written by Jupyter, with outputs, counts, ids and volatile metadata. */
const JUPYTER = `{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "intro",
   "metadata": {},
   "source": [
    "# Title"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "id": "c1",
   "metadata": {
    "ExecuteTime": {
     "end_time": "2024-01-01T00:00:01Z"
    },
    "collapsed": false,
    "tags": [
     "keep-me"
    ]
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "hello\\n"
     ]
    },
    {
     "data": {
      "text/plain": [
       "42"
      ]
     },
     "execution_count": 3,
     "metadata": {},
     "output_type": "execute_result"
    }
   ],
   "source": [
    "print('hello')\\n",
    "42"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "c2",
   "metadata": {},
   "outputs": [],
   "source": [
    "   "
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python",
   "name": "python3"
  },
  "widgets": {
   "state": {}
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
`;

const read = () => fromIpynb(JUPYTER);
const code = (nb: Notebook, i: number) => {
  const c = nb.cells[i]!;
  if (c.cell_type !== 'code') throw new Error('not a code cell');
  return c;
};

test('default: outputs, counts, ExecuteTime, collapsed and widgets go; ids and tags stay', () => {
  const out = strip(read());
  const c = code(out, 1);
  assert.equal(c.outputs, []);
  assert.is(c.execution_count, null);
  assert.equal(c.metadata, { tags: ['keep-me'] });
  assert.is(c.id, 'c1');
  assert.equal(Object.keys(out.metadata), ['kernelspec']);
  assert.equal(
    out.cells.map((x) => x.id),
    ['intro', 'c1', 'c2'],
  );
});

test('the input is not mutated', () => {
  const nb = read();
  const before = JSON.stringify(nb);
  strip(nb, { sequentialIds: true, dropEmptyCells: true, extraKeys: ['cell.metadata.tags', 'metadata.kernelspec.name'] });
  assert.is(JSON.stringify(nb), before);
});

test('output is idempotent and unchanged cells keep their bytes', () => {
  const once = toIpynb(strip(read()));
  const again = fromIpynb(once);
  assert.ok(strip(again) === again);
  assert.is(toIpynb(strip(again)), once);
  // The markdown cell and the already-clean cell are copied through verbatim.
  for (const id of ['intro', 'c2']) {
    const start = JUPYTER.indexOf(`   "id": "${id}"`);
    const chunk = JUPYTER.slice(JUPYTER.lastIndexOf('  {', start), JUPYTER.indexOf('\n  }', start));
    assert.ok(once.includes(chunk), id);
  }
});

test('a non-Jupyter layout is kept: CRLF, 4-space indent, unsorted keys', () => {
  const { cells, ...rest } = JSON.parse(JUPYTER) as Record<string, unknown>;
  const messy = JSON.stringify({ nbformat: 4, ...rest, cells }, null, 4).replace(/\n/g, '\r\n');
  const out = toIpynb(strip(fromIpynb(messy)));
  assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
  assert.ok(out.startsWith('{\r\n    "nbformat": 4,\r\n    "metadata": {'), 'key order kept');
  assert.ok(out.includes('\r\n                    "keep-me"\r\n'), '4-space indent kept');
  assert.ok(!out.endsWith('\n'), 'no final newline added');
  assert.equal(JSON.parse(out), JSON.parse(toIpynb(strip(read()))));
});

test('"outputs": null becomes [] (as nbstripout does), unless outputs are kept', () => {
  const text =
    '{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": null, "source": "x"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}';
  const r = stripWithReport(fromIpynb(text, { legacy: 'keep' })); // as strip and the filter read
  assert.equal((r.notebook.cells[0] as { outputs: unknown }).outputs, []);
  assert.ok(r.changes.some((c) => c.kind === 'outputs' && c.path === 'cells[0].outputs'));
  assert.ok(toIpynb(r.notebook).includes('"outputs": []'));
  assert.is((strip(fromIpynb(text, { legacy: 'keep' }), { keepOutput: true }).cells[0] as { outputs: unknown }).outputs, null);
  // the other commands rely on a list there: a located error
  assert.throws(() => fromIpynb(text), /1:86: cells\[0\]\.outputs: expected a list, found null/);
});

test('keepOutput and keepCount', () => {
  const c = code(strip(read(), { keepOutput: true }), 1);
  assert.is(c.outputs.length, 2);
  assert.is((c.outputs[1] as { execution_count: unknown }).execution_count, null);
  assert.is(c.execution_count, null);
  const k = code(strip(read(), { keepOutput: true, keepCount: true }), 1);
  assert.is((k.outputs[1] as { execution_count: unknown }).execution_count, 3);
  assert.is(k.execution_count, 3);
  assert.is(code(strip(read(), { keepCount: true }), 1).execution_count, 3);
});

test('notebook metadata keep_output decides the default; cell keep_output false wins over keepOutput', () => {
  const nb = read();
  nb.metadata.keep_output = true;
  assert.is(code(strip(nb), 1).outputs.length, 2);
  nb.metadata.keep_output = [];
  assert.is(code(strip(nb), 1).outputs.length, 0, 'Python truthiness: [] is false');
  const cell = read();
  code(cell, 1).metadata.keep_output = false;
  assert.is(code(strip(cell, { keepOutput: true }), 1).outputs.length, 0);
});

test('init_cell: kept unless stripInitCells; init_cell false strips even a keep_output cell', () => {
  const nb = read();
  code(nb, 1).metadata.init_cell = true;
  assert.is(code(strip(nb), 1).outputs.length, 2);
  assert.is(code(strip(nb, { stripInitCells: true }), 1).outputs.length, 0);
  code(nb, 1).metadata.init_cell = false;
  code(nb, 1).metadata.keep_output = true;
  assert.is(code(strip(nb), 1).outputs.length, 0);
});

test('sequentialIds renumbers after dropped cells', () => {
  const out = strip(read(), { sequentialIds: true, dropEmptyCells: true });
  assert.equal(
    out.cells.map((c) => c.id),
    ['0', '1'],
  );
});

test('dropTaggedCells drops every listed tag (nbstripout 0.9.1 drops only the last)', () => {
  const nb = read();
  nb.cells[0]!.metadata.tags = ['a'];
  code(nb, 1).metadata.tags = ['b'];
  const out = strip(nb, { dropTaggedCells: ['a', 'b'] });
  assert.equal(
    out.cells.map((c) => c.id),
    ['c2'],
  );
});

test('dropEmptyCells uses `input` for nbformat 3 code cells (nbstripout drops them all)', () => {
  const v3 = {
    nbformat: 3,
    nbformat_minor: 0,
    metadata: {},
    worksheets: [
      {
        cells: [
          {
            cell_type: 'code',
            input: 'x = 1',
            outputs: [{ output_type: 'pyout', text: '1' }],
            prompt_number: 1,
            language: 'python',
            collapsed: false,
            metadata: {},
          },
          { cell_type: 'code', input: '  \n', outputs: [], prompt_number: 2, language: 'python', collapsed: false, metadata: {} },
          { cell_type: 'markdown', source: 'text', metadata: {} },
        ],
      },
    ],
  } as unknown as Notebook;
  const out = strip(v3, { dropEmptyCells: true }) as unknown as { worksheets: { cells: { outputs?: unknown[]; prompt_number?: unknown }[] }[] };
  const cells = out.worksheets[0]!.cells;
  assert.is(cells.length, 2);
  assert.equal(cells[0]!.outputs, []);
  assert.is(cells[0]!.prompt_number, null);
});

test('extra keys: nested paths, keys containing dots, whole cell keys; keepMetadataKeys', () => {
  const nb = read();
  nb.metadata['a.b'] = { c: 1, d: 2 };
  nb.metadata.x = { 'y.z': 1, w: 2 };
  const out = strip(nb, {
    extraKeys: ['metadata.kernelspec.display_name', 'metadata.a.b.c', 'metadata.x.y.z', 'cell.metadata.tags', 'cell.id', 'metadata.nothing.here'],
  });
  assert.equal(out.metadata.kernelspec, { language: 'python', name: 'python3' });
  // As nbstripout's pop_recursive: the whole rest of the key is tried at each level, and
  // only the first dot splits, so `a.b.c` does not reach into a key named `a.b`.
  assert.equal(out.metadata['a.b'], { c: 1, d: 2 });
  assert.equal(out.metadata.x, { w: 2 });
  assert.ok(!('a.b' in strip(nb, { extraKeys: ['metadata.a.b'] }).metadata));
  assert.equal(code(out, 1).metadata, {});
  assert.ok(out.cells.every((c) => !('id' in c)));
  const kept = strip(read(), { keepMetadataKeys: ['cell.metadata.collapsed', 'metadata.widgets'] });
  assert.equal(code(kept, 1).metadata, { collapsed: false, tags: ['keep-me'] });
  assert.ok('widgets' in kept.metadata);
  assert.ok(DEFAULT_STRIP_KEYS.includes('cell.metadata.collapsed'));
});

test('maxSize keeps small outputs; keepOutputTypes and dropOutputTypes', () => {
  // stream output: "stdout" + "stream" + "hello\n" = 18 characters
  assert.is(outputSize({ name: 'stdout', output_type: 'stream', text: ['hello\n'] }), 18);
  // execute_result: "42" + 3 (as "3") + "execute_result" = 17 characters
  assert.is(code(strip(read(), { maxSize: 18 }), 1).outputs.length, 2);
  assert.equal(
    code(strip(read(), { maxSize: 17 }), 1).outputs.map((o) => o.output_type),
    ['execute_result'],
  );
  assert.is(code(strip(read(), { maxSize: 16 }), 1).outputs.length, 0);
  assert.is(code(strip(read(), { maxSize: parseSize('1k') }), 1).outputs.length, 2);
  assert.is(code(strip(read(), { keepOutputTypes: ['execute_result'] }), 1).outputs.length, 1);
  assert.is(code(strip(read(), { keepOutput: true, dropOutputTypes: ['stream:stdout'] }), 1).outputs.length, 1);
  assert.is(code(strip(read(), { keepOutput: true, dropOutputTypes: ['stream:stderr'] }), 1).outputs.length, 2);
});

test('report lists what was removed', () => {
  const { changes } = stripWithReport(read());
  assert.equal(changes, [
    { kind: 'key', path: 'metadata.widgets' },
    { kind: 'outputs', path: 'cells[1].outputs' },
    { kind: 'execution_count', path: 'cells[1].execution_count' },
    { kind: 'key', path: 'cells[1].metadata.collapsed' },
    { kind: 'key', path: 'cells[1].metadata.ExecuteTime' },
  ]);
});

test('options are read at every call: the same object changed in between, Infinity and NaN sizes', () => {
  const nb = fromIpynb(JUPYTER);
  const options: { keepCount?: boolean; maxSize?: number } = {};
  assert.is(strip(nb, options).cells[1]!.execution_count, null);
  options.keepCount = true;
  assert.is(strip(nb, options).cells[1]!.execution_count, 3);
  const kept = (maxSize: number) => (strip(nb, { maxSize }).cells[1] as { outputs: unknown[] }).outputs.length;
  assert.is(kept(Number.POSITIVE_INFINITY), 2);
  assert.is(kept(Number.NaN), 0);
  assert.is(kept(Number.POSITIVE_INFINITY), 2);
});

test('helpers: sizes, output types, truthiness', () => {
  assert.is(parseSize('50'), 50);
  assert.is(parseSize('2M'), 2e6);
  assert.is(parseSize('3g'), 3e9);
  assert.throws(() => parseSize('12x'), /invalid size/);
  assert.equal(parseOutputType('stream:stderr'), { outputType: 'stream', name: 'stderr' });
  assert.equal(parseOutputType('error'), { outputType: 'error' });
  assert.is(outputSize('😀é'), 2, 'code points, as Python len()');
  assert.is(outputSize([null, true, false, 12]), 4 + 4 + 5 + 2);
  assert.ok(!pythonTruthy({}) && !pythonTruthy('') && !pythonTruthy(0) && pythonTruthy([0]) && pythonTruthy('x'));
});

const shared = sharedDir();
if (shared) {
  const files = listFiles(`${shared}/fixtures`, (n) => n.endsWith('.ipynb'));
  for (const file of files) {
    const name = relative(shared, file);
    test(`idempotent ${name}`, () => {
      const text = readFileSync(file, 'utf8');
      let nb: Notebook;
      try {
        nb = fromIpynb(text, { legacy: 'keep' });
      } catch {
        return; // not JSON: covered by the error tests
      }
      let once: string;
      try {
        once = toIpynb(strip(nb));
      } catch (e) {
        assert.match(String(e), /contradicts tags/);
        return;
      }
      const again = fromIpynb(once, { legacy: 'keep' });
      assert.ok(strip(again) === again, 'nothing left to strip');
      assert.is(toIpynb(again), once);
    });
  }
} else skipTest(test, 'idempotent on every shared fixture', sharedMissing());

test('a percent spelling record an older nbgit left in a notebook is stripped; other nbgit keys stay', () => {
  const nb = (nbgit: object): Notebook => ({ cells: [], metadata: { nbgit } as Notebook['metadata'], nbformat: 4, nbformat_minor: 5 });
  assert.equal(strip(nb({ percent: { marker: '#%%' } })).metadata, {});
  assert.equal(strip(nb({ percent: { marker: '#%%' }, other: 1 })).metadata, { nbgit: { other: 1 } });
});

test.run();
