// Named behaviours of the percent format: ids, located errors, line endings, strings, escapes.
import type { Notebook } from '@nbgit/core';
import { fromPercent, toPercent } from '@nbgit/percent';
import { code, md, nb, PYTHON_KERNEL } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withoutSpelling } from './helpers.js';

/** A notebook with a Python kernel. */
const notebook = (cells: Notebook['cells'], minor = 5): Notebook => nb(cells, minor, PYTHON_KERNEL);

test('ids: the same text gives the same ids, never random ones', () => {
  const text = '# %%\nx = 1\n\n# %% [markdown]\n# Hi\n\n# %%\nx = 1\n';
  const a = fromPercent(text).cells.map((c) => c.id);
  const b = fromPercent(text).cells.map((c) => c.id);
  assert.equal(a, b);
  assert.is(new Set(a).size, 3, 'repeated cells get distinct ids');
  assert.ok(a.every((id) => typeof id === 'string' && /^[a-zA-Z0-9-_]{1,64}$/.test(id)));
});

test('ids: unchanged cells keep their ids when a cell is added elsewhere', () => {
  const before = fromPercent('# %%\nx = 1\n\n# %%\ny = 2\n').cells.map((c) => c.id);
  const after = fromPercent('# %%\nw = 0\n\n# %%\nx = 1\n\n# %%\ny = 2\n').cells.map((c) => c.id);
  assert.equal(after.slice(1), before);
});

test('lossless: ids are written only where the reader would not derive them', () => {
  const derived = fromPercent('# %%\nx = 1\n');
  assert.not.match(toPercent(derived, { lossless: true }), '"id"');
  const random = notebook([code('x = 1', { id: 'f00d' })]);
  const text = toPercent(random, { lossless: true });
  assert.match(text, '# %% nbgit={"id": "f00d"}');
  assert.is(fromPercent(text).cells[0]!.id, 'f00d');
});

test('errors: an unterminated YAML header is located at its first line', () => {
  assert.throws(
    () => fromPercent('# ---\n# jupyter:\n#   kernelspec:\n#     name: python3\n\n# %%\nx = 1\n', { file: 'a.py' }),
    (e: Error) => e.message === 'a.py:1:1: unterminated YAML header: expected a closing "# ---" line',
  );
});

test('errors: invalid YAML is located in the file', () => {
  assert.throws(
    () => fromPercent('# ---\n# jupyter:\n#   kernelspec: {name: [x\n# ---\n', { file: 'b.py' }),
    (e: Error) => /^b\.py:3:\d+: invalid YAML in the notebook header: /.test(e.message),
  );
});

test('errors: a broken JSON value on a marker line is located; titles with = are not errors', () => {
  assert.throws(
    () => fromPercent('# %%\nx = 1\n\n# %% tags=["a", \ny = 2\n', { file: 'c.py' }),
    (e: Error) => e.message.startsWith('c.py:4:6: cannot read the value of metadata "tags"'),
  );
  const nb = fromPercent('# %% Compute y = f(x)\ny = 1\n');
  assert.equal(nb.cells[0]!.metadata, { title: 'Compute', incorrectly_encoded_metadata: 'y = f(x)' });
  assert.is(toPercent(nb), '# %% Compute y = f(x)\ny = 1\n');
});

test('a CRLF script (every line) reads as jupytext reads it; CRLF inside sources survives', () => {
  const script = '# %%\r\nx = 1\r\ny = 2\r\n\r\n# %% [markdown]\r\n# Title\r\n';
  const nb = fromPercent(script);
  assert.equal(
    nb.cells.map((c) => c.source),
    ['x = 1\ny = 2', 'Title'],
  );
  // the line ends are the script's spelling: written back as they were, dropped with the record
  assert.equal(nb.metadata.nbgit, { percent: { eol: '\r\n' } });
  assert.is(toPercent(nb), script);
  assert.is(toPercent(withoutSpelling(nb)), '# %%\nx = 1\ny = 2\n\n# %% [markdown]\n# Title\n');
  const crlf = notebook([code('x = 1\r\ny = 2\r\n'), md('a\r\nb')]);
  const text = toPercent(crlf);
  assert.equal(
    fromPercent(text).cells.map((c) => c.source),
    ['x = 1\r\ny = 2\r\n', 'a\r\nb'],
  );
  assert.is(toPercent(fromPercent(text)), text);
});

test('markers inside strings and after code are not cells', () => {
  const text = '# %%\ns = """\n# %%\n"""\nx = 1  # %%\n';
  const nb = fromPercent(text);
  assert.is(nb.cells.length, 1);
  assert.is(toPercent(nb), text);
});

