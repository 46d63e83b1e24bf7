/**
 * `nbgit convert`: notebooks to and from text (percent and light scripts, jupytext markdown,
 * MyST, Quarto, Databricks source).
 *
 * Input formats are told by @nbgit/formats' detector: the extension (`.ipynb`, `.md`, a script
 * extension, in any case), else the content (stdin, `x.txt`). Script extensions for output follow the notebook's `language_info`/`kernelspec`, as
 * jupytext's `auto` does. Each file is converted on its own: a failing file is reported with
 * its location and left alone, the others are written (atomically, and only when they change).
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { copyNumberLexemes, isJsonObject, isNbgitError, NbgitError, type Notebook } from '@nbgit/core';
import {
  checkHeaderFormat,
  detectFormat,
  type FormatSpec,
  findFormatOfPath,
  parseFormatName,
  readText,
  scriptExtensionOfText,
  writeText,
} from '@nbgit/formats';
import { SyncState } from '@nbgit/git';
import { decodeUtf8, fromIpynb, inReadVersion, toIpynb, withLayoutOf } from '@nbgit/ipynb';
import { planSync, type SyncPlan, updateNotebook } from '@nbgit/sync';
import { scriptExtension, scriptLanguage } from '@nbgit/text';
import type { OptionsSpec } from '../args.js';
import { defineCommand } from '../command.js';
import { ensureDirectory, readInput, writeOutput } from '../files.js';
import type { CliIO } from '../io.js';

/** A format's name in @nbgit/formats' table: `ipynb`, `percent`, `light`, `markdown`, `myst`, `quarto`, `databricks`. */
type Format = string;

const OPTIONS = {
  to: {
    type: 'string',
    arg: 'FORMAT',
    help: `ipynb, percent (alias: py, script), light, md (alias:
markdown), myst, qmd (alias: quarto) or databricks; jupytext's
EXT:FORMAT works too: py:percent, R:light (sets the extension),
auto:percent, md:markdown, md:myst`,
  },
  from: { type: 'string', arg: 'FORMAT', help: 'input format, when the extension or content does not say it' },
  output: { type: 'string', short: 'o', arg: 'PATH', help: 'output file (one input only; - for stdout)' },
  'output-dir': { type: 'string', arg: 'DIR', help: 'write outputs into DIR (same base names)' },
  ext: {
    type: 'string',
    arg: 'EXT',
    help: `script extension for --to percent/light (default: from the notebook's
language_info/kernelspec, else .py)`,
  },
  update: {
    type: 'boolean',
    help: `--to ipynb: keep the outputs, ids and metadata of the existing
notebook for the cells that did not change`,
  },
  lossless: { type: 'boolean', help: 'keep what jupytext drops (language_info, ExecuteTime, ids...)' },
  check: { type: 'boolean', help: 'write nothing; exit 1 when an output is missing or out of date' },
  force: {
    type: 'boolean',
    help: `replace an existing script or markdown file that is not a text
notebook (without it, such a file is left alone and reported)`,
  },
  quiet: { type: 'boolean', short: 'q', help: 'no notes or progress on stderr (errors are still reported)' },
} as const satisfies OptionsSpec;

/**
 * A format given to --to/--from, as @nbgit/formats reads names (`ipynb`, `percent`, `md`,
 * jupytext's `py:percent`, `R:percent`, `auto:percent`, `md:markdown`); an unknown one is a
 * usage error.
 */
function parseFormat(value: string, option: string): FormatSpec {
  try {
    return parseFormatName(value);
  } catch (e) {
    if (isNbgitError(e) && e.code === 'EFORMAT') throw new NbgitError('EUSAGE', `${option}: ${e.reason}`);
    throw e;
  }
}

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

/**
 * A CRLF script paired with a notebook whose record says nothing of CRLF was checked out
 * that way (core.autocrlf): its line ending is the checkout's, not the notebook's, so the
 * update does not record it (convert keeps an existing file's CRLF when it writes it).
 */
