// @nbgit/text: the pieces the text notebook formats share.
import { type Cell, cloneJson, isNbgitError, numberLexeme, rememberNumber } from '@nbgit/core';
import {
  assignTextCellIds,
  defaultLanguage,
  dumpYaml,
  explicitIdIndexes,
  filterCellMetadata,
  filterMetadata,
  filterNotebookMetadata,
  formatCellOptions,
  formatHeader,
  IGNORED_CELL_METADATA,
  loadYaml,
  parseCellOptions,
  parseHeader,
  pythonJson,
  scriptExtension,
} from '@nbgit/text';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('dumpYaml writes what PyYAML safe_dump writes', () => {
  // expected texts are PyYAML 6.0 output for the same values
  assert.is(
    dumpYaml({ kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } }),
    'kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n',
  );
  assert.is(
    dumpYaml({ a: 'yes', b: '1.0', c: '', d: 'x: y', e: '- x', f: '#c', g: 'é', h: "'q'", i: 'a"b', j: '~', k: '1e3', l: 'True' }),
    "a: 'yes'\nb: '1.0'\nc: ''\nd: 'x: y'\ne: '- x'\nf: '#c'\ng: \"\\xE9\"\nh: '''q'''\ni: a\"b\nj: '~'\nk: 1e3\nl: 'True'\n",
  );
  assert.is(
    dumpYaml({ m: [1, 2, { x: 1, y: [] }], n: {}, o: null, p: true, q: 1.5, r: ['a', ['b']] }),
    'm:\n- 1\n- 2\n- x: 1\n  y: []\nn: {}\no: null\np: true\nq: 1.5\nr:\n- a\n- - b\n',
  );
  assert.is(
    dumpYaml({ j: 'a\nb', k: '  lead', l: 'trail ', t: 'tab\there', u: '😀' }),
    "j: 'a\n\n  b'\nk: '  lead'\nl: 'trail '\nt: \"tab\\there\"\nu: \"\\U0001F600\"\n",
  );
  assert.is(
    dumpYaml({ x: 'a long string that is definitely longer than eighty characters so that pyyaml wants to fold it somewhere' }),
    'x: a long string that is definitely longer than eighty characters so that pyyaml wants\n  to fold it somewhere\n',
  );
});

test('loadYaml reads YAML 1.1 as PyYAML does and reads dumpYaml back', () => {
  assert.equal(loadYaml('a: yes\nb: y\nc: 2001-12-14\nd: 0777\ne: 1e3\nf: on\ng: 1.5'), {
    a: true,
    b: 'y',
    c: '2001-12-14',
    d: 511,
    e: '1e3',
    f: true,
    g: 1.5,
  });
  const v = { s: ['a\n\nb\n', ' x', 'é😀', 'yes', '0x1F', '', 'a: b', "it's"], n: { deep: { er: [1, { k: null }] } }, f: 0.0001, b: false };
  assert.equal(loadYaml(dumpYaml(v)), v);
});

test('cell options: key=value in order, JSON, Python literals, titles', () => {
  assert.equal(parseCellOptions('Title [markdown] tags=["a", "b"] key="v" flag', { allowTitle: true }), {
    title: 'Title [markdown]',
    metadata: { tags: ['a', 'b'], key: 'v', flag: null },
  });
  assert.equal(parseCellOptions("x=('a', True, None) y={'k': 1.5}", { allowTitle: true }).metadata, { x: ['a', true, null], y: { k: 1.5 } });
  assert.equal(parseCellOptions('{"my key": 1}', { allowTitle: true }), { title: '', metadata: { 'my key': 1 } });
  assert.equal(parseCellOptions('python title="x=1"').title, 'python');
  const broken = parseCellOptions(' tags=["a"', { allowTitle: true });
  assert.equal(broken.metadata, { incorrectly_encoded_metadata: 'tags=["a"' });
  assert.equal(broken.invalid?.offset, 1);
  assert.is(parseCellOptions('Compute y = f(x)', { allowTitle: true }).invalid, undefined);
  assert.is(formatCellOptions('T', { a: 'é', b: [1, 2.5, { c: null }], n: null, lines_to_next_cell: 2 }), 'T a="\\u00e9" b=[1, 2.5, {"c": null}] n');
  assert.is(formatCellOptions('', { a: 1, 'b c': 2 }, { json: true }), '{"a": 1, "b c": 2}');
  assert.is(pythonJson([1e-5, 1e16, 0.1, -3, 'x\u0001']), '[1e-05, 10000000000000000, 0.1, -3, "x\\u0001"]');
});

