// `nbgit strip` on a large notebook (16 MB or more) in Jupyter's layout strips it cell by
// cell and writes the new text as it is made: the file, the messages and the exit codes must
// be those of the whole-notebook path; a notebook it cannot take cell by cell (found late,
// after part was written) is stripped whole, and no temp file is left. `nbgit fmt` finds such
// a notebook already formatted, and `nbgit validate` a valid one, cell by cell; `nbgit
// convert` lets its file layout go before writing the text.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Notebook } from '@nbgit/core';
import { writeText } from '@nbgit/formats';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { stripJupyterText, stripWithReport } from '@nbgit/strip';
import { imageHeavyNotebook } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeChanges } from '../src/commands/strip.js';
import { run, tempDir } from './helpers.js';

/** About 18 MB: code cells with a 15 kB image each, a conflicted cell, a markdown cell last. */
function large(): string {
  return imageHeavyNotebook({
    plain: '<Figure> é',
    collapsedEvery: 100,
    tail: true,
    metadata: { kernelspec: { display_name: 'Python 3', name: 'python3' }, widgets: {} },
  }).text;
}

const text = large();
// the same, but its last cell's keys out of order: found after the new text was partly written
const late = text.replace('"cell_type": "markdown",\n   "id": "m"', '"id": "m",\n   "cell_type": "markdown"');

function expected(t: string): { text: string; what: string } {
  const nb = fromIpynb(t, { legacy: 'keep' });
  const { notebook, changes } = stripWithReport(nb as Notebook);
  return { text: toIpynb(notebook), what: describeChanges(changes) };
}

const WARNING = 'nbgit strip: warning: big.ipynb: cell 1200 (code, id k) still has conflict markers (line 1 of its source); resolve them before you commit\n';

/** True when the text is stripped cell by cell to the end. */
function streams(t: string): boolean {
  const it = stripJupyterText(t, {});
  for (;;) {
    const next = it.next();
    if (next.done) return next.value !== undefined;
  }
}

test('in place, --check, --dry-run, --textconv: as the whole-notebook path', async () => {
  assert.ok(text.length >= 16 << 20);
  assert.ok(streams(text));
  assert.not.ok(streams(late));
  for (const t of [text, late]) {
    const want = expected(t);
    assert.match(want.what, /^outputs in 1200 cells, 1200 execution counts, metadata.widgets, cell.metadata.collapsed$/);
    const dir = tempDir();
    const file = join(dir, 'big.ipynb');
    writeFileSync(file, t);
    const check = await run(['strip', '--check', 'big.ipynb'], { cwd: dir });
    assert.equal([check.code, check.stdout, check.stderr], [1, `big.ipynb: ${want.what}\n`, WARNING]);
    const dry = await run(['strip', '--dry-run', 'big.ipynb'], { cwd: dir });
    assert.equal([dry.code, dry.stdout], [0, `big.ipynb: ${want.what}\n`]);
    const tc = await run(['strip', '--textconv', 'big.ipynb'], { cwd: dir });
    assert.is(tc.code, 0);
    assert.ok(tc.stdout === want.text, '--textconv: the stripped text');
    assert.is(readFileSync(file, 'utf8'), t, 'no file changed so far');
    const r = await run(['strip', 'big.ipynb'], { cwd: dir });
    assert.equal([r.code, r.stdout, r.stderr], [0, `stripped big.ipynb: ${want.what}\n`, WARNING]);
    assert.ok(readFileSync(file, 'utf8') === want.text, 'the stripped file');
    assert.equal(readdirSync(dir), ['big.ipynb'], 'no temp file left');
    // stripped already: nothing to do, the file not touched
    const mtime = statSync(file).mtimeMs;
    const again = await run(['strip', 'big.ipynb'], { cwd: dir });
    assert.equal([again.code, again.stdout], [0, '']);
    assert.is(statSync(file).mtimeMs, mtime);
    const clean = await run(['strip', '--check', 'big.ipynb'], { cwd: dir });
    assert.is(clean.code, 0);
  }
});

test('stdin to stdout', async () => {
  const r = await run(['strip'], { stdin: text });
  assert.is(r.code, 0);
  assert.ok(r.stdout === expected(text).text);
});

