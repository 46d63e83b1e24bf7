// @nbgit/formats: the table of formats, jupytext's format names, the one format detector, and
// readText / writeText through the table.
import { isNbgitError, type Notebook } from '@nbgit/core';
import {
  checkHeaderFormat,
  detectFormat,
  FORMATS,
  findFormatOfPath,
  formatOfContent,
  formatOfPath,
  parseFormatName,
  readText,
  scriptExtensionOfText,
  writeText,
} from '@nbgit/formats';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

function notebook(language = 'python', extension = '.py'): Notebook {
  return {
    cells: [
      { cell_type: 'markdown', id: 'm', metadata: {}, source: '# Title' },
      { cell_type: 'code', id: 'c', metadata: {}, source: 'x = 1', outputs: [], execution_count: null },
    ],
    metadata: { kernelspec: { display_name: language, language, name: language }, language_info: { name: language, file_extension: extension } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function throwsCode(f: () => unknown, code: string, message?: string): void {
  try {
    f();
  } catch (e) {
    assert.ok(isNbgitError(e), `not an NbgitError: ${String(e)}`);
    assert.is(e.code, code);
    if (message !== undefined) assert.is(e.message, message);
    return;
  }
  assert.unreachable('no error');
}

test('the table has one entry per format, and no name or extension is claimed twice', () => {
  const names = FORMATS.flatMap((m) => [m.name, ...new Set([m.short, ...m.aliases].filter((n) => n !== m.name))]);
  assert.equal(names.length, new Set(names).size, names.join(' '));
  const extensions = FORMATS.flatMap((m) => (m.extensions === 'script' ? [] : m.extensions.map((e) => e.toLowerCase())));
  assert.equal(extensions.length, new Set(extensions).size);
  assert.equal(
    FORMATS.map((m) => m.name),
    ['ipynb', 'percent', 'markdown'],
  );
});

test('parseFormatName reads jupytext names and nbgit aliases', () => {
  assert.equal(parseFormatName('py:percent'), { name: 'percent', extension: '.py' });
  assert.equal(parseFormatName('R:percent'), { name: 'percent', extension: '.R' });
  assert.equal(parseFormatName('auto:percent'), { name: 'percent' });
  assert.equal(parseFormatName('.jl:percent'), { name: 'percent', extension: '.jl' });
  for (const n of ['percent', 'py', 'script', 'PERCENT']) assert.equal(parseFormatName(n), { name: 'percent' }, n);
  for (const n of ['md', 'markdown', 'MD', 'md:markdown', 'markdown:markdown']) assert.equal(parseFormatName(n), { name: 'markdown' }, n);
  for (const n of ['ipynb', 'notebook', 'IPYNB']) assert.equal(parseFormatName(n), { name: 'ipynb' }, n);
});

test('an unknown format name is an EFORMAT error that says what nbgit reads', () => {
  throwsCode(
    () => parseFormatName('py:light'),
    'EFORMAT',
    'unknown format "py:light": nbgit reads and writes jupytext\'s percent scripts (py:percent) and markdown (md), not its "light" format',
  );
  throwsCode(
    () => parseFormatName('md:myst'),
    'EFORMAT',
    'unknown format "md:myst": nbgit reads and writes jupytext\'s percent scripts (py:percent) and markdown (md), not its "myst" format',
  );
  throwsCode(() => parseFormatName('hydrogen'), 'EFORMAT');
  throwsCode(
    () => parseFormatName('zz:percent'),
    'EFORMAT',
    'unknown format "zz:percent" (expected ipynb, percent, md, or EXT:percent as py:percent, R:percent, auto:percent)',
  );
  for (const n of ['py:script', 'md:md', 'ipynb:ipynb', 'text', '']) throwsCode(() => parseFormatName(n), 'EFORMAT');
});

test('a file name says its format in any case (convert and diff once disagreed on X.IPYNB, notes.MD, model.PY)', () => {
  assert.equal(findFormatOfPath('a/b/X.IPYNB'), { name: 'ipynb' });
  assert.equal(findFormatOfPath('x.ipynb'), { name: 'ipynb' });
  assert.equal(findFormatOfPath('notes.MD'), { name: 'markdown' });
  assert.equal(findFormatOfPath('notes.Markdown'), { name: 'markdown' });
  assert.equal(findFormatOfPath('model.PY'), { name: 'percent', extension: '.py' });
  assert.equal(findFormatOfPath('x.Jl'), { name: 'percent', extension: '.jl' });
  // both spellings are in the language table: each keeps its own
  assert.equal(findFormatOfPath('x.R'), { name: 'percent', extension: '.R' });
  assert.equal(findFormatOfPath('x.r'), { name: 'percent', extension: '.r' });
  assert.equal(findFormatOfPath('dir.md/x.cpp'), { name: 'percent', extension: '.cpp' });
});

test('a file name no format claims is an EFORMAT error naming the file (diff read it as a script, or as a notebook without an extension)', () => {
  assert.is(findFormatOfPath('notes.txt'), undefined);
  throwsCode(
    () => formatOfPath('notes.txt'),
    'EFORMAT',
    'notes.txt: unknown notebook format: no format reads ".txt" files (expected .ipynb, a script extension (.py, .R, .jl...), .md, .markdown)',
  );
  for (const p of ['Makefile', 'dir/.bashrc', 'x.', 'a.b/c']) {
    assert.is(findFormatOfPath(p), undefined, p);
    throwsCode(() => formatOfPath(p), 'EFORMAT');
  }
  throwsCode(() => detectFormat({ path: 'data.json' }), 'EFORMAT');
  throwsCode(() => detectFormat({}), 'EFORMAT');
});

test('without a name that says, the content decides (stdin, x.txt, a file without extension)', () => {
  assert.equal(formatOfContent('\uFEFF  {"cells": []}'), { name: 'ipynb' });
  assert.equal(formatOfContent('---\njupyter:\n---\n'), { name: 'markdown' });
  assert.equal(formatOfContent('Some text\n\n```python\nx = 1\n```\n'), { name: 'markdown' });
  assert.equal(formatOfContent('<!-- #region -->\nx\n<!-- #endregion -->\n'), { name: 'markdown' });
  assert.equal(formatOfContent('# %%\nx = 1\n'), { name: 'percent', extension: '.py' });
  assert.equal(formatOfContent('// %%\nint x;\n'), { name: 'percent', extension: '.cpp' });
  assert.equal(formatOfContent('-- %% [markdown]\n'), { name: 'percent', extension: scriptExtensionOfText('-- %%\n') });
  assert.equal(detectFormat({ path: 'notes.txt', text: '{"cells": []}' }), { name: 'ipynb' });
  assert.equal(detectFormat({ path: 'Makefile', text: '# %%\nx = 1\n' }), { name: 'percent', extension: '.py' });
  assert.equal(detectFormat({ text: '// ---\n// jupyter:\n// ---\n' }), { name: 'percent', extension: '.cpp' });
});

test('the name decides before the content, and the content is not even read then', () => {
  const text = () => assert.unreachable('text read') as never;
  assert.equal(detectFormat({ path: 'X.IPYNB', text }), { name: 'ipynb' });
  assert.equal(detectFormat({ path: 'a.md', text: '{"cells": []}' }), { name: 'markdown' });
});

test('checkHeaderFormat refuses a jupytext header naming a format the reader does not read, at the name', () => {
  const light = '# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n#       format_name: light\n# ---\nx = 1\n';
  try {
    checkHeaderFormat(light, { name: 'percent' }, 'light.py');
    assert.unreachable('no error');
  } catch (e) {
    assert.ok(isNbgitError(e));
    assert.is(e.code, 'ESYNTAX');
    assert.match(e.message, /^light\.py:6:22: this is a jupytext "light" script; nbgit reads percent scripts/);
  }
  checkHeaderFormat(light.replace('light', 'percent'), { name: 'percent' }, 'x.py');
  checkHeaderFormat(light.replace('light', 'hydrogen'), { name: 'percent' }, 'x.py');
  checkHeaderFormat(light, { name: 'ipynb' }, 'x.ipynb');
  const myst = '---\njupytext:\n  text_representation:\n    format_name: "myst"\n---\n';
  assert.throws(() => checkHeaderFormat(myst, { name: 'markdown' }, 'm.md'), /m\.md:4:19: this is a jupytext "myst" notebook/);
});

test('readText and writeText go through the table by jupytext name', () => {
  const nb = notebook();
  const py = writeText(nb, 'py:percent');
  assert.is(py, writeText(nb, 'percent'));
  assert.is(py, writeText(nb, 'auto:percent'));
  assert.match(py, '# %% [markdown]\n# # Title\n\n# %%\nx = 1\n');
  assert.equal(
    readText(py, 'py:percent').cells.map((c) => [c.cell_type, c.source]),
    [
      ['markdown', '# Title'],
      ['code', 'x = 1'],
    ],
  );
  // R:percent writes R comments whatever the notebook's language; auto:percent follows the notebook
  const r = notebook('R', '.r');
  assert.is(writeText(r, 'auto:percent'), writeText(r, 'R:percent'));
  assert.match(writeText(nb, 'jl:percent'), /^# %%/m);
  const md = writeText(nb, 'md');
  assert.is(md, writeText(nb, 'md:markdown'));
  assert.match(md, '```python\nx = 1\n```');
  assert.equal(readText(md, 'md').cells.length, 2);
  // a byte order mark before a markdown notebook's header is not part of the text
  assert.equal(readText(`\uFEFF${md}`, 'markdown').metadata, readText(md, 'markdown').metadata);
  assert.equal(readText(toIpynb(nb), 'ipynb'), fromIpynb(toIpynb(nb)));
  assert.is(writeText(nb, 'ipynb'), toIpynb(nb));
  // lossless keeps what jupytext drops
  assert.ok(writeText(nb, 'py:percent', { lossless: true }).includes('language_info'));
  assert.not.ok(py.includes('language_info'));
});

test('readText takes bytes, with a located error when they are not UTF-8', () => {
  const bytes = new TextEncoder().encode('# %%\nx = 1\n');
  assert.equal(readText(bytes, { name: 'percent', extension: '.py' }).cells.length, 1);
  const bad = new Uint8Array([0x23, 0x20, 0x25, 0x25, 0x0a, 0x78, 0xff, 0x0a]);
  throwsCode(() => readText(bad, 'py:percent', { file: 'bad.py' }), 'EJSON', 'bad.py:2:2: invalid UTF-8 at byte 6');
  throwsCode(() => readText('x', 'py:light'), 'EFORMAT');
  throwsCode(() => writeText(notebook(), { name: 'light' }), 'EFORMAT');
});

test.run();
