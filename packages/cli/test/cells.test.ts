// nbgit cells and nbgit params: edits change only the cells edited, batches are all or
// nothing, errors exit 1 (2 for usage) and leave the file as it was.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dirWith, jupyterJson, run } from './helpers.js';

const NB = jupyterJson({
  cells: [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Rain'] },
    {
      cell_type: 'code',
      execution_count: 1,
      id: 'params',
      metadata: { tags: ['parameters'] },
      outputs: [],
      source: ['alpha = 0.5  # step size\n', 'label = "a"'],
    },
    {
      cell_type: 'code',
      execution_count: 2,
      id: 'total',
      metadata: {},
      outputs: [{ name: 'stdout', output_type: 'stream', text: ['1\n'] }],
      source: ['print(alpha)'],
    },
  ],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
});

const setup = () => {
  const dir = dirWith('a.ipynb', NB);
  return {
    dir,
    read: () => readFileSync(join(dir, 'a.ipynb'), 'utf8'),
    cells: () => (JSON.parse(readFileSync(join(dir, 'a.ipynb'), 'utf8')) as { cells: Record<string, unknown>[] }).cells,
  };
};

test('ls and cat', async () => {
  const { dir } = setup();
  const ls = await run(['cells', 'ls', 'a.ipynb'], { cwd: dir });
  assert.is(
    ls.stdout,
    '  0  intro   markdown  # Rain\n  1  params  code     [parameters]  alpha = 0.5  # step size ...\n  2  total   code      print(alpha)\n',
  );
  const cat = await run(['cells', 'cat', 'a.ipynb', 'total'], { cwd: dir });
  assert.is(cat.stdout, 'a.ipynb: 3 cells, showing 1, nbformat 4.5, python\n--- cell 2 code id=total count=2\nprint(alpha)\n> stdout: 1\n');
  const json = JSON.parse((await run(['cells', 'ls', 'a.ipynb', '--json'], { cwd: dir })).stdout) as { version: string; cells: unknown[] };
  assert.match(json.version, /^[0-9a-f]{16}$/);
  assert.is(json.cells.length, 3);
});

