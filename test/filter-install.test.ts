// End-to-end: nbgit install / uninstall / status with real git: idempotence, exact removal,
// scopes and attributes files, and commands that work from paths with spaces.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, hasOutputs, notebookWithOutputs, Repo } from './filter-helpers.js';

const KEYS = [
  'filter.nbgit.process',
  'filter.nbgit.clean',
  'filter.nbgit.smudge',
  'filter.nbgit.required',
  'diff.nbgit.textconv',
  'diff.nbgit.command',
  'merge.nbgit.name',
  'merge.nbgit.driver',
  'difftool.nbgit.cmd',
];
const LINE = '*.ipynb filter=nbgit diff=nbgit merge=nbgit';

test('install writes every key and the attributes line; a second run changes nothing', () => {
  const repo = new Repo();
  const config = join(repo.dir, '.git', 'config');
  const r = repo.nbgit(['install']);
  assert.is(r.status, 0, r.stderr);
  // No nbgit on PATH is this one: the clone's bin, by its path (it runs with the node on PATH).
  const cmd = BIN;
  assert.match(
    r.stdout,
    `Command: ${BIN} (this clone's bin, run with the node on PATH; no nbgit on PATH is this one). Moving or deleting the clone breaks git add`,
  );
  assert.is(repo.git('config', 'filter.nbgit.process').trim(), `${cmd} filter-process`);
  assert.is(repo.git('config', 'filter.nbgit.clean').trim(), `${cmd} clean %f`);
  assert.is(repo.git('config', 'filter.nbgit.smudge').trim(), `${cmd} smudge %f`);
  assert.is(repo.git('config', 'filter.nbgit.required').trim(), 'true');
  assert.is(repo.git('config', 'diff.nbgit.textconv').trim(), `${cmd} textconv`);
  assert.is(repo.git('config', 'diff.nbgit.command').trim(), `${cmd} diff-driver`);
  assert.is(repo.git('config', 'merge.nbgit.driver').trim(), `${cmd} merge-driver %O %A %B %L %P`);
  assert.ok(repo.git('config', 'merge.nbgit.name').trim().length > 0);
  assert.is(repo.git('config', 'difftool.nbgit.cmd').trim(), `${cmd} diff --html --open --title "$MERGED" "$LOCAL" "$REMOTE"`);
  assert.is(readFileSync(join(repo.dir, '.gitattributes'), 'utf8'), `${LINE}\n`);
  assert.is(
    repo.git('check-attr', 'filter', 'diff', 'merge', '--', 'x/y.ipynb'),
    'x/y.ipynb: filter: nbgit\nx/y.ipynb: diff: nbgit\nx/y.ipynb: merge: nbgit\n',
  );

  const configBytes = readFileSync(config);
  const configMtime = statSync(config).mtimeMs;
  const attrMtime = statSync(join(repo.dir, '.gitattributes')).mtimeMs;
  const again = repo.nbgit(['install']);
  assert.is(again.status, 0);
  assert.match(again.stdout, 'nothing changed');
  assert.ok(readFileSync(config).equals(configBytes));
  assert.is(statSync(config).mtimeMs, configMtime, 'config file not rewritten');
  assert.is(statSync(join(repo.dir, '.gitattributes')).mtimeMs, attrMtime, 'attributes not rewritten');
});

test('uninstall removes exactly what install added', () => {
  const repo = new Repo();
  repo.git('config', 'nbgit.keepCount', 'true');
  repo.git('config', 'filter.nbgit.extra', 'mine');
  const attrs = '# mine\r\n*.png binary\r\n';
  repo.write('.gitattributes', attrs);
  const config = join(repo.dir, '.git', 'config');
  const before = readFileSync(config, 'utf8');
  assert.is(repo.nbgit(['install']).status, 0);
  assert.is(readFileSync(join(repo.dir, '.gitattributes'), 'utf8'), `${attrs}${LINE}\r\n`, "appended in the file's own line ending");
  const r = repo.nbgit(['uninstall']);
  assert.is(r.status, 0, r.stderr);
  assert.is(readFileSync(config, 'utf8'), before, 'config back to what it was');
  assert.is(readFileSync(join(repo.dir, '.gitattributes'), 'utf8'), attrs, 'other attributes kept');
  assert.match(repo.nbgit(['uninstall']).stdout, 'nothing changed');

  const fresh = new Repo();
  const freshBefore = readFileSync(join(fresh.dir, '.git', 'config'), 'utf8');
  fresh.nbgit(['install']);
  fresh.nbgit(['uninstall']);
  assert.is(readFileSync(join(fresh.dir, '.git', 'config'), 'utf8'), freshBefore);
  assert.ok(!existsSync(join(fresh.dir, '.gitattributes')), 'the attributes file install created is gone');
});

