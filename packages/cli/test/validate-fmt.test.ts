import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run, tempDir } from './helpers.js';

const example = join(repoRoot, 'fixtures/notebooks/example.ipynb');

test('--help lists commands; --version; unknown command exits 2', async () => {
  const help = await run(['--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /validate\s+check notebooks/);
  assert.match(help.stdout, /fmt\s+rewrite notebooks/);
  assert.match((await run(['--version'])).stdout, /^nbgit \d+\.\d+\.\d+\n$/);
  const bad = await run(['frobnicate']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
  assert.is((await run(['validate', '--bogus', 'x'])).code, 2);
});

test('validate: ok, schema error with file:line:col, invalid JSON, missing file', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'bad.ipynb'),
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": null,\n   "id": "a",\n   "metadata": {},\n   "outputs": [{"output_type": "stram", "name": "stdout", "text": ""}],\n   "source": ""\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n',
  );
  writeFileSync(join(dir, 'broken.ipynb'), '{\n "cells": [\n');
  writeFileSync(join(dir, 'empty.ipynb'), '');
  writeFileSync(join(dir, 'array.ipynb'), '[]');
  const r = await run(['validate', example, 'bad.ipynb', 'broken.ipynb', 'empty.ipynb', 'array.ipynb', 'missing.ipynb'], { cwd: dir });
  assert.is(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines, [
    `${example}: ok`,
    'bad.ipynb:8:32: cells[0].outputs[0].output_type: "stram" is not one of execute_result, display_data, stream, error',
    'broken.ipynb:3:1: invalid JSON: expected a value, found end of input',
    'empty.ipynb:1:1: empty file: expected a notebook (a JSON object)',
    'array.ipynb:1:1: expected a notebook (a JSON object), found an array',
    'missing.ipynb: no such file',
  ]);
  const ok = await run(['validate', '-q', example]);
  assert.is(ok.code, 0);
  assert.is(ok.stdout, '');
  const stdin = await run(['validate', '-'], { stdin: '{"cells": 1, "nbformat": 4}' });
  assert.is(stdin.code, 1);
  assert.is(stdin.stdout, '<stdin>:1:11: "cells" must be a list, found a number\n');
});

test('fmt: rewrites to the canonical layout atomically; --check lists and exits 1; clean files untouched', async () => {
  const dir = tempDir();
  const messy = join(dir, 'messy.ipynb');
  const original = JSON.stringify(JSON.parse(readFileSync(example, 'utf8')), null, 2);
  writeFileSync(messy, original);
  const clean = join(dir, 'clean.ipynb');
  writeFileSync(clean, readFileSync(example));
  const before = statSync(clean).mtimeMs;

  const check = await run(['fmt', '--check', 'messy.ipynb', 'clean.ipynb'], { cwd: dir });
  assert.is(check.code, 1);
  assert.is(check.stdout, 'messy.ipynb\n');
  assert.is(readFileSync(messy, 'utf8'), original, '--check changed nothing');

  const fmt = await run(['fmt', 'messy.ipynb', 'clean.ipynb'], { cwd: dir });
  assert.is(fmt.code, 0);
  assert.is(readFileSync(messy, 'utf8'), readFileSync(example, 'utf8'));
  assert.is(statSync(clean).mtimeMs, before);
  assert.is((await run(['fmt', '--check', 'messy.ipynb'], { cwd: dir })).code, 0);

  const piped = await run(['fmt', '-'], { stdin: original });
  assert.is(piped.stdout, readFileSync(example, 'utf8'));
});

test('fmt: a file that fails to parse is left as it was, others are still formatted', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'broken.ipynb'), '{"cells": [}');
  writeFileSync(join(dir, 'ok.ipynb'), JSON.stringify(JSON.parse(readFileSync(example, 'utf8'))));
  const r = await run(['fmt', 'broken.ipynb', 'ok.ipynb'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /broken\.ipynb:1:12: invalid JSON/);
  assert.is(readFileSync(join(dir, 'broken.ipynb'), 'utf8'), '{"cells": [}');
  assert.is(readFileSync(join(dir, 'ok.ipynb'), 'utf8'), readFileSync(example, 'utf8'));
});

