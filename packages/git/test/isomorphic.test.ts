/**
 * The isomorphic-git merge driver, with isomorphic-git's own `merge()` on an in-memory
 * repository (a small in-memory file system below; no disk, no git binary).
 */

import type { Notebook } from '@nbgit/core';
import { joinSource } from '@nbgit/core';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { code, md } from '@nbgit/testkit';
import git from 'isomorphic-git';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMergeDriver, mergeDriver } from '../src/isomorphic.js';

/** A minimal in-memory file system with the promise API isomorphic-git uses. */
function memfs() {
  type Node = { kind: 'file'; data: Uint8Array; mtime: number } | { kind: 'dir'; mtime: number };
  const nodes = new Map<string, Node>([['/', { kind: 'dir', mtime: Date.now() }]]);
  let ino = 1;
  const norm = (p: string) =>
    `/${p
      .split('/')
      .filter((s) => s && s !== '.')
      .join('/')}`;
  const parent = (p: string) => norm(p).replace(/\/[^/]*$/, '') || '/';
  const err = (code: string, p: string) => Object.assign(new Error(`${code}: ${p}`), { code });
  const stat = (p: string) => {
    const n = nodes.get(norm(p));
    if (!n) throw err('ENOENT', p);
    const size = n.kind === 'file' ? n.data.length : 0;
    return {
      type: n.kind,
      mode: n.kind === 'file' ? 0o100644 : 0o40000,
      size,
      ino: ino++,
      mtimeMs: n.mtime,
      ctimeMs: n.mtime,
      uid: 1,
      gid: 1,
      dev: 1,
      isFile: () => n.kind === 'file',
      isDirectory: () => n.kind === 'dir',
      isSymbolicLink: () => false,
    };
  };
  const promises = {
    async readFile(p: string, opts?: { encoding?: string } | string) {
      const n = nodes.get(norm(p));
      if (n?.kind !== 'file') throw err('ENOENT', p);
      const enc = typeof opts === 'string' ? opts : opts?.encoding;
      return enc ? new TextDecoder().decode(n.data) : n.data;
    },
    async writeFile(p: string, data: Uint8Array | string) {
      if (!nodes.has(parent(p))) throw err('ENOENT', p);
      nodes.set(norm(p), { kind: 'file', data: typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data), mtime: Date.now() });
    },
    async unlink(p: string) {
      if (!nodes.delete(norm(p))) throw err('ENOENT', p);
    },
    async readdir(p: string) {
      const d = norm(p);
      if (nodes.get(d)?.kind !== 'dir') throw err('ENOTDIR', p);
      const prefix = d === '/' ? '/' : `${d}/`;
      return [...nodes.keys()].filter((k) => k !== d && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length));
    },
    async mkdir(p: string) {
      if (nodes.has(norm(p))) throw err('EEXIST', p);
      if (!nodes.has(parent(p))) throw err('ENOENT', p);
      nodes.set(norm(p), { kind: 'dir', mtime: Date.now() });
    },
    async rmdir(p: string) {
      nodes.delete(norm(p));
    },
    async stat(p: string) {
      return stat(p);
    },
    async lstat(p: string) {
      return stat(p);
    },
    async readlink(p: string): Promise<string> {
      throw err('EINVAL', p);
    },
    async symlink(_t: string, p: string) {
      throw err('EPERM', p);
    },
    async chmod() {},
  };
  return { promises };
}

const author = { name: 'T', email: 't@example.com', timestamp: 1_700_000_000, timezoneOffset: 0 };
const base = (): Notebook => ({
  cells: [
    md('# Title', { id: 'title' }),
    code('import math', { id: 'imports' }),
    code('x = 1\nprint(x)', { id: 'compute', execution_count: 1, outputs: [{ name: 'stdout', output_type: 'stream', text: '1\n' }] }),
    md('End.', { id: 'end' }),
  ],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});
const variant = (f: (n: Notebook) => void) => {
  const n = base();
  f(n);
  return toIpynb(n);
};

async function setup(local: string, remote: string, baseText = toIpynb(base())) {
  const fs = memfs();
  const dir = '/repo';
  await fs.promises.mkdir(dir);
  await git.init({ fs, dir, defaultBranch: 'main' });
  const commit = async (text: string, message: string) => {
    await fs.promises.writeFile(`${dir}/nb.ipynb`, text);
    await fs.promises.writeFile(`${dir}/notes.txt`, message === 'base' ? 'a\nb\nc\n' : message === 'local' ? 'A\nb\nc\n' : 'a\nb\nC\n');
    await git.add({ fs, dir, filepath: 'nb.ipynb' });
    await git.add({ fs, dir, filepath: 'notes.txt' });
    return git.commit({ fs, dir, message, author });
  };
  await commit(baseText, 'base');
  await git.branch({ fs, dir, ref: 'remote' });
  await git.checkout({ fs, dir, ref: 'remote' });
  await commit(remote, 'remote');
  await git.checkout({ fs, dir, ref: 'main' });
  await commit(local, 'local');
  return { fs, dir };
}

