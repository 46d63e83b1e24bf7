// nbgit convert: files, stdin/stdout, --update, --check, --output-dir, errors that leave files alone.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinSource } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dirWith, jupyterJson, run, tempDir } from './helpers.js';

const NOTEBOOK = jupyterJson({
  cells: [
    { cell_type: 'markdown', id: 'm1', metadata: {}, source: ['# Title'] },
    {
      cell_type: 'code',
      execution_count: 3,
      id: 'c1',
      metadata: { collapsed: true },
      outputs: [{ name: 'stdout', output_type: 'stream', text: ['2\n'] }],
      source: ['x = 1\n', 'print(x + 1)'],
    },
    { cell_type: 'code', execution_count: 4, id: 'c2', metadata: {}, outputs: [], source: ['y = 2'] },
  ],
  metadata: {
    kernelspec: { display_name: 'R', language: 'R', name: 'ir' },
    language_info: { file_extension: '.r', name: 'R' },
  },
  nbformat: 4,
  nbformat_minor: 5,
});

function setup(): string {
  return dirWith('nb.ipynb', NOTEBOOK);
}

test('ipynb -> percent writes next to the input, with the extension of the notebook language', async () => {
  const dir = setup();
  const r = await run(['convert', 'nb.ipynb', '--to', 'percent'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'nb.R'), 'utf8');
  assert.fixture(text, toPercent(fromIpynb(NOTEBOOK)));
  assert.match(text, '# %% [markdown]\n# # Title');
});

test('stdin to stdout, both ways', async () => {
  const r = await run(['convert', '-', '--to', 'percent', '--ext', 'py'], { stdin: NOTEBOOK });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, '# %%\nx = 1\nprint(x + 1)');
  const back = await run(['convert', '-', '--to', 'ipynb'], { stdin: r.stdout });
  assert.is(back.code, 0, back.stderr);
  const nb = fromIpynb(back.stdout);
  assert.equal(
    nb.cells.map((c) => joinSource(c.source)),
    ['# Title', 'x = 1\nprint(x + 1)', 'y = 2'],
  );
});

test('--update keeps outputs, ids and filtered metadata, and the bytes of unchanged cells', async () => {
  const dir = setup();
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'percent'], { cwd: dir })).code, 0);
  const script = readFileSync(join(dir, 'nb.R'), 'utf8').replace('y = 2', 'y = 3');
  writeFileSync(join(dir, 'nb.R'), script);
  const r = await run(['convert', 'nb.R', '--to', 'ipynb', '--update', 'nb.ipynb'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const out = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
  const changed = out.split('\n').filter((l, i) => l !== NOTEBOOK.split('\n')[i]);
  assert.equal(changed, ['    "y = 3"']);
});

test('a script nbgit did not write (CRLF, #%%, BOM, version header) comes back byte for byte, also with --update', async () => {
  const dir = tempDir();
  const script =
    "\uFEFF# ---\r\n# jupyter:\r\n#   jupytext:\r\n#     text_representation:\r\n#       extension: .py\r\n#       format_name: percent\r\n#       format_version: '1.3'\r\n#       jupytext_version: 1.16.1\r\n#   kernelspec:\r\n#     display_name: Python 3\r\n#     language: python\r\n#     name: python3\r\n# ---\r\n\r\n#%% [markdown]\r\n# Title\r\nplain line\r\n\r\n#%% w=1.0\r\nx = 1\r\n\r\n# In[2]:\r\ny = 2";
  writeFileSync(join(dir, 'nb.py'), script);
  assert.is((await run(['convert', 'nb.py', '--to', 'ipynb'], { cwd: dir })).code, 0);
  const ipynb = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
  assert.match(ipynb, '"w": 1.0');
  // the version block and the script's spelling (#%%, CRLF, BOM) are the text's, never the notebook's
  const meta = fromIpynb(ipynb).metadata as { jupytext?: object; nbgit?: object };
  assert.is(meta.jupytext, undefined);
  assert.is(meta.nbgit, undefined);
  assert.not.match(ipynb, 'text_representation');
  // written again over the script, the notebook takes the script's spelling from the file itself
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'percent', '--check'], { cwd: dir })).code, 0);
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'percent'], { cwd: dir })).code, 0);
  assert.is(readFileSync(join(dir, 'nb.py'), 'utf8'), script);
  // an edit in the script, then --update: outputs and ids stay, and the script comes back as edited
  const edited = script.replace('y = 2', 'y = 3');
  writeFileSync(join(dir, 'nb.py'), edited);
  assert.is((await run(['convert', 'nb.py', '--to', 'ipynb', '--update', 'nb.ipynb'], { cwd: dir })).code, 0);
  assert.not.match(readFileSync(join(dir, 'nb.ipynb'), 'utf8'), '"percent"');
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'percent', '--force'], { cwd: dir })).code, 0);
  assert.is(readFileSync(join(dir, 'nb.py'), 'utf8'), edited);
  // to stdout there is no file to take a spelling from: jupytext's canonical text
  const r = await run(['convert', 'nb.ipynb', '--to', 'percent', '-o', '-'], { cwd: dir });
  assert.match(r.stdout, /^# ---\n/);
  assert.not.match(r.stdout, '\r');
});

