/**
 * Paired notebooks under real git: `nbgit pair`, `nbgit sync` decided by content (each case of
 * "which side changed"), jupytext.toml pairing, and the hooks of `nbgit install --hooks` through
 * checkout, stash/pop, merge and rebase, in both layouts: "commit both" and "commit only the
 * text, the .ipynb ignored and made on checkout".
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { joinSource, type Notebook } from '@nbgit/core';
import { fromIpynb, validateNotebook } from '@nbgit/ipynb';
import { isolatedGitEnv, nbgitBin } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const BIN = nbgitBin;
const ENV = isolatedGitEnv('nbgit-pair-home-');
const home = ENV.HOME as string;
const temps: string[] = [home];

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8' });
}
function git(args: string[], cwd: string, ok: number[] = [0]): SpawnSyncReturns<string> {
  const r = run('git', args, cwd);
  if (!ok.includes(r.status ?? -1)) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r;
}
function nbgit(args: string[], cwd: string): SpawnSyncReturns<string> {
  return run(process.execPath, [BIN, ...args], cwd);
}

/** A notebook with outputs on its code cells (so "outputs kept" is visible). */
function notebook(sources: string[], formats?: string): string {
  const cells = sources.map((s, i) =>
    s.startsWith('#md ')
      ? { cell_type: 'markdown', id: `c${i}`, metadata: {}, source: s.slice(4) }
      : {
          cell_type: 'code',
          execution_count: i + 1,
          id: `c${i}`,
          metadata: {},
          outputs: [{ name: 'stdout', output_type: 'stream', text: `out ${i}\n` }],
          source: s,
        },
  );
  const metadata: Record<string, unknown> = {
    kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
    language_info: { name: 'python' },
  };
  if (formats) metadata.jupytext = { formats };
  return `${JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

function read(path: string): Notebook {
  return fromIpynb(readFileSync(path));
}
const sources = (nb: Notebook) => nb.cells.map((c) => joinSource(c.source));

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-pair-'));
  temps.push(dir);
  git(['init', '-q', '-b', 'main'], dir);
  return dir;
}

test('pair writes the text; sync follows whichever side changed, by content', () => {
  const dir = repo();
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1', 'y = 2', '#md # Title']));
  let r = nbgit(['pair', 'nb.ipynb', '--with', 'py:percent'], dir);
  assert.is(r.status, 0, r.stderr);
  const py = readFileSync(join(dir, 'nb.py'), 'utf8');
  assert.match(py, /formats: ipynb,py:percent/);
  assert.match(py, /# %%\nx = 1\n/);
  assert.is(nbgit(['sync', '--check'], dir).status, 0);

  // only the text changed: the notebook takes it, outputs of the other cells kept
  writeFileSync(join(dir, 'nb.py'), py.replace('y = 2', 'y = 20'));
  r = nbgit(['sync', '--check'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /nb\.py is newer than nb\.ipynb \(cell 2\)/);
  r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  let nb = read(join(dir, 'nb.ipynb'));
  assert.equal(sources(nb), ['x = 1', 'y = 20', '# Title']);
  assert.equal(nb.cells[0]!.outputs, [{ name: 'stdout', output_type: 'stream', text: 'out 0\n' }]);
  assert.is(nb.cells[0]!.id, 'c0');

  // only the notebook changed: the text is written again
  const raw = readFileSync(join(dir, 'nb.ipynb'), 'utf8').replace('"x = 1"', '"x = 100"');
  writeFileSync(join(dir, 'nb.ipynb'), raw);
  r = nbgit(['sync', '--check'], dir);
  assert.match(r.stderr, /nb\.ipynb is newer than nb\.py \(cell 1\)/);
  assert.is(nbgit(['sync'], dir).status, 0);
  assert.match(readFileSync(join(dir, 'nb.py'), 'utf8'), /x = 100\n/);

  // both changed, different cells: merged, neither edit lost
  writeFileSync(join(dir, 'nb.ipynb'), readFileSync(join(dir, 'nb.ipynb'), 'utf8').replace('"x = 100"', '"x = 1000"'));
  writeFileSync(join(dir, 'nb.py'), readFileSync(join(dir, 'nb.py'), 'utf8').replace('y = 20', 'y = 200'));
  r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /both changed; merged/);
  nb = read(join(dir, 'nb.ipynb'));
  assert.equal(sources(nb).slice(0, 2), ['x = 1000', 'y = 200']);
  assert.match(readFileSync(join(dir, 'nb.py'), 'utf8'), /x = 1000\n[\s\S]*y = 200\n/);

  // both changed, the same cell: a conflict marked in the cell, exit 1, nothing silently lost
  writeFileSync(join(dir, 'nb.ipynb'), readFileSync(join(dir, 'nb.ipynb'), 'utf8').replace('"x = 1000"', '"x = 1"'));
  writeFileSync(join(dir, 'nb.py'), readFileSync(join(dir, 'nb.py'), 'utf8').replace('x = 1000', 'x = 2'));
  r = nbgit(['sync'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /conflict/);
  nb = read(join(dir, 'nb.ipynb'));
  assert.equal(validateNotebook(nb), []);
  const first = sources(nb)[0]!;
  assert.match(first, /<<<<<<< /);
  assert.match(first, /x = 1\n/);
  assert.match(first, /x = 2\n/);
});

test('without a synced state, differing files are not decided silently', () => {
  const dir = repo();
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['a = 1'], 'ipynb,py:percent'));
  writeFileSync(join(dir, 'nb.py'), '# %%\na = 2\n');
  const before = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
  let r = nbgit(['sync'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /no synced state/);
  assert.is(readFileSync(join(dir, 'nb.ipynb'), 'utf8'), before);
  r = nbgit(['sync', '--prefer', 'text'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.equal(sources(read(join(dir, 'nb.ipynb'))), ['a = 2']);
});

test('jupytext.toml pairs folders (notebooks///ipynb,scripts///py:percent)', () => {
  const dir = repo();
  writeFileSync(join(dir, 'jupytext.toml'), 'formats = "notebooks///ipynb,scripts///py:percent"\n');
  mkdirSync(join(dir, 'notebooks', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'notebooks', 'sub', 'a.ipynb'), notebook(['print(1)']));
  const r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'scripts', 'sub', 'a.py')), r.stdout);
  assert.match(readFileSync(join(dir, 'scripts', 'sub', 'a.py'), 'utf8'), /print\(1\)/);
});

test('pyproject.toml [tool.jupytext] formats, and a broken config file is a located error', () => {
  const dir = repo();
  writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "x"\n[tool.jupytext]\nformats = "ipynb,md"\n');
  writeFileSync(join(dir, 'n.ipynb'), notebook(['z = 3']));
  let r = nbgit(['sync', 'n.ipynb'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'n.md'), 'utf8'), /```python\nz = 3\n```/);
  writeFileSync(join(dir, 'pyproject.toml'), '[tool.jupytext\nformats = 1\n');
  r = nbgit(['sync', 'n.ipynb'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /pyproject\.toml:1:\d+: invalid TOML/);
  assert.not.match(r.stderr, /at .*\.js/);
  // the same for the whole work tree (sync without paths said nothing and exited 0: every pair under it left unsynced)
  r = nbgit(['sync'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /pyproject\.toml:1:\d+: invalid TOML/);
  writeFileSync(join(dir, 'pyproject.toml'), '[tool.jupytext]\nformats = 5\n');
  r = nbgit(['sync'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /pyproject\.toml: formats must be a string such as "ipynb,py:percent"/);
});

/** A repository in one of the two layouts, with the hooks installed and a paired notebook committed. */
function pairedRepo(layout: 'both' | 'text'): string {
  const dir = repo();
  let r = nbgit(['install', '--hooks'], dir);
  assert.is(r.status, 0, r.stderr);
  if (layout === 'text') writeFileSync(join(dir, '.gitignore'), '*.ipynb\n');
  writeFileSync(join(dir, 'jupytext.toml'), 'formats = "ipynb,py:percent"\n');
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['a = 1', 'b = 2', 'c = 3']));
  r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  git(['add', '-A'], dir);
  git(['commit', '-q', '-m', 'paired'], dir);
  return dir;
}

const editText = (dir: string, from: string, to: string) => writeFileSync(join(dir, 'nb.py'), readFileSync(join(dir, 'nb.py'), 'utf8').replace(from, to));

for (const layout of ['both', 'text'] as const) {
  test(`${layout} layout: checkout rebuilds the notebook from the text, outputs of unchanged cells kept`, () => {
    const dir = pairedRepo(layout);
    git(['checkout', '-q', '-b', 'feature'], dir);
    editText(dir, 'b = 2', 'b = 22');
    assert.is(nbgit(['sync'], dir).status, 0);
    git(['commit', '-q', '-am', 'edit b'], dir);
    git(['checkout', '-q', 'main'], dir);
    let nb = read(join(dir, 'nb.ipynb'));
    assert.equal(sources(nb), ['a = 1', 'b = 2', 'c = 3']);
    git(['checkout', '-q', 'feature'], dir);
    nb = read(join(dir, 'nb.ipynb'));
    assert.equal(sources(nb), ['a = 1', 'b = 22', 'c = 3']);
    // text layout: the local notebook's outputs survive (git never had them; the filter strips committed ones)
    if (layout === 'text') assert.equal(nb.cells[0]!.outputs, [{ name: 'stdout', output_type: 'stream', text: 'out 0\n' }]);
  });

  test(`${layout} layout: merge of paired branches leaves the merged text in the notebook, no .ipynb conflict`, () => {
    const dir = pairedRepo(layout);
    if (layout === 'both') assert.is(nbgit(['install'], dir).status, 0); // the merge driver for the committed .ipynb
    git(['checkout', '-q', '-b', 'feature'], dir);
    editText(dir, 'c = 3', 'c = 33');
    assert.is(nbgit(['sync'], dir).status, 0);
    git(['commit', '-q', '-am', 'edit c'], dir);
    git(['checkout', '-q', 'main'], dir);
    editText(dir, 'a = 1', 'a = 11');
    assert.is(nbgit(['sync'], dir).status, 0);
    git(['commit', '-q', '-am', 'edit a'], dir);
    git(['merge', '-q', '--no-edit', 'feature'], dir);
    assert.is(git(['status', '--porcelain'], dir).stdout, '');
    assert.equal(sources(read(join(dir, 'nb.ipynb'))), ['a = 11', 'b = 2', 'c = 33']);
    assert.is(nbgit(['sync', '--check'], dir).status, 0);
  });

  test(`${layout} layout: stash and pop keep both files in step; rebase replays text edits into the notebook`, () => {
    const dir = pairedRepo(layout);
    editText(dir, 'b = 2', 'b = 5');
    assert.is(nbgit(['sync'], dir).status, 0);
    git(['stash', '-q'], dir);
    if (layout === 'both') assert.equal(sources(read(join(dir, 'nb.ipynb'))), ['a = 1', 'b = 2', 'c = 3']);
    git(['stash', 'pop', '-q'], dir);
    // post-checkout does not run on stash; nbgit sync sees the text changed since the last sync
    assert.is(nbgit(['sync'], dir).status, 0);
    assert.equal(sources(read(join(dir, 'nb.ipynb'))), ['a = 1', 'b = 5', 'c = 3']);
    git(['commit', '-q', '-am', 'b = 5'], dir);
    git(['checkout', '-q', '-b', 'other', 'HEAD~1'], dir);
    editText(dir, 'c = 3', 'c = 9');
    assert.is(nbgit(['sync'], dir).status, 0);
    git(['commit', '-q', '-am', 'c = 9'], dir);
    git(['rebase', '-q', 'main'], dir);
    assert.equal(sources(read(join(dir, 'nb.ipynb'))), ['a = 1', 'b = 5', 'c = 9']);
  });
}

test('pre-commit refuses a commit with a notebook edit its text lacks; nbgit.syncOnCommit syncs and stages', () => {
  const dir = pairedRepo('both');
  writeFileSync(join(dir, 'nb.ipynb'), readFileSync(join(dir, 'nb.ipynb'), 'utf8').replace('"a = 1"', '"a = 7"'));
  git(['add', 'nb.ipynb'], dir);
  let r = git(['commit', '-q', '-m', 'x'], dir, [1]);
  assert.match(r.stderr, /out of step/);
  git(['config', 'nbgit.syncOnCommit', 'true'], dir);
  r = git(['commit', '-q', '-m', 'x'], dir);
  assert.match(git(['show', 'HEAD:nb.py'], dir).stdout, /a = 7\n/);
  // uninstall removes only nbgit's hook blocks
  r = nbgit(['uninstall'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.not.ok(existsSync(join(dir, '.git', 'hooks', 'pre-commit')));
});

test('a jupytext-written script keeps its header block; text_representation never reaches the .ipynb', () => {
  const dir = repo();
  const header = [
    '# ---',
    '# jupyter:',
    '#   jupytext:',
    '#     formats: ipynb,py:percent',
    '#     text_representation:',
    '#       extension: .py',
    '#       format_name: percent',
    "#       format_version: '1.3'",
    '#       jupytext_version: 1.16.1',
    '#   kernelspec:',
    '#     display_name: Python 3',
    '#     language: python',
    '#     name: python3',
    '# ---',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'nb.py'), `${header}\n# %%\na = 1\n\n# %%\nb = 2\n`);
  let r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  const nbText = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
  assert.not.match(nbText, /text_representation|"nbgit"/);
  assert.match(nbText, /"formats": "ipynb,py:percent"/);
  writeFileSync(join(dir, 'nb.ipynb'), nbText.replace('"a = 1"', '"a = 5"'));
  r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.is(readFileSync(join(dir, 'nb.py'), 'utf8'), `${header}\n# %%\na = 5\n\n# %%\nb = 2\n`);
});