test('uninstall gives .gitattributes back byte for byte: CRLF, no final newline, empty (QA F6)', () => {
  const cases: [string, string][] = [
    ['*.png binary\r\n*.csv text eol=lf', `*.png binary\r\n*.csv text eol=lf\r\n${LINE}`],
    ['*.png binary\n*.csv text', `*.png binary\n*.csv text\n${LINE}`],
    ['*.png binary\r\n', `*.png binary\r\n${LINE}\r\n`],
    ['*.png binary\n', `*.png binary\n${LINE}\n`],
    ['# only a CR at the end\r', `# only a CR at the end\r\n${LINE}`],
    ['', LINE],
    ['\n', `\n${LINE}\n`],
    ['\r\n\r\n', `\r\n\r\n${LINE}\r\n`],
  ];
  const repo = new Repo();
  const path = join(repo.dir, '.gitattributes');
  for (const [before, installed] of cases) {
    writeFileSync(path, before);
    assert.is(repo.nbgit(['install']).status, 0);
    assert.is(readFileSync(path, 'utf8'), installed, `install on ${JSON.stringify(before)}`);
    assert.is(repo.git('check-attr', 'filter', '--', 'a.ipynb'), 'a.ipynb: filter: nbgit\n', `git reads the line of ${JSON.stringify(installed)}`);
    assert.match(repo.nbgit(['install']).stdout, 'nothing changed');
    assert.is(readFileSync(path, 'utf8'), installed, 'install twice changes nothing');
    const r = repo.nbgit(['uninstall']);
    assert.is(r.status, 0, r.stderr);
    assert.ok(existsSync(path), `the file ${JSON.stringify(before)} existed before: it stays`);
    assert.is(readFileSync(path, 'utf8'), before, `uninstall restores ${JSON.stringify(before)}`);
  }
  // Lines added after ours stay; ours goes with its own line ending.
  writeFileSync(path, `a\r\n${LINE}\r\nb\r\n`);
  repo.nbgit(['uninstall']);
  assert.is(readFileSync(path, 'utf8'), 'a\r\nb\r\n');
});

test('uninstall never deletes a tracked attributes file: one person uninstalling keeps it for the team (issue 11 item 5)', () => {
  const repo = new Repo();
  assert.is(repo.nbgit(['install']).status, 0);
  repo.git('add', '.gitattributes');
  repo.git('commit', '-q', '-m', 'nbgit for the team');
  const r = repo.nbgit(['uninstall']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, 'Removed the nbgit line from .gitattributes; it is now empty and kept, as git tracks it');
  assert.is(readFileSync(join(repo.dir, '.gitattributes'), 'utf8'), '');
  assert.equal(repo.status(), [' M .gitattributes'], 'modified, not deleted');
  assert.is(repo.git('check-attr', 'filter', '--', 'a.ipynb'), 'a.ipynb: filter: unspecified\n');
});

