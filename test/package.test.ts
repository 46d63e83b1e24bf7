// The npm package stands alone (issue 13 item 5): `npm pack` of packages/cli gives one tarball
// that installs with `npm install -g --prefix DIR` (offline: it depends on no other package)
// far from the clone, and works there with nothing of the clone reachable: --version,
// convert, install (which writes `nbgit` from PATH) and a git add through the filter. When
// the installed nbgit is gone, `git add` fails with one clear line, and `nbgit status` says
// which command is broken and how to fix it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, hasOutputs, isolatedEnv, notebookWithOutputs } from './filter-helpers.js';

const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

test('the packed tarball installs and works far from the clone, and a removed install is reported', () => {
  if (npm.status !== 0) {
    console.log('  skipped: npm is not on PATH');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'nbgit-pack-'));
  const packed = spawnSync('npm', ['pack', '--pack-destination', work], { cwd: join(repoRoot, 'packages', 'cli'), encoding: 'utf8', timeout: 120_000 });
  assert.is(packed.status, 0, packed.stderr);
  const name = packed.stdout.trim().split('\n').pop()!;
  assert.match(name, /^nbgit-\d+\.\d+\.\d+\.tgz$/);
  assert.not.ok(existsSync(join(repoRoot, 'packages', 'cli', 'bundle')), 'npm pack leaves no bundle in the clone');
  const manifest = JSON.parse(spawnSync('tar', ['-xzOf', join(work, name), 'package/package.json'], { encoding: 'utf8' }).stdout);
  assert.equal(manifest.dependencies ?? {}, {}, 'no dependency (the bundle holds them)');

  // Only the tarball, copied elsewhere, is used from here on.
  const far = mkdtempSync(join(tmpdir(), 'nbgit-far-'));
  cpSync(join(work, name), join(far, name));
  const prefix = join(far, 'prefix');
  const env = isolatedEnv();
  // No nbgit on PATH but the one installed here (npm test puts the clone's node_modules/.bin there).
  env.PATH = (env.PATH ?? '')
    .split(':')
    .filter((d) => !d.includes('node_modules'))
    .join(':');
  const installed = spawnSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(far, name)], {
    cwd: far,
    env: { ...env, npm_config_cache: join(far, 'npm-cache') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.is(installed.status, 0, installed.stderr);
  const pkg = join(prefix, 'lib', 'node_modules', 'nbgit');
  for (const f of filesUnder(pkg)) assert.not.ok(readFileSync(f, 'utf8').includes(repoRoot), `${f} names the clone`);
  const path = `${join(prefix, 'bin')}:${env.PATH}`;
  const run = (args: string[], cwd: string, input?: string) =>
    spawnSync('nbgit', args, { cwd, env: { ...env, PATH: path, NODE_PATH: '' }, encoding: 'utf8', input, timeout: 60_000 });

  const version = run(['--version'], far);
  assert.is(version.status, 0, version.stderr);
  assert.is(version.stdout, `nbgit ${manifest.version}\n`);

  const repo = join(far, 'repo');
  mkdirSync(repo);
  const text = notebookWithOutputs(3, 1);
  writeFileSync(join(repo, 'a.ipynb'), text);
  const converted = run(['convert', 'a.ipynb', '--to', 'percent'], repo);
  assert.is(converted.status, 0, converted.stderr);
  assert.match(readFileSync(join(repo, 'a.py'), 'utf8'), '# %%');

  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, env: { ...env, PATH: path }, encoding: 'utf8' });
  assert.is(git('init', '-q').status, 0);
  const inst = run(['install'], repo);
  assert.is(inst.status, 0, inst.stderr);
  assert.match(inst.stdout, `Command: nbgit, from PATH (${join(prefix, 'bin', 'nbgit')})`);
  assert.is(git('config', 'filter.nbgit.process').stdout.trim(), 'nbgit filter-process');
  const add = git('add', 'a.ipynb');
  assert.is(add.status, 0, add.stderr);
  assert.ok(hasOutputs(text) && !hasOutputs(git('show', ':a.ipynb').stdout), 'the filter stripped the outputs');
  const status = run(['status'], repo);
  assert.is(status.status, 0, status.stdout + status.stderr);
  assert.not.match(status.stdout, 'broken');

  // Without the install folder on PATH, nbgit install (run by its path) writes that path:
  // the installed bin, not a path into the clone, and not node's path (it runs with the node
  // on PATH, so a Node upgrade does not break it).
  const bare = (env.PATH ?? '').split(':');
  const other = join(far, 'other');
  mkdirSync(other);
  const g2 = (...args: string[]) => spawnSync('git', args, { cwd: other, env, encoding: 'utf8' });
  assert.is(g2('init', '-q').status, 0);
  const binPath = join(prefix, 'bin', 'nbgit');
  assert.ok(!bare.includes(join(prefix, 'bin')));
  const inst2 = spawnSync(binPath, ['install'], { cwd: other, env, encoding: 'utf8' });
  assert.is(inst2.status, 0, inst2.stderr);
  assert.match(inst2.stdout, `Command: ${binPath} (this nbgit's installed bin, run with the node on PATH;`);
  assert.is(g2('config', 'filter.nbgit.process').stdout.trim(), `${binPath} filter-process`);
  writeFileSync(join(other, 'a.ipynb'), text);
  const add2 = g2('add', 'a.ipynb');
  assert.is(add2.status, 0, add2.stderr);
  assert.ok(!hasOutputs(g2('show', ':a.ipynb').stdout), 'the filter stripped the outputs');

  // The installation is removed: git add fails with the shell's one line naming the command
  // (and git's own "error:"/"fatal:" lines), no stack trace; nbgit status (the clone's) names the
  // broken command and the fix.
  renameSync(pkg, join(far, 'gone'));
  for (const [dir, g, cmd] of [
    [repo, git, 'nbgit'],
    [other, g2, binPath],
  ] as const) {
    writeFileSync(join(dir, 'b.ipynb'), text);
    const failed = g('add', 'b.ipynb');
    assert.is.not(failed.status, 0);
    const lines = failed.stderr.trim().split('\n');
    assert.match(lines[0]!, `${cmd}: not found`);
    // the rest is git's own (`fatal: ...`, and when git got to write its handshake first,
    // `error: packet write ...`): which of them appear depends on timing
    assert.ok(
      lines.slice(1).every((l) => l.startsWith('fatal: ') || l.startsWith('error: ')),
      failed.stderr,
    );
    assert.ok(lines.at(-1)?.startsWith('fatal: '), failed.stderr);
    assert.not.match(failed.stderr, /\n\s+at /, 'no stack trace');
    const broken = spawnSync(process.execPath, [BIN, 'status'], { cwd: dir, env: { ...env, PATH: path }, encoding: 'utf8' });
    assert.is(broken.status, 1, broken.stdout + broken.stderr);
    assert.match(
      broken.stdout,
      `broken: filter.nbgit.process, filter.nbgit.clean, filter.nbgit.smudge, diff.nbgit.textconv, diff.nbgit.command, merge.nbgit.driver run ${cmd}, which cannot start (`,
    );
    assert.match(
      broken.stdout,
      cmd === 'nbgit' ? 'to fix: install the nbgit package again so that nbgit is on PATH' : 'to fix: run nbgit install again with a working nbgit',
    );
  }
});

test('nbgit status reports a moved node-and-bin command as broken', () => {
  const repo = mkdtempSync(join(tmpdir(), 'nbgit-moved-'));
  const env = isolatedEnv();
  spawnSync('git', ['init', '-q'], { cwd: repo, env });
  const gone = join(repo, 'moved-away', 'bin', 'nbgit.js');
  spawnSync('git', ['config', 'filter.nbgit.process', `${process.execPath} ${gone} filter-process`], { cwd: repo, env });
  const r = spawnSync(process.execPath, [BIN, 'status'], { cwd: repo, env, encoding: 'utf8' });
  assert.is(r.status, 1);
  assert.match(r.stdout, `broken: filter.nbgit.process run ${process.execPath} ${gone}, which cannot start (Error: Cannot find module '${gone}'`);
  assert.match(r.stdout, 'to fix: run nbgit install again with a working nbgit');
});

test.run();
