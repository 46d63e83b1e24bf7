/**
 * The notebooks that differ between revisions, the index and the working tree, with the
 * bytes of both sides: what `nbgit diff` shows. One `git diff --raw -z`, one
 * `git cat-file --batch` for every blob, and one `git check-attr` for the clean filter.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanContent } from '../clean.js';
import { readStripOptions } from '../config.js';
import { runGit } from '../exec.js';
import { encodeCatFileRequest, parseCatFileBatch } from '../models/cat-file.js';
import { isZero, parseRawDiff, type RawChange } from '../models/raw-diff.js';
import { checkAttributes, type RepositoryOptions } from './repository.js';

/** Git's file mode of a symbolic link: the blob is the link's target, not a notebook. */
export const SYMLINK_MODE = '120000';

/** One side of a changed file. */
export interface ChangedSide {
  /** Path relative to the top of the repository. */
  path: string;
  /** Git's file mode (`100644`, `120000`...); undefined when this side does not exist. */
  mode?: string;
  /** The content (a symbolic link's target); undefined when this side does not exist. */
  bytes?: Uint8Array;
}

/** One file that differs. */
export interface ChangedFile {
  /** Git's status letter: A, C, D, M, R, T, U (unmerged: no sides are read). */
  status: string;
  /** Similarity percent of a rename or copy. */
  score?: number;
  old: ChangedSide;
  new: ChangedSide;
}

/** Options of {@link diffRevisions}. */
export interface DiffRevisionsOptions extends RepositoryOptions {
  /**
   * Up to two revisions: none (the working tree against the index, or with `cached` the
   * index against HEAD), one (the working tree, or with `cached` the index, against it), two.
   */
  revs?: readonly string[];
  /** Limit to these paths (relative to `cwd` or absolute); default every `*.ipynb`. */
  paths?: readonly string[];
  /** The index is the new side. */
  cached?: boolean;
  /** Find renames and copies as git does (default true). */
  renames?: boolean;
  /**
   * A working-tree notebook whose `filter` attribute is `nbgit` is read as nbgit's clean
   * filter would store it (outputs stripped as git config says), so the diff is what git
   * compares and commits (default true).
   */
  cleanWorktree?: boolean;
}

/** True when nbgit diffs this path as a notebook by default (`.ipynb`, any case). */
export function isNotebookPath(path: string): boolean {
  return /\.ipynb$/i.test(path);
}

/** A working-tree file (a symbolic link's target for mode 120000), or undefined when absent. */
function readWorktree(top: string, path: string, mode: string): Uint8Array | undefined {
  const p = resolve(top, path);
  try {
    return mode === SYMLINK_MODE ? Buffer.from(readlinkSync(p), 'utf8') : readFileSync(p);
  } catch {
    return undefined;
  }
}

/**
 * A working-tree notebook as nbgit's clean filter would store it (outputs stripped as the
 * repository's strip options say). Content the filter cannot read is returned as it is.
 */
export function asStored(bytes: Uint8Array | undefined, path: string, options: RepositoryOptions): Uint8Array | undefined {
  if (bytes === undefined || !isNotebookPath(path)) return bytes;
  try {
    return cleanContent(bytes, { pathname: path, strip: readStripOptions(options.cwd, { env: options.env }) });
  } catch {
    return bytes;
  }
}

/** The paths (relative to `options.cwd`) whose `filter` attribute is `nbgit`. */
export function nbgitFiltered(paths: readonly string[], options: RepositoryOptions): Set<string> {
  const attrs = checkAttributes(paths, ['filter'], options);
  return new Set([...attrs].filter(([, a]) => a.filter === 'nbgit').map(([p]) => p));
}

/** The file pairs git reports as different (paths relative to the top). */
function rawChanges(o: DiffRevisionsOptions, top: string): RawChange[] {
  const explicit = (o.paths ?? []).length > 0;
  const specs = explicit ? o.paths!.map((p) => resolve(o.cwd, p)) : [':(glob)**/*.ipynb'];
  const args = [
    'diff',
    '--raw',
    '-z',
    '--no-abbrev',
    o.renames === false ? '--no-renames' : '-M',
    '--no-ext-diff',
    ...(o.cached ? ['--cached'] : []),
    ...(o.revs ?? []),
  ];
  const out = runGit([...args, '--', ...specs], { cwd: top, env: o.env, gitMessage: true }).stdout.toString('utf8');
  return parseRawDiff(out).filter((c) => explicit || isNotebookPath(c.path) || isNotebookPath(c.oldPath));
}

/** The contents of blobs by id, read with one `git cat-file --batch`. */
function readBlobs(ids: readonly string[], options: RepositoryOptions): Map<string, Uint8Array> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  return parseCatFileBatch(runGit(['cat-file', '--batch'], { ...options, input: encodeCatFileRequest(wanted), ok: 'any' }).stdout);
}

/**
 * The files that differ, as `git diff` sees them, with the bytes of both sides. `top` is the
 * repository's top folder (paths are relative to it).
 */
export function diffRevisions(options: DiffRevisionsOptions & { top: string }): ChangedFile[] {
  const { top } = options;
  const at = { cwd: top, env: options.env };
  const changes = rawChanges(options, top);
  // without --cached and with at most one revision, the new side is the working tree (git's
  // id for it is all zeros, or a hash of the file that need not be in the object store)
  const inWorktree = !options.cached && (options.revs ?? []).length < 2;
  const blobs = readBlobs(
    changes.flatMap((c) => (inWorktree ? [c.oldSha] : [c.oldSha, c.newSha]).filter((x) => !isZero(x))),
    at,
  );
  const cleaned =
    inWorktree && options.cleanWorktree !== false
      ? nbgitFiltered(
          changes.filter((c) => !isZero(c.newMode)).map((c) => c.path),
          at,
        )
      : new Set<string>();
  return changes.map((c): ChangedFile => {
    const score = c.score === undefined ? {} : { score: c.score };
    if (c.status === 'U') return { status: c.status, ...score, old: { path: c.oldPath }, new: { path: c.path } };
    const side = (id: string | undefined, mode: string, path: string): ChangedSide => {
      if (isZero(mode)) return { path };
      let bytes = id === undefined ? readWorktree(top, path, mode) : blobs.get(id);
      if (id === undefined && cleaned.has(path)) bytes = asStored(bytes, path, at);
      return bytes === undefined ? { path } : { path, mode, bytes };
    };
    return { status: c.status, ...score, old: side(c.oldSha, c.oldMode, c.oldPath), new: side(inWorktree ? undefined : c.newSha, c.newMode, c.path) };
  });
}