test('convert does not overwrite a text file holding edits the notebook lacks', () => {
  const dir = repo();
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1', 'y = 2']));
  assert.is(nbgit(['convert', 'nb.ipynb', '--to', 'percent'], dir).status, 0);
  const edited = readFileSync(join(dir, 'nb.py'), 'utf8').replace('y = 2', 'y = 3');
  writeFileSync(join(dir, 'nb.py'), edited);
  let r = nbgit(['convert', 'nb.ipynb', '--to', 'percent'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /nb\.py has edits the notebook does not have \(cell 2\)/);
  assert.is(readFileSync(join(dir, 'nb.py'), 'utf8'), edited);
  r = nbgit(['convert', 'nb.ipynb', '--to', 'percent', '--force'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'nb.py'), 'utf8'), /y = 2\n/);
});

test('pair --with qmd (a Quarto document, not a script) and sync from it', () => {
  const dir = repo();
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1', '#md # Title']));
  let r = nbgit(['pair', 'nb.ipynb', '--with', 'qmd'], dir);
  assert.is(r.status, 0, r.stderr);
  const qmd = readFileSync(join(dir, 'nb.qmd'), 'utf8');
  assert.match(qmd, /```\{python\}\nx = 1\n```/);
  writeFileSync(join(dir, 'nb.qmd'), qmd.replace('x = 1', 'x = 10'));
  r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.equal(sources(read(join(dir, 'nb.ipynb'))), ['x = 10', '# Title']);
});

