// Bad input to every command, through the real `nbgit` bin: one line on stderr naming the file
// (FILE:LINE:COLUMN: reason where there is a place), the documented non-zero exit code, no
// stack trace, and no file of the user's changed or created.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const bin = join(repoRoot, 'packages/cli/bin/nbgit.js');
const dir = mkdtempSync(join(tmpdir(), 'nbgit-errors-'));
copyFileSync(join(repoRoot, 'fixtures/notebooks/example.ipynb'), join(dir, 'ok.ipynb'));
mkdirSync(join(dir, 'folder.ipynb'));
writeFileSync(join(dir, 'bad.ipynb'), '{"cells": [1,\n');
writeFileSync(join(dir, 'notnb.ipynb'), '[1, 2]\n');
writeFileSync(join(dir, 'empty.ipynb'), '');
writeFileSync(join(dir, 'badopt.py'), '# %%\nx = 1\n\n# %% tags=["a"\ny = 2\n');
writeFileSync(join(dir, 'latin1.py'), Buffer.from('# %%\nname = "Jos\xe9"\n', 'latin1'));
writeFileSync(join(dir, 'readonly.ipynb'), readFileSync(join(dir, 'ok.ipynb')));
chmodSync(join(dir, 'readonly.ipynb'), 0o444);

/** Every file of the folder with its bytes and mtime. */
function snapshot(): string {
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((n) => {
        const p = join(d, n);
        const st = statSync(p);
        return st.isDirectory() ? [`${p}/`, ...walk(p)] : [`${p} ${st.mtimeMs} ${readFileSync(p).toString('base64')}`];
      });
  return walk(dir).join('\n');
}

function nbgit(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, NO_COLOR: '1', GIT_CEILING_DIRECTORIES: tmpdir() },
  });
}