test('uninstall removes the nbgit line from every attributes file install wrote, and only that line', () => {
  const repo = new Repo();
  const nbstripout = '*.ipynb filter=nbstripout\n';
  repo.write('.git/info/attributes', `# private\n${nbstripout}`);
  repo.write('docs/.gitattributes', '*.md text\n');
  assert.is(repo.nbgit(['install']).status, 0);
  assert.is(repo.nbgit(['install', '--attributes', '.git/info/attributes']).status, 0);
  assert.is(repo.nbgit(['install', '--attributes', 'docs/.gitattributes']).status, 0);
  for (const f of ['.gitattributes', '.git/info/attributes', 'docs/.gitattributes']) assert.match(readFileSync(join(repo.dir, f), 'utf8'), LINE, f);
  // the record of the files is not a strip option: no warning, not listed as one
  const status = repo.nbgit(['status']);
  assert.not.match(status.stdout, 'installedattributes');
  assert.is(repo.nbgit(['strip', '--check', '-'], '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}').stderr, '');
  const r = repo.nbgit(['uninstall']);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, 'Removed .gitattributes (it held only the nbgit line)');
  assert.match(r.stdout, 'Removed the nbgit line from .git/info/attributes');
  assert.match(r.stdout, 'Removed the nbgit line from docs/.gitattributes');
  assert.ok(!existsSync(join(repo.dir, '.gitattributes')), 'untracked and empty: install created it, uninstall removes it');
  assert.is(readFileSync(join(repo.dir, '.git/info/attributes'), 'utf8'), `# private\n${nbstripout}`);
  assert.is(readFileSync(join(repo.dir, 'docs/.gitattributes'), 'utf8'), '*.md text\n');
  assert.is(repo.tryGit('config', '--local', '--get-regexp', 'nbgit').stdout, '', 'no nbgit config left');
  assert.match(repo.nbgit(['uninstall']).stdout, 'nothing changed');
});

test('status: exit 1 before install, 0 after, says where each value is', () => {
  const repo = new Repo();
  const before = repo.nbgit(['status']);
  assert.is(before.status, 1);
  assert.match(before.stdout, 'not installed');
  assert.match(before.stdout, 'filter.nbgit.process: not set');
  repo.git('config', 'nbgit.extraKeys', 'metadata.a');
  repo.nbgit(['install']);
  const after = repo.nbgit(['status']);
  assert.is(after.status, 0, after.stdout);
  for (const key of KEYS) assert.match(after.stdout, new RegExp(`${key.replace(/\./g, '\\.')} = .*\\(local: \\.git/config\\)`));
  assert.match(after.stdout, `.gitattributes:1: ${LINE}`);
  assert.match(after.stdout, 'filter=nbgit diff=nbgit merge=nbgit');
  assert.match(after.stdout, 'nbgit.extrakeys = metadata.a');
  // A value from another install location is flagged.
  repo.git('config', 'filter.nbgit.process', '/old/node /old/nbgit.js filter-process');
  assert.match(repo.nbgit(['status']).stdout, /warning: filter\.nbgit\.process runs another nbgit/);
});

test('--attributes FILE and --global (XDG_CONFIG_HOME, core.attributesFile)', () => {
  const repo = new Repo();
  assert.is(repo.nbgit(['install', '--attributes', '.git/info/attributes']).status, 0);
  assert.is(
    readFileSync(join(repo.dir, '.git', 'info', 'attributes'), 'utf8')
      .split('\n')
      .filter((l) => l === LINE).length,
    1,
  );
  assert.ok(!existsSync(join(repo.dir, '.gitattributes')));
  assert.is(repo.git('check-attr', 'filter', '--', 'a.ipynb'), 'a.ipynb: filter: nbgit\n');
  repo.nbgit(['uninstall', '--attributes', '.git/info/attributes']);
  assert.is(repo.git('check-attr', 'filter', '--', 'a.ipynb'), 'a.ipynb: filter: unspecified\n');

  const g = new Repo();
  const xdg = g.env.XDG_CONFIG_HOME!;
  const r = g.nbgit(['install', '--global']);
  assert.is(r.status, 0, r.stderr);
  assert.is(readFileSync(join(xdg, 'git', 'attributes'), 'utf8'), `${LINE}\n`);
  assert.match(readFileSync(join(g.env.HOME!, '.gitconfig'), 'utf8'), /\[filter "nbgit"\]/);
  assert.is(g.tryGit('config', '--local', '--get-regexp', 'nbgit').status, 1, 'nothing in the repository');
  // It works in any repository of this user.
  const other = new Repo({ env: g.env });
  other.write('n.ipynb', notebookWithOutputs(2, 1));
  other.git('add', 'n.ipynb');
  assert.ok(!hasOutputs(other.git('show', ':n.ipynb')));
  assert.is(g.nbgit(['uninstall', '--global']).status, 0);
  assert.ok(!existsSync(join(xdg, 'git', 'attributes')));
  assert.ok(!readFileSync(join(g.env.HOME!, '.gitconfig'), 'utf8').includes('nbgit'));

  const c = new Repo();
  const custom = join(c.env.HOME!, 'my attributes');
  c.git('config', '--global', 'core.attributesFile', '~/my attributes');
  assert.is(c.nbgit(['install', '--global']).status, 0);
  assert.is(readFileSync(custom, 'utf8'), `${LINE}\n`);
  assert.is(c.git('check-attr', 'merge', '--', 'a.ipynb'), 'a.ipynb: merge: nbgit\n');
});

