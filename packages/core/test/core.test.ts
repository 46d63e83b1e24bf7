import { spawnSync } from 'node:child_process';
import { assignCellIds, type Cell, hashCell, hashOutput, hashValue, joinSource, NbgitError, positionAt, splitLines } from '@nbgit/core';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('splitLines follows Python str.splitlines(True)', () => {
  assert.equal(splitLines(''), []);
  assert.equal(splitLines('a'), ['a']);
  assert.equal(splitLines('a\nb\n'), ['a\n', 'b\n']);
  assert.equal(splitLines('a\r\nb\rc'), ['a\r\n', 'b\r', 'c']);
  assert.equal(splitLines('a\fb\u2028c'), ['a\f', 'b\u2028', 'c']);
  assert.equal(splitLines('\x1c\x1d\x1e\x85\v'), ['\x1c', '\x1d', '\x1e', '\x85', '\v']);
  assert.equal(splitLines('a\x1bb\x0ec'), ['a\x1bb\x0ec']);
});

const python = spawnSync('python3', ['-c', 'print(1)']).status === 0;
test('splitLines agrees with Python on random text', () => {
  if (!python) return;
  const samples = fc.sample(
    fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029', '\t', ' ') }),
    200,
  );
  const py = spawnSync('python3', ['-c', 'import json,sys; print(json.dumps([s.splitlines(True) for s in json.load(sys.stdin)]))'], {
    input: JSON.stringify(samples),
    encoding: 'utf8',
  });
  assert.is(py.status, 0, py.stderr);
  assert.equal(samples.map(splitLines), JSON.parse(py.stdout));
});

test('joinSource', () => {
  assert.is(joinSource(['a\n', 'b']), 'a\nb');
  assert.is(joinSource('x'), 'x');
  assert.is(joinSource(undefined), '');
});

test('hashes ignore key order and list-vs-string sources, not content', () => {
  assert.is(hashValue({ a: 1, b: [2, 3] }), hashValue({ b: [2, 3], a: 1 }));
  assert.is.not(hashValue({ a: 1 }), hashValue({ a: 2 }));
  const a: Cell = {
    cell_type: 'code',
    id: 'x',
    metadata: { k: 1 },
    source: ['a\n', 'b'],
    outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n', '2'] }],
    execution_count: 1,
  };
  const b: Cell = {
    cell_type: 'code',
    id: 'y',
    metadata: { k: 1 },
    source: 'a\nb',
    outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n2' }],
    execution_count: 1,
  };
  assert.is(hashCell(a), hashCell(b));
  assert.is.not(hashCell(a, { includeId: true }), hashCell(b, { includeId: true }));
  assert.is(hashOutput(a.outputs[0]), hashOutput(b.outputs[0]));
  const c = { ...b, execution_count: 2 } as Cell;
  assert.is.not(hashCell(a), hashCell(c));
  assert.is(hashCell(a, { ignoreOutputs: true }), hashCell(c, { ignoreOutputs: true }));
});

test('assignCellIds: deterministic, valid, unique, stable when other cells change', () => {
  const mk = (srcs: string[]): Cell[] => srcs.map((s) => ({ cell_type: 'markdown', metadata: {}, source: s }));
  const one = assignCellIds(mk(['a', 'b', 'a']));
  const two = assignCellIds(mk(['a', 'b', 'a']));
  assert.equal(
    one.map((c) => c.id),
    two.map((c) => c.id),
  );
  assert.is(new Set(one.map((c) => c.id)).size, 3);
  for (const c of one) assert.match(c.id!, /^[a-zA-Z0-9-_]{1,64}$/);
  const inserted = assignCellIds(mk(['new', 'a', 'b', 'a']));
  assert.equal(
    inserted.slice(1).map((c) => c.id),
    one.map((c) => c.id),
  );
});

test('NbgitError formats file:line:column and keeps a stable code', () => {
  const e = new NbgitError('EJSON', 'bad', { file: 'x.ipynb', position: { line: 3, column: 7 } });
  assert.is(e.message, 'x.ipynb:3:7: bad');
  assert.is(e.code, 'EJSON');
  assert.is(new NbgitError('EIO', 'gone').message, 'gone');
  assert.is(e.withFile('y.ipynb').message, 'y.ipynb:3:7: bad');
  assert.equal(positionAt('ab\ncd', 4), { line: 2, column: 2, offset: 4 });
});

test('assignCellIds stays linear with many equal cells', () => {
  const cells: Cell[] = Array.from({ length: 20000 }, () => ({ cell_type: 'code', metadata: {}, source: 'x', outputs: [], execution_count: null }));
  assignCellIds(cells);
  assert.is(new Set(cells.map((c) => c.id)).size, 20000);
  assert.is(cells[19999]!.id, `${cells[0]!.id}-20000`);
});

test.run();