function dropNewEol(fresh: Notebook, previous: Notebook): void {
  const record = (nb: Notebook) => {
    const n = nb.metadata.nbgit;
    const p = isJsonObject(n ?? null) ? (n as Record<string, unknown>).percent : undefined;
    return isJsonObject((p ?? null) as never) ? (p as Record<string, unknown>) : undefined;
  };
  const incoming = record(fresh);
  if (incoming?.eol === undefined || record(previous)?.eol !== undefined) return;
  const { eol: _, ...rest } = incoming;
  copyNumberLexemes(incoming, rest);
  const nbgit = { ...(fresh.metadata.nbgit as Record<string, unknown>) };
  copyNumberLexemes(fresh.metadata.nbgit as object, nbgit);
  if (Object.keys(rest).length) nbgit.percent = rest;
  else delete nbgit.percent;
  if (Object.keys(nbgit).length) fresh.metadata.nbgit = nbgit as typeof fresh.metadata.nbgit;
  else delete fresh.metadata.nbgit;
}

function withoutTextRepresentation(nb: Notebook): Notebook {
  const j = nb.metadata.jupytext;
  if (!isJsonObject(j ?? null) || !('text_representation' in (j as object))) return nb;
  const copy = { ...(j as Record<string, unknown>) };
  copyNumberLexemes(j as object, copy);
  delete copy.text_representation;
  const metadata = { ...nb.metadata };
  copyNumberLexemes(nb.metadata, metadata);
  if (Object.keys(copy).length) metadata.jupytext = copy as typeof metadata.jupytext;
  else delete metadata.jupytext;
  return { ...nb, metadata };
}

/** `nb` with the spelling records of `text` (a file in format `to`), when it reads as one. */
function spellingFrom(nb: Notebook, text: string, to: Format, extension: string | undefined, file: string): Notebook {
  let previous: Notebook;
  try {
    previous = readText(text, { name: to }, { file, extension });
  } catch {
    return nb; // not a text notebook: the hand-written-file check speaks for it
  }
  const record = isJsonObject(previous.metadata.nbgit ?? null) ? (previous.metadata.nbgit as Record<string, unknown>).percent : undefined;
  const pj = previous.metadata.jupytext;
  const representation = isJsonObject(pj ?? null) ? (pj as Record<string, unknown>).text_representation : undefined;
  if (record === undefined && representation === undefined) return nb;
  const metadata = { ...nb.metadata };
  copyNumberLexemes(nb.metadata, metadata);
  if (record !== undefined)
    metadata.nbgit = { ...(isJsonObject(metadata.nbgit ?? null) ? (metadata.nbgit as object) : {}), percent: record } as typeof metadata.nbgit;
  if (representation !== undefined)
    metadata.jupytext = {
      ...(isJsonObject(metadata.jupytext ?? null) ? (metadata.jupytext as object) : {}),
      text_representation: representation,
    } as typeof metadata.jupytext;
  return { ...nb, metadata };
}

/** `nb` without `metadata.nbgit.percent` (how a percent script was spelled), and `nbgit` when nothing else is left in it. */
function withoutSpellingRecord(nb: Notebook): Notebook {
  const nbgit = nb.metadata.nbgit;
  if (!isJsonObject(nbgit ?? null) || !('percent' in (nbgit as object))) return nb;
  const rest = { ...(nbgit as Record<string, unknown>) };
  delete rest.percent;
  const metadata = { ...nb.metadata };
  copyNumberLexemes(nb.metadata, metadata);
  if (Object.keys(rest).length) metadata.nbgit = rest as typeof metadata.nbgit;
  else delete metadata.nbgit;
  return { ...nb, metadata };
}