test('--system writes the system gitconfig and the gitattributes beside it (GIT_CONFIG_SYSTEM)', () => {
  const etc = mkdtempSync(join(tmpdir(), 'nbgit-etc-'));
  const repo = new Repo();
  const env: NodeJS.ProcessEnv = { ...repo.env, GIT_CONFIG_SYSTEM: join(etc, 'gitconfig') };
  delete env.GIT_CONFIG_NOSYSTEM;
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: repo.dir, env, encoding: 'utf8' });
  const r = run('install', '--system');
  assert.is(r.status, 0, r.stderr);
  assert.match(readFileSync(join(etc, 'gitconfig'), 'utf8'), /\[merge "nbgit"\]/);
  assert.is(readFileSync(join(etc, 'gitattributes'), 'utf8'), `${LINE}\n`);
  assert.match(run('status').stdout, /filter\.nbgit\.process = .*\(system: /);
  assert.is(run('uninstall', '--system').status, 0);
  assert.ok(!readFileSync(join(etc, 'gitconfig'), 'utf8').includes('nbgit'));
  assert.ok(!existsSync(join(etc, 'gitattributes')));
});

test('install outside a repository needs --global or --system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-norepo-'));
  const env = new Repo().env;
  const r = spawnSync(process.execPath, [BIN, 'install'], { cwd: dir, env: { ...env, GIT_CEILING_DIRECTORIES: tmpdir() }, encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /nbgit install: not inside a git repository/);
});

test('node and nbgit at paths with spaces: the quoted commands work under git', () => {
  const base = mkdtempSync(join(tmpdir(), 'nbgit sp '));
  // nbgit's bin and dist in a folder with spaces, resolving packages from the repository.
  const cli = join(base, 'my tools', 'cli');
  mkdirSync(cli, { recursive: true });
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repoRoot, 'packages', 'cli', part), join(cli, part), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(base, 'my tools', 'node_modules'));
  // node itself at a path with spaces (a hard link keeps that path as process.execPath).
  let node = process.execPath;
  try {
    mkdirSync(join(base, "node's dir"));
    linkSync(process.execPath, join(base, "node's dir", 'node'));
    node = join(base, "node's dir", 'node');
  } catch {
    // another file system: only the bin path has spaces
  }
  const repo = new Repo({ name: 'the repo' });
  const r = spawnSync(node, [join(cli, 'bin', 'nbgit.js'), 'install'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const value = repo.git('config', 'filter.nbgit.process').trim();
  assert.ok(value.includes("'"), `quoted: ${value}`);
  const text = notebookWithOutputs(3, 2);
  writeFileSync(join(repo.dir, 'a b.ipynb'), text);
  repo.git('add', 'a b.ipynb');
  assert.ok(!hasOutputs(repo.git('show', ':a b.ipynb')), 'filter-process ran');
  repo.git('config', '--unset', 'filter.nbgit.process');
  writeFileSync(join(repo.dir, 'c d.ipynb'), text);
  repo.git('add', 'c d.ipynb');
  assert.ok(!hasOutputs(repo.git('show', ':c d.ipynb')), 'one-shot clean ran');
  repo.git('commit', '-q', '-m', 'x');
  assert.match(repo.git('log', '-p', '-1'), '## cell (code', 'textconv ran');
});

test('install in a repository another user owns says so and how to trust it (not "not a repository")', () => {
  if (process.getuid?.() !== 0) return; // only root can give the repository to another user
  const repo = new Repo();
  const r0 = spawnSync('chown', ['-R', 'nobody', repo.dir]);
  if (r0.status !== 0) return;
  const r = repo.nbgit(['install']);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, `git refuses the repository at ${repo.dir}: another user owns it`);
  assert.match(r.stderr, `safe.directory ${repo.dir}`);
});

test.run();
