// Where commands write: impossible output folders fail fast, in-place edits respect read-only
// files, symlinks and special files (FIFOs, /dev/stdout) are written through, and a failed
// write never leaves a truncated or replaced file behind.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dirWith, jupyterJson, run, tempDir } from './helpers.js';

const bin = fileURLToPath(new URL('../../bin/nbgit.js', import.meta.url));

const NOTEBOOK = jupyterJson({
  cells: [
    {
      cell_type: 'code',
      execution_count: 1,
      id: 'c1',
      metadata: {},
      outputs: [{ name: 'stdout', output_type: 'stream', text: ['1\n'] }],
      source: ['print(1)'],
    },
  ],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
  nbformat: 4,
  nbformat_minor: 5,
});

function setup(): string {
  return dirWith('x.ipynb', NOTEBOOK);
}

/** Runs the real bin with a time limit (a hang must fail the test, not the run). */
function runBin(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

test('--output-dir that cannot be created fails at once, naming the folder (F12: /proc spun forever)', () => {
  if (!existsSync('/proc/self')) return;
  const dir = setup();
  const r = runBin(['convert', 'x.ipynb', '--to', 'percent', '--output-dir', '/proc/nope/deeper'], dir);
  assert.is(r.signal, null, 'nbgit convert hung');
  assert.is(r.code, 1, r.stderr);
  assert.is(r.stderr, 'nbgit convert: /proc/nope/deeper: cannot create the output directory: /proc/nope: no such file or directory\n');
});

test('--output-dir below a file: exit 1, the folder named, nothing written', async () => {
  const dir = setup();
  writeFileSync(join(dir, 'file'), 'x');
  const r = await run(['convert', 'x.ipynb', '--to', 'md', '--output-dir', 'file/docs'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, 'nbgit convert: file/docs: cannot create the output directory: file is not a directory');
  assert.is(readFileSync(join(dir, 'file'), 'utf8'), 'x');
});

test('--output-dir is created (nested), and --check creates nothing', async () => {
  const dir = setup();
  assert.is((await run(['convert', 'x.ipynb', '--to', 'md', '--output-dir', 'docs/a', '--check'], { cwd: dir })).code, 1);
  assert.not.ok(existsSync(join(dir, 'docs')));
  const r = await run(['convert', 'x.ipynb', '--to', 'md', '--output-dir', 'docs/a'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'docs/a/x.md')));
});

test('-o into a folder that does not exist: a clear error, no temp file left', async () => {
  const dir = setup();
  const r = await run(['convert', 'x.ipynb', '--to', 'percent', '-o', 'nowhere/x.py'], { cwd: dir });
  assert.is(r.code, 1);
  assert.is(r.stderr, 'nbgit convert: nowhere/x.py: cannot write: no such directory nowhere\n');
  assert.equal(readdirSync(dir), ['x.ipynb']);
});

test('-o onto a folder: a clear error', async () => {
  const dir = setup();
  mkdirSync(join(dir, 'sub'));
  const r = await run(['convert', 'x.ipynb', '--to', 'percent', '-o', 'sub'], { cwd: dir });
  assert.is(r.code, 1);
  assert.is(r.stderr, 'nbgit convert: sub: cannot write: is a directory\n');
});

test('strip, fmt and convert leave a read-only file alone, with an error', async () => {
  // (the check is on the mode bits, so it holds for root too)
  const dir = setup();
  const file = join(dir, 'x.ipynb');
  const messy = JSON.stringify(JSON.parse(NOTEBOOK), null, 2); // outputs, and not in fmt's layout
  writeFileSync(file, messy);
  chmodSync(file, 0o444);
  for (const argv of [
    ['strip', 'x.ipynb'],
    ['fmt', 'x.ipynb'],
  ]) {
    const r = await run(argv, { cwd: dir });
    assert.is(r.code, 1, `${argv[0]}: ${r.stdout}`);
    assert.match(r.stderr, `nbgit ${argv[0]}: x.ipynb: cannot write: the file is read-only`);
    assert.is(readFileSync(file, 'utf8'), messy);
    assert.is(statSync(file).mode & 0o777, 0o444);
  }
  writeFileSync(join(dir, 'x.py'), '# %%\nKEEP\n');
  chmodSync(join(dir, 'x.py'), 0o444);
  const r = await run(['convert', 'x.ipynb', '--to', 'percent'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, 'x.py: cannot write: the file is read-only');
  assert.is(readFileSync(join(dir, 'x.py'), 'utf8'), '# %%\nKEEP\n');
});

test('strip and fmt through a symlink change the target, and the link stays a link', async () => {
  const dir = setup();
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real/nb.ipynb'), NOTEBOOK);
  symlinkSync('real/nb.ipynb', join(dir, 'link.ipynb'));
  const r = await run(['strip', 'link.ipynb'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.ok(lstatSync(join(dir, 'link.ipynb')).isSymbolicLink());
  assert.is(readlinkSync(join(dir, 'link.ipynb')), 'real/nb.ipynb');
  assert.match(readFileSync(join(dir, 'real/nb.ipynb'), 'utf8'), '"outputs": []');
  assert.equal(readdirSync(join(dir, 'real')), ['nb.ipynb']);
});

test('-o a FIFO writes into it (the FIFO is not replaced by a file)', async () => {
  const dir = setup();
  const fifo = join(dir, 'pipe.py');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return;
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
  let got = '';
  reader.stdout.on('data', (d) => (got += d));
  const closed = new Promise((resolve) => reader.on('close', resolve));
  const r = await run(['convert', 'x.ipynb', '--to', 'percent', '-o', 'pipe.py'], { cwd: dir });
  if (!lstatSync(fifo).isFIFO()) reader.kill();
  await closed;
  assert.is(r.code, 0, r.stderr);
  assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO was replaced');
  assert.match(got, '# %%\nprint(1)');
});

test('install with an attributes file that cannot be made: fails at once, git config untouched', () => {
  if (!existsSync('/proc/self')) return;
  const dir = tempDir();
  spawnSync('git', ['init', '-q'], { cwd: dir });
  const r = runBin(['install', '--attributes', '/proc/nope/attributes'], dir);
  assert.is(r.signal, null, 'nbgit install hung');
  assert.is(r.code, 1, r.stderr);
  assert.is(r.stderr, 'nbgit install: /proc/nope/attributes: cannot create the directory: /proc/nope: no such file or directory\n');
  assert.is(spawnSync('git', ['config', '--local', '--get-regexp', 'nbgit'], { cwd: dir, encoding: 'utf8' }).stdout, '');
  // with --hooks: no hook is written either (they were written first, then the attributes failed)
  const hooks = runBin(['install', '--hooks', '--attributes', '/proc/nope/attributes'], dir);
  assert.is(hooks.code, 1, hooks.stderr);
  assert.not.match(hooks.stdout, /Hook:/);
  assert.equal(
    readdirSync(join(dir, '.git', 'hooks')).filter((h) => !h.endsWith('.sample')),
    [],
  );
  assert.is(spawnSync('git', ['config', '--local', '--get-regexp', 'nbgit'], { cwd: dir, encoding: 'utf8' }).stdout, '');
});

test('install --hooks again writes no hook: bytes, inode and mtime kept, and a mode the user chose stays', () => {
  const dir = tempDir();
  spawnSync('git', ['init', '-q'], { cwd: dir });
  const first = runBin(['install', '--hooks'], dir);
  assert.is(first.code, 0, first.stderr);
  const hook = join(dir, '.git', 'hooks', 'post-merge');
  assert.ok((statSync(hook).mode & 0o111) !== 0, 'a hook is executable');
  chmodSync(hook, 0o700);
  const past = new Date('2001-02-03T04:05:06Z');
  utimesSync(hook, past, past);
  const before = { bytes: readFileSync(hook, 'utf8'), ino: statSync(hook).ino, mtimeMs: statSync(hook).mtimeMs };
  const again = runBin(['install', '--hooks'], dir);
  assert.is(again.code, 0, again.stderr);
  assert.not.match(again.stdout, /Hook:/);
  const st = statSync(hook);
  assert.equal({ bytes: readFileSync(hook, 'utf8'), ino: st.ino, mtimeMs: st.mtimeMs, mode: st.mode & 0o777 }, { ...before, mode: 0o700 });
});

test.run();