test('without --update the notebook is rewritten from the script (no outputs)', async () => {
  const dir = setup();
  await run(['convert', 'nb.ipynb', '--to', 'percent'], { cwd: dir });
  const r = await run(['convert', 'nb.R', '--to', 'ipynb', '-o', 'fresh.ipynb'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const nb = fromIpynb(readFileSync(join(dir, 'fresh.ipynb')));
  assert.equal(
    nb.cells.map((c) => (c.cell_type === 'code' ? c.outputs.length : 0)),
    [0, 0, 0],
  );
  assert.is(r.stderr, '');
  // replacing a notebook that exists: said, with the way to keep its outputs (as jupytext says it)
  const replaced = await run(['convert', 'nb.R', '--to', 'ipynb'], { cwd: dir });
  assert.is(replaced.code, 0);
  assert.is(replaced.stderr, 'nbgit convert: nb.ipynb replaced: its outputs and cell ids are not kept (--update keeps them)\n');
  assert.is((await run(['convert', 'nb.R', '--to', 'ipynb'], { cwd: dir })).stderr, '', 'no outputs left to lose: nothing said');
});

test('--check exits 1 when the paired text file is missing or out of date, 0 when it is current', async () => {
  const dir = setup();
  let r = await run(['convert', 'nb.ipynb', '--to', 'percent', '--check'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stdout, 'missing: nb.R');
  assert.not.ok(existsSync(join(dir, 'nb.R')), '--check writes nothing');
  await run(['convert', 'nb.ipynb', '--to', 'percent'], { cwd: dir });
  r = await run(['convert', 'nb.ipynb', '--to', 'percent', '--check'], { cwd: dir });
  assert.is(r.code, 0, r.stdout);
  writeFileSync(join(dir, 'nb.R'), `${readFileSync(join(dir, 'nb.R'), 'utf8')}z = 1\n`);
  r = await run(['convert', 'nb.ipynb', '--to', 'percent', '--check'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stdout, 'out of date: nb.R');
});

test('--lossless keeps ids and filtered metadata through text', async () => {
  const dir = setup();
  await run(['convert', 'nb.ipynb', '--to', 'percent', '--lossless'], { cwd: dir });
  const nb = fromPercent(readFileSync(join(dir, 'nb.R'), 'utf8'), { extension: '.R' });
  assert.equal(
    nb.cells.map((c) => c.id),
    ['m1', 'c1', 'c2'],
  );
  assert.equal(nb.cells[1]!.metadata, { collapsed: true });
  assert.equal(nb.metadata.language_info, { file_extension: '.r', name: 'R' });
});

test('several files into --output-dir; md output', async () => {
  const dir = setup();
  writeFileSync(join(dir, 'two.ipynb'), NOTEBOOK.replace('y = 2', 'y = 22'));
  const r = await run(['convert', 'nb.ipynb', 'two.ipynb', '--to', 'md', '--output-dir', dir], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'two.md'), 'utf8'), 'y = 22');
  assert.match(readFileSync(join(dir, 'nb.md'), 'utf8'), '```R\nx = 1');
});

test('a hand-written module or README beside the notebook is not replaced without --force', async () => {
  const dir = setup();
  writeFileSync(join(dir, 'nb.R'), 'f <- function() 1\n');
  writeFileSync(join(dir, 'nb.md'), '# Notes\n\nhello\n');
  const r = await run(['convert', 'nb.ipynb', '--to', 'percent'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, 'nb.ipynb: nb.R exists and is not a notebook script');
  assert.is(readFileSync(join(dir, 'nb.R'), 'utf8'), 'f <- function() 1\n');
  const m = await run(['convert', 'nb.ipynb', '--to', 'md'], { cwd: dir });
  assert.is(m.code, 1);
  assert.is(readFileSync(join(dir, 'nb.md'), 'utf8'), '# Notes\n\nhello\n');
  // --force, or naming the output with -o, replaces it; a script it wrote is replaced as usual
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'percent', '--force'], { cwd: dir })).code, 0);
  assert.fixture(readFileSync(join(dir, 'nb.R'), 'utf8'), toPercent(fromIpynb(NOTEBOOK)));
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'md', '-o', 'nb.md'], { cwd: dir })).code, 0);
  writeFileSync(join(dir, 'nb.ipynb'), NOTEBOOK.replace('y = 2', 'y = 3'));
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'percent'], { cwd: dir })).code, 0);
  assert.match(readFileSync(join(dir, 'nb.R'), 'utf8'), 'y = 3');
});

