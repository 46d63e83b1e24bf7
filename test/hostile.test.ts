// Issue 12's reproducers, each a typed, located error or a correct result, through the real
// `nbgit` bin and through the libraries: a v3 file holding v4 cells, schema-invalid
// notebooks, deep nesting, hostile YAML headers, numbers beyond a double. And issue 11's
// rule that validation follows the file's own nbformat version.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNbgitError, MAX_DEPTH, type Notebook } from '@nbgit/core';
import { diffNotebooks } from '@nbgit/diff';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { toMarkdown } from '@nbgit/markdown';
import { mergeNotebooks } from '@nbgit/merge';
import { toPercent } from '@nbgit/percent';
import { strip } from '@nbgit/strip';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const bin = join(repoRoot, 'packages/cli/bin/nbgit.js');
const dir = mkdtempSync(join(tmpdir(), 'nbgit-hostile-'));
const nbgit = (args: string[], input = '') =>
  spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', GIT_CEILING_DIRECTORIES: tmpdir() } });
const files = () =>
  readdirSync(dir)
    .sort()
    .map((n) => `${n}:${readFileSync(join(dir, n), 'utf8')}`)
    .join('\n');
const EMPTY = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n';
writeFileSync(join(dir, 'base.ipynb'), EMPTY);

const V3_CELLS = '{"cells":[{"cell_type":"markdown","metadata":{},"source":["important work"]}],"metadata":{},"nbformat":3,"nbformat_minor":0}';
const DUPLICATE = '{"cells":[{"cell_type":"markdown","metadata":{},"source":["important work"]}],"metadata":{},"nbformat":4,"nbformat":3,"nbformat_minor":0}';

for (const [name, text] of [
  ['v3.ipynb', V3_CELLS],
  ['dup.ipynb', DUPLICATE],
] as const) {
  test(`${name}: v4 cells in a file marked nbformat 3 are refused by every command, reported by validate, never read as empty`, () => {
    writeFileSync(join(dir, name), text);
    const before = files();
    const v = nbgit(['validate', name]);
    assert.is(v.status, 1);
    for (const args of [
      ['fmt', name],
      ['strip', name],
      ['convert', name, '--to', 'percent'],
      ['diff', 'base.ipynb', name],
    ]) {
      const r = nbgit(args);
      assert.ok(r.status === 1 || r.status === 2, `${args.join(' ')}: exit ${r.status}`);
      assert.match(r.stderr, `${name}:1:`, args.join(' '));
      assert.match(r.stderr, /"cells" list in a notebook marked nbformat 3/, args.join(' '));
      assert.not.match(r.stderr, /internal error|\n\s+at /);
    }
    // textconv (for git log -p) never fails: it warns and shows the file as it is, all of it
    const t = nbgit(['textconv', name]);
    assert.match(t.stderr, /warning: .*"cells" list in a notebook marked nbformat 3.*; showing the file as it is/);
    assert.is(t.stdout, text);
    const m = nbgit(['merge', 'base.ipynb', name, 'base.ipynb', '-o', 'out.ipynb']);
    assert.is(m.status, 3, m.stderr);
    assert.is(files(), before, 'no file changed or created');
  });
}