test('numbers keep their kind: cell options read and write floats and big integers as Python does', () => {
  const o = parseCellOptions('Title w=1.0 big=12345678901234567890 n=[1.0, 2, 3e5] p={"a": 1.0} q=(1.0,) r=0x1FFFFFFFFFFFFFFFFF s=-2.0 t=1e5 u=-0.0 v=2', {
    allowTitle: true,
  });
  assert.is(o.title, 'Title');
  assert.is(numberLexeme(o.metadata, 'w'), '1.0');
  assert.is(numberLexeme(o.metadata, 'v'), undefined);
  assert.is(
    formatCellOptions('', o.metadata),
    'w=1.0 big=12345678901234567890 n=[1.0, 2, 300000.0] p={"a": 1.0} q=[1.0] r=590295810358705651711 s=-2.0 t=100000.0 u=-0.0 v=2',
  );
  const j = parseCellOptions('{"w": 1.0, "big": 12345678901234567890, "e": 1E+2, "x": [1e-5, 2.50]}', { allowTitle: true }).metadata;
  assert.is(formatCellOptions('', j, { json: true }), '{"w": 1.0, "big": 12345678901234567890, "e": 100.0, "x": [1e-05, 2.5]}');
  assert.is(formatCellOptions('', j), 'w=1.0 big=12345678901234567890 e=100.0 x=[1e-05, 2.5]');
  // the JSON reader is JSON.parse's grammar: Python-only spellings still go to the literal reader
  assert.equal(parseCellOptions('a={"k": 1.0,} b={"__proto__": 1.0}', { allowTitle: true }).metadata, { a: { k: 1 }, b: JSON.parse('{"__proto__": 1}') });
  assert.is(Object.getPrototypeOf(parseCellOptions('{"__proto__": {"x": 1.0}}').metadata), Object.prototype);
  // a value changed since it was read is written as it is now
  j.w = 2;
  assert.is(formatCellOptions('', { w: j.w }), 'w=2');
  assert.is(pythonJson(j), '{"w": 2, "big": 12345678901234567890, "e": 100.0, "x": [1e-05, 2.5]}');
});

test('YAML ints are read as PyYAML reads them: 08 is a string, 017 octal', () => {
  assert.equal(loadYaml('a: 08\nb: 017\nc: 0x1F\nd: 0b101\ne: 1:30\nf: -1_000\ng: 0o17\nh: 0'), {
    a: '08',
    b: 15,
    c: 31,
    d: 5,
    e: 90,
    f: -1000,
    g: '0o17',
    h: 0,
  });
  const v = { a: '08', b: '017', c: '1_000', d: '0x1F', e: '-0' };
  assert.equal(loadYaml(dumpYaml(v)), v);
});

test('numbers keep their kind: YAML read and written as PyYAML does, through filters and copies', () => {
  const y = loadYaml('a: 1.0\nb: 12345678901234567890\nc: [1.0, 2]\nd: {e: 100000.0, f: 1.5}\ng: 1_000.0\nh: 3\ni: 1.0e+16\n') as Record<string, unknown>;
  const dumped = 'a: 1.0\nb: 12345678901234567890\nc:\n- 1.0\n- 2\nd:\n  e: 100000.0\n  f: 1.5\ng: 1000.0\nh: 3\ni: 1.0e+16\n';
  assert.is(dumpYaml(y), dumped);
  assert.is(dumpYaml(cloneJson(y)), dumped);
  assert.is(dumpYaml(filterMetadata(y as never, 'all,-h', '-x')), dumped.replace('h: 3\n', ''));
  const made = { x: 1, y: [5] };
  rememberNumber(made, 'x', '1.0');
  rememberNumber(made.y, 0, '5.0');
  assert.is(dumpYaml(made), 'x: 1.0\ny:\n- 5.0\n');
  assert.is(formatHeader({ myfloat: 1 }, [], { comment: '#' }).join('\n'), '# ---\n# jupyter:\n#   myfloat: 1\n# ---');
  const h = parseHeader(['# ---', '# jupyter:', '#   myfloat: 1.0', '#   jupytext:', '#     x: 2.0', '# ---'], { comment: '#' });
  assert.is(formatHeader(h.metadata, [], { comment: '#' }).join('\n'), '# ---\n# jupyter:\n#   jupytext:\n#     x: 2.0\n#   myfloat: 1.0\n# ---');
});

test('filters: jupytext defaults and user filters', () => {
  const md = {
    kernelspec: { name: 'k' },
    language_info: { name: 'python' },
    jupytext: { notebook_metadata_filter: 'all,-widgets', formats: 'ipynb,py' },
    widgets: {},
    author: 'me',
  };
  assert.equal(Object.keys(filterNotebookMetadata(md)).sort(), ['author', 'jupytext', 'kernelspec', 'language_info']);
  assert.equal(Object.keys(filterNotebookMetadata({ kernelspec: {}, language_info: {}, author: 'x' })).sort(), ['kernelspec']);
  assert.equal(filterCellMetadata({ tags: [], collapsed: true, ExecuteTime: {}, title: 't', 'odd key': 1, lines_to_next_cell: 2 }, {}), { title: 't' });
  assert.equal(filterCellMetadata({ 'odd key': 1 }, {}, { keepInvalidKeys: true }), { 'odd key': 1 });
  assert.equal(filterCellMetadata({ a: 1, b: 2 }, { jupytext: { cell_metadata_filter: 'a,-all' } }), { a: 1 });
});