test('bad input: a located error, other files still converted, nothing overwritten', async () => {
  const dir = setup();
  writeFileSync(join(dir, 'bad.py'), '# ---\n# jupyter:\n#   kernelspec: {name: x}\nx = 1\n');
  writeFileSync(join(dir, 'bad.ipynb'), 'KEEP');
  writeFileSync(join(dir, 'meta.py'), '# %% tags=["a"\nx = 1\n');
  writeFileSync(join(dir, 'good.py'), '# %%\nx = 1\n');
  const r = await run(['convert', 'bad.py', 'meta.py', 'good.py', '--to', 'ipynb'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, 'nbgit convert: bad.py:1:1: unterminated YAML header');
  assert.match(r.stderr, 'nbgit convert: meta.py:1:6: cannot read the value of metadata "tags"');
  assert.is(readFileSync(join(dir, 'bad.ipynb'), 'utf8'), 'KEEP');
  assert.not.ok(existsSync(join(dir, 'meta.ipynb')));
  assert.equal(
    fromIpynb(readFileSync(join(dir, 'good.ipynb'))).cells.map((c) => joinSource(c.source)),
    ['x = 1'],
  );
});

test('invalid YAML in the header is located in the file', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'y.py'), '# ---\n# jupyter:\n#   kernelspec: [1\n# ---\n\n# %%\nx = 1\n');
  const r = await run(['convert', 'y.py', '--to', 'ipynb'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /y\.py:3:\d+: invalid YAML in the notebook header/);
});

test('usage errors exit 2', async () => {
  assert.is((await run(['convert', 'x.ipynb'])).code, 2);
  assert.is((await run(['convert', 'x.ipynb', '--to', 'docx'])).code, 2);
  assert.is((await run(['convert', 'a.ipynb', 'b.ipynb', '--to', 'percent', '-o', 'x.py'])).code, 2);
  assert.is((await run(['convert', 'a.py', '--to', 'percent', '--update'])).code, 2);
});

test('the notebook written from a script is what toIpynb writes for a new notebook', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 's.py'), '# %% [markdown]\n# Hi\n\n# %%\nx = 1\n');
  await run(['convert', 's.py', '--to', 'ipynb'], { cwd: dir });
  assert.fixture(readFileSync(join(dir, 's.ipynb'), 'utf8'), toIpynb(fromPercent('# %% [markdown]\n# Hi\n\n# %%\nx = 1\n')));
});

test('a paired file checked out with CRLF (core.autocrlf) is current for --check, and stays CRLF when rewritten', async () => {
  const dir = setup();
  for (const [to, ext] of [
    ['percent', 'R'],
    ['md', 'md'],
  ] as const) {
    assert.is((await run(['convert', 'nb.ipynb', '--to', to], { cwd: dir })).code, 0);
    const lf = readFileSync(join(dir, `nb.${ext}`), 'utf8');
    writeFileSync(join(dir, `nb.${ext}`), lf.replaceAll('\n', '\r\n'));
    const check = await run(['convert', 'nb.ipynb', '--to', to, '--check'], { cwd: dir });
    assert.is(check.code, 0, `${to}: ${check.stdout}`);
    writeFileSync(join(dir, 'nb.ipynb'), NOTEBOOK.replace('y = 2', 'y = 3'));
    assert.is((await run(['convert', 'nb.ipynb', '--to', to, '--check'], { cwd: dir })).code, 1, 'a real change is still seen');
    assert.is((await run(['convert', 'nb.ipynb', '--to', to], { cwd: dir })).code, 0);
    assert.is(readFileSync(join(dir, `nb.${ext}`), 'utf8'), lf.replace('y = 2', 'y = 3').replaceAll('\n', '\r\n'));
    writeFileSync(join(dir, 'nb.ipynb'), NOTEBOOK);
  }
});

test('--update from a script checked out with CRLF: the notebook gets the edit, not a CRLF record', async () => {
  const dir = setup();
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'percent'], { cwd: dir })).code, 0);
  const script = readFileSync(join(dir, 'nb.R'), 'utf8');
  writeFileSync(join(dir, 'nb.R'), script.replace('y = 2', 'y = 3').replaceAll('\n', '\r\n'));
  assert.is((await run(['convert', 'nb.R', '--to', 'ipynb', '--update', 'nb.ipynb'], { cwd: dir })).code, 0);
  const out = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
  assert.equal(
    out.split('\n').filter((l, i) => l !== NOTEBOOK.split('\n')[i]),
    ['    "y = 3"'],
  );
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'percent', '--check'], { cwd: dir })).code, 0);
});

test('two inputs with one output path (--output-dir, same name): the second is refused, the first kept', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a/nb.ipynb'), NOTEBOOK);
  writeFileSync(join(dir, 'b/nb.ipynb'), NOTEBOOK.replace('y = 2', 'y = 22'));
  const r = await run(['convert', 'a/nb.ipynb', 'b/nb.ipynb', '--to', 'md', '--output-dir', 'out'], { cwd: dir });
  assert.is(r.code, 1);
  assert.is(r.stderr, `nbgit convert: b/nb.ipynb: its output ${join('out', 'nb.md')} is also the output of a/nb.ipynb; nothing written for it\n`);
  assert.match(readFileSync(join(dir, 'out/nb.md'), 'utf8'), 'y = 2\n');
});

test.run();
