/** Reading and writing files for commands: files or stdin (`-`), with errors that name the file. */
import { closeSync, openSync, readFileSync, readSync, type Stats, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isNbgitError, NbgitError, type Notebook } from '@nbgit/core';
import { type FileData, makeDirectory, writeFileAtomic } from '@nbgit/git';
import { decodeUtf8, type FromIpynbOptions, fromIpynb } from '@nbgit/ipynb';
import { type CliIO, readAll } from './io.js';
import { collectGarbage, LARGE_INPUT, largeInputMode } from './memory.js';

/** Reads a file (or stdin for `-`) as bytes; a missing file is an `EIO` error naming it. */
export async function readInput(path: string, io: CliIO): Promise<Buffer> {
  return path === '-' ? readAll(io.stdin) : readFileBytes(path, io);
}

/** {@link readInput} of a file (at once: the bytes cross no await). */
export function readFileBytes(path: string, io: CliIO): Buffer {
  try {
    return readFileSync(resolve(io.cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new NbgitError('EIO', why, { file: path, cause: e });
  }
}

/**
 * Reads and parses a notebook file (or stdin for `-`); `text` is the file decoded. The bytes
 * are dropped (and, for a large file, collected) before the notebook is parsed: a large file
 * is not held twice while it is.
 */
export async function readNotebook(path: string, io: CliIO, options: FromIpynbOptions = {}): Promise<{ notebook: Notebook; text: string }> {
  const text = await readFileText(path, io);
  collectGarbage(text.length);
  return { notebook: fromIpynb(text, { ...options, file: path === '-' ? '<stdin>' : path }), text };
}

/**
 * Reads a file (or stdin for `-`) as UTF-8 text; invalid UTF-8 is a located `EJSON` error
 * naming it. The bytes live only in this function: a caller that goes on to parse the text
 * does not hold them too.
 */
export async function readFileText(path: string, io: CliIO): Promise<string> {
  // a file is read and decoded without an await between: a Buffer that crossed an await is
  // kept until a full collection, a large file then held twice while it is parsed
  return path === '-' ? decodeUtf8(await readAll(io.stdin), '<stdin>') : decodeUtf8(readFileBytes(path, io), path);
}

/**
 * The text of the file at `abs` in pieces of about 16 KB, decoded as read (strict UTF-8, a
 * byte order mark kept): a large file is never held whole, as bytes or as text. Throws what
 * reading or decoding throws (callers that get pieces read the file again the usual way, for
 * the error that names it). Pieces this small keep the text a reader joins from them in V8's
 * young generation (about 128 KB and more go to the old one, collected much later: 256 KB
 * pieces made a merge of 26 MB notebooks peak 12 MB higher).
 */
export function* textPieces(abs: string, size = 16 << 10): Generator<string> {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null))
      yield decoder.decode(buf.subarray(0, n), { stream: true });
    const last = decoder.decode();
    if (last.length > 0) yield last;
  } finally {
    closeSync(fd);
  }
}

/**
 * True when `path` (relative to the command's folder) is a file of {@link LARGE_INPUT} bytes or
 * more, worth reading in pieces (false when it cannot be looked at: the usual read says why).
 * V8 is then set up for a large input (see largeInputMode).
 */
export function largeFile(path: string, cwd: string): boolean {
  let large = false;
  try {
    const st = statSync(resolve(cwd, path));
    large = st.isFile() && st.size >= LARGE_INPUT;
  } catch {
    return false;
  }
  if (large) largeInputMode();
  return large;
}

/** Why a file system call failed, in words (`no such file or directory`, `permission denied`). */
function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EEXIST':
      return 'exists and is not a directory';
    default:
      return (e as Error).message;
  }
}

/**
 * A file system error (EACCES, ENOSPC...) as an `EIO` {@link NbgitError} naming the file it
 * happened on (shown relative to the command's folder); other errors are returned as they are.
 */
export function fileSystemError(e: unknown, io: CliIO, what = 'cannot write'): unknown {
  if (isNbgitError(e) || !(e instanceof Error) || typeof (e as NodeJS.ErrnoException).code !== 'string') return e;
  const path = (e as NodeJS.ErrnoException).path;
  return new NbgitError('EIO', `${what}: ${reasonOf(e)}`, { file: path === undefined ? undefined : shown(path, io.cwd), cause: e });
}

/** `abs` as the user would write it: relative to `cwd` when below it. */
function shown(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/**
 * Makes sure the directory `dir` exists, creating it and its missing parents. Errors are `EIO`
 * {@link NbgitError}s naming `file` (default: `dir`) and the part that could not be made:
 * `docs/a: cannot create the output directory: docs is not a directory`.
 */
export function ensureDirectory(dir: string, io: CliIO, options: { file?: string; label?: string } = {}): void {
  const file = options.file ?? dir;
  try {
    makeDirectory(resolve(io.cwd, dir));
  } catch (e) {
    const part = (e as NodeJS.ErrnoException).path;
    let why = reasonOf(e);
    if (part && (e as NodeJS.ErrnoException).code === 'ENOTDIR') why = `${shown(part, io.cwd)} is not a directory`;
    else if (part && part !== resolve(io.cwd, file)) why = `${shown(part, io.cwd)}: ${why}`;
    throw new NbgitError('EIO', `cannot create ${options.label ?? 'the output directory'}: ${why}`, { file, cause: e });
  }
}

/**
 * Writes `data` to the file `path` (relative to the command's folder) atomically, with an `EIO`
 * {@link NbgitError} naming `path` when it cannot: no such directory, a directory, a read-only
 * file (by its mode, so also for root; nbgit never replaces a file the user protected),
 * permission denied, disk full. A failed write leaves the file as it was.
 * Returns true when the file was written (false: it already had these bytes).
 */
export function writeOutput(path: string, data: FileData, io: CliIO): boolean {
  const abs = resolve(io.cwd, path);
  const fail = (why: string, cause?: unknown) => new NbgitError('EIO', `cannot write: ${why}`, { file: path, cause });
  let st: Stats | undefined;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw fail(`${dirname(path)} is not a directory`, e);
    if (code !== 'ENOENT') throw fail(reasonOf(e), e);
  }
  if (st === undefined) {
    try {
      if (!statSync(dirname(abs)).isDirectory()) throw fail(`${dirname(path)} is not a directory`);
    } catch (e) {
      if (isNbgitError(e)) throw e;
      throw fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such directory ${dirname(path)}` : reasonOf(e), e);
    }
  } else if (st.isDirectory()) throw fail('is a directory');
  else if (st.isFile() && (st.mode & 0o222) === 0) throw fail('the file is read-only');
  try {
    return writeFileAtomic(abs, data);
  } catch (e) {
    // the write goes through a temp file beside the target: the directory must be writable
    throw fail((e as NodeJS.ErrnoException).code === 'EACCES' ? `permission denied (directory ${dirname(path)} is not writable)` : reasonOf(e), e);
  }
}