const INVALID: Array<[string, string, RegExp]> = [
  [
    'source 42',
    '{"cells":[{"cell_type":"code","execution_count":null,"metadata":{},"outputs":[],"source":42}],"metadata":{},"nbformat":4,"nbformat_minor":4}',
    /1:\d+: cells\[0\]\.source: expected a string or a list of strings, found 42/,
  ],
  [
    'cell metadata null',
    '{"cells":[{"cell_type":"markdown","metadata":null,"source":""}],"metadata":{},"nbformat":4,"nbformat_minor":4}',
    /cells\[0\]\.metadata: expected an object, found null/,
  ],
  ['notebook metadata null', '{"cells":[],"metadata":null,"nbformat":4,"nbformat_minor":4}', /1:\d+: metadata: expected an object, found null/],
  [
    'heading cell in v4',
    '{"cells":[{"cell_type":"heading","level":1,"metadata":{},"source":"T"}],"metadata":{},"nbformat":4,"nbformat_minor":4}',
    /cells\[0\]\.cell_type: .*found "heading" \(heading cells are nbformat 3/,
  ],
  ['cells an object', '{"cells":{},"metadata":{},"nbformat":4,"nbformat_minor":4}', /"cells" must be a list, found an object/],
  [
    'outputs a string',
    '{"cells":[{"cell_type":"code","execution_count":null,"metadata":{},"outputs":"x","source":""}],"metadata":{},"nbformat":4,"nbformat_minor":4}',
    /cells\[0\]\.outputs: expected a list, found "x"/,
  ],
];

test('schema-invalid notebooks: convert exits 1 and merge 3 with a located error naming the JSON path; the merge driver falls back and says why', () => {
  for (const [what, text, message] of INVALID) {
    writeFileSync(join(dir, 'bad.ipynb'), text);
    const before = files();
    const c = nbgit(['convert', 'bad.ipynb', '--to', 'percent', '-o', 'bad.py']);
    assert.is(c.status, 1, `${what}: ${c.stderr}`);
    assert.match(c.stderr, message, what);
    const m = nbgit(['merge', 'base.ipynb', 'bad.ipynb', 'base.ipynb', '-o', 'out.ipynb']);
    assert.is(m.status, 3, `${what}: ${m.stderr}`);
    assert.match(m.stderr, message, what);
    assert.is(files(), before, `${what}: no file changed`);
    writeFileSync(join(dir, 'local.ipynb'), text);
    const d = nbgit(['merge-driver', 'base.ipynb', 'local.ipynb', 'base.ipynb', '7', 'nb.ipynb']);
    assert.match(d.stderr, /nb\.ipynb: the local version is not a notebook we can merge \(line 1, column \d+: .+\); merging it as text/, what);
    assert.not.match(d.stderr + c.stderr + m.stderr, /internal error|\n\s+at /);
  }
});

test('schema-invalid notebooks given to the libraries: a typed ESCHEMA error with the JSON path', () => {
  const nb = {
    cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: 42 }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 4,
  } as unknown as Notebook;
  const good = fromIpynb(EMPTY);
  for (const [name, f] of [
    ['toPercent', () => toPercent(nb)],
    ['toMarkdown', () => toMarkdown(nb)],
    ['strip', () => strip(nb)],
    ['diffNotebooks', () => diffNotebooks(good, nb)],
    ['mergeNotebooks', () => mergeNotebooks({ base: good, local: nb, remote: good })],
  ] as Array<[string, () => unknown]>) {
    try {
      f();
      assert.unreachable(name);
    } catch (e) {
      assert.ok(isNbgitError(e), `${name}: ${e}`);
      assert.is(e.code, 'ESCHEMA', name);
      assert.is(e.path, 'cells[0].source', name);
    }
  }
  // from a file: line and column too
  try {
    fromIpynb(
      '{"cells": [\n  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": 42}\n], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}',
      { file: 'x.ipynb' },
    );
    assert.unreachable();
  } catch (e) {
    assert.ok(isNbgitError(e));
    assert.is(e.message, 'x.ipynb:2:91: cells[0].source: expected a string or a list of strings, found 42');
  }
});