test('isomorphic-git merge() with mergeDriver: cell-aware clean merge in memory', async () => {
  const local = variant((n) => {
    n.cells[1]!.source = 'import math\nimport os';
    (n.cells[2] as { execution_count: number }).execution_count = 5;
  });
  const remote = variant((n) => {
    n.cells[3]!.source = 'The end.';
    (n.cells[2] as { execution_count: number }).execution_count = 9;
  });
  const { fs, dir } = await setup(local, remote);
  const r = await git.merge({ fs, dir, ours: 'main', theirs: 'remote', author, mergeDriver });
  assert.ok(r.oid, 'merge commit');
  const { blob } = await git.readBlob({ fs, dir, oid: r.oid!, filepath: 'nb.ipynb' });
  const merged = fromIpynb(blob);
  assert.equal(validateNotebook(merged), []);
  assert.equal(
    merged.cells.map((c) => joinSource(c.source)),
    ['# Title', 'import math\nimport os', 'x = 1\nprint(x)', 'The end.'],
  );
  assert.is((merged.cells[2] as { execution_count: number }).execution_count, 5);
  // plain text files merge line by line
  const notes = await git.readBlob({ fs, dir, oid: r.oid!, filepath: 'notes.txt' });
  assert.is(new TextDecoder().decode(notes.blob), 'A\nb\nC\n');
});

test('isomorphic-git merge() with mergeDriver: a conflict stays inside the cell; the file is a notebook', async () => {
  const local = variant((n) => {
    n.cells[2]!.source = 'x = 2\nprint(x)';
  });
  const remote = variant((n) => {
    n.cells[2]!.source = 'x = 3\nprint(x)';
  });
  const { fs, dir } = await setup(local, remote);
  let error: unknown;
  try {
    await git.merge({ fs, dir, ours: 'main', theirs: 'remote', author, mergeDriver, abortOnConflict: false });
  } catch (e) {
    error = e;
  }
  assert.is((error as { code?: string } | undefined)?.code, 'MergeConflictError');
  const text = (await fs.promises.readFile(`${dir}/nb.ipynb`, 'utf8')) as string;
  const merged = fromIpynb(text);
  assert.equal(validateNotebook(merged), []);
  assert.is(joinSource(merged.cells[2]!.source), '<<<<<<< local\nx = 2\n=======\nx = 3\n>>>>>>> remote\nprint(x)');
  assert.is(joinSource(merged.cells[0]!.source), '# Title');
});

test('createMergeDriver: options apply; unreadable notebooks merge as text with a message', () => {
  const messages: string[] = [];
  const drive = createMergeDriver({ outputs: 'clear', onFallback: (p, m) => messages.push(`${p}: ${m}`) });
  const local = variant((n) => {
    (n.cells[2] as { outputs: unknown[] }).outputs = [{ name: 'stdout', output_type: 'stream', text: 'L\n' }];
  });
  const remote = variant((n) => {
    (n.cells[2] as { outputs: unknown[] }).outputs = [{ name: 'stdout', output_type: 'stream', text: 'R\n' }];
  });
  const r = drive({ branches: ['base', 'main', 'feature'], contents: [toIpynb(base()), local, remote], path: 'a/nb.ipynb' });
  assert.ok(r.cleanMerge);
  assert.equal((fromIpynb(r.mergedText).cells[2] as { outputs: unknown[] }).outputs, []);
  const broken = drive({ branches: ['base', 'main', 'feature'], contents: ['{\n"x": 1\n}\n', '{\n"x": 2\n}\n', '{\n"x": 3\n}\n'], path: 'bad.ipynb' });
  assert.not.ok(broken.cleanMerge);
  assert.match(broken.mergedText, '<<<<<<< main\n"x": 2\n=======\n"x": 3\n>>>>>>> feature\n');
  assert.is(messages.length, 1);
  assert.match(messages[0]!, 'bad.ipynb');
});

test('mergeDriver: no common ancestor (empty base) merges two notebooks', () => {
  const a = variant((n) => {
    n.cells.push(code('a = 1', { id: 'a' }));
  });
  const b = variant((n) => {
    n.cells.push(code('b = 2', { id: 'b' }));
  });
  const r = mergeDriver({ branches: ['base', 'ours', 'theirs'], contents: ['', a, b], path: 'nb.ipynb' });
  const merged = fromIpynb(r.mergedText);
  assert.equal(validateNotebook(merged), []);
  assert.ok(merged.cells.some((c) => c.id === 'a'));
  assert.ok(merged.cells.some((c) => c.id === 'b'));
});

test.run();