/** [args, exit code, the one line expected on stderr] */
const cases: Array<[string[], number, string]> = [
  // missing file
  [['convert', 'nope.ipynb', '--to', 'percent'], 1, 'nbgit convert: nope.ipynb: no such file'],
  [['diff', 'ok.ipynb', 'nope.ipynb'], 2, 'nbgit diff: nope.ipynb: no such file'],
  [['merge', 'nope.ipynb', 'ok.ipynb', 'ok.ipynb'], 3, 'nbgit merge: nope.ipynb: cannot read the base side: no such file'],
  [['strip', 'nope.ipynb'], 1, 'nbgit strip: nope.ipynb: no such file'],
  [['fmt', 'nope.ipynb'], 1, 'nbgit fmt: nope.ipynb: no such file'],
  [['textconv', 'nope.ipynb'], 1, 'nbgit textconv: nope.ipynb: no such file'],
  // a directory instead of a file
  [['convert', 'folder.ipynb', '--to', 'md'], 1, 'nbgit convert: folder.ipynb: is a directory'],
  [['diff', 'ok.ipynb', 'folder.ipynb'], 2, 'nbgit diff: folder.ipynb: is a directory'],
  [['diff', 'folder.ipynb', 'ok.ipynb'], 2, 'nbgit diff: folder.ipynb: is a directory'],
  [['merge', 'folder.ipynb', 'ok.ipynb', 'ok.ipynb'], 3, 'nbgit merge: folder.ipynb: cannot read the base side: is a directory'],
  [['strip', 'folder.ipynb'], 1, 'nbgit strip: folder.ipynb: is a directory'],
  [['fmt', 'folder.ipynb'], 1, 'nbgit fmt: folder.ipynb: is a directory'],
  [['textconv', 'folder.ipynb'], 1, 'nbgit textconv: folder.ipynb: is a directory'],
  // invalid JSON
  [['convert', 'bad.ipynb', '--to', 'percent'], 1, 'nbgit convert: bad.ipynb:2:1: invalid JSON: expected a value, found end of input'],
  [['diff', 'bad.ipynb', 'ok.ipynb'], 2, 'nbgit diff: bad.ipynb:2:1: invalid JSON: expected a value, found end of input'],
  [['merge', 'ok.ipynb', 'bad.ipynb', 'ok.ipynb'], 3, 'nbgit merge: bad.ipynb:2:1: invalid JSON: expected a value, found end of input'],
  [['strip', 'bad.ipynb'], 1, 'nbgit strip: bad.ipynb:2:1: invalid JSON: expected a value, found end of input'],
  [['fmt', 'bad.ipynb'], 1, 'nbgit fmt: bad.ipynb:2:1: invalid JSON: expected a value, found end of input'],
  [['strip', 'empty.ipynb'], 1, 'nbgit strip: empty.ipynb:1:1: empty file: expected a notebook (a JSON object)'],
  // JSON that is not a notebook
  [['convert', 'notnb.ipynb', '--to', 'percent'], 1, 'nbgit convert: notnb.ipynb:1:1: expected a notebook (a JSON object), found an array'],
  [['diff', 'ok.ipynb', 'notnb.ipynb'], 2, 'nbgit diff: notnb.ipynb:1:1: expected a notebook (a JSON object), found an array'],
  [['merge', 'ok.ipynb', 'ok.ipynb', 'notnb.ipynb'], 3, 'nbgit merge: notnb.ipynb:1:1: expected a notebook (a JSON object), found an array'],
  [['fmt', 'notnb.ipynb'], 1, 'nbgit fmt: notnb.ipynb:1:1: expected a notebook (a JSON object), found an array'],
  // a percent script with a broken cell option: nothing written beside it
  [
    ['convert', 'badopt.py', '--to', 'ipynb'],
    1,
    'nbgit convert: badopt.py:4:6: cannot read the value of metadata "tags": ["a" is neither JSON nor a Python literal',
  ],
  [['diff', 'badopt.py', 'ok.ipynb'], 2, 'nbgit diff: badopt.py:4:6: cannot read the value of metadata "tags": ["a" is neither JSON nor a Python literal'],
  // text that is not UTF-8 is refused, not read with replacement characters
  [['convert', 'latin1.py', '--to', 'ipynb'], 1, 'nbgit convert: latin1.py:2:12: invalid UTF-8 at byte 16'],
  // outputs that cannot be written
  [['merge', 'ok.ipynb', 'ok.ipynb', 'ok.ipynb', '-o', 'folder.ipynb'], 3, 'nbgit merge: folder.ipynb: cannot write: is a directory'],
  [['merge', 'ok.ipynb', 'ok.ipynb', 'ok.ipynb', '-o', 'no/such/dir.ipynb'], 3, 'nbgit merge: no/such/dir.ipynb: cannot write: no such directory no/such'],
  [['strip', 'readonly.ipynb'], 1, 'nbgit strip: readonly.ipynb: cannot write: the file is read-only'],
  // unknown flags and wrong argument counts: usage, exit 2
  [['convert', 'ok.ipynb', '--to', 'percent', '--bogus'], 2, 'nbgit convert: unknown option --bogus'],
  [['convert', 'ok.ipynb'], 2, 'nbgit convert: --to is required (ipynb, percent, light, md, myst, qmd or databricks)'],
  [['convert', '--to', 'percent'], 2, 'nbgit convert: no input (give files, or - for stdin)'],
  [['diff', '--bogus', 'ok.ipynb', 'ok.ipynb'], 2, 'nbgit diff: unknown option --bogus'],
  [['diff', 'ok.ipynb', 'ok.ipynb', 'ok.ipynb'], 2, 'nbgit diff: too many arguments (see nbgit diff --help)'],
  [['merge', 'ok.ipynb', 'ok.ipynb'], 2, 'nbgit merge: expected BASE LOCAL REMOTE, got 2 arguments (see nbgit merge --help)'],
  [['merge', '-x', 'ok.ipynb', 'ok.ipynb', 'ok.ipynb'], 2, 'nbgit merge: unknown option -x'],
  [['strip', '--bogus', 'ok.ipynb'], 2, 'nbgit strip: unknown option --bogus'],
  [['validate'], 2, 'nbgit validate: no files given (see nbgit validate --help)'],
  [['validate', '--bogus', 'ok.ipynb'], 2, 'nbgit validate: unknown option --bogus'],
  [['fmt'], 2, 'nbgit fmt: no files given (see nbgit fmt --help)'],
  [['fmt', '--bogus', 'ok.ipynb'], 2, 'nbgit fmt: unknown option --bogus'],
  [['textconv'], 2, 'nbgit textconv: expected one FILE, got 0 (see nbgit textconv --help)'],
  [['textconv', '--bogus', 'ok.ipynb'], 2, 'nbgit textconv: unknown option --bogus'],
  [['textconv', 'ok.ipynb', 'ok.ipynb'], 2, 'nbgit textconv: expected one FILE, got 2 (see nbgit textconv --help)'],
  [['install', 'extra'], 2, 'nbgit install: unexpected argument "extra" (see nbgit install --help)'],
  [['status', '--bogus'], 2, 'nbgit status: unknown option --bogus'],
  [['uninstall', '--global', '--system'], 2, 'nbgit uninstall: --global and --system cannot be used together'],
  [['frobnicate'], 2, "nbgit: unknown command 'frobnicate'. Run 'nbgit --help' for the list."],
];