export const command = defineCommand(
  {
    summary: 'convert notebooks to and from text (scripts, markdown, MyST, Quarto, Databricks)',
    usage: 'nbgit convert INPUT... --to ipynb|percent|light|md|myst|qmd|databricks [options]',
    description: `Converts notebooks to and from text: percent scripts (# %% cells, what jupytext,
VS Code, Spyder and PyCharm read), light scripts, jupytext markdown, MyST markdown,
Quarto documents and Databricks source files. Use - for stdin/stdout.`,
    options: OPTIONS,
    footer: `Output paths default to the input path with the new extension (x.ipynb -> x.py).
Exit codes: 0 ok, 1 a file failed (or is out of date with --check), 2 usage.`,
    // `--update x.ipynb` (the notebook to update) reads like `--update -o x.ipynb`
    rewrite(argv) {
      const args = [...argv];
      const u = args.indexOf('--update');
      if (u >= 0 && args[u + 1]?.endsWith('.ipynb') && !args.includes('-o') && !args.includes('--output')) args.splice(u + 1, 0, '-o');
      return args;
    },
  },
  async ({ positionals, options }, io) => {
    if (typeof options.to !== 'string') throw new NbgitError('EUSAGE', '--to is required (ipynb, percent, light, md, myst, qmd or databricks)');
    const { name: to, extension: toExt } = parseFormat(options.to, '--to');
    const fromFormat = typeof options.from === 'string' ? parseFormat(options.from, '--from') : undefined;
    const from = fromFormat?.name;
    if (positionals.length === 0) throw new NbgitError('EUSAGE', 'no input (give files, or - for stdin)');
    const output = options.output;
    const outDir = options['output-dir'];
    if (output !== undefined && positionals.length > 1) throw new NbgitError('EUSAGE', '-o/--output takes one input; use --output-dir for several');
    if (output !== undefined && outDir !== undefined) throw new NbgitError('EUSAGE', '-o and --output-dir cannot be used together');
    if (options.update && to !== 'ipynb') throw new NbgitError('EUSAGE', '--update applies to --to ipynb');
    let ext = options.ext;
    if (ext !== undefined && toExt !== undefined && ext.replace(/^\./, '') !== toExt.slice(1)) {
      throw new NbgitError('EUSAGE', `--ext ${ext} and --to ${options.to} name two extensions`);
    }
    ext ??= toExt;
    if (ext !== undefined) {
      if (!ext.startsWith('.')) ext = `.${ext}`;
      if (!scriptLanguage(ext)) throw new NbgitError('EUSAGE', `--ext: no script language is known for ${JSON.stringify(ext)}`);
    }
    const lossless = options.lossless === true;
    const check = options.check === true;

    if (outDir !== undefined && !check) {
      try {
        ensureDirectory(outDir, io);
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        io.stderr.write(`nbgit convert: ${e.message}\n`);
        return 1;
      }
    }

    const quiet = options.quiet === true;
    const progress = positionals.length > 1 && io.stderr.isTTY === true && !check && !quiet;
    let failed = 0;
    let stale = 0;
    let done = 0;
    const outputs = new Map<string, string>();
    for (const input of positionals) {
      done++;
      if (progress) io.stderr.write(`\r\x1b[2K[${done}/${positionals.length}] ${input}`);
      try {
        const r = await convertOne(
          input,
          {
            to,
            from,
            fromExt: fromFormat?.extension,
            output,
            outDir,
            ext,
            update: options.update === true,
            lossless,
            check,
            force: options.force === true,
            quiet,
            outputs,
          },
          io,
        );
        if (r === 'stale') stale++;
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        failed++;
        if (progress) io.stderr.write('\r\x1b[2K');
        const err = e.file ? e : e.withFile(input === '-' ? '<stdin>' : input);
        io.stderr.write(`nbgit convert: ${err.message}\n`);
      }
    }
    if (progress) io.stderr.write(`\r\x1b[2K${done - failed} converted${failed ? `, ${failed} failed` : ''}\n`);
    return failed || stale ? 1 : 0;
  },
);