test("fmt keeps CRLF line endings (core.autocrlf checkouts): canonical layout, the file's line ending (F13)", async () => {
  const dir = tempDir();
  const lf = readFileSync(example, 'utf8');
  const crlf = lf.replaceAll('\n', '\r\n');
  writeFileSync(join(dir, 'clean.ipynb'), crlf);
  writeFileSync(join(dir, 'messy.ipynb'), JSON.stringify(JSON.parse(lf), null, 2).replaceAll('\n', '\r\n'));
  const check = await run(['fmt', '--check', 'clean.ipynb', 'messy.ipynb'], { cwd: dir });
  assert.is(check.stdout, 'messy.ipynb\n', 'a canonical CRLF file is clean');
  assert.is(check.code, 1);
  const r = await run(['fmt', 'clean.ipynb', 'messy.ipynb'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'formatted messy.ipynb\n');
  assert.is(readFileSync(join(dir, 'clean.ipynb'), 'utf8'), crlf);
  assert.is(readFileSync(join(dir, 'messy.ipynb'), 'utf8'), crlf);
  assert.is((await run(['fmt', '-'], { stdin: crlf })).stdout, crlf);
  // a one-line file has no line ending to keep: Jupyter's LF
  assert.is((await run(['fmt', '-'], { stdin: JSON.stringify(JSON.parse(lf)) })).stdout, lf);
});

test('fmt drops a byte order mark (Jupyter cannot read a notebook that has one)', async () => {
  const lf = readFileSync(example, 'utf8');
  assert.is((await run(['fmt', '-'], { stdin: `\uFEFF${lf}` })).stdout, lf);
});

test('fmt keeps nbformat 3 as nbformat 3, in the layout nbformat 3 writes; --upgrade gives 4.5 with ids and says so', async () => {
  const dir = tempDir();
  // compact, `input` as one string, a heading cell, an output with a multi-line string
  const v3 = {
    metadata: { name: 'old' },
    nbformat: 3,
    nbformat_minor: 0,
    worksheets: [
      {
        cells: [
          { cell_type: 'heading', level: 1, metadata: {}, source: 'Title' },
          {
            cell_type: 'code',
            collapsed: false,
            input: 'x = 1\nprint(x)',
            language: 'python',
            metadata: {},
            outputs: [{ output_type: 'stream', stream: 'stdout', text: '1\n2\n' }],
            prompt_number: 1,
          },
        ],
        metadata: {},
      },
    ],
  };
  writeFileSync(join(dir, 'v3.ipynb'), JSON.stringify(v3));
  const check = await run(['fmt', '--check', 'v3.ipynb'], { cwd: dir });
  assert.is(check.stdout, 'v3.ipynb\n');
  const r = await run(['fmt', 'v3.ipynb'], { cwd: dir });
  assert.is(r.stdout, 'formatted v3.ipynb\n');
  const out = readFileSync(join(dir, 'v3.ipynb'), 'utf8');
  // nbformat.v3's writer: indent 1, keys sorted, input and source and output text as lines;
  // the file had no final newline, and keeps having none (IPython's v3 files have none)
  const lines = structuredClone(v3);
  const [heading, code] = lines.worksheets[0]!.cells as Array<Record<string, unknown>>;
  heading!.source = ['Title'];
  code!.input = ['x = 1\n', 'print(x)'];
  (code!.outputs as Array<Record<string, unknown>>)[0]!.text = ['1\n', '2\n'];
  assert.is(out, JSON.stringify(lines, null, 1));
  assert.not.match(out, '"id"');
  // formatted once, left alone
  assert.is((await run(['fmt', '--check', 'v3.ipynb'], { cwd: dir })).code, 0);
  // --upgrade: what Jupyter saves today
  const up = await run(['fmt', '--upgrade', 'v3.ipynb'], { cwd: dir });
  assert.is(up.stdout, 'formatted v3.ipynb (nbformat 3 -> 4.5)\n');
  const nb = JSON.parse(readFileSync(join(dir, 'v3.ipynb'), 'utf8'));
  assert.is(nb.nbformat, 4);
  assert.is(nb.nbformat_minor, 5);
  // as nbformat saves it: the upgrade's orig_nbformat is not written, v3's name is not v4 metadata
  assert.equal(nb.metadata, {});
  assert.equal(
    nb.cells.map((c: { cell_type: string; source: string[]; id: unknown }) => [c.cell_type, c.source, typeof c.id]),
    [
      ['markdown', ['# Title'], 'string'],
      ['code', ['x = 1\n', 'print(x)'], 'string'],
    ],
  );
  assert.is((await run(['validate', 'v3.ipynb'], { cwd: dir })).stdout, 'v3.ipynb: ok\n');
});

test('fmt keeps nbformat 4.0-4.4 without ids; --upgrade adds ids and makes it 4.5', async () => {
  const dir = tempDir();
  const v40 = { cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['x'] }], metadata: {}, nbformat: 4, nbformat_minor: 0 };
  const out = (await run(['fmt', '-'], { stdin: JSON.stringify(v40) })).stdout;
  assert.is(out, `${JSON.stringify(v40, null, 1)}\n`);
  writeFileSync(join(dir, 'v44.ipynb'), JSON.stringify({ ...v40, nbformat_minor: 4 }));
  assert.is((await run(['fmt', '-q', 'v44.ipynb'], { cwd: dir })).code, 0);
  assert.is(readFileSync(join(dir, 'v44.ipynb'), 'utf8'), `${JSON.stringify({ ...v40, nbformat_minor: 4 }, null, 1)}\n`);
  const up = await run(['fmt', '--upgrade', 'v44.ipynb'], { cwd: dir });
  assert.is(up.stdout, 'formatted v44.ipynb (nbformat 4.4 -> 4.5)\n');
  const nb = JSON.parse(readFileSync(join(dir, 'v44.ipynb'), 'utf8'));
  assert.is(nb.nbformat_minor, 5);
  assert.match(nb.cells[0].id, /^[a-zA-Z0-9-_]{1,64}$/);
  assert.is((await run(['validate', 'v44.ipynb'], { cwd: dir })).stdout, 'v44.ipynb: ok\n');
  // the same notebook gets the same ids; a 4.5 notebook has nothing to upgrade
  assert.is((await run(['fmt', '--upgrade', '--check', 'v44.ipynb'], { cwd: dir })).code, 0);
  // not notebooks: errors, as before
  for (const text of ['{"foo": 1}', '{"nbformat": 5, "nbformat_minor": 0, "cells": [], "metadata": {}}', '[]', '{"nbformat": 2, "worksheets": []}']) {
    for (const args of [
      ['fmt', '-'],
      ['fmt', '--upgrade', '-'],
    ]) {
      const bad = await run(args, { stdin: text });
      assert.is(bad.code, 1, text);
      assert.is(bad.stdout, '');
      assert.match(bad.stderr, 'nbgit fmt: <stdin>:1:');
    }
  }
});

