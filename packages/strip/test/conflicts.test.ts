// nbgit's conflict flag (metadata.nbgit.conflicts) and conflict markers left in cell sources.
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { CONFLICT_FLAG_KEY, findConflictMarkers, hasConflictMarkers, strip, stripWithReport } from '@nbgit/strip';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const FLAG = {
  conflicts: [{ kind: 'source', message: 'source changed differently on both sides (1 conflicting hunk marked in the cell)', path: 'cells[1].source' }],
};

/** Jupyter's layout (keys sorted, indent 1, final newline). */
function jupyter(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return `${JSON.stringify(sort(value), null, 1)}\n`;
}

function notebook(cells: unknown[]): string {
  return jupyter({ cells, metadata: { kernelspec: { name: 'python3' } }, nbformat: 4, nbformat_minor: 5 });
}

const code = (id: string, source: string[] | string, metadata: object = {}) => ({
  cell_type: 'code',
  execution_count: null,
  id,
  metadata,
  outputs: [],
  source,
});

test('the flag goes from a cell whose markers are gone, with an emptied nbgit object; the rest keeps its bytes', () => {
  const text = notebook([code('a', ['x = 1']), code('b', ['y = 2'], { nbgit: FLAG, tags: ['t'] })]);
  const out = toIpynb(strip(fromIpynb(text)));
  assert.is(out, notebook([code('a', ['x = 1']), code('b', ['y = 2'], { tags: ['t'] })]));
  const { changes } = stripWithReport(fromIpynb(text));
  assert.equal(changes, [{ kind: 'key', path: 'cells[1].metadata.nbgit.conflicts' }]);
  assert.is(toIpynb(strip(fromIpynb(out))), out, 'idempotent');
});

test('other keys under metadata.nbgit stay', () => {
  const text = notebook([code('b', 'y = 2', { nbgit: { ...FLAG, note: 'mine' } })]);
  assert.is(toIpynb(strip(fromIpynb(text))), notebook([code('b', 'y = 2', { nbgit: { note: 'mine' } })]));
});

test('the flag stays while the cell still has markers (list or string source, CRLF, longer markers)', () => {
  for (const source of [
    ['<<<<<<< local\n', 'y = 2\n', '=======\n', 'y = 3\n', '>>>>>>> remote'],
    '<<<<<<< HEAD\r\ny = 2\r\n=======\r\ny = 3\r\n>>>>>>> feature\r\n',
    ['z = 0\n', '<<<<<<<<< ours\n', 'y = 2\n'],
    ['>>>>>>>'],
  ]) {
    const text = notebook([code('b', source, { nbgit: FLAG })]);
    const nb = fromIpynb(text);
    assert.ok(strip(nb) === nb, JSON.stringify(source));
  }
});

test('a notebook without the flag is the same object; keepMetadataKeys keeps the flag', () => {
  const text = notebook([code('a', ['<<<<<<< a\n', 'x\n', '>>>>>>> b'], { nbgit: { other: 1 } })]);
  const nb = fromIpynb(text);
  assert.ok(strip(nb) === nb);
  const flagged = fromIpynb(notebook([code('b', 'y = 2', { nbgit: FLAG })]));
  assert.ok(strip(flagged, { keepMetadataKeys: [CONFLICT_FLAG_KEY] }) === flagged);
  assert.is.not(strip(flagged), flagged);
});

test('hasConflictMarkers: whole marker lines only', () => {
  assert.ok(hasConflictMarkers('a\n<<<<<<< HEAD\nb'));
  assert.ok(hasConflictMarkers(['a\n', '>>>>>>>\n']));
  assert.ok(hasConflictMarkers('>>>>>>> x\r\n'));
  assert.ok(hasConflictMarkers('<<<<<<<\t1'));
  assert.not.ok(hasConflictMarkers('a\n=======\nb'), '======= underlines Markdown headings');
  assert.not.ok(hasConflictMarkers('x = "<<<<<<< not at the start"'));
  assert.not.ok(hasConflictMarkers('<<<<<<<x'), 'a label needs a space');
  assert.not.ok(hasConflictMarkers('<<<<<< six'));
  assert.not.ok(hasConflictMarkers(['x <<<<', '<<< y']), 'parts are joined first: not at a line start');
  assert.ok(hasConflictMarkers(['a\n', '<<<<', '<<< x']), 'a marker split over list items is still found');
  assert.not.ok(hasConflictMarkers(undefined));
  assert.not.ok(hasConflictMarkers(42));
});

test('findConflictMarkers: cell numbers from 0, type, id, first marker line, count, flag', () => {
  const text = notebook([
    { cell_type: 'markdown', id: 'm', metadata: {}, source: ['Title\n', '=======\n'] },
    code('a', ['x = 1\n', '<<<<<<< local\n', 'y\n', '=======\n', 'z\n', '>>>>>>> remote'], { nbgit: FLAG }),
    code('b', ['w = 1']),
    { cell_type: 'raw', metadata: {}, source: '>>>>>>> left over' },
  ]);
  assert.equal(findConflictMarkers(fromIpynb(text)), [
    { cell: 1, cellType: 'code', id: 'a', line: 2, markers: 2, flagged: true },
    { cell: 3, cellType: 'raw', line: 1, markers: 1, flagged: false },
  ]);
  const v3 = {
    nbformat: 3,
    nbformat_minor: 0,
    metadata: {},
    worksheets: [{ cells: [{ cell_type: 'code', input: 'a' }] }, { cells: [7, { cell_type: 'code', input: '<<<<<<< x\n' }] }],
  };
  assert.equal(findConflictMarkers(v3), [{ cell: 2, cellType: 'code', line: 1, markers: 1, flagged: false }]);
  assert.equal(findConflictMarkers({}), []);
});

test.run();