test('code lines that look like markers are escaped and come back', () => {
  const nb = notebook([code('x = 1\n# %%\n#%% t\n# # %%\n    # In[3]:\ny = 2')]);
  const text = toPercent(nb);
  assert.match(text, 'x = 1\n# # %%\n# #%% t\n# # # %%\n    # # In[3]:\ny = 2');
  assert.is(fromPercent(text).cells[0]!.source, 'x = 1\n# %%\n#%% t\n# # %%\n    # In[3]:\ny = 2');
});

test('markdown lines that would read as markers are written uncommented', () => {
  const nb = notebook([md('%% not a marker\nIn[1]:\ntext')]);
  const text = toPercent(nb);
  assert.match(text, '# %% [markdown]\n%% not a marker\nIn[1]:\n# text');
  assert.is(fromPercent(text).cells[0]!.source, '%% not a marker\nIn[1]:\ntext');
});

test('trailing newlines and whitespace-only sources survive', () => {
  const nb = notebook([code('x = 1\n'), code('   '), code('y = 2\n\n'), md('# T\n')]);
  const back = fromPercent(toPercent(nb));
  assert.equal(
    back.cells.map((c) => c.source),
    ['x = 1\n', '   ', 'y = 2\n\n', '# T\n'],
  );
});

test('magics are commented once and come back; commented magics too', () => {
  const src = '%matplotlib inline\n!ls\nx = !ls\n# %time\nls\ncd ..\nx?';
  const text = toPercent(notebook([code(src)]));
  assert.match(text, '# %matplotlib inline\n# !ls\n# x = !ls\n# # %time\n# ls\n# cd ..\n# x?');
  assert.is(fromPercent(text).cells[0]!.source, src);
});

test('cell magics of other languages go to the marker', () => {
  const text = toPercent(notebook([code('%%R -i df\nlibrary(x)')]));
  assert.match(text, '# %% magic_args="-i df" language="R"\n# library(x)');
  assert.is(fromPercent(text).cells[0]!.source, '%%R -i df\nlibrary(x)');
});

test('a Hydrogen script (uncommented magics) keeps its magics', () => {
  const nb = fromPercent('# %%\n%matplotlib inline\nx = 1\n');
  assert.is(nb.cells[0]!.source, '%matplotlib inline\nx = 1');
});

test('block-comment languages write every commented line with the suffix', () => {
  const nb: Notebook = {
    ...notebook([md('Hello\n\nworld'), code('let x = 1')]),
    metadata: { kernelspec: { display_name: 'OCaml', language: 'OCaml', name: 'ocaml' } },
  };
  const text = toPercent(nb, { extension: '.ml' });
  assert.match(text, '(* %% [markdown] *)\n(* Hello *)\n(* *)\n(* world *)\n\n(* %% *)\nlet x = 1\n');
  assert.equal(
    fromPercent(text, { extension: '.ml' }).cells.map((c) => c.source),
    ['Hello\n\nworld', 'let x = 1'],
  );
});

test('lossless keeps nbformat_minor, notebook keys and filtered cell metadata', () => {
  const nb: Notebook = {
    cells: [code('x = 1', { metadata: { collapsed: true, ExecuteTime: { start: 1 }, 'odd key': 2 } }), md('see ![a](attachment:a.png)')],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, author: 'me', widgets: { state: {} } },
    nbformat: 4,
    nbformat_minor: 4,
  };
  (nb.cells[1] as { attachments?: unknown }).attachments = { 'a.png': { 'image/png': 'iVBORw0KGgo=' } };
  const text = toPercent(nb, { lossless: true });
  const back = fromPercent(text);
  // the metadata keys are not in Jupyter's (sorted) order: the record keeps the order the text has them in
  assert.equal(withoutSpelling(back), nb);
  assert.is(toPercent(back, { lossless: true }), text);
});

test('lossless: a notebook without kernelspec comes back without an added jupytext.main_language', () => {
  for (const metadata of [{}, { jupytext: { formats: 'ipynb,py:percent' } }, { jupytext: { main_language: 'R' } }]) {
    const nb: Notebook = { cells: [md('Hi'), code('x = 1')], metadata: structuredClone(metadata) as Notebook['metadata'], nbformat: 4, nbformat_minor: 5 };
    const back = fromPercent(toPercent(nb, { lossless: true }));
    assert.equal(withoutSpelling(back).metadata, metadata);
  }
});

test('the version block is off by default and can be written', () => {
  const nb = notebook([code('x = 1')]);
  assert.not.match(toPercent(nb), 'text_representation');
  const text = toPercent(nb, { textRepresentation: true, jupytextVersion: '1.19.5' });
  assert.match(
    text,
    "#   jupytext:\n#     text_representation:\n#       extension: .py\n#       format_name: percent\n#       format_version: '1.3'\n#       jupytext_version: 1.19.5\n",
  );
  assert.is(toPercent(fromPercent(text)), text);
});

test.run();
