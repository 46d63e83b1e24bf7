// End-to-end tests of `nbgit diff --html` (the review page) in every form `nbgit diff` takes,
// the conflict view of a notebook a merge left in conflict, and `git difftool -t nbgit`:
// the real bin, real git, temp repos.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Cell, Notebook } from '@nbgit/core';
import { toIpynb } from '@nbgit/ipynb';
import { code, isolatedGitEnv, md, nb, nbgitBin, PYTHON_KERNEL, repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const BIN = nbgitBin;
const ENV = isolatedGitEnv('nbgit-html-home-');

function nbgit(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...ENV, ...env }, encoding: 'utf8' });
}
function git(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, ok = [0]): SpawnSyncReturns<string> {
  const r = spawnSync('git', args, { cwd, env: { ...ENV, ...env }, encoding: 'utf8' });
  if (!ok.includes(r.status ?? -1)) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}
/** A 4.5 notebook with a Python kernel. */
const notebook = (cells: Cell[]): Notebook => nb(cells, 5, PYTHON_KERNEL);
const write = (path: string, nb: Notebook) => writeFileSync(path, toIpynb(nb));

/** The paths a page lists at the top, in order. */
function listed(html: string): string[] {
  const nav = /<nav class="files"[^>]*><ol>([\s\S]*?)<\/ol><\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a href="#f\d+">([^<]*)<\/a>/g)].map((m) => m[1] as string);
}
function subtitle(html: string): string {
  return /<p class="sub">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
}

/**
 * A repository: main has a.ipynb and c.ipynb; branch `feature` edits a.ipynb and adds b.ipynb;
 * then main edits c.ipynb (so main...feature leaves c out, main..feature has it).
 */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-html-'));
  git(['init', '-q', '-b', 'main'], dir);
  write(join(dir, 'a.ipynb'), notebook([md('# Rainfall\n\nMonthly totals.', { id: 't' }), code('total = sum(rain)\nprint(total)', { id: 's' })]));
  write(join(dir, 'c.ipynb'), notebook([code('x = 1', { id: 'x' })]));
  git(['add', '.'], dir);
  git(['commit', '-qm', 'base'], dir);
  git(['checkout', '-qb', 'feature'], dir);
  write(
    join(dir, 'a.ipynb'),
    notebook([md('# Rainfall\n\nMonthly totals, in **mm**.', { id: 't' }), code('total = sum(rain)\nprint(total, "mm")', { id: 's' })]),
  );
  write(join(dir, 'b.ipynb'), notebook([md('## New notes\n\n$x^2$', { id: 'n' })]));
  git(['add', '.'], dir);
  git(['commit', '-qm', 'feature'], dir);
  git(['checkout', '-q', 'main'], dir);
  write(join(dir, 'c.ipynb'), notebook([code('x = 2', { id: 'x' })]));
  git(['commit', '-qam', 'main moves on'], dir);
  git(['checkout', '-q', 'feature'], dir);
  return dir;
}

test('two files: the page on stdout, exit 1 when they differ, 0 when equal', () => {
  const a = join(repoRoot, 'fixtures', 'notebooks', 'example.ipynb');
  const b = join(repoRoot, 'fixtures', 'notebooks', 'example-edited.ipynb');
  const r = nbgit(['diff', '--html', a, b], repoRoot);
  assert.is(r.status, 1, r.stderr);
  assert.ok(r.stdout.startsWith('<!DOCTYPE html>'));
  assert.equal(listed(r.stdout), [b]);
  assert.match(r.stdout, /<p class="fsum">2 modified, 1 added<\/p>/);
  assert.is(r.stderr, '');
  const same = nbgit(['diff', '--html', a, a], repoRoot);
  assert.is(same.status, 0);
  assert.equal(listed(same.stdout), []);
  assert.match(same.stdout, /no notebook changed/);
});

test('main...HEAD -o review.html: the notebooks the branch changed since it left main, and the size on stderr', () => {
  const dir = repo();
  const r = nbgit(['diff', '--html', 'main...HEAD', '-o', 'review.html'], dir);
  assert.is(r.status, 1, r.stderr);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /^nbgit diff: wrote review\.html \(\d+\.\d kB, 0 images\)\n$/);
  const html = readFileSync(join(dir, 'review.html'), 'utf8');
  assert.equal(listed(html), ['a.ipynb', 'b.ipynb']);
  assert.match(subtitle(html), /^main\.\.\.HEAD · 2 files changed · 3 changes$/);
  assert.match(html, /<strong>mm<\/strong>/);
  assert.match(html, /new notebook, 1 cell/);
  // two revisions (main..HEAD): main's own change to c.ipynb shows too
  const two = nbgit(['diff', '--html', 'main', 'HEAD'], dir);
  assert.equal(listed(two.stdout), ['a.ipynb', 'b.ipynb', 'c.ipynb']);
  assert.match(subtitle(two.stdout), /^main → HEAD/);
  // paths narrow it, with and without --
  assert.equal(listed(nbgit(['diff', '--html', 'main...HEAD', '--', 'b.ipynb'], dir).stdout), ['b.ipynb']);
  assert.equal(listed(nbgit(['diff', '--html', 'main', 'a.ipynb'], dir).stdout), ['a.ipynb']);
});

