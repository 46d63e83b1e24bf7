/**
 * Converting one file for `nbgit convert`: read it in its format, choose the output path,
 * write the converted text (atomically, only when it changes), or with `--check` say whether
 * it is up to date. An existing output is protected: a hand-written file that is no text
 * notebook, and a paired text with edits the notebook does not have, are not replaced.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { NbgitError, type Notebook } from '@nbgit/core';
import {
  type FormatSpec,
  isMarkupFormat,
  isScriptFormat,
  looksLikeTextNotebook,
  outputExtension,
  readNotebookBytes,
  readText,
  withLineEndingOf,
  writeText,
} from '@nbgit/formats';
import { SyncState } from '@nbgit/git/pairs';
import { fromIpynb, readJupyterLayout, toIpynb } from '@nbgit/ipynb';
import { unsyncedTextEdits, updateFromText, withoutTextRecords, withTextRecordsOf } from '@nbgit/sync';
import { scriptLanguage } from '@nbgit/text';
import { largeFile, readFileText, readInput, textPieces, writeOutput } from './files.js';
import type { CliIO } from './io.js';
import { collectGarbage, LARGE_INPUT } from './memory.js';
import { withoutLayout } from './share-strings.js';

/** A format's name in @nbgit/formats' table: `ipynb`, `percent`, `light`, `markdown`, `myst`, `quarto`, `databricks`. */
type Format = string;

/** True when `text` is a notebook with an output or an execution count (a broken file: false). */
function hasOutputs(text: string): boolean {
  try {
    return fromIpynb(text).cells.some((c) => c.cell_type === 'code' && (c.outputs.length > 0 || c.execution_count != null));
  } catch {
    return false;
  }
}

/** True for an existing regular file (not a FIFO or device: those are written, never read). */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `nb` with the spelling records of `text` (a file in format `to`), when it reads as one. */
function spellingFrom(nb: Notebook, text: string, to: Format, extension: string | undefined, file: string): Notebook {
  let previous: Notebook;
  try {
    previous = readText(text, { name: to }, { file, extension });
  } catch {
    return nb; // not a text notebook: the hand-written-file check speaks for it
  }
  return withTextRecordsOf(nb, previous);
}

/** What `nbgit convert` was asked to do, for each file. */
export interface Settings {
  to: Format;
  from: Format | undefined;
  /** The script extension of --from EXT:percent, when given. */
  fromExt: string | undefined;
  output: string | undefined;
  outDir: string | undefined;
  ext: string | undefined;
  update: boolean;
  lossless: boolean;
  check: boolean;
  /** Replace a script or markdown file that is not a text notebook. */
  force: boolean;
  /** No notes on stderr (errors are still reported). */
  quiet: boolean;
  /** Outputs of this run so far (absolute path -> input), so two inputs never write one file. */
  outputs: Map<string, string>;
}

/**
 * A large .ipynb file in Jupyter's layout to be written as text, read cell by cell as it is read
 * in pieces: without its bytes, its text or its file layout (a notebook written as text keeps
 * nothing of the .ipynb file). `undefined` for any other input.
 */
function leanIpynb(input: string, s: Settings, io: CliIO): { notebook: Notebook; format: Format } | undefined {
  if (input === '-' || s.to === 'ipynb' || (s.from !== undefined && s.from !== 'ipynb') || !/\.ipynb$/i.test(input) || !largeFile(input, io.cwd))
    return undefined;
  const notebook = readJupyterLayout(textPieces(resolve(io.cwd, input)));
  return notebook === undefined ? undefined : { notebook, format: 'ipynb' };
}

/** Reads and parses an input (stdin for `-`) in its format. */
async function readInputNotebook(input: string, name: string, s: Settings, io: CliIO): Promise<{ notebook: Notebook; format: Format }> {
  // a file is read as text (decoded without an await between): its bytes are not held while it is parsed
  let bytes: Uint8Array | string | undefined = input === '-' ? await readInput(input, io) : await readFileText(input, io);
  const size = bytes.length;
  const path = input === '-' ? undefined : input;
  const read = readNotebookBytes(bytes, { path, file: name, from: s.from, extension: s.ext, fromExtension: s.fromExt });
  bytes = undefined;
  if (read.format === 'ipynb' && s.to !== 'ipynb' && size >= LARGE_INPUT) {
    // a notebook written as text keeps nothing of the .ipynb file: a large one's text and
    // record of its values (kept with the notebook for a byte-exact write) go before the writing
    read.notebook = withoutLayout(read.notebook);
    collectGarbage(size);
  }
  return { notebook: read.notebook, format: read.format };
}

