// Numbers keep their kind across percent scripts: a float read as `1.0` (from a notebook or from
// the text) is written back as `1.0`, and big integers keep every digit (QA finding F1).
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const cell = (metadata: string, source: string) =>
  `{"cell_type": "code", "execution_count": null, "id": "c1", "metadata": ${metadata}, "outputs": [], "source": ["${source}"]}`;
const notebook = (cells: string[], metadata: string) => `{"cells": [${cells.join(', ')}], "metadata": ${metadata}, "nbformat": 4, "nbformat_minor": 5}`;
const KERNEL = '"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}';

function numbersIn(ipynb: string): string[] {
  return [...ipynb.matchAll(/"(w|big|e|myfloat|step|n)": (\[[^\]]*\]|[^,\n}]*)/g)].map((m) => `${m[1]}=${m[2]!.replace(/\s+/g, '')}`);
}

test('ipynb -> percent -> ipynb keeps 1.0 and big integers in cell metadata (default mode)', () => {
  const ipynb = toIpynb(fromIpynb(notebook([cell('{"w": 1.0, "big": 12345678901234567890, "e": 1e-05, "n": [2.0, 3]}', 'x = 1')], `{${KERNEL}}`)));
  const text = toPercent(fromIpynb(ipynb));
  assert.match(text, '# %% w=1.0 big=12345678901234567890 e=1e-05 n=[2.0, 3]\n');
  assert.equal(numbersIn(toIpynb(fromPercent(text))), ['big=12345678901234567890', 'e=1e-05', 'n=[2.0,3]', 'w=1.0']);
});

test('ipynb -> percent -> ipynb keeps 1.0 and big integers in notebook metadata (default mode, header filter)', () => {
  const ipynb = toIpynb(
    fromIpynb(
      notebook([cell('{}', 'x = 1')], `{"jupytext": {"notebook_metadata_filter": "myfloat,big"}, ${KERNEL}, "big": 12345678901234567890, "myfloat": 1.0}`),
    ),
  );
  const text = toPercent(fromIpynb(ipynb));
  assert.match(text, '#   myfloat: 1.0\n');
  assert.match(text, '#   big: 12345678901234567890\n');
  assert.equal(numbersIn(toIpynb(fromPercent(text))), ['big=12345678901234567890', 'myfloat=1.0']);
});

test('ipynb -> lossless percent -> ipynb is byte-identical with floats and big integers everywhere', () => {
  const ipynb = toIpynb(
    fromIpynb(
      notebook(
        [
          cell('{"w": 1.0, "big": 12345678901234567890, "ExecuteTime": {"step": 1.0}}', 'x = 1'),
          '{"cell_type": "markdown", "id": "m1", "metadata": {"w": 2.0}, "source": ["hi"]}',
        ],
        `{${KERNEL}, "big": 12345678901234567890, "myfloat": 1.0, "widgets": {"state": {"step": 1.0, "n": [1.0, 1e+16]}}}`,
      ),
    ),
    { canonical: true },
  );
  const text = toPercent(fromIpynb(ipynb), { lossless: true });
  assert.match(text, '#   myfloat: 1.0\n');
  assert.match(text, '#       - 1.0e+16\n#       step: 1.0\n');
  assert.is(toIpynb(fromPercent(text)), ipynb);
});

test('text -> ipynb writes numbers as they were written in the script', () => {
  const text = [
    '# ---',
    '# jupyter:',
    '#   jupytext:',
    '#     notebook_metadata_filter: myfloat',
    '#   myfloat: 1.0',
    '# ---',
    '',
    "# %% w=1.0 big=12345678901234567890 n=[1e5, 2] e={'k': 3.0}",
    'x = 1',
    '',
    '# %% {"w": 1.0}',
    'y = 2',
    '',
  ].join('\n');
  const ipynb = toIpynb(fromPercent(text));
  assert.match(ipynb, '"myfloat": 1.0');
  assert.match(ipynb, '"big": 12345678901234567890,\n    "e": {\n     "k": 3.0\n    },\n    "n": [\n     100000.0,\n     2\n    ],\n    "w": 1.0\n');
  // and back to the same text
  assert.is(toPercent(fromIpynb(ipynb)), text);
});

test.run();
