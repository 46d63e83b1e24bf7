/**
 * `nbgit merge BASE LOCAL REMOTE [-o OUT]`: three-way cell-aware merge of notebooks.
 * Exit 0 clean, 1 with conflicts (marked inside the cells), 2 bad usage, 3 an input that
 * cannot be read or is not a notebook, or an output that cannot be written.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isNbgitError, jsonEqual, NbgitError, type Notebook } from '@nbgit/core';
import { decodeUtf8, fromIpynb, inJupyterLayout, readJupyterLayout, toIpynbParts, upgradedFrom } from '@nbgit/ipynb';
import { type MergeOptions, type MergeResult, mergeJupyterTexts, mergeNotebooks, type OutputStrategy } from '@nbgit/merge';
import type { OptionsSpec, OptionValues } from '../args.js';
import { defineCommand } from '../command.js';
import { largeFile, textPieces, writeOutput } from '../files.js';
import { collectGarbage, LARGE_INPUT } from '../memory.js';
import { cellSharer, shareStrings, withoutLayout } from '../share-strings.js';

/** Exit code for inputs that cannot be read or are not notebooks, and an output that cannot be written. */
export const EXIT_BAD_INPUT = 3;

/** Options shared by merge and merge-driver. */
export const MERGE_OPTIONS = {
  outputs: {
    type: 'string',
    arg: 'S',
    choices: ['local', 'remote', 'clear'],
    help: `outputs and execution counts changed on both sides: take local's
(the default), remote's, or clear them; with local or remote, a cell
whose merged code is one side's keeps that side's outputs (that code
made them). Never a conflict.`,
  },
  'marker-size': { type: 'string', arg: 'N', help: 'length of the conflict markers (default 7)' },
  diff3: { type: 'boolean', help: 'also show the base lines in conflicts (||||||| base)' },
} as const satisfies OptionsSpec;

/** Merge options from parsed command-line options. */
export function mergeOptionsFrom(options: OptionValues<typeof MERGE_OPTIONS>, markerSize?: string): MergeOptions {
  const out: MergeOptions = {};
  if (options.outputs !== undefined) out.outputs = options.outputs as OutputStrategy;
  const size = markerSize ?? options['marker-size'];
  if (size !== undefined) {
    const n = Number(size);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      throw new NbgitError('EUSAGE', `marker size must be a whole number from 1 to 1000, not ${JSON.stringify(size)}`);
    out.markerSize = n;
  }
  if (options.diff3) out.conflictStyle = 'diff3';
  // the sides come from readSides: fromIpynb checked them (the merge need not walk them again)
  out.checked = true;
  return out;
}

/** The text of one side, and its size in bytes (the bytes live only in this function). */
function readSideText(path: string, cwd: string, name: string): { text: string; size: number } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new NbgitError('EIO', `cannot read the ${name} side: ${why}`, { file: path, cause: e });
  }
  return { text: decodeUtf8(bytes, path), size: bytes.length };
}

/**
 * Reads and parses one side. An empty file is an empty notebook when `emptyOk` (git gives
 * an empty base when both sides added the file). `written`: the result is written in this
 * side's layout (fromIpynb's `record`: its record is made as it is read, not by a second
 * parse of its text when the result is written).
 */
export function readSide(path: string, cwd: string, name: string, emptyOk: boolean, written = false): { notebook: Notebook; size: number } {
  // decoded, and the bytes collected, before it is parsed: a large notebook is not held twice while it is
  const { text, size } = readSideText(path, cwd, name);
  collectGarbage(size);
  return { notebook: parseSide(text, path, emptyOk, written), size };
}

function parseSide(text: string, path: string, emptyOk: boolean, written = false): Notebook {
  if (emptyOk && text.length === 0) return { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 0 };
  return fromIpynb(text, { file: path, record: written });
}

