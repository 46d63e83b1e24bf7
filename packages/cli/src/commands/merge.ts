/**
 * `nbgit merge BASE LOCAL REMOTE [-o OUT]`: three-way cell-aware merge of notebooks.
 * Exit 0 clean, 1 with conflicts (marked inside the cells), 2 bad usage, 3 an input that
 * cannot be read or is not a notebook, or an output that cannot be written.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isNbgitError, NbgitError, type Notebook } from '@nbgit/core';
import { decodeUtf8, fromIpynb, toIpynb } from '@nbgit/ipynb';
import { type MergeOptions, type MergeResult, mergeNotebooks, type OutputStrategy } from '@nbgit/merge';
import type { OptionsSpec, OptionValues } from '../args.js';
import { defineCommand } from '../command.js';
import { writeOutput } from '../files.js';
import { shareStrings, withoutLayout } from '../share-strings.js';

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

/**
 * Reads and parses one side. An empty file is an empty notebook when `emptyOk` (git gives
 * an empty base when both sides added the file).
 */
export function readSide(path: string, cwd: string, name: string, emptyOk: boolean): { notebook: Notebook } {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new NbgitError('EIO', `cannot read the ${name} side: ${why}`, { file: path, cause: e });
  }
  // decoded, and the bytes dropped, before it is parsed: a large notebook is not held twice while it is
  const text = decodeUtf8(bytes, path);
  bytes = undefined;
  if (emptyOk && text.length === 0) return { notebook: { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 0 } };
  return { notebook: fromIpynb(text, { file: path }) };
}

/**
 * Reads the three sides of a merge, in this order (the first bad one is the error). The base
 * is held without its file layout (a merge never writes it: when local or remote did not
 * change, the result is the other one), and its strings equal to local's at the same place
 * (cells matched by id, else by position) become local's: a large base costs little once read.
 */
export function readSides(paths: { base: string; local: string; remote: string }, cwd: string, emptyOk: { base: boolean; local: boolean; remote: boolean }) {
  let base = withoutLayout(readSide(paths.base, cwd, 'base', emptyOk.base).notebook);
  const local = readSide(paths.local, cwd, 'local', emptyOk.local).notebook;
  base = shareStrings(base, local);
  // (the remote side keeps its layout, whose record holds its strings: nothing to share)
  const remote = readSide(paths.remote, cwd, 'remote', emptyOk.remote).notebook;
  return { base, local, remote };
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
    let result: MergeResult;
    try {
      const sides = readSides({ base: basePath, local: localPath, remote: remotePath }, io.cwd, { base: true, local: false, remote: false });
      result = mergeNotebooks(sides, mergeOptions);
    } catch (e) {
      if (!isNbgitError(e)) throw e;
      io.stderr.write(`nbgit merge: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const text = toIpynb(result.notebook);
    const out = options.output;
    if (out === undefined || out === '-') io.stdout.write(text);
    else {
      try {
        writeOutput(out, text, io);
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        io.stderr.write(`nbgit merge: ${e.message}\n`);
        return EXIT_BAD_INPUT;
      }
    }
    io.stderr.write(describeConflicts(result, 'nbgit merge: ', localPath));
    return result.conflicts.length > 0 ? 1 : 0;
  },
);