for (const [args, code, line] of cases) {
  test(`nbgit ${args.join(' ')}`, () => {
    const before = snapshot();
    const r = nbgit(args);
    assert.is(r.stderr, `${line}\n`);
    assert.is(r.status, code, r.stderr);
    assert.is(snapshot(), before, 'a file changed or appeared');
  });
}

test('validate reports a bad file on stdout, one line, exit 1', () => {
  const r = nbgit(['validate', 'bad.ipynb', 'ok.ipynb', 'folder.ipynb']);
  assert.is(r.stdout, 'bad.ipynb:2:1: invalid JSON: expected a value, found end of input\nok.ipynb: ok\nfolder.ipynb: is a directory\n');
  assert.is(r.status, 1);
});

test('a failing file among several: the others are still done', () => {
  const out = mkdtempSync(join(tmpdir(), 'nbgit-errors-out-'));
  const r = nbgit(['convert', 'bad.ipynb', 'ok.ipynb', '--to', 'md', '--output-dir', out]);
  assert.is(r.status, 1);
  assert.is(r.stderr, 'nbgit convert: bad.ipynb:2:1: invalid JSON: expected a value, found end of input\n');
  assert.equal(readdirSync(out), ['ok.md']);
});

test('install --attributes DIR: refused before git config is written', () => {
  const repo = mkdtempSync(join(tmpdir(), 'nbgit-errors-repo-'));
  assert.is(spawnSync('git', ['init', '-q'], { cwd: repo }).status, 0);
  mkdirSync(join(repo, 'attrs'));
  const r = spawnSync(process.execPath, [bin, 'install', '--attributes', 'attrs'], { cwd: repo, encoding: 'utf8' });
  assert.is(r.stderr, 'nbgit install: attrs: cannot write: is a directory\n');
  assert.is(r.status, 1);
  assert.is(spawnSync('git', ['config', '--local', '--get-regexp', 'nbgit'], { cwd: repo, encoding: 'utf8' }).stdout, '');
});

test('--version and --help exit 0; no command is a usage error', () => {
  const v = nbgit(['--version']);
  assert.match(v.stdout, /^nbgit \d+\.\d+\.\d+\n$/);
  assert.is(v.status, 0);
  assert.is(nbgit(['--help']).status, 0);
  assert.is(nbgit(['convert', '--help']).status, 0);
  const none = nbgit([]);
  assert.is(none.status, 2);
  assert.match(none.stdout, /Usage: nbgit <command>/);
});

test.run();
