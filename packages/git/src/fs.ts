/** File writes that never leave a truncated file: temp file in the same folder, then rename. */
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NbgitError } from '@nbgit/core';

/**
 * Writes `data` to `path` atomically: a temp file beside it, fsync, rename. The file's
 * mode is kept. With `onlyIfChanged` (the default), an identical file is not touched, so
 * its mtime stays. Returns true when the file was written.
 *
 * `fsync: false` skips the fsync (for a temp file another process reads back at once, as
 * git does with a merge driver's result: its cost is most of a small write).
 *
 * A symlink is followed (the file it points to is replaced, the link stays), and a path that
 * is not a regular file (a FIFO, `/dev/stdout`, a terminal) is written through, not replaced.
 */
export function writeFileAtomic(path: string, data: FileData, options: { onlyIfChanged?: boolean; fsync?: boolean } = {}): boolean {
  // parts made as they are written: their size is known once written, so an identical file
  // is found by comparing it with what is written (the temp file is then removed)
  const lazy = typeof data !== 'string' && !(data instanceof Uint8Array);
  let mode: number | undefined;
  let compareWith: { fd: number; size: number } | undefined;
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      writeChunks(path, data);
      return true;
    }
    path = realpathSync(path);
    mode = st.mode & 0o7777;
    if (options.onlyIfChanged !== false) {
      if (lazy) compareWith = { fd: openSync(path, 'r'), size: st.size };
      else if (st.size === byteLength(data) && sameBytes(path, data)) return false;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // new file
  }
  let fd: number | undefined;
  let tmp: string | undefined;
  let same = compareWith !== undefined;
  try {
    ({ tmp, fd } = createTemp(dirname(path), basename(path), mode ?? 0o666));
    let pos = 0;
    let buf: Buffer | undefined;
    for (const bytes of chunksOf(data)) {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      if (same && compareWith !== undefined) {
        if (buf === undefined || buf.length < bytes.length) buf = Buffer.allocUnsafe(bytes.length);
        same =
          pos + bytes.length <= compareWith.size &&
          readAt(compareWith.fd, buf, bytes.length, pos) &&
          Buffer.compare(buf.subarray(0, bytes.length), bytes) === 0;
      }
      pos += bytes.length;
    }
    if (same && compareWith !== undefined && pos === compareWith.size) {
      closeSync(fd);
      fd = undefined;
      unlinkSync(tmp);
      return false;
    }
    if (options.fsync !== false) fsyncSync(fd);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    if (tmp !== undefined)
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    throw e;
  } finally {
    if (compareWith !== undefined) closeSync(compareWith.fd);
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  return true;
}

/** Reads `n` bytes at `pos` of `fd` into `buf`; false when the file ends first. */
function readAt(fd: number, buf: Buffer, n: number, pos: number): boolean {
  let got = 0;
  while (got < n) {
    const r = readSync(fd, buf, got, n - got, pos + got);
    if (r === 0) return false;
    got += r;
  }
  return true;
}

/**
 * What {@link writeFileAtomic} writes: text, bytes, or text in parts (written as their
 * concatenation; an iterable is read once, as it is written).
 */
export type FileData = string | Uint8Array | Iterable<string>;

/** The size of `data` (not lazy parts) in UTF-8 bytes. */
function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
}

/** Temp files this process made (with its pid and the time, a name no other process makes). */
let temps = 0;

/**
 * A new temp file in `dir` for `name` (`.NAME.nbgit-PID-TIME-N.tmp`), created exclusively: a
 * name taken (a file left by a process with the same pid, another machine on a shared file
 * system) is skipped. Not random: node:crypto costs a merge driver ~3 ms to load.
 */
