// Text notebooks in jupytext formats nbgit does not read (light, nomarker, sphinx, MyST, pandoc...)
// are refused with a located error, instead of being read as one big cell (which --update would
// then write over every cell of the paired notebook, outputs and all).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinSource } from '@nbgit/core';
import { fromIpynb } from '@nbgit/ipynb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run, tempDir } from './helpers.js';

const header = (comment: string, format: string, ext: string) =>
  [
    '---',
    'jupyter:',
    '  jupytext:',
    '    text_representation:',
    `      extension: ${ext}`,
    `      format_name: ${format}`,
    "      format_version: '1.5'",
    '      jupytext_version: 1.16.1',
    '  kernelspec:',
    '    display_name: Python 3',
    '    language: python',
    '    name: python3',
    '---',
  ]
    .map((l) => (comment ? `${comment} ${l}` : l))
    .join('\n');

const LIGHT = `${header('#', 'light', '.py')}\n\n# # Title\n\nx = 1\n\n# + tags=["a"]\ny = 2\n# -\n`;
const MYST = `---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n    format_version: 0.13\n    jupytext_version: 1.16.1\nkernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n# Title\n\n\`\`\`{code-cell} ipython3\nx = 1\n\`\`\`\n`;

const NOTEBOOK = `${JSON.stringify(
  {
    cells: [
      { cell_type: 'markdown', id: 'm', metadata: {}, source: ['# Title'] },
      { cell_type: 'code', execution_count: 1, id: 'c', metadata: {}, outputs: [{ name: 'stdout', output_type: 'stream', text: ['1\n'] }], source: ['x = 1'] },
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  },
  null,
  1,
)}\n`;

test('a jupytext light script is refused with its location; nothing is written', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'light.py'), LIGHT);
  const r = await run(['convert', 'light.py', '--to', 'ipynb'], { cwd: dir });
  assert.is(r.code, 1);
  assert.is(
    r.stderr,
    'nbgit convert: light.py:6:22: this is a jupytext "light" script; nbgit reads percent scripts (# %% cells): convert it with jupytext --to py:percent first, or pass --from percent to read it as one\n',
  );
  assert.not.ok(existsSync(join(dir, 'light.ipynb')));
  // on stdin too
  const piped = await run(['convert', '-', '--to', 'ipynb'], { stdin: LIGHT });
  assert.is(piped.code, 1);
  assert.match(piped.stderr, 'nbgit convert: <stdin>:6:22: this is a jupytext "light" script');
});

test('--update of the paired notebook from a light script leaves the notebook alone', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'nb.ipynb'), NOTEBOOK);
  writeFileSync(join(dir, 'nb.py'), LIGHT);
  const r = await run(['convert', 'nb.py', '--to', 'ipynb', '--update', 'nb.ipynb'], { cwd: dir });
  assert.is(r.code, 1);
  assert.is(readFileSync(join(dir, 'nb.ipynb'), 'utf8'), NOTEBOOK);
});

test('--from percent reads it anyway', async () => {
  const r = await run(['convert', '-', '--from', 'percent', '--to', 'ipynb'], { stdin: LIGHT });
  assert.is(r.code, 0, r.stderr);
  assert.is(fromIpynb(r.stdout).cells.length, 1);
});

test('percent and hydrogen scripts are read', async () => {
  for (const format of ['percent', 'hydrogen']) {
    const r = await run(['convert', '-', '--to', 'ipynb'], { stdin: `${header('#', format, '.py')}\n\n# %%\nx = 1\n` });
    assert.is(r.code, 0, r.stderr);
    assert.equal(
      fromIpynb(r.stdout).cells.map((c) => joinSource(c.source)),
      ['x = 1'],
    );
  }
});

test('MyST and pandoc markdown are refused; jupytext markdown is read', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'myst.md'), MYST);
  let r = await run(['convert', 'myst.md', '--to', 'ipynb'], { cwd: dir });
  assert.is(r.code, 1);
  assert.is(
    r.stderr,
    'nbgit convert: myst.md:5:18: this is a jupytext "myst" notebook; nbgit reads jupytext markdown (```python cells): convert it with jupytext --to md first, or pass --from md to read it as such\n',
  );
  assert.not.ok(existsSync(join(dir, 'myst.ipynb')));
  r = await run(['convert', '-', '--to', 'ipynb'], { stdin: `${header('', 'pandoc', '.md')}\n\n::: {.cell .code}\n:::\n` });
  assert.is(r.code, 1);
  assert.match(r.stderr, '<stdin>:6:20: this is a jupytext "pandoc" notebook');
  r = await run(['convert', '-', '--to', 'ipynb'], { stdin: `${header('', 'markdown', '.md')}\n\n\`\`\`python\nx = 1\n\`\`\`\n` });
  assert.is(r.code, 0, r.stderr);
  assert.equal(
    fromIpynb(r.stdout).cells.map((c) => joinSource(c.source)),
    ['x = 1'],
  );
});

test('input formats are told by @nbgit/formats: the extension in any case, else the content (as nbgit diff tells them)', async () => {
  const dir = tempDir();
  // prose only: read as markdown by its name; by content alone it would be a percent script
  writeFileSync(join(dir, 'Notes.MD'), '# Title\n\nSome text.\n');
  const md = await run(['convert', 'Notes.MD', '--to', 'ipynb', '-o', '-'], { cwd: dir });
  assert.is(md.code, 0, md.stderr);
  assert.equal(
    fromIpynb(md.stdout).cells.map((c) => c.cell_type),
    ['markdown'],
  );
  writeFileSync(join(dir, 'Model.PY'), '# %%\nx = 1\n');
  const py = await run(['convert', 'Model.PY', '--to', 'ipynb', '-o', '-'], { cwd: dir });
  assert.is(py.code, 0, py.stderr);
  assert.equal(
    fromIpynb(py.stdout).cells.map((c) => joinSource(c.source)),
    ['x = 1'],
  );
  writeFileSync(
    join(dir, 'X.IPYNB'),
    JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: null, id: 'c', metadata: {}, outputs: [], source: 'y = 2' }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  const nb = await run(['convert', 'X.IPYNB', '--to', 'md', '-o', '-'], { cwd: dir });
  assert.is(nb.code, 0, nb.stderr);
  assert.match(nb.stdout, '```python\ny = 2\n```');
  // an extension no format claims: the content says (a notebook, here)
  writeFileSync(
    join(dir, 'data.txt'),
    JSON.stringify({ cells: [{ cell_type: 'markdown', id: 'a', metadata: {}, source: '# Hi' }], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  );
  const txt = await run(['convert', 'data.txt', '--to', 'md', '-o', '-'], { cwd: dir });
  assert.is(txt.code, 0, txt.stderr);
  assert.is(txt.stdout, '# Hi\n');
});

test.run();