test('the working tree, --cached and one revision', () => {
  const dir = repo();
  write(join(dir, 'a.ipynb'), notebook([md('# Rain\n\nMonthly totals, in **mm**.', { id: 't' }), code('total = sum(rain)\nprint(total, "mm")', { id: 's' })]));
  const wt = nbgit(['diff', '--html'], dir);
  assert.is(wt.status, 1, wt.stderr);
  assert.equal(listed(wt.stdout), ['a.ipynb']);
  assert.match(subtitle(wt.stdout), /^the working tree against the index/);
  assert.equal(listed(nbgit(['diff', '--html', '--cached'], dir).stdout), []);
  git(['add', 'a.ipynb'], dir);
  const cached = nbgit(['diff', '--html', '--cached'], dir);
  assert.equal(listed(cached.stdout), ['a.ipynb']);
  assert.match(subtitle(cached.stdout), /^the index against HEAD/);
  const rev = nbgit(['diff', '--html', 'main'], dir);
  assert.equal(listed(rev.stdout), ['a.ipynb', 'b.ipynb', 'c.ipynb']);
  assert.match(subtitle(rev.stdout), /^the working tree against main/);
  const uni = nbgit(['diff', '--html', '--layout', 'unified', '--no-images', 'main'], dir);
  assert.match(uni.stdout, /<body class="uni">/);
});

test('a notebook left in conflict by a merge: the page shows both sides of the conflicted cell', () => {
  const dir = repo();
  const inst = nbgit(['install'], dir);
  assert.is(inst.status, 0, inst.stderr);
  git(['commit', '-qam', 'install', '--allow-empty'], dir);
  write(
    join(dir, 'a.ipynb'),
    notebook([md('# Rainfall\n\nMonthly totals, in **mm**.', { id: 't' }), code('total = sum(rain) / 10\nprint(total, "cm")', { id: 's' })]),
  );
  git(['commit', '-qam', 'cm'], dir);
  git(['checkout', '-qb', 'other', 'main'], dir);
  write(
    join(dir, 'a.ipynb'),
    notebook([md('# Rainfall\n\nMonthly totals.', { id: 't' }), code('total = sum(rain) * 0.0394\nprint(total, "in")', { id: 's' })]),
  );
  git(['commit', '-qam', 'inches'], dir);
  const merge = git(['merge', 'feature'], dir, {}, [1]);
  assert.match(merge.stdout + merge.stderr, /CONFLICT/);
  const r = nbgit(['diff', '--html'], dir);
  assert.equal(listed(r.stdout), ['a.ipynb']);
  assert.match(r.stdout, /<div class="conflict"><div class="ctitle">conflict: source changed differently on both sides/);
  assert.match(r.stdout, /<td class="c d">total = sum\(rain\) <span class="wd">\* 0\.0394<\/span><\/td>/);
  assert.match(r.stdout, /<td class="c a">total = sum\(rain\) <span class="wa">\/ 10<\/span><\/td>/);
});

test('git difftool -t nbgit (set by nbgit install) opens one page per notebook', () => {
  const dir = repo();
  assert.is(nbgit(['install'], dir).status, 0);
  const log = join(dir, 'opened.txt');
  const browser = join(dir, 'browser.sh');
  writeFileSync(browser, `#!/bin/sh\necho "$1" >> '${log}'\n`, { mode: 0o755 });
  const r = git(['difftool', '-y', '-t', 'nbgit', 'main...HEAD'], dir, { BROWSER: browser });
  assert.match(r.stderr, /nbgit diff: wrote .*a\.ipynb\.html \(/);
  // the browser runs detached: wait for it
  for (let k = 0; k < 300 && (!existsSync(log) || readFileSync(log, 'utf8').split('\n').length < 3); k++) spawnSync('sleep', ['0.1']);
  // one temporary folder per page: order them by the page's file name
  const pages = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .sort((x, y) => basename(x).localeCompare(basename(y)));
  assert.equal(
    pages.map((p) => basename(p)),
    ['a.ipynb.html', 'b.ipynb.html'],
  );
  const a = readFileSync(pages[0] as string, 'utf8');
  assert.equal(listed(a), ['a.ipynb']);
  assert.match(a, /<title>a\.ipynb<\/title>/);
  const b = readFileSync(pages[1] as string, 'utf8');
  assert.equal(listed(b), ['b.ipynb']);
  assert.match(b, /new notebook, 1 cell/);
});

test('bad usage and unwritable output: exit 2, a one-line message, nothing written', () => {
  const dir = repo();
  const both = nbgit(['diff', '--html', '--json', 'main'], dir);
  assert.is(both.status, 2);
  assert.is(both.stderr, 'nbgit diff: --html cannot be combined with --json or --stat\n');
  const layout = nbgit(['diff', '--html', '--layout', 'wide', 'main'], dir);
  assert.is(layout.status, 2);
  assert.is(layout.stderr, 'nbgit diff: --layout must be side-by-side or unified, not "wide"\n');
  const size = nbgit(['diff', '--html', '--max-image-size', 'big', 'main'], dir);
  assert.is(size.status, 2);
  assert.match(size.stderr, /--max-image-size needs a size such as 500k or 2M/);
  const missing = nbgit(['diff', '--html', 'main', '-o', 'no/such/dir/review.html'], dir);
  assert.is(missing.status, 2);
  assert.match(missing.stderr, /^nbgit diff: no\/such\/dir\/review\.html: cannot write: no such directory no\/such\/dir\n$/);
  assert.not.ok(readdirSync(dir).some((f) => f.endsWith('.html')));
});

test.run();