/** True for an nbformat 4 notebook as read (not upgraded from nbformat 3): a copy without its layout merges the same. */
function plainV4(nb: Notebook): boolean {
  return nb.nbformat === 4 && upgradedFrom(nb) === undefined;
}

/**
 * {@link readSide}, then, when `lean` says so, the notebook without its file layout (its
 * text goes). The notebook as read is let go of when this returns: the caller collects it then.
 */
function readLean(path: string, cwd: string, name: string, emptyOk: boolean, lean: (nb: Notebook, size: number) => boolean, written = false) {
  const side = readSide(path, cwd, name, emptyOk, written);
  if (lean(side.notebook, side.size)) side.notebook = withoutLayout(side.notebook);
  return side;
}

/**
 * {@link readSide} of a side held without its file layout and with `like`'s strings where
 * equal (an nbformat 4 notebook; other versions are kept as read). A file in Jupyter's layout
 * is read in pieces and cell by cell, each cell given `like`'s strings as it is read: the side
 * then costs what differs, never its bytes, its text or a second copy of the notebook (any
 * other file, or one that cannot be read so, is read again as readSide reads it).
 */
function readShared(path: string, cwd: string, name: string, emptyOk: boolean, like: Notebook): { notebook: Notebook; size: number } {
  const lean = readJupyterLayout(textPieces(resolve(cwd, path)), cellSharer(like));
  if (lean !== undefined) return { notebook: lean, size: 0 };
  const { text, size } = readSideText(path, cwd, name);
  collectGarbage(size);
  const notebook = parseSide(text, path, emptyOk);
  return { notebook: plainV4(notebook) ? shareStrings(withoutLayout(notebook), like) : notebook, size };
}

/**
 * Reads the three sides of a merge, in this order (the first bad one is the error). The base
 * is held without its file layout (a merge never writes it: when local or remote did not
 * change, the result is the other one), and its strings equal to local's at the same place
 * (cells matched by id, else by position) become local's: a large base costs little once read.
 * The remote side likewise, unless the result may be it as it is (local equals base): the
 * result is written in local's layout, and only local keeps its text (a large local in
 * Jupyter's layout not even that: the result is then written the same without it). What a
 * side let go of is collected at once (see collectGarbage). `size`: the largest side's, in bytes.
 */
export function readSides(paths: { base: string; local: string; remote: string }, cwd: string, emptyOk: { base: boolean; local: boolean; remote: boolean }) {
  const b = readLean(paths.base, cwd, 'base', emptyOk.base, () => true);
  collectGarbage(b.size);
  const base = b.notebook;
  // a large local in Jupyter's layout is written the same without its layout: its text goes too
  const l = readLean(paths.local, cwd, 'local', emptyOk.local, (nb, size) => size >= LARGE_INPUT && plainV4(nb) && inJupyterLayout(nb), true);
  collectGarbage(l.size);
  const local = l.notebook;
  shareStrings(base, local);
  collectGarbage(b.size);
  const r =
    plainV4(local) && plainV4(base) && !jsonEqual(base, local)
      ? readShared(paths.remote, cwd, 'remote', emptyOk.remote, local)
      : readSide(paths.remote, cwd, 'remote', emptyOk.remote);
  collectGarbage(r.size);
  return { base, local, remote: r.notebook, size: Math.max(b.size, l.size, r.size) };
}

/**
 * The merge of three files read in pieces, cell by cell, when they are notebooks in Jupyter's
 * layout and no cell changed on both sides (@nbgit/merge's mergeJupyterTexts: what
 * mergeNotebooks writes, without any side held whole); `undefined` otherwise, or when a file
 * cannot be read (the general path says which and why).
 */
export function mergeTexts(paths: { base: string; local: string; remote: string }, cwd: string): Iterable<string> | undefined {
  const abs = [paths.base, paths.local, paths.remote].map((p) => resolve(cwd, p));
  const read = (path: string) => () => textPieces(path);
  try {
    // (V8 set up for a large input: what a cell's read makes is garbage at once)
    for (const p of abs) largeFile(p, cwd);
    return mergeJupyterTexts({ base: read(abs[0]!), local: read(abs[1]!), remote: read(abs[2]!) });
  } catch {
    return undefined;
  }
}