test('languages: the script extension and default language jupytext chooses', () => {
  assert.is(scriptExtension({ language_info: { file_extension: '.r' } }), '.R');
  assert.is(scriptExtension({ language_info: { file_extension: '.py' }, kernelspec: { language: 'sage' } }), '.sage');
  assert.is(scriptExtension({ kernelspec: { language: 'scheme' } }), '.ss');
  assert.is(scriptExtension({ kernelspec: { language: 'C#' } }), '.cs');
  assert.is(scriptExtension({}), undefined);
  assert.is(defaultLanguage({ kernelspec: { language: 'C++14' } }, '.cpp'), 'c++');
  assert.is(defaultLanguage({ kernelspec: { language: 'F#' } }, '.fsx'), 'fsharp');
  assert.is(defaultLanguage({}, '.R'), 'R');
});

test('header: format and parse with root-level lines', () => {
  const kernelspec = { display_name: 'Python 3', name: 'python3' };
  const lines = formatHeader({ kernelspec }, ['title: T'], { comment: '#' });
  assert.equal(lines, ['# ---', '# title: T', '# jupyter:', '#   kernelspec:', '#     display_name: Python 3', '#     name: python3', '# ---']);
  const h = parseHeader([...lines, '', 'x = 1'], { comment: '#' });
  assert.equal([h.metadata, h.rootLines, h.end, h.hasJupyter], [{ kernelspec }, ['title: T'], 7, true]);
  assert.equal(formatHeader({ a: 1 }, [], { comment: '(*', suffix: '*)' }), ['(* --- *)', '(* jupyter: *)', '(*   a: 1 *)', '(* --- *)']);
});

test('header: a kernelspec or language_info nbformat would reject is a located ESYNTAX error (fuzz: a notebook read from text validates)', () => {
  const read = (yaml: string[]) => () =>
    parseHeader(['# ---', '# jupyter:', ...yaml.map((l) => `# ${l}`), '# ---', '', 'x = 1'], { comment: '#', file: 'x.py' });
  for (const [yaml, line, what] of [
    [['  kernelspec:', '    display_name: Python 3'], 3, /kernelspec must be a mapping with a string name and a string display_name.*name missing/],
    [['  kernelspec:'], 3, /kernelspec .*it is not a mapping/],
    [['  a: 1', '  language_info: 3'], 4, /language_info must be a mapping with a string name/],
  ] as const) {
    try {
      read([...yaml])();
      assert.unreachable(yaml.join(' '));
    } catch (e) {
      assert.ok(isNbgitError(e) && e.code === 'ESYNTAX', String(e));
      assert.match((e as Error).message, what);
      assert.equal((e as { position?: unknown }).position, { line, column: 1 });
    }
  }
});

test('ids: explicit ids are only those a reader would not derive', () => {
  const cells: Cell[] = [
    { cell_type: 'code', metadata: {}, source: 'x', outputs: [], execution_count: null },
    { cell_type: 'code', metadata: {}, source: 'x', outputs: [], execution_count: null },
    { cell_type: 'markdown', metadata: {}, source: 'y' },
  ];
  assignTextCellIds(cells);
  assert.equal([...explicitIdIndexes(cells)], []);
  cells[1]!.id = 'mine';
  const explicit = explicitIdIndexes(cells);
  assert.equal([...explicit], [1]);
});

test('dumpYaml sorts keys by code point, as PyYAML (Python) does', () => {
  // Python: sorted(['\U0001F600', '\uff61']) puts U+FF61 first; UTF-16 order would not
  assert.is(dumpYaml({ '\u{1F600}': 1, '\uff61': 2, a: 3 }), 'a: 3\n"\\uFF61": 2\n"\\U0001F600": 1\n');
});

test('filterCellMetadata without a notebook filter is filterMetadata with the default cell filter', () => {
  const key = fc.oneof(fc.constantFrom('tags', 'collapsed', 'ExecuteTime', 'lines_to_next_cell', 'id', 'a b', 'x.y', '__proto__'), fc.string({ maxLength: 4 }));
  const value = fc.oneof(fc.constant([]), fc.constant(['t']), fc.integer(), fc.string({ maxLength: 3 }), fc.constant({ a: 1 }));
  const defaults = IGNORED_CELL_METADATA.map((k) => `-${k}`).join(',');
  fc.assert(
    fc.property(fc.dictionary(key, value, { maxKeys: 5 }), fc.boolean(), (metadata, keepInvalidKeys) => {
      const m = cloneJson(metadata) as Record<string, never>;
      rememberNumber(m, 'n', '1.0');
      const got = filterCellMetadata(m, { jupytext: { formats: 'ipynb,py' } }, { keepInvalidKeys });
      const want = filterMetadata(m, undefined, defaults, { keepInvalidKeys });
      assert.equal(Object.entries(got), Object.entries(want));
      assert.is(numberLexeme(got, 'n'), numberLexeme(want, 'n'));
    }),
    { numRuns: 500 },
  );
});

test.run();