interface Settings {
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

async function convertOne(input: string, s: Settings, io: CliIO): Promise<'ok' | 'stale'> {
  const bytes = await readInput(input, io);
  const name = input === '-' ? '<stdin>' : input;
  const path = input === '-' ? undefined : input;
  const from = s.from ?? detectFormat({ path, text: () => bytes.toString('utf8') }).name;
  // a byte order mark is part of a percent script's spelling (fromPercent records it); text
  // that is not UTF-8 is refused with its place (decoding it would replace bytes with U+FFFD)
  const text = from === 'ipynb' ? '' : from === 'percent' || from === 'markdown' ? decodeUtf8(bytes, name) : decodeUtf8(bytes, name).replace(/^\uFEFF/, '');
  const script = (f: Format) => f === 'percent' || f === 'light';

  // read
  if (s.from === undefined && from !== 'ipynb') checkHeaderFormat(text, { name: from }, name);
  const extension = script(from)
    ? (s.ext ?? s.fromExt ?? (path === undefined ? undefined : findFormatOfPath(path))?.extension ?? scriptExtensionOfText(text))
    : undefined;
  const nb = readText(from === 'ipynb' ? bytes : text, { name: from }, { file: name, extension });

  // where to
  let outPath: string | undefined;
  let outExt = s.ext;
  if (s.output !== undefined) outPath = s.output === '-' ? undefined : s.output;
  else if (input === '-') outPath = undefined;
  else {
    let newExt: string;
    if (s.to === 'ipynb') newExt = '.ipynb';
    else if (s.to === 'markdown' || s.to === 'myst') newExt = '.md';
    else if (s.to === 'quarto') newExt = '.qmd';
    else if (s.to === 'databricks') newExt = scriptExtension(nb.metadata) === '.scala' ? '.scala' : '.py';
    else newExt = s.ext ?? (script(from) ? extname(input) : undefined) ?? scriptExtension(nb.metadata) ?? '.py';
    const stem = basename(input, extname(input));
    outPath = join(s.outDir ?? dirname(input), stem + newExt);
    if (s.to === from && resolve(io.cwd, outPath) === resolve(io.cwd, input) && !s.check) {
      throw new NbgitError('EUSAGE', `the output would overwrite the input (${outPath}); use -o or --output-dir`);
    }
  }
  if (outPath !== undefined && s.outDir !== undefined && s.output === undefined && input === '-') outPath = join(s.outDir, 'stdin');
  if (script(s.to) && outExt === undefined && outPath !== undefined && scriptLanguage(extname(outPath))) outExt = extname(outPath);

  // write
  let out: string;
  if (s.to === 'ipynb') {
    // the records of how the text was spelled belong to the text, never to the notebook
    const fresh = withoutSpellingRecord(withoutTextRepresentation(nb));
    const target = outPath === undefined ? undefined : resolve(io.cwd, outPath);
    if (s.update && target !== undefined && existsSync(target)) {
      const previous = fromIpynb(readFileSync(target), { file: outPath });
      if (from === 'percent') dropNewEol(fresh, previous);
      const updated = withLayoutOf(updateNotebook(previous, fresh, from === 'percent' ? { spellingKey: 'percent' } : {}), previous);
      // the notebook keeps its version (nbformat 3 stays 3; updateNotebook gives 4.0-4.4 no ids)
      out = toIpynb(inReadVersion(updated, previous));
    } else out = toIpynb(fresh);
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
  if (current !== undefined && !out.includes('\r') && current.includes('\r\n') && current.indexOf('\n') === current.indexOf('\r\n') + 1)
    out = out.replaceAll('\n', '\r\n');
  if (s.check) {
    if (current === out) return 'ok';
    io.stdout.write(`${current === undefined ? 'missing' : 'out of date'}: ${outPath}\n`);
    return 'stale';
  }
  if (current !== undefined && s.to !== 'ipynb' && !s.force && s.output === undefined && current !== out && !looksLikeTextNotebook(current, s.to)) {
    throw new NbgitError(
      'EIO',
      `${outPath} exists and is not a ${MARKUP.includes(s.to) ? 'markdown notebook (no jupyter: header, code fence or region)' : 'notebook script (no jupyter: header or cell marker)'}; nothing written (--force replaces it, -o writes elsewhere)`,
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
 * Whether an existing output file is a text notebook that a conversion may replace: a
 * jupytext header, or for scripts a `%%` cell marker line, for markdown a code fence or
 * region. A hand-written module or README has none of these and is not replaced silently.
 */
function looksLikeTextNotebook(text: string, to: Format): boolean {
  if (/^\W{0,3}\s*jupyter:\s*$/m.test(text)) return true;
  if (MARKUP.includes(to)) return /^(```|~~~)|^<!-- #(region|raw|md|markdown)\b|^\+\+\+/m.test(text);
  if (/^\S{1,3} Databricks notebook source\r?$/m.test(text.split('\n', 1)[0]!)) return true;
  return /^\s*\S{1,3}\s?%%/m.test(text) || /^\S{1,3} \+( |$)/m.test(text) || text.trim() === '';
}

/** Formats written as markdown documents. */
const MARKUP: readonly Format[] = ['markdown', 'myst', 'quarto'];

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
  const synced = state.synced(target);
  if (synced === undefined || synced === current) return;
  const codec = { readText: (t: string) => readText(t, spec, { file: outPath }), writeText: (n: Notebook) => writeText(n, spec, {}) };
  let plan: SyncPlan;
  try {
    plan = planSync({ notebook: nb, text: current, synced }, codec);
  } catch {
    return; // the existing text does not read: the hand-written-file check has the say
  }
  if (plan.action !== 'text-to-notebook' && plan.action !== 'merge') return;
  const cells = plan.differingCells.length > 0 ? ` (cell${plan.differingCells.length > 1 ? 's' : ''} ${plan.differingCells.join(', ')})` : '';
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