test('fmt on a large notebook in the format Jupyter writes: checked cell by cell, not touched; refused, or not quite in it: as ever', async () => {
  const dir = tempDir();
  const file = join(dir, 'big.ipynb');
  writeFileSync(file, text);
  const mtime = statSync(file).mtimeMs;
  const check = await run(['fmt', '--check', 'big.ipynb'], { cwd: dir });
  assert.equal([check.code, check.stdout, check.stderr], [0, '', '']);
  const again = await run(['fmt', 'big.ipynb'], { cwd: dir });
  assert.equal([again.code, again.stdout], [0, '']);
  assert.is(statSync(file).mtimeMs, mtime, 'not written');
  const piped = await run(['fmt', '-'], { stdin: text });
  assert.ok(piped.code === 0 && piped.stdout === text);
  // no final newline: written with it
  writeFileSync(file, text.slice(0, -1));
  const r = await run(['fmt', 'big.ipynb'], { cwd: dir });
  assert.equal([r.code, r.stdout], [0, 'formatted big.ipynb\n']);
  assert.ok(readFileSync(file, 'utf8') === text);
  // a cell that breaks the schema, last: the located error of the whole-notebook path
  const bad = text.replace('"source": [\n    "# end"\n   ]', '"source": 42');
  writeFileSync(file, bad);
  const e = await run(['fmt', '--check', 'big.ipynb'], { cwd: dir });
  assert.is(e.code, 1);
  assert.match(e.stderr, /^nbgit fmt: big\.ipynb:\d+:\d+: cells\[1201\]\.source: expected a string or a list of strings, found 42/);
  assert.ok(readFileSync(file, 'utf8') === bad);
});

test('validate on a large notebook: found valid cell by cell; a problem in its last cell reported as ever', async () => {
  const dir = tempDir();
  const file = join(dir, 'big.ipynb');
  writeFileSync(file, text);
  const ok = await run(['validate', 'big.ipynb'], { cwd: dir });
  assert.equal([ok.code, ok.stdout], [0, 'big.ipynb: ok\n']);
  writeFileSync(file, text.replace('"id": "m"', '"id": "c7"'));
  const dup = await run(['validate', 'big.ipynb'], { cwd: dir });
  assert.is(dup.code, 1);
  assert.match(dup.stdout, /^big\.ipynb:\d+:\d+: cells\[1201\]\.id: duplicate cell id "c7" \(also cells\[7\]\)\n$/);
});

test('convert a large notebook to text: what the text writer gives for the notebook (read in pieces, or its file layout let go first)', async () => {
  const dir = tempDir();
  const nb = fromIpynb(text);
  // in Jupyter's layout (read cell by cell, in pieces), and in another (read whole)
  for (const [input, to, out] of [
    [text, 'percent', 'big.py'],
    [text, 'markdown', 'big.md'],
    [`${JSON.stringify(nb, null, 2)}\n`, 'percent', 'big2.py'],
  ]) {
    writeFileSync(join(dir, 'big.ipynb'), input!);
    const r = await run(['convert', 'big.ipynb', '--to', to!, '-o', out!], { cwd: dir, env: { XDG_STATE_HOME: join(dir, 'state') } });
    assert.is(r.code, 0, r.stderr);
    assert.ok(readFileSync(join(dir, out!), 'utf8') === writeText(nb, { name: to! }, { extension: to === 'percent' ? '.py' : '.md' }), to);
  }
});

test('diff of large notebooks: read in pieces, cell by cell (one object for equal cells), as the notebooks read whole', async () => {
  const edited = text.replace('"x = 7\\n"', '"x = 7  # edited\\n"').replace('"execution_count": 9,', '"execution_count": 90,');
  assert.ok(edited !== text);
  const outputs: string[] = [];
  // in Jupyter's layout (read in pieces), and in another (read whole)
  for (const layout of [(t: string) => t, (t: string) => `${JSON.stringify(JSON.parse(t), null, 2)}\n`]) {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.ipynb'), layout(text));
    writeFileSync(join(dir, 'b.ipynb'), layout(edited));
    for (const args of [[], ['--json']]) {
      const r = await run(['diff', ...args, 'a.ipynb', 'b.ipynb'], { cwd: dir, env: { NO_COLOR: '1' } });
      assert.is(r.code, 1, r.stderr);
      outputs.push(r.stdout);
    }
  }
  assert.match(outputs[0]!, 'cell 7 modified');
  assert.ok(outputs[0] === outputs[2] && outputs[1] === outputs[3]);
});

test.run();
