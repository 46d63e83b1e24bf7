/**
 * Real notebooks (../shared/fixtures/real) through the percent and markdown formats, by the
 * compatibility rule: where jupytext reads its own text back to the same cells (roundtrip.json),
 * nbgit writes jupytext's bytes; every notebook reads back to the same cells in default mode, and
 * to all its inputs (ids, metadata, attachments, even empty ones) with {lossless: true}. Plus the
 * fidelity rules real files exposed, on small notebooks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cell, joinSource, NbgitError, type Notebook } from '@nbgit/core';
import { writeText } from '@nbgit/formats';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { fromPercent, toPercent } from '@nbgit/percent';
import { code, md, nb, PYTHON_KERNEL, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** Cells as the default mode promises them: type, source, attachments (an empty `{}` counts as none). */
function cellsOf(nb: Notebook): unknown[] {
  return nb.cells.map((c: Cell) => {
    const a = 'attachments' in c ? c.attachments : undefined;
    return [c.cell_type, joinSource(c.source), a && Object.keys(a).length ? a : null];
  });
}

/** The notebook as `.ipynb` text without outputs and execution counts (what text does not carry). */
function inputsText(nb: Notebook): string {
  return toIpynb({
    ...nb,
    cells: nb.cells.map((c) =>
      c.cell_type === 'code' ? { ...c, source: joinSource(c.source), outputs: [], execution_count: null } : { ...c, source: joinSource(c.source) },
    ),
  } as Notebook);
}

const FORMATS = [
  {
    name: 'percent',
    ext: '.py',
    write: (nb: Notebook, lossless: boolean) => toPercent(nb, { extension: '.py', lossless }),
    read: (t: string) => fromPercent(t, { extension: '.py' }),
  },
  { name: 'md', ext: '.md', write: (nb: Notebook, lossless: boolean) => toMarkdown(nb, { lossless }), read: (t: string) => fromMarkdown(t) },
];

const root = sharedPath('fixtures', 'real');
if (root) {
  const faithful = JSON.parse(readFileSync(join(root, 'jupytext', 'roundtrip.json'), 'utf8')) as Record<string, boolean>;
  const names = readdirSync(join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb'));
  for (const f of FORMATS) {
    let same = 0;
    let compared = 0;
    test(`real notebooks as ${f.name}: jupytext's bytes where jupytext is faithful, exact cells always, lossless in full`, () => {
      for (const name of names) {
        const stem = name.slice(0, -'.ipynb'.length);
        const nb = fromIpynb(readFileSync(join(root, 'notebooks', name)));
        const text = f.write(nb, false);
        const ref = join(root, 'jupytext', `${stem}${f.ext}`);
        if (existsSync(ref) && faithful[`${stem}${f.ext}`]) {
          compared++;
          assert.fixture(text, readFileSync(ref, 'utf8'), `${stem}${f.ext}`);
          same++;
        }
        assert.equal(cellsOf(f.read(text)), cellsOf(nb), `${stem}: default mode`);
        assert.fixture(inputsText(f.read(f.write(nb, true))), inputsText(nb), `${stem}: lossless`);
      }
      process.stdout.write(`  ${f.name}: ${same}/${compared} byte-identical where jupytext is faithful, ${names.length}/${names.length} exact\n`);
      assert.ok(names.length >= 177, `only ${names.length} notebooks`);
    });
  }
} else skipTest(test, 'real notebooks as percent and md', sharedMissing());

const python = PYTHON_KERNEL;

test('an empty "attachments": {} survives --lossless in both formats', () => {
  const n = nb([{ ...md('text', { id: 'a' }), attachments: {} }], 5, python);
  for (const f of FORMATS) {
    const back = f.read(f.write(n, true));
    assert.equal((back.cells[0] as { attachments?: object }).attachments, {}, f.name);
    // the default mode stays jupytext's text (no nbgit key for an empty attachments)
    assert.not.match(f.write(n, false), 'nbgit');
  }
});

test('a lone surrogate is refused with the cell named, never turned into U+FFFD', () => {
  const n = nb([code('x = 1', { id: 'a' }), code('s = "\ud800"', { id: 'b' })], 5, python);
  for (const format of ['py:percent', 'md']) {
    try {
      writeText(n, format);
      assert.unreachable(format);
    } catch (e) {
      assert.ok(e instanceof NbgitError, String(e));
      assert.match((e as Error).message, /cell 1 \(id b\) holds a lone surrogate \(U\+D800\)/);
    }
  }
  // a well-formed pair is fine
  assert.match(writeText(nb([code('s = "\ud83d\ude00"', { id: 'a' })], 5, python), 'py:percent'), '\ud83d\ude00');
});

test("PEP 8 blank lines count async def (and decorated definitions) as definitions, as jupytext's do", () => {
  const text = toPercent(
    nb(
      [code('async def f():\n    pass', { id: 'a' }), code('x = 1', { id: 'b' }), code('@dec\ndef g():\n    pass', { id: 'c' }), code('y = 2', { id: 'd' })],
      5,
      python,
    ),
    {
      extension: '.py',
    },
  );
  assert.match(text, '# %%\nasync def f():\n    pass\n\n\n# %%\nx = 1\n\n\n# %%\n@dec\ndef g():\n    pass\n\n\n# %%\ny = 2\n');
});

test('markdown without a header whose first cell is --- reads back as the same three cells', () => {
  const n = nb([md('---', { id: 'a' }), md('x = 1', { id: 'b' }), md('---\nend', { id: 'c' })]);
  assert.equal(cellsOf(fromMarkdown(toMarkdown(n))), cellsOf(n));
});

test("a first markdown cell holding U+FEFF keeps it; a byte order mark before a header is the file's", () => {
  const n = nb([md('\uFEFF', { id: 'a' }), code('x = 1', { id: 'b' })], 5, python);
  assert.equal(cellsOf(fromMarkdown(toMarkdown(n))), cellsOf(n));
  const withBom = `\uFEFF${toMarkdown(nb([md('# T', { id: 'a' })], 5, python))}`;
  assert.equal(cellsOf(fromMarkdown(withBom)), [['markdown', '# T', null]]);
});

test.run();