function createTemp(dir: string, name: string, mode: number): { tmp: string; fd: number } {
  for (;;) {
    const tmp = join(dir, `.${name}.nbgit-${process.pid}-${Date.now().toString(36)}-${temps++}.tmp`);
    try {
      return { tmp, fd: openSync(tmp, 'wx', mode) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** UTF-16 units of a string encoded at a time: a large text is never held twice (as text and as bytes). */
const CHUNK = 1 << 22;

/** Bytes of parts (a list of strings) encoded into one buffer, written, and reused for the next ones. */
const PARTS_BUFFER = 1 << 20;

/**
 * `data` as UTF-8 bytes, in pieces of at most about {@link CHUNK} characters (a surrogate pair
 * is never split); parts (a list of strings) are encoded as they come into one buffer of
 * {@link PARTS_BUFFER} bytes, given each time it is full (and then reused: a piece is to be
 * written before the next is taken), so that no concatenation or copy of them is made.
 */
function* chunksOf(data: FileData): Generator<Uint8Array> {
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  if (typeof data === 'string') {
    for (let at = 0; at < data.length; ) {
      let end = Math.min(at + CHUNK, data.length);
      if (end < data.length && (data.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      yield Buffer.from(at === 0 && end === data.length ? data : data.slice(at, end), 'utf8');
      at = end;
    }
    return;
  }
  const buf = Buffer.allocUnsafe(PARTS_BUFFER);
  const encoder = new TextEncoder();
  let n = 0;
  /** A high surrogate that ended the last part: it goes with the first character of the next. */
  let carry = '';
  for (let part of data) {
    if (carry !== '') {
      part = carry + part;
      carry = '';
    }
    if ((part.charCodeAt(part.length - 1) & 0xfc00) === 0xd800) {
      carry = part.slice(-1);
      part = part.slice(0, -1);
    }
    let at = 0;
    while (at < part.length) {
      const { read, written } = encoder.encodeInto(at === 0 ? part : part.slice(at), n === 0 ? buf : buf.subarray(n));
      at += read!;
      n += written!;
      // full (what is left of the buffer cannot hold the next character)
      if (at < part.length) {
        yield buf.subarray(0, n);
        n = 0;
      }
    }
  }
  if (carry !== '') {
    if (PARTS_BUFFER - n < 3) {
      yield buf.subarray(0, n);
      n = 0;
    }
    n += encoder.encodeInto(carry, buf.subarray(n)).written!;
  }
  if (n > 0) yield buf.subarray(0, n);
}

/** Writes `data` to a path that is not a regular file (a FIFO, a terminal), piece by piece. */
function writeChunks(path: string, data: FileData): void {
  const fd = openSync(path, 'w');
  try {
    for (const bytes of chunksOf(data)) {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    }
  } finally {
    closeSync(fd);
  }
}

/** True when the file at `path` holds exactly `data` (of its size), read piece by piece. */
function sameBytes(path: string, data: string | Uint8Array): boolean {
  const fd = openSync(path, 'r');
  try {
    let pos = 0;
    let buf: Buffer | undefined;
    for (const bytes of chunksOf(data)) {
      if (buf === undefined || buf.length < bytes.length) buf = Buffer.allocUnsafe(bytes.length);
      let got = 0;
      while (got < bytes.length) {
        const n = readSync(fd, buf, got, bytes.length - got, pos + got);
        if (n === 0) return false;
        got += n;
      }
      if (Buffer.compare(buf.subarray(0, bytes.length), bytes) !== 0) return false;
      pos += bytes.length;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}

/**
 * `mkdir -p`: creates `dir` and its missing parents, one by one. (Node's `mkdirSync` with
 * `recursive` never returns on some paths, e.g. below /proc.) Throws the error of the first
 * part that cannot be made; its `path` names that part (ENOTDIR for a part that is a file).
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; ) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(d).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      if (code === 'ENOENT') missing.push(d); // ENOTDIR: a parent is a file, found further up
      const parent = dirname(d);
      if (parent === d) throw e;
      d = parent;
      continue;
    }
    if (!isDirectory) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: 'ENOTDIR', errno: -20, syscall: 'mkdir', path: d });
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw e;
    }
  }
}

/**
 * Checks, before any file of a group (the files of a pair) is written, that `path` can take
 * `data`: its folder is made, and an existing file `data` would change must not be read-only
 * (by its mode, so also for root: nbgit never replaces a file the user protected). Throws an
 * `EIO` NbgitError naming `path` otherwise.
 */
export function prepareWrite(path: string, data: string | Uint8Array): void {
  const fail = (why: string, cause?: unknown) => new NbgitError('EIO', `cannot write: ${why}; nothing written`, { file: path, cause });
  try {
    makeDirectory(dirname(path));
  } catch (e) {
    const part = (e as NodeJS.ErrnoException).path ?? dirname(path);
    throw fail((e as NodeJS.ErrnoException).code === 'ENOTDIR' ? `${part} is not a directory` : `cannot create ${part}: ${(e as Error).message}`, e);
  }
  const st = statSync(path, { throwIfNoEntry: false });
  if (st?.isFile() && (st.mode & 0o222) === 0 && !(st.size === byteLength(data) && sameBytes(path, data))) throw fail('the file is read-only');
}
