// Conversion planning (what `nbgit convert` calls): reading a file of any format from its bytes,
// the output extension, whether an existing file may be replaced, its line ending; and one cell
// as percent text and back (what `nbgit cells show --as percent` and `cells set` use).
import { isNbgitError, type Notebook } from '@nbgit/core';
import {
  cellAsPercent,
  looksLikePercentCell,
  looksLikeTextNotebook,
  outputExtension,
  readNotebookBytes,
  readPercentCell,
  withLineEndingOf,
  writeText,
} from '@nbgit/formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const bytes = (text: string) => new TextEncoder().encode(text);

function notebook(metadata: Notebook['metadata'] = {}): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata,
    cells: [
      { cell_type: 'markdown', id: 'a', metadata: {}, source: ['# Hi\n', 'there'] },
      { cell_type: 'code', id: 'b', metadata: {}, source: 'x = 1', outputs: [{ output_type: 'stream', name: 'stdout', text: '1' }], execution_count: 3 },
    ],
  };
}

test('readNotebookBytes: the format from the extension, else the content', () => {
  const script = readNotebookBytes(bytes('# %%\nx <- 1\n'), { path: 'a.R', file: 'a.R' });
  assert.is(script.format, 'percent');
  assert.is((script.notebook.metadata.jupytext as { main_language?: string }).main_language, 'R');
  const stdin = readNotebookBytes(bytes('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'), { file: '<stdin>' });
  assert.is(stdin.format, 'ipynb');
  assert.equal(stdin.notebook.cells, []);
  const md = readNotebookBytes(bytes('# Title\n\n```python\nx = 1\n```\n'), { path: 'notes.MD', file: 'notes.MD' });
  assert.is(md.format, 'markdown');
  assert.equal(
    md.notebook.cells.map((c) => c.cell_type),
    ['markdown', 'code'],
  );
});

test('readNotebookBytes: a byte order mark is a percent script spelling; --from and --ext win', () => {
  const bom = readNotebookBytes(bytes('\uFEFF# %%\nx = 1\n'), { path: 'a.py', file: 'a.py' });
  assert.ok(writeText(bom.notebook, 'py:percent').startsWith('\uFEFF# %%'));
  const told = readNotebookBytes(bytes('# %%\nx = 1\n'), { file: '<stdin>', from: 'percent', extension: '.jl' });
  assert.is(told.format, 'percent');
  assert.is((told.notebook.metadata.jupytext as { main_language?: string }).main_language, 'julia');
});

test('readNotebookBytes: text that is not UTF-8 is refused with its place', () => {
  try {
    readNotebookBytes(new Uint8Array([0x23, 0x20, 0xff, 0x0a]), { path: 'a.py', file: 'a.py' });
    assert.unreachable('invalid UTF-8 was read');
  } catch (e) {
    assert.ok(isNbgitError(e));
    assert.is(e.code, 'EJSON');
    assert.match(e.message, 'a.py:1:3');
  }
});

test('outputExtension: by format, then the asked extension, the input script, the language', () => {
  const py = notebook();
  assert.equal(
    ['ipynb', 'markdown', 'myst', 'quarto', 'databricks', 'percent'].map((to) => outputExtension(to, py)),
    ['.ipynb', '.md', '.md', '.qmd', '.py', '.py'],
  );
  assert.is(outputExtension('percent', py, { inputPath: 'x.R', from: 'light' }), '.R');
  assert.is(outputExtension('percent', py, { inputPath: 'x.md', from: 'markdown' }), '.py');
  assert.is(outputExtension('light', py, { extension: '.jl', inputPath: 'x.R', from: 'percent' }), '.jl');
  assert.is(outputExtension('percent', notebook({ kernelspec: { name: 'ir', language: 'R', display_name: 'R' } })), '.R');
  assert.is(outputExtension('databricks', notebook({ language_info: { name: 'scala', file_extension: '.scala' } })), '.scala');
});

test('looksLikeTextNotebook: a marker, fence, region or header; not a hand-written file', () => {
  assert.ok(looksLikeTextNotebook('# %%\nx = 1\n', 'percent'));
  assert.ok(looksLikeTextNotebook('', 'light'));
  assert.ok(looksLikeTextNotebook('```python\nx\n```\n', 'markdown'));
  assert.ok(looksLikeTextNotebook('# ---\n# jupyter:\n#   kernelspec: {}\n# ---\n', 'percent'));
  assert.not.ok(looksLikeTextNotebook('import os\n', 'percent'));
  assert.not.ok(looksLikeTextNotebook('# Title\n\ntext\n', 'markdown'));
});

test('withLineEndingOf: CRLF kept for a CRLF file, nothing else changed', () => {
  assert.is(withLineEndingOf('a\nb\n', 'x\r\ny\r\n'), 'a\r\nb\r\n');
  assert.is(withLineEndingOf('a\nb\n', 'x\ny\r\n'), 'a\nb\n');
  assert.is(withLineEndingOf('a\r\nb\n', 'x\r\n'), 'a\r\nb\n');
  assert.is(withLineEndingOf('a\nb\n', undefined), 'a\nb\n');
});

test('cellAsPercent and readPercentCell: one cell, no header, in the notebook language, and back', () => {
  const nb = notebook({ kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } });
  const [md, code] = nb.cells as [Notebook['cells'][number], Notebook['cells'][number]];
  assert.is(cellAsPercent(nb, md), '# %% [markdown]\n# # Hi\n# there\n');
  assert.is(cellAsPercent(nb, code), '# %%\nx = 1\n');
  assert.equal(readPercentCell(nb, cellAsPercent(nb, md), 'x'), { source: '# Hi\nthere', type: 'markdown' });
  assert.equal(readPercentCell(nb, cellAsPercent(nb, code), 'x'), { source: 'x = 1', type: 'code' });
  const r = notebook({ kernelspec: { name: 'ir', language: 'R', display_name: 'R' } });
  assert.is(cellAsPercent(r, code), '# %%\nx = 1\n');
  assert.ok(looksLikePercentCell('# %% [markdown]\n# hi\n'));
  assert.ok(looksLikePercentCell('// %%\nx\n'));
  assert.not.ok(looksLikePercentCell('x = 1\n'));
  try {
    readPercentCell(nb, '# %%\na\n# %%\nb\n', 'f.py');
    assert.unreachable('two cells were read as one');
  } catch (e) {
    assert.ok(isNbgitError(e));
    assert.is(e.code, 'EUSAGE');
    assert.match(e.message, 'expected one percent cell, found 2');
  }
});

test.run();