test(`depth: 100,000 nested '[' and values deeper than ${MAX_DEPTH} levels get a located ELIMIT error, never a stack overflow`, () => {
  const r = nbgit(['strip'], `${'['.repeat(100_000)}\n`);
  assert.is(r.status, 1);
  assert.is(r.stderr, `nbgit strip: <stdin>:1:${MAX_DEPTH + 1}: invalid notebook: nested deeper than ${MAX_DEPTH} levels (nbgit's limit)\n`);
  // deep inside a valid notebook read natively (JSON.parse), and objects built in code
  const deep = `{"cells": [], "metadata": {"a": ${'['.repeat(5000)}${']'.repeat(5000)}}, "nbformat": 4, "nbformat_minor": 5}`;
  assert.throws(
    () => fromIpynb(deep),
    (e: unknown) => isNbgitError(e) && e.code === 'ELIMIT' && /^1:1031: /.test(e.message),
  );
  let v: unknown = 1;
  for (let i = 0; i < 100_000; i++) v = [v];
  const nb = { cells: [], metadata: { v }, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook;
  for (const f of [
    () => toIpynb(nb),
    () => strip(nb),
    () => mergeNotebooks({ base: nb, local: nb, remote: nb }),
    () => diffNotebooks(nb, nb),
    () => toPercent(nb),
  ])
    assert.throws(f, (e: unknown) => isNbgitError(e) && e.code === 'ELIMIT' && /metadata\.v\[0\]/.test(e.message));
  // at the limit, everything works
  let ok: unknown = 1;
  for (let i = 0; i < MAX_DEPTH - 3; i++) ok = [ok];
  const fine = { cells: [], metadata: { ok }, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook;
  const text = toIpynb(fine);
  assert.equal(validateNotebook(fromIpynb(text)), []);
  assert.ok(mergeNotebooks({ base: fine, local: fine, remote: fromIpynb(text) }).conflicts.length === 0);
});

test('YAML headers: an alias bomb, a python tag and deep flow collections are located errors (exit 1), nothing written', () => {
  const bomb = ['---', 'jupyter:', '  a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (const [n, p] of [
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'c'],
    ['e', 'd'],
    ['f', 'e'],
  ])
    bomb.push(`  ${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]`);
  bomb.push('---', '', 'x', '');
  const cases: Array<[string, string, RegExp]> = [
    ['bomb.md', bomb.join('\n'), /bomb\.md:4:\d+: invalid YAML in the notebook header: YAML aliases expand to too many values/],
    ['tag.md', '---\njupyter:\n  a: !!python/object:os.system ls\n---\n\nx\n', /tag\.md:3:6: invalid YAML in the notebook header: Unresolved tag/],
    [
      'deep.py',
      `# ---\n# jupyter:\n#   a: ${'['.repeat(100_000)}\n# ---\n\n# %%\nx = 1\n`,
      /deep\.py:3:\d+: invalid YAML in the notebook header: nested deeper than 500 levels \(nbgit's limit for text headers\)/,
    ],
    // balanced and below the notebook limit, but deeper than the yaml library's recursion survives:
    // named as such, never as the stack's RangeError
    [
      'deep900.md',
      `---\njupyter:\n  a: ${'['.repeat(900)}${']'.repeat(900)}\n---\n\nx\n`,
      /deep900\.md:3:\d+: invalid YAML in the notebook header: nested deeper than 500 levels/,
    ],
  ];
  for (const [name, text, message] of cases) {
    writeFileSync(join(dir, name), text);
    const before = files();
    const r = nbgit(['convert', name, '--to', 'ipynb']);
    assert.is(r.status, 1, name);
    assert.match(r.stderr, message, name);
    assert.not.match(r.stderr, /internal error|\n\s+at |call stack/);
    assert.is(files(), before, name);
  }
});

test('numbers: fmt keeps 1e400 (not Infinity) and writes 1E+2 as 100.0 as Python does; validate reports 1e999 by its lexeme', () => {
  writeFileSync(
    join(dir, 'num.ipynb'),
    '{"cells":[{"cell_type":"code","execution_count":1e999,"metadata":{},"outputs":[],"source":[]}],"metadata":{"big":1e400,"e":1E+2},"nbformat":4,"nbformat_minor":4}',
  );
  const v = nbgit(['validate', 'num.ipynb']);
  assert.is(v.status, 1);
  // by its lexeme (was "found null": JSON.stringify(Infinity))
  assert.match(v.stdout, 'num.ipynb:1:49: cells[0].execution_count: expected a non-negative integer or null, found 1e999');
  writeFileSync(join(dir, 'num.ipynb'), '{"cells":[],"metadata":{},"nbformat":1e999,"nbformat_minor":-1E+2}');
  assert.match(
    nbgit(['validate', 'num.ipynb']).stdout,
    /nbformat: expected 4, found 1e999\n.*nbformat_minor: expected a non-negative integer, found -1E\+2\n/s,
  );
  writeFileSync(join(dir, 'num.ipynb'), '{"cells":[],"metadata":{"big":1e400,"neg":-1e400,"e":1E+2},"nbformat":4,"nbformat_minor":4}');
  assert.is(nbgit(['fmt', 'num.ipynb']).status, 0);
  const out = readFileSync(join(dir, 'num.ipynb'), 'utf8');
  assert.is(out, '{\n "cells": [],\n "metadata": {\n  "big": 1e400,\n  "e": 100.0,\n  "neg": -1e400\n },\n "nbformat": 4,\n "nbformat_minor": 4\n}\n');
  assert.not.match(out, 'Infinity');
});

test('keys given twice: validate reports each (path, where given first and again), for nbformat 4 and 3, from the library too', () => {
  writeFileSync(
    join(dir, 'twice.ipynb'),
    '{\n "cells": [],\n "metadata": {"a": 1, "b": {"c": 1, "c": [1]}, "a": 2},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n',
  );
  const r = nbgit(['validate', 'twice.ipynb']);
  assert.is(r.status, 1);
  assert.is(
    r.stdout,
    "twice.ipynb:3:53: metadata.a: key given twice (first at 3:20); JSON readers (Python's json, Jupyter, nbgit) keep only this last value\n" +
      "twice.ipynb:3:42: metadata.b.c: key given twice (first at 3:34); JSON readers (Python's json, Jupyter, nbgit) keep only this last value\n",
  );
  writeFileSync(join(dir, 'twice3.ipynb'), '{"metadata":{"name":"x","name":"y"},"nbformat":3,"nbformat_minor":0,"worksheets":[]}');
  assert.match(nbgit(['validate', 'twice3.ipynb']).stdout, /^twice3\.ipynb:1:32: metadata\.name: key given twice \(first at 1:21\)/);
  // "nbformat": 4 then 3: the v4 cells are refused by every other command (above), and validate names the key too
  writeFileSync(join(dir, 'twice-nbformat.ipynb'), DUPLICATE);
  assert.match(nbgit(['validate', 'twice-nbformat.ipynb']).stdout, 'twice-nbformat.ipynb:1:117: nbformat: key given twice (first at 1:104)');
  // "cells" twice: the first list is what readers drop
  const cellsTwice = '{"cells":[{"cell_type":"markdown","id":"a","metadata":{},"source":"lost"}],"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}';
  const issues = validateNotebook(fromIpynb(cellsTwice, { legacy: 'keep', check: false }));
  assert.equal(
    issues.map((i) => [i.path, i.position?.line, i.position?.column]),
    [['cells', 1, 84]],
  );
  // nbformat 2 and 5: one problem (nbformat has no schema for them), not one per key
  writeFileSync(join(dir, 'v2.ipynb'), '{"nbformat":2,"worksheets":[]}');
  assert.is(nbgit(['validate', 'v2.ipynb']).stdout, 'v2.ipynb:1:13: nbformat: nbformat 2 has no schema to check against (nbformat validates 3 and 4)\n');
  // a notebook without keys given twice costs one scan and reports nothing
  assert.equal(validateNotebook(fromIpynb(EMPTY)), []);
});

test('fuzz findings: a language no code fence can hold is a typed error from toMarkdown; a header kernelspec without a name is refused', () => {
  const nb: Notebook = {
    cells: [{ cell_type: 'code', execution_count: null, id: 'a', metadata: {}, outputs: [], source: 'x = 1' }],
    metadata: { kernelspec: { display_name: 'P', language: `${'x'.repeat(50)}\ny\n`, name: 'p' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  try {
    toMarkdown(nb);
    assert.unreachable('toMarkdown wrote it');
  } catch (e) {
    assert.ok(isNbgitError(e) && e.code === 'ESCHEMA', String(e));
    assert.match((e as Error).message, /cells\[0\]: no code fence reads back to this cell/);
  }
  writeFileSync(join(dir, 'k.md'), '---\njupyter:\n  kernelspec:\n    display_name: Python 3\n    language: python\n---\n\nx\n');
  const before = files();
  const r = nbgit(['convert', 'k.md', '--to', 'ipynb']);
  assert.is(r.status, 1);
  assert.match(r.stderr, "nbgit convert: k.md:3:1: the header's kernelspec must be a mapping with a string name and a string display_name");
  assert.is(files(), before);
});

test('convert --update adding a cell to a 4.4 notebook writes no id, and the result validates', () => {
  writeFileSync(
    join(dir, 'u.ipynb'),
    '{"cells":[{"cell_type":"code","execution_count":null,"metadata":{},"outputs":[],"source":"x = 1"}],"metadata":{"kernelspec":{"display_name":"Python 3","language":"python","name":"python3"}},"nbformat":4,"nbformat_minor":4}',
  );
  assert.is(nbgit(['convert', 'u.ipynb', '--to', 'percent', '-q']).status, 0);
  writeFileSync(join(dir, 'u.py'), `${readFileSync(join(dir, 'u.py'), 'utf8')}\n# %%\ny = 2\n`);
  assert.is(nbgit(['convert', 'u.py', '--to', 'ipynb', '--update', 'u.ipynb', '-q']).status, 0);
  const nb = JSON.parse(readFileSync(join(dir, 'u.ipynb'), 'utf8'));
  assert.is(nb.cells.length, 2);
  assert.is(nb.nbformat_minor, 4);
  assert.ok(!('id' in nb.cells[1]));
  assert.is(nbgit(['validate', 'u.ipynb']).stdout, 'u.ipynb: ok\n');
});

test.run();