test('set from an argument, a file and stdin; the same text writes nothing', async () => {
  const { dir, read, cells } = setup();
  let r = await run(['cells', 'set', 'a.ipynb', 'tot', 'print(alpha * 2)'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'set cell 2 (id total)\n');
  assert.equal(cells()[2]!.source, ['print(alpha * 2)']);
  writeFileSync(join(dir, 'src.py'), 'x = 1\ny = 2\n');
  await run(['cells', 'set', 'a.ipynb', '2', '-f', 'src.py'], { cwd: dir });
  assert.equal(cells()[2]!.source, ['x = 1\n', 'y = 2\n']);
  await run(['cells', 'set', 'a.ipynb', 'total'], { cwd: dir, stdin: 'from stdin' });
  assert.equal(cells()[2]!.source, ['from stdin']);
  const text = read();
  r = await run(['cells', 'set', 'a.ipynb', 'total', 'from stdin'], { cwd: dir });
  assert.is(r.stdout, 'set cell 2 (id total): nothing to change\n');
  assert.is(read(), text);
});

test('show --as percent, edit, set reads it back (type included)', async () => {
  const { dir, cells } = setup();
  const shown = await run(['cells', 'show', 'a.ipynb', 'intro', '--as', 'percent'], { cwd: dir });
  assert.is(shown.stdout, '# %% [markdown]\n# # Rain\n');
  await run(['cells', 'set', 'a.ipynb', 'intro'], { cwd: dir, stdin: `${shown.stdout}#\n# More text.\n` });
  assert.equal(cells()[0]!.source, ['# Rain\n', '\n', 'More text.']);
  assert.is(cells()[0]!.cell_type, 'markdown');
  await run(['cells', 'set', 'a.ipynb', 'intro'], { cwd: dir, stdin: '# %%\nprint("now code")\n' });
  assert.is(cells()[0]!.cell_type, 'code');
  assert.equal(cells()[0]!.source, ['print("now code")']);
});

test('insert, mv, split, join, type, tag, clear, rm', async () => {
  const { dir, cells } = setup();
  const ins = await run(['cells', 'insert', 'a.ipynb', '--after', 'intro', '-t', 'markdown', '--tag', 'note', '## Setup\ntext'], { cwd: dir });
  assert.match(ins.stdout, /^inserted cell 1 \(id [0-9a-f]{8}\)\n$/);
  assert.equal(cells()[1]!.metadata, { tags: ['note'] });
  await run(['cells', 'mv', 'a.ipynb', '1', '--at', 'end'], { cwd: dir });
  assert.is(cells()[3]!.cell_type, 'markdown');
  await run(['cells', 'split', 'a.ipynb', '3', '2'], { cwd: dir });
  assert.equal(
    cells()
      .slice(3)
      .map((c) => c.source),
    [['## Setup'], ['text']],
  );
  await run(['cells', 'join', 'a.ipynb', '3', '4'], { cwd: dir });
  assert.equal(cells()[3]!.source, ['## Setup\n', 'text']);
  await run(['cells', 'type', 'a.ipynb', '3', 'raw'], { cwd: dir });
  assert.is(cells()[3]!.cell_type, 'raw');
  await run(['cells', 'tag', 'a.ipynb', 'params', 'slow', '--remove', 'parameters'], { cwd: dir });
  assert.equal(cells()[1]!.metadata, { tags: ['slow'] });
  await run(['cells', 'clear', 'a.ipynb'], { cwd: dir });
  assert.equal(cells()[2]!.outputs, []);
  await run(['cells', 'rm', 'a.ipynb', '3', 'intro'], { cwd: dir });
  assert.equal(
    cells().map((c) => c.id),
    ['params', 'total'],
  );
});

test('apply is all or nothing; errors exit 1 and name the file; usage exits 2', async () => {
  const { dir, read } = setup();
  writeFileSync(
    join(dir, 'ops.json'),
    JSON.stringify([
      { op: 'delete', cell: 0 },
      { op: 'set', cell: 'missing', source: '' },
    ]),
  );
  let r = await run(['cells', 'apply', 'a.ipynb', 'ops.json'], { cwd: dir });
  assert.is(r.code, 1);
  assert.is(r.stderr, 'nbgit cells: a.ipynb: operations[1] (set): no cell "missing" (no id is or starts with it)\n');
  assert.is(read(), NB);
  r = await run(['cells', 'apply', 'a.ipynb', '-'], { cwd: dir, stdin: '[{"op": "tags", "cell": 0, "add": ["x"]}, {"op": "clear"}]' });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'tagged cell 0 (id intro)\ncleared outputs\n');
  for (const [argv, code, pattern] of [
    [['cells'], 2, /missing subcommand/],
    [['cells', 'frob', 'a.ipynb'], 2, /unknown subcommand 'frob'/],
    [['cells', 'mv', 'a.ipynb', '0'], 2, /where to\?/],
    [['cells', 'type', 'a.ipynb', '0', 'heading'], 2, /TYPE must be code, markdown or raw/],
    [['cells', 'rm', 'a.ipynb', 'a'], 1, /no cell "a"/],
    [['cells', 'rm', 'nope.ipynb', '0'], 1, /nope.ipynb: no such file/],
    [['cells', 'set', 'a.ipynb', '0', 'x', '--if-version', 'abc'], 1, /changed since version abc/],
  ] as const) {
    const before = read();
    const res = await run([...argv], { cwd: dir });
    assert.is(res.code, code, `${argv.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, pattern);
    assert.is(read(), before);
  }
});

test('nbformat 3 notebooks are refused for edits', async () => {
  const dir = dirWith('old.ipynb', JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [{ cells: [] }] }));
  const r = await run(['cells', 'insert', 'old.ipynb', 'x'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /old.ipynb: nbformat 3: cells are edited in nbformat 4 notebooks/);
});

test('params: the listing, and injection as papermill --prepare-only', async () => {
  const { dir, cells } = setup();
  const list = await run(['params', 'a.ipynb'], { cwd: dir });
  assert.is(list.stdout, 'Parameters inferred for notebook \'a.ipynb\':\n  alpha: float (default 0.5)      step size\n  label: str (default "a")\n');
  writeFileSync(join(dir, 'p.yaml'), 'alpha: 1.0\nlist: [1, two]\n');
  const r = await run(['params', 'a.ipynb', '-f', 'p.yaml', '-y', 'label: from-yaml', '-p', 'alpha', '0.1', '-r', 'label', '42', '-o', 'out.ipynb'], {
    cwd: dir,
  });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /not declared in the parameters cell: list/);
  const out = (JSON.parse(readFileSync(join(dir, 'out.ipynb'), 'utf8')) as { cells: Record<string, unknown>[] }).cells;
  assert.equal(out[2], {
    cell_type: 'code',
    execution_count: null,
    id: out[2]!.id,
    metadata: { tags: ['injected-parameters'] },
    outputs: [],
    source: ['# Parameters\n', 'alpha = 0.1\n', 'list = [1, "two"]\n', 'label = "42"\n'],
  });
  assert.equal(cells().length, 3, 'the input notebook is left alone with -o');
  const strict = await run(['params', 'a.ipynb', '-p', 'beta', '1', '--strict'], { cwd: dir });
  assert.is(strict.code, 1);
  assert.match(strict.stderr, /parameter beta not declared/);
  assert.is((await run(['params', 'a.ipynb', '-p', 'alpha'], { cwd: dir })).code, 2);
});

test('params: __proto__, constructor and prototype are injected as any other name (-p, -r, -y, -f)', async () => {
  const { dir } = setup();
  writeFileSync(join(dir, 'p.yaml'), '__proto__: {polluted: true}\n');
  const r = await run(
    ['params', 'a.ipynb', '-f', 'p.yaml', '-y', '{prototype: 3, constructor: [1]}', '-p', 'constructor', '2', '-r', '__proto__', 'x', '-o', 'out.ipynb'],
    { cwd: dir },
  );
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /not declared in the parameters cell: __proto__, prototype, constructor/);
  const out = (JSON.parse(readFileSync(join(dir, 'out.ipynb'), 'utf8')) as { cells: Record<string, unknown>[] }).cells;
  assert.equal(out[2]!.source, ['# Parameters\n', '__proto__ = "x"\n', 'prototype = 3\n', 'constructor = 2\n']);
  const yaml = await run(['params', 'a.ipynb', '-f', 'p.yaml', '--json', '-o', 'out2.ipynb'], { cwd: dir });
  assert.is(yaml.code, 0, yaml.stderr);
  assert.is((JSON.parse(yaml.stdout) as { source: string }).source, '# Parameters\n__proto__ = {"polluted": True}\n');
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test.run();
