/** jupytext's pairing formats and paths (the cases of jupytext's documentation), and config files. */
import { NbgitError } from '@nbgit/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basePath, fullPath, pairedPaths, pairingText, parseJupytextConfig, parsePairing } from '../src/index.js';

const paths = (path: string, formats: string) => pairedPaths(path, parsePairing(formats)).map((m) => m.path);

test('same folder, other extensions', () => {
  assert.equal(paths('notebook.ipynb', 'ipynb,py'), ['notebook.ipynb', 'notebook.py']);
  assert.equal(paths('notebook.py', 'ipynb,py:percent'), ['notebook.ipynb', 'notebook.py']);
  assert.equal(paths('a/b/n.md', 'ipynb,md'), ['a/b/n.ipynb', 'a/b/n.md']);
});

test('suffixes and prefixes', () => {
  const f = 'ipynb,.pct.py,_lgt.py';
  for (const p of ['notebook.ipynb', 'notebook.pct.py', 'notebook_lgt.py']) assert.equal(paths(p, f), ['notebook.ipynb', 'notebook.pct.py', 'notebook_lgt.py']);
  const g = 'notebook_folder/notebook_prefix_/_notebook_suffix.ipynb,script_folder//_in_percent_format.py:percent';
  const expected = ['parent/notebook_folder/notebook_prefix_NAME_notebook_suffix.ipynb', 'parent/script_folder/NAME_in_percent_format.py'];
  for (const p of expected) assert.equal(paths(p, g), expected);
  assert.equal(paths('Untitled.ipynb', 'ipynb,python//py:percent'), ['Untitled.ipynb', 'python/Untitled.py']);
  assert.throws(
    () => paths('parent/script_folder/NAME_in_LIGHT_format.py', g),
    (e: unknown) => e instanceof NbgitError,
  );
});

test('folder trees with a root: notebooks///ipynb,scripts///py:percent', () => {
  const f = 'notebooks///ipynb,scripts///py:percent';
  assert.equal(paths('notebooks/sub/test.ipynb', f), ['notebooks/sub/test.ipynb', 'scripts/sub/test.py']);
  assert.equal(paths('/parent/scripts/sub/test.py', f), ['/parent/notebooks/sub/test.ipynb', '/parent/scripts/sub/test.py']);
  const [nb] = parsePairing('notebooks///ipynb');
  assert.is(basePath('/parent/notebooks/wrap.ipynb', nb!), '/parent///wrap');
  assert.is(fullPath('//subfolder/test', nb!), 'notebooks/subfolder/test.ipynb');
  assert.is(fullPath('/parent_folder///subfolder/test', nb!), '/parent_folder/notebooks/subfolder/test.ipynb');
});

test('formats print back as written; bad ones are typed errors', () => {
  for (const s of ['ipynb,py:percent', 'notebooks///ipynb,scripts///py:percent', 'ipynb,.pct.py:percent', 'ipynb,md:myst'])
    assert.is(pairingText(parsePairing(s)), s);
  assert.throws(() => parsePairing('ipynb,py:percent,py:light'), /same file/);
  assert.throws(() => parsePairing(''), /empty pairing/);
  assert.throws(
    () => parsePairing('ipynb,py:per cent'),
    (e: unknown) => e instanceof NbgitError && e.code === 'EFORMAT',
  );
});

test('configuration files: string, list, table; pyproject without [tool.jupytext]', () => {
  assert.is(parseJupytextConfig('formats = "ipynb,py:percent"\n', 'jupytext.toml')?.formats, 'ipynb,py:percent');
  assert.is(parseJupytextConfig('formats = ["ipynb", "md"]\n', '.jupytext.toml')?.formats, 'ipynb,md');
  assert.is(
    parseJupytextConfig('[formats]\n"notebooks/" = "ipynb"\n"scripts/" = "py:percent"\n', 'jupytext.toml')?.formats,
    'notebooks///ipynb,scripts///py:percent',
  );
  assert.is(parseJupytextConfig('[project]\nname = "x"\n', 'pyproject.toml'), undefined);
  assert.is(parseJupytextConfig('[tool.jupytext]\nformats = "ipynb,md"\n', 'sub/pyproject.toml')?.formats, 'ipynb,md');
  assert.equal(parseJupytextConfig('formats = "ipynb,md"\nnotebook_metadata_filter = "-all"\n', 'jupytext.toml')?.ignored, ['notebook_metadata_filter']);
  try {
    parseJupytextConfig('formats = [\n', 'jupytext.toml');
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof NbgitError && e.code === 'ESYNTAX' && e.file === 'jupytext.toml' && e.position !== undefined, String(e));
  }
});

test.run();
