import { spawnSync } from 'node:child_process';
import { cloneJson, copyNumberLexemes, joinSource, type Notebook } from '@nbgit/core';
import { downgradeV3, ensureIds, fromIpynb, pythonFloat, toIpynb, upgradedFrom, validateNotebook, withLayoutOf } from '@nbgit/ipynb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const odd = `{
    "nbformat": 4,
    "nbformat_minor": 4,
    "metadata": {"z": 1.0, "a": -0.0, "m": 1e-05, "big": 12345678901234567890, "e": 1e+16, "esc": "caf\\u00e9 \\/ \\u001B"},
    "cells": [
        {
            "cell_type": "code",
            "source": ["x = 1\\n", "y = 2"],
            "metadata": {},
            "outputs": [],
            "execution_count": null
        },
        {
            "cell_type": "markdown",
            "source": "# Title",
            "metadata": {"10": true, "9": false}
        }
    ]
}`;

test('non-Jupyter files round trip byte for byte', () => {
  for (const text of [odd, odd.replace(/\n/g, '\r\n'), odd.trimEnd(), `${odd}\n\n`, `\uFEFF${odd}`, JSON.stringify(JSON.parse(odd))]) {
    assert.is(toIpynb(fromIpynb(text)), text);
  }
});

test('bytes in, BOM kept', () => {
  const bytes = new TextEncoder().encode(`\uFEFF${odd}`);
  assert.is(toIpynb(fromIpynb(bytes)), `\uFEFF${odd}`);
});

test('edits stay local: only the changed cell moves', () => {
  const crlf = odd.replace(/\n/g, '\r\n');
  const nb = fromIpynb(crlf);
  nb.cells[0]!.source = 'x = 42\n';
  const out = toIpynb(nb);
  const expected = crlf.replace('["x = 1\\n", "y = 2"]', '[\r\n                "x = 42\\n"\r\n            ]');
  assert.is(out, expected);
});

// Like `odd` but without number lexemes that JSON.parse loses: read natively, and
// parsed losslessly only when written after a change.
const plain = odd.replace('{"z": 1.0, "a": -0.0, "m": 1e-05, "big": 12345678901234567890, "e": 1e+16, ', '{"z": 1.5, ');

test('files read natively (no lexemes JSON.parse loses) keep every byte: edits stay local, moved cells keep their bytes', () => {
  for (const text of [plain, plain.replace(/\n/g, '\r\n'), `  ${plain}\n\n`]) {
    assert.is(toIpynb(fromIpynb(text)), text);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const nb = fromIpynb(text);
    nb.cells[0]!.source = 'x = 42\n';
    assert.is(toIpynb(nb), text.replace('["x = 1\\n", "y = 2"]', `[${eol}                "x = 42\\n"${eol}            ]`));
    const moved = fromIpynb(text);
    moved.cells.reverse();
    const out = toIpynb(moved);
    assert.ok(out.includes('"source": ["x = 1\\n", "y = 2"]'), out);
    assert.ok(out.includes('"metadata": {"10": true, "9": false}'), out);
    assert.ok(out.includes('"esc": "caf\\u00e9 \\/ \\u001B"'), out);
    assert.equal(JSON.parse(out).cells[0].cell_type, 'markdown');
  }
});

test('edits in one-line files keep their separators (json.dumps without indent, and JSON.stringify)', () => {
  const cell = (src: string) => ({ cell_type: 'markdown', metadata: {}, source: [src] });
  const data = { cells: [cell('a'), cell('b')], metadata: { k: 1 }, nbformat: 4, nbformat_minor: 4 };
  const python = JSON.stringify(data).replaceAll('":', '": ').replaceAll(',"', ', "').replaceAll(',{', ', {');
  for (const text of [python, JSON.stringify(data)]) {
    const nb = fromIpynb(text);
    nb.cells[1]!.source = ['changed'];
    nb.metadata.added = true;
    const space = text === python ? ' ' : '';
    // A key added to a sorted object goes in sorted position.
    const want = text.replace('["b"]', '["changed"]').replace('{"k": 1}', `{"added": true,${space}"k": 1}`).replace('{"k":1}', '{"added":true,"k":1}');
    assert.is(toIpynb(nb), want);
  }
});

test('Jupyter-layout files without a final newline keep it missing after an edit', () => {
  const cell = (src: string) => ({ cell_type: 'markdown', id: src, metadata: {}, source: [src] });
  const data = { cells: [cell('a'), cell('b')], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  const text = JSON.stringify(data, null, 1);
  const nb = fromIpynb(text);
  assert.is(toIpynb(nb), text);
  assert.is(toIpynb(nb, { canonical: true }), `${text}\n`);
  nb.cells[1]!.source = ['changed'];
  assert.is(toIpynb(nb), text.replace('"source": [\n    "b"', '"source": [\n    "changed"'));
  assert.is(toIpynb(nb, { canonical: true }), `${toIpynb(nb)}\n`);
});

test('Jupyter-layout notebooks: cells moved, repeated, added, removed or edited in place are written as Jupyter writes them', () => {
  const cell = (i: number) => ({
    cell_type: 'code',
    execution_count: i,
    id: `c${i}`,
    metadata: i === 1 ? {} : { tags: ['t'] },
    outputs: [],
    source: [`x = ${i}\n`, 'y'],
  });
  const text = toIpynb({ cells: [0, 1, 2, 3].map(cell), metadata: {}, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook);
  const edits: ((nb: Notebook) => void)[] = [
    (nb) => nb.cells.reverse(),
    (nb) => nb.cells.push(nb.cells[0]!, nb.cells[0]!),
    (nb) => nb.cells.splice(1, 0, { cell_type: 'markdown', id: 'new', metadata: {}, source: 'a\nb' } as Notebook['cells'][number]),
    (nb) => nb.cells.splice(0, 2),
    (nb) => ((nb.cells[2]!.metadata.tags as string[])[0] = 'u'),
    (nb) => (nb.cells[3]!.source = 'z = 1\n'),
    (nb) => (nb.metadata.k = 1),
  ];
  for (const edit of edits) {
    const nb = fromIpynb(text);
    edit(nb);
    assert.is(toIpynb(nb), toIpynb(cloneJson(nb)));
    assert.is(toIpynb(nb, { canonical: true }), toIpynb(cloneJson(nb)));
  }
});

test('an enumerable property on Object.prototype does not make a changed notebook look unchanged', () => {
  // Every object has "z" last, so for-in over the objects would see the same keys.
  const text = toIpynb({ cells: [], metadata: { z: 1 }, nbformat: 4, nbformat_minor: 5, z: 1 } as unknown as Notebook);
  const nb = fromIpynb(text) as Notebook & { z?: number };
  delete nb.z;
  Object.defineProperty(Object.prototype, 'z', { value: 1, enumerable: true, configurable: true, writable: true });
  try {
    assert.ok(!toIpynb(nb).includes('\n "z"'));
  } finally {
    delete (Object.prototype as Record<string, unknown>).z;
  }
});

test('what the reader remembers is invisible in the notebook, and frozen copies can carry it too', () => {
  for (const text of [toIpynb({ cells: [], metadata: { a: 1 }, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook), plain, odd]) {
    const nb = fromIpynb(text);
    assert.equal(Reflect.ownKeys(nb), Object.keys(JSON.parse(text)));
    assert.equal(Reflect.ownKeys({ ...nb }), Reflect.ownKeys(nb));
    const frozen = withLayoutOf(Object.freeze(cloneJson(nb)), nb);
    assert.is(toIpynb(frozen), text);
    const copy = withLayoutOf(cloneJson(nb), nb);
    assert.is(withLayoutOf(copy, nb), copy);
    assert.is(toIpynb(copy), text);
  }
});

test('a Jupyter-layout notebook that gets number lexemes after reading writes them', () => {
  const text = '{\n "cells": [],\n "metadata": {\n  "x": 1\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}\n';
  const nb = fromIpynb(text);
  assert.is(toIpynb(nb), text);
  copyNumberLexemes(fromIpynb('{"cells": [], "metadata": {"x": 1.0}, "nbformat": 4, "nbformat_minor": 5}').metadata, nb.metadata);
  assert.is(toIpynb(nb), text.replace('"x": 1', '"x": 1.0'));
});

test('added key in a sorted object goes in sorted position; unsorted objects append', () => {
  const text = '{\n "cells": [],\n "metadata": {\n  "a": 1,\n  "c": 2\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}\n';
  const nb = fromIpynb(text);
  nb.metadata.b = 'x';
  assert.is(toIpynb(nb), '{\n "cells": [],\n "metadata": {\n  "a": 1,\n  "b": "x",\n  "c": 2\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}\n');
  const nb2 = fromIpynb(odd);
  nb2.metadata.added = true;
  const out = toIpynb(nb2);
  assert.ok(out.includes('"esc": "caf\\u00e9 \\/ \\u001B",\n        "added": true}') || out.includes('"added": true'), out);
  assert.ok(out.indexOf('"added"') > out.indexOf('"esc"'));
  assert.ok(out.includes('"z": 1.0') && out.includes('12345678901234567890') && out.includes('1e+16'));
});

test('moved cells keep their bytes', () => {
  const nb = fromIpynb(odd);
  nb.cells.reverse();
  const out = toIpynb(nb);
  assert.ok(out.includes('"source": ["x = 1\\n", "y = 2"]'));
  assert.ok(out.includes('"metadata": {"10": true, "9": false}'));
  assert.equal(JSON.parse(out).cells[0].cell_type, 'markdown');
});

test('new notebooks are written as Jupyter writes them', () => {
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, '10': 1, '9': 2, ｰ: 0, '😀': 1 },
    cells: [
      {
        cell_type: 'code',
        id: 'a',
        metadata: {},
        source: 'print("é")\nx = 1.5\n',
        outputs: [{ output_type: 'stream', name: 'stdout', text: 'é\n' }],
        execution_count: 1,
      },
      { cell_type: 'markdown', id: 'b', metadata: {}, source: '' },
    ],
  };
  const out = toIpynb(nb);
  assert.ok(out.endsWith('}\n'));
  assert.ok(out.includes('"source": [\n    "print(\\"é\\")\\n",\n    "x = 1.5\\n"\n   ]'), out);
  assert.ok(out.includes('"source": []'));
  const keys = [...out.matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1]);
  assert.equal(keys, ['10', '9', 'kernelspec', 'ｰ', '😀']);
});

test('python float repr', () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [-0, '-0.0'],
    [1e-5, '1e-05'],
    [1e16, '1e+16'],
    [0.1, '0.1'],
    [1.5e-7, '1.5e-07'],
    [123456789.125, '123456789.125'],
    [1e22, '1e+22'],
    [-2.5e-10, '-2.5e-10'],
    [0.0001, '0.0001'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
  ];
  for (const [n, s] of cases) assert.is(pythonFloat(n), s, String(n));
});

const python = spawnSync('python3', ['-c', 'print(1)']).status === 0;
test('canonical writer matches Python json.dumps on the same data', () => {
  if (!python) return;
  const data = {
    nbformat: 4,
    nbformat_minor: 5,
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: a float lexeme under test, not pi
    metadata: { f: [0.1, 1e-5, 1e-7, 2.5e16, 1e22, 3.14159, -0.5, 100, 7], s: 'tab\there "q" \\ \u001b \u2028 é 😀 \u007f', '2': 1, '10': 2, ｰ: 3, '😀': 4 },
    cells: [],
  } as unknown as Notebook;
  const ours = toIpynb(data);
  const py = spawnSync(
    'python3',
    [
      '-c',
      'import json,sys; d=json.load(sys.stdin); sys.stdout.write(json.dumps(d, sort_keys=True, indent=1, separators=(",", ": "), ensure_ascii=False) + "\\n")',
    ],
    { input: JSON.stringify(data), encoding: 'utf8' },
  );
  assert.is(py.status, 0, py.stderr);
  assert.is(ours, py.stdout.replace(/(\d)\.0\b/g, '$1'));
});

test('errors: empty, array, no cells, bad version, bad JSON with line and column', () => {
  const msg = (text: string) => {
    try {
      fromIpynb(text, { file: 'x.ipynb' });
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.is(msg(''), 'x.ipynb:1:1: empty file: expected a notebook (a JSON object)');
  assert.is(msg('  \n'), 'x.ipynb:2:1: empty file: expected a notebook (a JSON object)');
  assert.is(msg('[1, 2]'), 'x.ipynb:1:1: expected a notebook (a JSON object), found an array');
  assert.is(msg('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}'), 'x.ipynb:1:1: notebook has no "cells" list');
  assert.is(msg('{"nbformat": 5, "cells": []}'), 'x.ipynb:1:14: unsupported nbformat 5: nbgit reads nbformat 4 (and upgrades 3)');
  assert.is(msg('{"cells": []}'), 'x.ipynb:1:1: not a notebook: no "nbformat" key (nbformat 4 notebooks have "nbformat": 4 and a "cells" list)');
  assert.is(msg('{\n "cells": [\n  1,\n  2\n  3\n ]}'), "x.ipynb:5:3: invalid JSON: expected ',' or ']', found '3'");
  assert.is(msg('{\n "a": "unterminated\n}'), "x.ipynb:2:20: invalid JSON: expected closing '\"' of the string that starts at 2:7, found character U+000A");
  assert.is(msg('{"a": tru}'), "x.ipynb:1:7: invalid JSON: expected a value (object, array, string, number, true, false or null), found 't'");
  assert.is(msg('{"a": "\\x"}'), "x.ipynb:1:9: invalid JSON: expected an escape character (one of \" \\ / b f n r t u), found 'x'");
  assert.is(msg('{"a": 1} x'), "x.ipynb:1:10: invalid JSON: expected end of input after the top-level value, found 'x'");
  // Raw control characters in strings, with whitespace (line feeds, CR, tabs) between tokens around them.
  const raw = 'invalid JSON: expected an escaped control character in a string (raw control characters are not allowed), found character';
  assert.is(msg('{\r\n\t"a": "x",\r\n\t"b": "y\tz"}'), `x.ipynb:3:9: ${raw} U+0009`);
  assert.is(msg('{\n"a": "x",\n"b": "y\rz"}'), `x.ipynb:3:8: ${raw} U+000D`);
  assert.is(msg('{\n"a": ["x", "y",\n"long string then a line feed\n"]}'), `x.ipynb:3:30: ${raw} U+000A`);
  assert.is(msg('{"a": "x\u0001"}'), `x.ipynb:1:9: ${raw} U+0001`);
});

test('validation with located messages', () => {
  const text =
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": null,\n   "metadata": {},\n   "outputs": [\n    {\n     "output_type": "stram",\n     "name": "stdout",\n     "text": "hi"\n    }\n   ],\n   "source": "x",\n   "id": "a b"\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n';
  const issues = validateNotebook(fromIpynb(text, { check: false }));
  assert.equal(
    issues.map((i) => `${i.position?.line}:${i.position?.column}: ${i.path}: ${i.message}`),
    [
      '15:10: cells[0].id: "a b" is not a valid cell id (1-64 of a-z A-Z 0-9 - _)',
      '9:21: cells[0].outputs[0].output_type: "stram" is not one of execute_result, display_data, stream, error',
    ],
  );
});

test('nbformat 3 is upgraded as Jupyter does', () => {
  const v3 = JSON.stringify({
    metadata: { name: 'n', signature: 's' },
    nbformat: 3,
    nbformat_minor: 0,
    worksheets: [
      {
        cells: [
          { cell_type: 'heading', level: 2, source: ['Title\n', 'more'], metadata: {} },
          {
            cell_type: 'code',
            collapsed: false,
            input: ['print(1)'],
            language: 'python',
            prompt_number: 3,
            metadata: {},
            outputs: [
              { output_type: 'stream', stream: 'stdout', text: ['1\n'] },
              { output_type: 'pyout', prompt_number: 3, text: ['3'], html: ['<b>3</b>'], metadata: {} },
              { output_type: 'pyerr', ename: 'E', evalue: 'v', traceback: [] },
            ],
          },
        ],
      },
    ],
  });
  const nb = fromIpynb(v3);
  assert.is(nb.nbformat, 4);
  assert.is(nb.nbformat_minor, 5);
  assert.equal(nb.metadata, { orig_nbformat: 3, orig_nbformat_minor: 0 });
  assert.is(nb.cells[0]!.cell_type, 'markdown');
  assert.is(joinSource(nb.cells[0]!.source), '## Title more');
  const code = nb.cells[1]!;
  assert.is(code.cell_type, 'code');
  if (code.cell_type !== 'code') return;
  assert.is(code.execution_count, 3);
  assert.equal(code.metadata, { collapsed: false });
  assert.equal(
    code.outputs.map((o) => o.output_type),
    ['stream', 'execute_result', 'error'],
  );
  assert.equal((code.outputs[1] as { data: object }).data, { 'text/plain': ['3'], 'text/html': ['<b>3</b>'] });
  assert.is(code.outputs[0]!.name, 'stdout');
  assert.equal(validateNotebook(fromIpynb(toIpynb(nb))), []);
  assert.equal(
    fromIpynb(v3).cells.map((c) => c.id),
    nb.cells.map((c) => c.id),
  );
});

test('ensureIds is deterministic and keeps existing ids', () => {
  const make = () =>
    fromIpynb(
      '{"cells":[{"cell_type":"code","metadata":{},"source":"a","outputs":[],"execution_count":null},{"cell_type":"code","metadata":{},"source":"a","outputs":[],"execution_count":null},{"cell_type":"markdown","id":"keep","metadata":{},"source":"b"}],"metadata":{},"nbformat":4,"nbformat_minor":4}',
    );
  const a = ensureIds(make());
  const b = ensureIds(make());
  assert.equal(
    a.cells.map((c) => c.id),
    b.cells.map((c) => c.id),
  );
  assert.is(a.cells[2]!.id, 'keep');
  assert.is.not(a.cells[0]!.id, a.cells[1]!.id);
  assert.is(a.nbformat_minor, 5);
  assert.equal(validateNotebook(a), []);
});

test('canonical mode keeps Python-compatible number lexemes', () => {
  const nb = fromIpynb('{"cells": [], "metadata": {"a": 1.0, "b": 1E5, "c": 0.00001, "d": 123456789012345678901}, "nbformat": 4, "nbformat_minor": 5}');
  const out = toIpynb(nb, { canonical: true });
  assert.is(
    out,
    '{\n "cells": [],\n "metadata": {\n  "a": 1.0,\n  "b": 100000.0,\n  "c": 1e-05,\n  "d": 123456789012345678901\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}\n',
  );
});

test('floats with integral values and big integers stay as written when data moves to a new notebook', () => {
  const nb = fromIpynb(
    '{"cells": [], "metadata": {"w": 1.0, "e": 1e5, "big": 12345678901234567890, "n": 2, "l": [1.0, 3]}, "nbformat": 4, "nbformat_minor": 5}',
  );
  const fresh = { cells: [], metadata: nb.metadata, nbformat: 4, nbformat_minor: 5 } as Notebook;
  const out = toIpynb(fresh);
  assert.ok(out.includes('"w": 1.0\n'), out);
  assert.ok(out.includes('"e": 100000.0,'), out);
  assert.ok(out.includes('"big": 12345678901234567890,'), out);
  assert.ok(out.includes('"n": 2'), out);
  assert.ok(out.includes('[\n   1.0,\n   3\n  ]'), out);
  nb.metadata.w = 2;
  assert.ok(toIpynb(fresh).includes('"w": 2\n'), 'a changed value is written as the new number');
});

const V3 = `{
 "metadata": {
  "name": "demo"
 },
 "nbformat": 3,
 "nbformat_minor": 0,
 "worksheets": [
  {
   "cells": [
    {
     "cell_type": "heading",
     "level": 2,
     "metadata": {},
     "source": [
      "Rain"
     ]
    },
    {
     "cell_type": "code",
     "collapsed": false,
     "input": [
      "x = 1\\n",
      "x"
     ],
     "language": "python",
     "metadata": {},
     "outputs": [
      {
       "metadata": {},
       "output_type": "pyout",
       "prompt_number": 1,
       "text": [
        "1"
       ]
      }
     ],
     "prompt_number": 1
    }
   ],
   "metadata": {}
  }
 ]
}`;

test('nbformat 3: upgradedFrom gives the v3 objects; downgradeV3 gives the file back, and what changed as nbformat 3', () => {
  const nb = fromIpynb(V3);
  assert.is(nb.nbformat, 4);
  const v3 = upgradedFrom(nb)!;
  /** The cells of a v3 notebook's first worksheet. */
  const sheet = (x: object) => (x as { worksheets: Array<{ cells: Array<Record<string, unknown>> }> }).worksheets[0]!.cells;
  assert.is(toIpynb(v3 as unknown as Notebook), V3);
  assert.is(upgradedFrom(nb.cells[1]!), sheet(v3)[1]);
  assert.is(toIpynb(downgradeV3(nb, { like: v3 })), V3);
  assert.ok(!('collapsed' in (sheet(v3)[1]!.metadata as object)), 'the upgrade leaves the v3 cell as read');
  // an edited heading stays a heading; a new one-line # markdown cell becomes one (nbformat's rule); ids go
  nb.cells[0]!.source = '## Rainfall';
  nb.cells.push(
    { cell_type: 'markdown', id: 'x', metadata: {}, source: '# End' },
    { cell_type: 'code', id: 'y', metadata: {}, source: 'y = 2\ny', outputs: [], execution_count: null },
  );
  const down = downgradeV3(nb, { like: v3 });
  assert.equal(validateNotebook(down), []);
  const cells = sheet(down);
  assert.equal(cells[0], { cell_type: 'heading', level: 2, metadata: {}, source: ['Rainfall'] });
  assert.is(cells[1], sheet(v3)[1], 'unchanged: the v3 cell itself');
  assert.equal(cells[2], { cell_type: 'heading', level: 1, metadata: {}, source: ['End'] });
  assert.equal(cells[3], { cell_type: 'code', collapsed: false, input: ['y = 2\n', 'y'], language: 'python', metadata: {}, outputs: [] });
  const text = toIpynb(down);
  assert.ok(text.startsWith(`${V3.slice(0, V3.indexOf('"source": ['))}"source": [\n      "Rainfall"`), text.slice(0, 300));
});

test('validation follows the version: nbformat 3 schema for v3, no ids below 4.5', () => {
  const bad = JSON.parse(V3);
  bad.worksheets[0].cells[0].cell_type = 'title';
  delete bad.worksheets[0].cells[1].language;
  assert.equal(
    validateNotebook(bad).map((i) => i.path),
    ['worksheets[0].cells[0].cell_type', 'worksheets[0].cells[1]'],
  );
  const v44 = fromIpynb('{"cells": [{"cell_type": "raw", "id": "a", "metadata": {}, "source": ""}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}');
  assert.equal(
    validateNotebook(v44).map((i) => [i.path, i.message]),
    [['cells[0].id', 'cell ids exist from nbformat 4.5 on; this notebook is 4.4']],
  );
});

test('record: a notebook recorded as it is read writes as one recorded on its first write, edits made after the read included', () => {
  const jupyter = `${JSON.stringify(JSON.parse(odd.replace(/1\.0|-0\.0|1e-05|12345678901234567890|1e\+16/g, '2')), null, 1)}\n`;
  const v3 = JSON.stringify(
    {
      metadata: { name: 'n' },
      nbformat: 3,
      nbformat_minor: 0,
      worksheets: [{ cells: [{ cell_type: 'markdown', metadata: {}, source: ['a'] }], metadata: {} }],
    },
    null,
    1,
  );
  for (const text of [jupyter, JSON.stringify(JSON.parse(jupyter), null, 2), v3]) {
    // what is written: the notebook, or for nbformat 3 the v3 object it was upgraded from
    const file = (nb: Notebook) => (text === v3 ? (upgradedFrom(nb) as unknown as Notebook) : nb);
    const now = fromIpynb(text, { record: true });
    const later = fromIpynb(text);
    assert.is(toIpynb(file(now)), text);
    assert.is(toIpynb(file(now)), toIpynb(file(later)));
    for (const nb of [now, later].map(file)) {
      const cells = (text === v3 ? (nb as unknown as { worksheets: Array<{ cells: Notebook['cells'] }> }).worksheets[0]!.cells : nb.cells) as Notebook['cells'];
      const cell = cells[0]!;
      cell.source = Array.isArray(cell.source) ? [...cell.source, 'z = 3'] : `${cell.source}!`;
      (nb.metadata as Record<string, unknown>).added = [1, 2];
    }
    assert.is(toIpynb(file(now)), toIpynb(file(later)));
    assert.ok(toIpynb(file(now)) !== text);
  }
});

test.run();