/** Parts joined into strings of about 1 MB (one write each to a stream, not one per cell). */
function* batched(parts: Iterable<string>): Generator<string> {
  let held: string[] = [];
  let size = 0;
  for (const part of parts) {
    held.push(part);
    size += part.length;
    if (size >= 1 << 20) {
      yield held.join('');
      held = [];
      size = 0;
    }
  }
  if (held.length > 0) yield held.join('');
}

/** One line per conflict, for stderr: `PREFIX FILE: conflict in cell 4 (id x): ...`. */
export function describeConflicts(result: MergeResult, prefix: string, file: string): string {
  return result.conflicts
    .map((c) => {
      const where = c.cell === undefined ? 'notebook metadata' : `cell ${c.cell}${c.id ? ` (id ${c.id})` : ''}`;
      return `${prefix}${file}: conflict in ${where}: ${c.message}\n`;
    })
    .join('');
}

export const command = defineCommand(
  {
    summary: 'three-way merge of notebooks, cell by cell',
    usage: 'nbgit merge BASE LOCAL REMOTE [-o OUT] [--outputs=local|remote|clear] [--marker-size N] [--diff3]',
    description: `Merges the changes LOCAL and REMOTE made to BASE (their common ancestor), cell by cell:
insertions, deletions and moves from both sides; cells changed on both sides merge field by
field (source line by line, metadata key by key, tags as sets). True conflicts go inside the
affected cell as <<<<<<< local / ======= / >>>>>>> remote lines, and the cell is flagged in
metadata.nbgit.conflicts; the result is always a valid notebook. An empty BASE file (such
as /dev/null) means "no common ancestor": both sides added the notebook. Writes the result to OUT (atomically), or to stdout; conflicts are
listed on stderr.`,
    options: { output: { type: 'string', short: 'o', arg: 'OUT', help: 'write the merged notebook here (may be LOCAL) instead of stdout' }, ...MERGE_OPTIONS },
    footer: `Exit status: 0 clean, 1 conflicts, 2 bad usage, 3 an input is unreadable or not a notebook,
or OUT cannot be written (it is then left as it was).`,
  },
  async ({ positionals, options }, io) => {
    if (positionals.length !== 3) throw new NbgitError('EUSAGE', `expected BASE LOCAL REMOTE, got ${positionals.length} arguments (see nbgit merge --help)`);
    const mergeOptions = mergeOptionsFrom(options);
    const [basePath, localPath, remotePath] = positionals as [string, string, string];
    const paths = { base: basePath, local: localPath, remote: remotePath };
    let result: MergeResult | undefined;
    // in parts: a large notebook's text is never one string (nor held as bytes)
    let text = mergeTexts(paths, io.cwd);
    if (text === undefined) {
      try {
        const { size, ...sides } = readSides(paths, io.cwd, { base: true, local: false, remote: false });
        result = mergeNotebooks(sides, mergeOptions);
        // what the merge made and let go of goes before the result is written
        collectGarbage(size);
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        io.stderr.write(`nbgit merge: ${e.message}\n`);
        return EXIT_BAD_INPUT;
      }
      text = toIpynbParts(result.notebook);
    }
    const out = options.output;
    try {
      if (out === undefined || out === '-') for (const part of batched(text)) io.stdout.write(part);
      else writeOutput(out, text, io);
    } catch (e) {
      if (!isNbgitError(e)) throw e;
      io.stderr.write(`nbgit merge: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (result === undefined) return 0;
    io.stderr.write(describeConflicts(result, 'nbgit merge: ', localPath));
    return result.conflicts.length > 0 ? 1 : 0;
  },
);