const realV3 = (() => {
  const dir = sharedPath('fixtures', 'real', 'notebooks');
  if (dir === undefined || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.ipynb'))
    .sort()
    .map((n) => join(dir, n))
    .filter((f) => JSON.parse(readFileSync(f, 'utf8')).nbformat === 3);
})();
if (realV3.length === 0) skipTest(test, 'fmt on real nbformat 3 notebooks', sharedMissing());
else
  test(`fmt on the ${realV3.length} real nbformat 3 notebooks of ../shared/fixtures/real: still nbformat 3, the same notebook, unchanged where IPython's layout already was`, async () => {
    const dir = tempDir();
    let unchanged = 0;
    for (const f of realV3) {
      const original = readFileSync(f, 'utf8');
      const name = basename(f);
      writeFileSync(join(dir, name), original);
      const r = await run(['fmt', '-q', name], { cwd: dir });
      assert.is(r.code, 0, `${name}: ${r.stderr}`);
      const out = readFileSync(join(dir, name), 'utf8');
      if (out === original) unchanged++;
      // the same data (v3 keys, worksheets, no ids), and valid under nbformat 3
      assert.equal(JSON.parse(out), JSON.parse(original), name);
      assert.is((await run(['validate', name], { cwd: dir })).stdout, `${name}: ok\n`);
      assert.is((await run(['fmt', '--check', name], { cwd: dir })).code, 0, `${name}: formatting twice changes nothing`);
    }
    // one of them escapes non-ASCII (\u2019, as IPython 1 did): fmt writes it as nbformat does today
    assert.ok(unchanged >= realV3.length - 1, `${unchanged} of ${realV3.length} unchanged`);
  });

test.run();