test('a pairing that fails writes nothing: pair leaves the notebook as it was, sync leaves every file of the pair (found by the fuzz)', () => {
  const dir = repo();
  // nbformat requires kernelspec.name: the text headers nbgit writes for it would not read back
  const bad = notebook(['x = 1']).replace('"name": "python3"', '"nom": "python3"');
  writeFileSync(join(dir, 'nb.ipynb'), bad);
  for (const [formats, message] of [
    ['py:percent', /nb\.py: the text written from the notebook would not read back \(line \d+: the header's kernelspec must be a mapping with a string name/],
    ['md:myst', /nb\.md: the notebook cannot be written as md:myst: the front matter's kernelspec must be a mapping with a string name/],
    ['py:percent,md', /the text written from the notebook would not read back/],
  ] as const) {
    const r = nbgit(['pair', 'nb.ipynb', '--with', formats], dir);
    assert.is(r.status, 1, formats);
    assert.match(r.stderr, message);
    assert.not.match(r.stderr, /\n\s+at /);
    assert.is(readFileSync(join(dir, 'nb.ipynb'), 'utf8'), bad, formats);
    assert.not.ok(existsSync(join(dir, 'nb.py')) || existsSync(join(dir, 'nb.md')), formats);
  }
  // paired with two texts; the first changed (the notebook would take it), the second does not read: nothing is written
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1', 'y = 2']));
  assert.is(nbgit(['pair', 'nb.ipynb', '--with', 'py:percent,md'], dir).status, 0);
  const before = { ipynb: readFileSync(join(dir, 'nb.ipynb'), 'utf8'), py: readFileSync(join(dir, 'nb.py'), 'utf8') };
  const py = before.py.replace('x = 1', 'x = 10');
  const md = readFileSync(join(dir, 'nb.md'), 'utf8').replace('jupyter:', 'jupyter:\n  evil: !!python/object:os.system ls');
  writeFileSync(join(dir, 'nb.py'), py);
  writeFileSync(join(dir, 'nb.md'), md);
  const r = nbgit(['sync'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /nbgit sync: .*nb\.md:\d+:\d+: invalid YAML/);
  assert.is(readFileSync(join(dir, 'nb.ipynb'), 'utf8'), before.ipynb);
  assert.is(readFileSync(join(dir, 'nb.py'), 'utf8'), py);
  assert.is(readFileSync(join(dir, 'nb.md'), 'utf8'), md);
});

test('a pairing that reaches out of the repository (an absolute or ../ prefix) is refused; nothing is written there', () => {
  const dir = repo();
  const outside = mkdtempSync(join(tmpdir(), 'nbgit-pair-outside-'));
  temps.push(outside);
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1']));
  // a cloned repository's jupytext.toml: sync (also run by the checkout hooks) wrote ${outside}/nb.py
  writeFileSync(join(dir, 'jupytext.toml'), `formats = "ipynb,${outside}//py:percent"\n`);
  let r = nbgit(['sync'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /nbgit sync: the pairing "ipynb,.*\/\/py:percent" \(.*jupytext\.toml\) gives .*nb\.py, outside .*: nbgit does not sync files there/);
  assert.not.ok(existsSync(join(outside, 'nb.py')));
  rmSync(join(dir, 'jupytext.toml'));
  // the notebook's own metadata: ../ out of the repository
  const outward = `../${outside.split('/').pop()}/py:percent`;
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1'], `ipynb,${outward}`));
  r = nbgit(['sync'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /EDENIED|outside .*: nbgit does not sync files there/);
  assert.equal(readdirSync(outside), []);
  assert.equal(
    readdirSync(dirname(outside)).filter((n) => n.endsWith('nb.py')),
    [],
  );
  // prefixes that stay inside still pair (scripts//, a name prefix)
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1'], 'ipynb,scripts//py:percent'));
  r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'scripts', 'nb.py')));
});

test('sync reports a notebook it cannot read (exit 1) and still syncs the other pairs', () => {
  const dir = repo();
  // paired by its own metadata only (no text yet): nothing else says it is paired
  const broken = notebook(['x = 1'], 'ipynb,py:percent').slice(0, 40);
  writeFileSync(join(dir, 'broken.ipynb'), broken);
  writeFileSync(join(dir, 'good.ipynb'), notebook(['y = 2'], 'ipynb,py:percent'));
  const r = nbgit(['sync'], dir);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /^nbgit sync: broken\.ipynb:\d+:\d+: .*\(not synced: nbgit cannot tell whether it is paired\)$/m);
  assert.not.match(r.stderr, /\n\s+at /);
  assert.is(readFileSync(join(dir, 'broken.ipynb'), 'utf8'), broken);
  assert.ok(existsSync(join(dir, 'good.py')), 'the other pair is synced');
  assert.not.ok(existsSync(join(dir, 'broken.py')));
  const check = nbgit(['sync', '--check'], dir);
  assert.is(check.status, 1);
  assert.match(check.stderr, /broken\.ipynb/); // the text-first layout: a script whose header pairs it and does not read (its notebook is never made)
  rmSync(join(dir, 'broken.ipynb'));
  rmSync(join(dir, 'good.ipynb'));
  const script = readFileSync(join(dir, 'good.py'), 'utf8').replace('#   jupytext:', '#   jupytext: [oops');
  writeFileSync(join(dir, 'good.py'), script);
  const text = nbgit(['sync'], dir);
  assert.is(text.status, 1, text.stderr);
  assert.match(text.stderr, /^nbgit sync: good\.py:\d+:\d+: .*\(not synced: nbgit cannot tell whether it is paired\)$/m);
  assert.is(readFileSync(join(dir, 'good.py'), 'utf8'), script);
  assert.not.ok(existsSync(join(dir, 'good.ipynb')));
  // a script that only mentions jupytext is not paired, and not an error
  writeFileSync(join(dir, 'good.py'), 'def f(jupytext: str = "# ---\\n"):\n    return jupytext\n');
  assert.is(nbgit(['sync'], dir).status, 0);
});

test('a folder of the repository that is a symbolic link out of it: pair and sync refuse it (EDENIED), nothing read or written there', () => {
  const dir = repo();
  const outside = mkdtempSync(join(tmpdir(), 'nbgit-pair-link-'));
  temps.push(outside);
  const theirs = notebook(['secret = 1']);
  writeFileSync(join(outside, 'nb.ipynb'), theirs);
  symlinkSync(outside, join(dir, 'scripts'));
  symlinkSync(outside, join(dir, 'link'));
  // the pairing's text folder is the link
  writeFileSync(join(dir, 'nb.ipynb'), notebook(['x = 1'], 'ipynb,scripts//py:percent'));
  let r = nbgit(['sync'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /nbgit sync: .*scripts\/nb\.py: a symbolic link leads it out of the repository \(to .*\): nbgit does not read or write files there/);
  const plain = notebook(['z = 3']);
  writeFileSync(join(dir, 'other.ipynb'), plain);
  r = nbgit(['pair', 'other.ipynb', '--with', 'scripts//py:percent'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /EDENIED|a symbolic link leads it out of the repository/);
  assert.is(readFileSync(join(dir, 'other.ipynb'), 'utf8'), plain, 'the notebook is left as it was');
  // the notebook itself behind the link: neither read nor written
  r = nbgit(['pair', 'link/nb.ipynb', '--with', 'py:percent'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /^nbgit pair: link\/nb\.ipynb: a symbolic link leads it out of the repository/m);
  r = nbgit(['sync', 'link/nb.ipynb'], dir);
  assert.is(r.status, 1);
  assert.match(r.stderr, /a symbolic link leads it out of the repository/);
  assert.equal(readdirSync(outside), ['nb.ipynb']);
  assert.is(readFileSync(join(outside, 'nb.ipynb'), 'utf8'), theirs);
  // a link that stays inside the repository pairs as its target does; a file linked from outside is left alone
  rmSync(join(dir, 'scripts'));
  rmSync(join(dir, 'other.ipynb'));
  mkdirSync(join(dir, 'real-scripts'));
  symlinkSync(join(dir, 'real-scripts'), join(dir, 'scripts'));
  writeFileSync(join(outside, 'common.py'), 'x = 1\n');
  symlinkSync(join(outside, 'common.py'), join(dir, 'common.py'));
  r = nbgit(['sync'], dir);
  assert.is(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'real-scripts', 'nb.py')));
  assert.equal(readdirSync(outside).sort(), ['common.py', 'nb.ipynb']);
});

test.after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

test.run();