/** Converts one input; `'stale'` when `--check` finds its output missing or out of date. Throws located errors. */
export async function convertOne(input: string, s: Settings, io: CliIO): Promise<'ok' | 'stale'> {
  const name = input === '-' ? '<stdin>' : input;
  const { notebook: nb, format: from } = leanIpynb(input, s, io) ?? (await readInputNotebook(input, name, s, io));
  // where to
  let outPath: string | undefined;
  let outExt = s.ext;
  if (s.output !== undefined) outPath = s.output === '-' ? undefined : s.output;
  else if (input === '-') outPath = undefined;
  else {
    const newExt = outputExtension(s.to, nb, { extension: s.ext, inputPath: input, from });
    const stem = basename(input, extname(input));
    outPath = join(s.outDir ?? dirname(input), stem + newExt);
    if (s.to === from && resolve(io.cwd, outPath) === resolve(io.cwd, input) && !s.check) {
      throw new NbgitError('EUSAGE', `the output would overwrite the input (${outPath}); use -o or --output-dir`);
    }
  }
  if (outPath !== undefined && s.outDir !== undefined && s.output === undefined && input === '-') outPath = join(s.outDir, 'stdin');
  if (isScriptFormat(s.to) && outExt === undefined && outPath !== undefined && scriptLanguage(extname(outPath))) outExt = extname(outPath);

  // write
  let out: string;
  if (s.to === 'ipynb') {
    // the records of how the text was spelled belong to the text, never to the notebook
    const fresh = withoutTextRecords(nb);
    const target = outPath === undefined ? undefined : resolve(io.cwd, outPath);
    if (s.update && target !== undefined && existsSync(target)) out = toIpynb(updateFromText(fromIpynb(readFileSync(target), { file: outPath }), fresh, from));
    else out = toIpynb(fresh);
  } else {
    // how an existing text file is spelled (CRLF, `#%%` markers, a jupytext version header) is the
    // text's own: it is taken from that file, never kept in the notebook
    const existing = outPath === undefined ? undefined : resolve(io.cwd, outPath);
    const spelled = existing !== undefined && isRegularFile(existing) ? spellingFrom(nb, readFileSync(existing, 'utf8'), s.to, outExt, outPath!) : nb;
    out = writeText(spelled, { name: s.to }, { extension: outExt, lossless: s.lossless });
  }

  if (outPath === undefined) {
    if (s.check) return 'ok';
    io.stdout.write(out);
    return 'ok';
  }
  const target = resolve(io.cwd, outPath);
  const earlier = s.outputs.get(target);
  if (earlier !== undefined) throw new NbgitError('EIO', `its output ${outPath} is also the output of ${earlier}; nothing written for it`, { file: name });
  s.outputs.set(target, name);
  const current = isRegularFile(target) ? readFileSync(target, 'utf8') : undefined;
  // a file checked out with CRLF (core.autocrlf) keeps its line ending, as fmt keeps it
  out = withLineEndingOf(out, current);
  if (s.check) {
    if (current === out) return 'ok';
    io.stdout.write(`${current === undefined ? 'missing' : 'out of date'}: ${outPath}\n`);
    return 'stale';
  }
  if (current !== undefined && s.to !== 'ipynb' && !s.force && s.output === undefined && current !== out && !looksLikeTextNotebook(current, s.to)) {
    throw new NbgitError(
      'EIO',
      `${outPath} exists and is not a ${isMarkupFormat(s.to) ? 'markdown notebook (no jupyter: header, code fence or region)' : 'notebook script (no jupyter: header or cell marker)'}; nothing written (--force replaces it, -o writes elsewhere)`,
      { file: name },
    );
  }
  if (current !== undefined && s.to !== 'ipynb' && !s.force && current !== out)
    refuseTextEdits(nb, current, target, outPath, { name: s.to, extension: outExt });
  const losesOutputs = s.to === 'ipynb' && !s.update && current !== undefined && current !== out && hasOutputs(current);
  writeOutput(outPath, out, io);
  if (s.to !== 'ipynb') recordSynced(target, out);
  // as jupytext says it: a notebook replaced from text loses what text does not carry
  if (losesOutputs && !s.quiet) io.stderr.write(`nbgit convert: ${outPath} replaced: its outputs and cell ids are not kept (--update keeps them)\n`);
  return 'ok';
}

/**
 * Refuses to replace a text file that holds edits the notebook does not have: the text changed
 * since it was last synced (nbgit's record, else the committed version) in cells the notebook
 * does not match. Names the cells and points to nbgit sync.
 */
function refuseTextEdits(nb: Notebook, current: string, target: string, outPath: string, spec: FormatSpec): void {
  let state: SyncState;
  try {
    state = stateOf(target);
  } catch {
    return; // no state to compare with: nothing to protect beyond the hand-written-file check
  }
  const codec = { readText: (t: string) => readText(t, spec, { file: outPath }), writeText: (n: Notebook) => writeText(n, spec, {}) };
  const differing = unsyncedTextEdits({ notebook: nb, text: current, synced: state.synced(target) }, codec);
  if (differing === undefined) return;
  const cells = differing.length > 0 ? ` (cell${differing.length > 1 ? 's' : ''} ${differing.join(', ')})` : '';
  throw new NbgitError(
    'EIO',
    `${outPath} has edits the notebook does not have${cells}; nothing written: take them into the notebook with nbgit sync ${outPath} (paired notebooks) or nbgit convert ${outPath} --to ipynb --update, or replace them with --force`,
  );
}

const states = new Map<string, SyncState>();

/** The sync record for files in the folder of `target` (one per folder and run: each costs two git calls). */
function stateOf(target: string): SyncState {
  const dir = dirname(target);
  let state = states.get(dir);
  if (!state) {
    state = new SyncState(dir);
    states.set(dir, state);
  }
  return state;
}

/** Remembers what convert wrote as the synced state of a paired text file (see nbgit sync). */
function recordSynced(target: string, text: string): void {
  try {
    const state = stateOf(target);
    state.record(target, text);
    state.save();
  } catch {
    // the record is a convenience for sync; a read-only git dir must not fail the conversion
  }
}
