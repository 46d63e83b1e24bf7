// Numbers keep their kind across markdown notebooks: a float read as `1.0` (from a notebook or
// from the text) is written back as `1.0`, and big integers keep every digit (QA finding F1).
// The number formatting and parsing live in @nbgit/core (cell options, YAML); this checks that
// the markdown format carries them through.
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const KERNEL = '"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}';
const IPYNB = toIpynb(
  fromIpynb(
    `{"cells": [{"cell_type": "code", "execution_count": null, "id": "c1", "metadata": {"w": 1.0, "big": 12345678901234567890}, "outputs": [], "source": ["x = 1"]}, ` +
      `{"cell_type": "markdown", "id": "m1", "metadata": {"w": 2.0}, "source": ["hi"]}], ` +
      `"metadata": {"jupytext": {"notebook_metadata_filter": "myfloat"}, ${KERNEL}, "big": 12345678901234567890, "myfloat": 1.0}, "nbformat": 4, "nbformat_minor": 5}`,
  ),
  { canonical: true },
);

function numbersIn(ipynb: string): string[] {
  return [...ipynb.matchAll(/"(w|big|myfloat)": ([^,\n}]*)/g)].map((m) => `${m[1]}=${m[2]}`);
}

test('ipynb -> md -> ipynb keeps 1.0 and big integers (default mode)', () => {
  const md = toMarkdown(fromIpynb(IPYNB));
  assert.match(md, '  myfloat: 1.0\n');
  assert.match(md, 'w=1.0');
  assert.match(md, 'big=12345678901234567890');
  assert.equal(numbersIn(toIpynb(fromMarkdown(md))), ['big=12345678901234567890', 'w=1.0', 'w=2.0', 'myfloat=1.0']);
});

test('ipynb -> lossless md -> ipynb is byte-identical with floats and big integers', () => {
  const md = toMarkdown(fromIpynb(IPYNB), { lossless: true });
  assert.match(md, '  big: 12345678901234567890\n');
  assert.is(toIpynb(fromMarkdown(md)), IPYNB);
});

test('md -> ipynb writes numbers as they were written in the text', () => {
  const md = [
    '---',
    'jupyter:',
    '  jupytext:',
    '    notebook_metadata_filter: myfloat',
    '  myfloat: 1.0',
    '---',
    '',
    '```python w=1.0 big=12345678901234567890',
    'x = 1',
    '```',
    '',
  ].join('\n');
  const ipynb = toIpynb(fromMarkdown(md));
  assert.equal(numbersIn(ipynb), ['big=12345678901234567890', 'w=1.0', 'myfloat=1.0']);
});

test.run();
