/** Reading notebooks for commands: files or stdin (`-`), with errors that name the file. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NbgitError, type Notebook } from '@nbgit/core';
import { type FromIpynbOptions, fromIpynb } from '@nbgit/ipynb';
import { type CliIO, readAll } from './io.js';

/** Reads a file (or stdin for `-`) as bytes; a missing file is an `EIO` error naming it. */
export async function readInput(path: string, io: CliIO): Promise<Buffer> {
  if (path === '-') return readAll(io.stdin);
  try {
    return readFileSync(resolve(io.cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new NbgitError('EIO', why, { file: path, cause: e });
  }
}

/** Reads and parses a notebook file (or stdin for `-`). */
export async function readNotebook(path: string, io: CliIO, options: FromIpynbOptions = {}): Promise<{ notebook: Notebook; bytes: Buffer }> {
  const bytes = await readInput(path, io);
  const notebook = fromIpynb(bytes, { ...options, file: path === '-' ? '<stdin>' : path });
  return { notebook, bytes };
}
