// nbgit convert with jupytext markdown: --to md, .md inputs (by extension and by front matter on
// stdin), --update from markdown, --lossless, --check, and located errors that leave files alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinSource } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dirWith, jupyterJson, run } from './helpers.js';

const NOTEBOOK = jupyterJson({
  cells: [
    { cell_type: 'markdown', id: 'm1', metadata: {}, source: ['# Title\n', '\n', 'Some text.'] },
    {
      cell_type: 'code',
      execution_count: 3,
      id: 'c1',
      metadata: { ExecuteTime: { end_time: '2024-01-01' }, tags: ['x'] },
      outputs: [{ name: 'stdout', output_type: 'stream', text: ['2\n'] }],
      source: ['x = 1\n', 'print(x + 1)'],
    },
    { cell_type: 'code', execution_count: 4, id: 'c2', metadata: {}, outputs: [], source: ['%%bash\n', 'echo hi'] },
    { cell_type: 'raw', id: 'r1', metadata: { raw_mimetype: 'text/latex' }, source: ['$x$'] },
  ],
  metadata: {
    kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
    language_info: { name: 'python', version: '3.12.1' },
  },
  nbformat: 4,
  nbformat_minor: 5,
});

function setup(): string {
  return dirWith('nb.ipynb', NOTEBOOK);
}

test('ipynb -> md writes nb.md next to the input, as toMarkdown does', async () => {
  const dir = setup();
  const r = await run(['convert', 'nb.ipynb', '--to', 'md'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'nb.md'), 'utf8');
  assert.fixture(text, toMarkdown(fromIpynb(NOTEBOOK)));
  assert.match(text, '```python tags=["x"]\nx = 1\nprint(x + 1)\n```');
  assert.match(text, '```bash\necho hi\n```');
  assert.match(text, '<!-- #raw raw_mimetype="text/latex" -->\n$x$\n<!-- #endraw -->');
});

test('.md input is detected by its extension and converts back to the same cells', async () => {
  const dir = setup();
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'md'], { cwd: dir })).code, 0);
  const r = await run(['convert', 'nb.md', '--to', 'ipynb', '-o', 'back.ipynb'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const back = fromIpynb(readFileSync(join(dir, 'back.ipynb')));
  const orig = fromIpynb(NOTEBOOK);
  assert.equal(
    back.cells.map((c) => [c.cell_type, joinSource(c.source)]),
    orig.cells.map((c) => [c.cell_type, joinSource(c.source)]),
  );
});

test('markdown on stdin is detected by its front matter (and by a fence without one)', async () => {
  const md = toMarkdown(fromIpynb(NOTEBOOK));
  assert.ok(md.startsWith('---\n'));
  const r = await run(['convert', '-', '--to', 'ipynb'], { stdin: md });
  assert.is(r.code, 0, r.stderr);
  assert.is(fromIpynb(r.stdout).cells.length, 4);
  const bare = await run(['convert', '-', '--to', 'ipynb'], { stdin: 'Hello\n\n```python\n1 + 1\n```\n' });
  assert.is(bare.code, 0, bare.stderr);
  assert.equal(
    fromIpynb(bare.stdout).cells.map((c) => c.cell_type),
    ['markdown', 'code'],
  );
});

test('--to md to stdout with -o -; --lossless keeps language_info, ExecuteTime and ids', async () => {
  const dir = setup();
  const plain = await run(['convert', 'nb.ipynb', '--to', 'md', '-o', '-'], { cwd: dir });
  assert.is(plain.code, 0, plain.stderr);
  assert.not.match(plain.stdout, 'language_info');
  const r = await run(['convert', 'nb.ipynb', '--to', 'md', '--lossless', '-o', '-'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'language_info');
  const back = fromMarkdown(r.stdout);
  const orig = fromIpynb(NOTEBOOK);
  assert.equal(back.metadata, orig.metadata);
  assert.equal(
    back.cells.map((c) => [c.id, c.metadata]),
    orig.cells.map((c) => [c.id, c.metadata]),
  );
});

test('md --update x.ipynb keeps outputs and ids of unchanged cells, takes the edits', async () => {
  const dir = setup();
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'md'], { cwd: dir })).code, 0);
  const md = readFileSync(join(dir, 'nb.md'), 'utf8').replace('Some text.', 'Some edited text.');
  writeFileSync(join(dir, 'nb.md'), md);
  const r = await run(['convert', 'nb.md', '--to', 'ipynb', '--update', 'nb.ipynb'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
  const nb = fromIpynb(text);
  assert.is(joinSource(nb.cells[0]!.source), '# Title\n\nSome edited text.');
  assert.equal(
    nb.cells.map((c) => c.id),
    ['m1', 'c1', 'c2', 'r1'],
  );
  assert.equal((nb.cells[1] as { outputs: unknown[] }).outputs.length, 1);
  assert.equal(nb.cells[1]!.metadata.ExecuteTime, { end_time: '2024-01-01' });
  assert.equal(nb.metadata.language_info, { name: 'python', version: '3.12.1' });
  // only the edited cell's bytes changed
  assert.is(text, NOTEBOOK.replace('"Some text."', '"Some edited text."'));
  assert.is(toIpynb(nb), text);
});

test('--check: exit 1 when nb.md is out of date, 0 when it is current', async () => {
  const dir = setup();
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'md'], { cwd: dir })).code, 0);
  assert.is((await run(['convert', 'nb.ipynb', '--to', 'md', '--check'], { cwd: dir })).code, 0);
  writeFileSync(join(dir, 'nb.md'), `${readFileSync(join(dir, 'nb.md'), 'utf8')}\nextra\n`);
  const r = await run(['convert', 'nb.ipynb', '--to', 'md', '--check'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stdout, 'out of date: nb.md');
});

test('a broken header or cell options: file:line:column, and the output is not touched', async () => {
  const dir = setup();
  writeFileSync(join(dir, 'bad.md'), '---\njupyter:\n  kernelspec: [\n---\n\ntext\n');
  writeFileSync(join(dir, 'bad.ipynb'), 'keep me');
  const r = await run(['convert', 'bad.md', '--to', 'ipynb'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^nbgit convert: bad\.md:\d+:\d+: /);
  assert.is(readFileSync(join(dir, 'bad.ipynb'), 'utf8'), 'keep me');
  writeFileSync(join(dir, 'opts.md'), 'text\n\n```python key={"a": \nx\n```\n');
  const o = await run(['convert', 'opts.md', '--to', 'ipynb'], { cwd: dir });
  assert.is(o.code, 1);
  assert.match(o.stderr, 'nbgit convert: opts.md:3:');
});

test.run();
