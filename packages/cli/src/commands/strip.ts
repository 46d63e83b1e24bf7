/** `nbgit strip [FILE...] [--check] [--dry-run]`: strip outputs from notebooks, for CI and pre-commit. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isNbgitError, NbgitError } from '@nbgit/core';
import { conflictMarkerWarning, conflictMarkerWarnings, readStripOptions } from '@nbgit/git';
import { fromIpynb, toIpynb, toIpynbParts } from '@nbgit/ipynb';
import {
  invalidKeys,
  parseSize,
  type StripChange,
  type StripOptions,
  splitList,
  stripJupyterText,
  stripWithReport,
  stripZeppelin,
  type TextStripResult,
} from '@nbgit/strip';
import type { OptionsSpec, OptionValues } from '../args.js';
import { defineCommand } from '../command.js';
import { largeFile, readFileText, textPieces, writeOutput } from '../files.js';
import type { CliIO } from '../io.js';
import { collectGarbage, collectNow, LARGE_INPUT } from '../memory.js';

/** While a large notebook is stripped cell by cell: characters read between collections. */
const GC_EVERY = 4 << 20;

const OPTIONS = {
  check: { type: 'boolean', help: 'change nothing; list notebooks that still have something to\nstrip and what, exit 1 if any (for CI and pre-commit)' },
  verify: { type: 'boolean', help: "nbstripout's name for --check" },
  'dry-run': { type: 'boolean', short: 'n', help: 'change nothing; list what would be stripped, exit 0' },
  textconv: { type: 'boolean', short: 't', help: "write the stripped notebooks to stdout, change no file (nbstripout's -t)" },
  'keep-output': { type: 'boolean', help: 'keep outputs (cells with "keep_output": false still lose theirs)' },
  'keep-count': { type: 'boolean', help: 'keep execution counts' },
  'sequential-ids': { type: 'boolean', help: 'renumber cell ids "0", "1", ... (nbstripout without --keep-id)' },
  'keep-id': { type: 'boolean', help: 'keep cell ids (the default; overrides nbgit.sequentialIds)' },
  'extra-keys': {
    type: 'list',
    arg: 'KEYS',
    help: 'more keys to strip, separated by spaces or commas: metadata.X,\ncell.metadata.X, cell.X (e.g. "metadata.language_info.version cell.metadata.tags")',
  },
  'keep-metadata-keys': { type: 'list', arg: 'KEYS', help: 'keys to keep from the default list (e.g. cell.metadata.collapsed)' },
  'max-size': { type: 'string', arg: 'SIZE', help: 'keep outputs of at most SIZE characters (10k, 2M)' },
  'keep-output-type': {
    type: 'list',
    arg: 'T',
    help: 'keep outputs of type T whatever their size (stream, stream:stderr,\nerror, display_data, execute_result); repeatable',
  },
  'drop-output-type': { type: 'list', arg: 'T', help: 'remove outputs of type T even from kept cells; repeatable' },
  'drop-empty-cells': { type: 'boolean', help: 'remove cells whose source is empty or whitespace' },
  'drop-tagged-cells': { type: 'list', arg: 'TAGS', help: 'remove cells with any of these tags (space-separated)' },
  'strip-init-cells': { type: 'boolean', help: 'strip the outputs of init_cell cells too' },
  zeppelin: { type: 'boolean', help: 'stdin is a Zeppelin note' },
  config: { type: 'boolean', negatable: true, help: 'with --no-config: ignore nbgit.* git config' },
  quiet: { type: 'boolean', short: 'q', help: 'print nothing for stripped files' },
} as const satisfies OptionsSpec;

type StripFlags = OptionValues<typeof OPTIONS>;

/** Metadata keys as given: separated by whitespace (as nbstripout) or commas. */
function splitKeys(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[\s,]+/)).filter((k) => k !== '');
}

/** What --keep-output-type and --drop-output-type match: nbformat 4's output types, streams by name. */
const OUTPUT_TYPES = ['stream', 'stream:stdout', 'stream:stderr', 'display_data', 'execute_result', 'error'];

/** The cell of a change's path (`cells[3]`, `worksheets[0].cells[3]`), or its first key. */
const CELL_OF = /^(?:worksheets\[\d+\]\.)?cells\[\d+\]|^[^.]*/;

/** What strip removed from a notebook, summed up change by change (in notebook order) for {@link describeChanges}. */
class ChangeSummary {
  /** Per kind counted by cell: the cells counted, and the last one (changes come in notebook order). */
  private readonly cells = new Map<StripChange['kind'], { n: number; last: string }>();
  private counts = 0;
  private readonly keys = new Set<string>();

  add(c: StripChange): void {
    if (c.kind === 'execution_count') this.counts++;
    else if (c.kind === 'key') this.keys.add(c.path.replace(/^(?:worksheets\[\d+\]\.)?cells\[\d+\]\./, 'cell.'));
    else {
      const cell = CELL_OF.exec(c.path)![0];
      const seen = this.cells.get(c.kind);
      if (seen === undefined) this.cells.set(c.kind, { n: 1, last: cell });
      else if (seen.last !== cell) [seen.n, seen.last] = [seen.n + 1, cell];
    }
  }

  describe(): string {
    const cells = (kind: StripChange['kind']) => this.cells.get(kind)?.n ?? 0;
    const parts: string[] = [];
    const outputs = cells('outputs');
    if (outputs) parts.push(`outputs in ${outputs} cell${outputs === 1 ? '' : 's'}`);
    const counts = this.counts;
    if (counts) parts.push(`${counts} execution count${counts === 1 ? '' : 's'}`);
    const keys = [...this.keys];
    if (keys.length) parts.push(keys.slice(0, 4).join(', ') + (keys.length > 4 ? ` and ${keys.length - 4} more keys` : ''));
    const dropped = cells('cell');
    if (dropped) parts.push(`${dropped} cell${dropped === 1 ? '' : 's'} dropped`);
    const ids = cells('id');
    if (ids) parts.push(`${ids} id${ids === 1 ? '' : 's'} renumbered`);
    return parts.join(', ');
  }
}

/** A one-line summary of what strip removed: `outputs in 2 cells, 2 execution counts, metadata.widgets`. */
export function describeChanges(changes: StripChange[]): string {
  const summary = new ChangeSummary();
  for (const c of changes) summary.add(c);
  return summary.describe();
}

/**
 * {@link stripJupyterText} on a large notebook: with `to.file`, the new text is written to it
 * (if anything changed): to a regular file as it is made, never held whole; with `to.parts`, its
 * parts are collected (for stdout); else only what changed is found. `undefined` when the
 * notebook must be read whole (nothing was written then).
 */
function stripText(
  source: string | (() => Iterable<string>),
  options: StripOptions,
  io: CliIO,
  to: { file?: string; parts?: boolean },
): { parts?: string[]; result: TextStripResult; summary: ChangeSummary } | undefined {
  const file = to.file;
  // what changed, summed up as found (a list of every change of a large notebook is large too)
  const summary = new ChangeSummary();
  let read = 0;
  const it = stripJupyterText(source, options, {
    onChange: (c) => summary.add(c),
    // the cells read so far (and what was made of them) are garbage by now, in the old generation
    onCell: (done) => {
      if (done - read < GC_EVERY) return;
      collectNow();
      read = done;
    },
  });
  const first = it.next();
  // nothing given: nothing to strip (or the notebook is to be read whole)
  if (first.done) return first.value === undefined ? undefined : { parts: [], result: first.value, summary };
  let result: TextStripResult | undefined;
  let whole = false;
  function* rest(): Generator<string> {
    yield first.value as string;
    for (;;) {
      const next = it.next();
      if (next.done) {
        result = next.value;
        // a cell the stream cannot strip: the file is left as it was (the temp file goes)
        if (result === undefined) {
          whole = true;
          throw new Error('read whole');
        }
        return;
      }
      yield next.value;
    }
  }
  if (file !== undefined && isRegularFile(resolve(io.cwd, file))) {
    try {
      writeOutput(file, rest(), io);
    } catch (e) {
      if (whole) return undefined;
      throw e;
    }
    return { result: result!, summary };
  }
  const parts: string[] = [];
  try {
    for (const p of rest()) if (to.parts || file !== undefined) parts.push(p);
  } catch (e) {
    if (whole) return undefined;
    throw e;
  }
  // a file that is not a regular one (a FIFO, a device) is written through, once all is made
  if (file !== undefined) writeOutput(file, parts, io);
  return { parts, result: result!, summary };
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Strip options: git config `nbgit.*` (unless --no-config), then the command-line flags. */
function optionsFrom(o: StripFlags, cwd: string, env: NodeJS.ProcessEnv, warn: (m: string) => void): StripOptions {
  const options: StripOptions = o.config === false ? {} : readStripOptions(cwd, { env, warn });
  const bool = (flag: keyof StripFlags, key: 'keepOutput' | 'keepCount' | 'sequentialIds' | 'dropEmptyCells' | 'stripInitCells') => {
    if (typeof o[flag] === 'boolean') options[key] = o[flag] as boolean;
  };
  bool('keep-output', 'keepOutput');
  bool('keep-count', 'keepCount');
  bool('sequential-ids', 'sequentialIds');
  // nbstripout's --keep-id: ids as they are (nbgit's default, unless git config says otherwise)
  if (o['keep-id'] === true) options.sequentialIds = false;
  bool('drop-empty-cells', 'dropEmptyCells');
  bool('strip-init-cells', 'stripInitCells');
  const list = (flag: 'keep-output-type' | 'drop-output-type' | 'drop-tagged-cells') => (o[flag] ?? []).flatMap(splitList);
  const extra = splitKeys(o['extra-keys']);
  for (const bad of invalidKeys(extra)) warn(`ignoring invalid extra key \`${bad}\` (keys start with metadata. or cell.)`);
  if (extra.length) options.extraKeys = [...(options.extraKeys ?? []), ...extra];
  const keep = splitKeys(o['keep-metadata-keys']);
  if (keep.length) options.keepMetadataKeys = [...(options.keepMetadataKeys ?? []), ...keep];
  for (const flag of ['keep-output-type', 'drop-output-type'] as const) {
    for (const t of list(flag)) if (!OUTPUT_TYPES.includes(t)) warn(`--${flag} ${t} matches no output (types: ${OUTPUT_TYPES.join(', ')})`);
  }
  if (o['keep-output-type']) options.keepOutputTypes = list('keep-output-type');
  if (o['drop-output-type']) options.dropOutputTypes = list('drop-output-type');
  if (o['drop-tagged-cells']) options.dropTaggedCells = list('drop-tagged-cells');
  if (typeof o['max-size'] === 'string') options.maxSize = parseSize(o['max-size']);
  return options;
}

export const command = defineCommand(
  {
    summary: 'strip outputs and execution counts from notebooks (for CI and pre-commit)',
    usage: 'nbgit strip [FILE...] [--check | --dry-run | --textconv] [options]',
    description: `Removes outputs, execution counts and volatile metadata (nbstripout's defaults: notebook
metadata.signature and .widgets; cell metadata.collapsed, ExecuteTime, execution,
heading_collapsed, hidden, scrolled) from each notebook, in place and atomically. Nothing
else changes: the file keeps its layout, cell ids are kept, and a notebook with nothing to
strip is not touched (its mtime stays). With no FILE, or -, reads stdin and writes stdout.
.zpln files are Zeppelin notes (their paragraph results are cleared).

After a merge: nbgit's conflict flag (cell metadata.nbgit.conflicts) is removed from cells
whose source has no conflict markers left, and a cell that still has <<<<<<< or >>>>>>>
lines gets a warning on stderr (the file is stripped all the same).

Options default to git config (nbgit.keepOutput, nbgit.extraKeys, ... see nbgit install
--help), so strip, the git filter and CI agree; flags override them.`,
    options: OPTIONS,
    footer: `Exit status: 0 ok; 1 with --check when something would be stripped, or when a file could
not be read or written (it is then left as it was); 2 on bad usage.`,
  },
  async ({ positionals, options: o }, io) => {
    if (o.check && o['dry-run']) throw new NbgitError('EUSAGE', '--check and --dry-run cannot be used together');
    // nbstripout's --verify: --check (it implies --dry-run there, so it may come with it)
    if (o.verify) [o.check, o['dry-run']] = [true, undefined];
    if (o.textconv && (o.check || o['dry-run'])) throw new NbgitError('EUSAGE', '--textconv writes to stdout; it cannot be used with --check or --dry-run');
    if (o['keep-id'] && o['sequential-ids']) throw new NbgitError('EUSAGE', '--keep-id and --sequential-ids cannot be used together');
    const warn = (m: string) => io.stderr.write(`nbgit strip: warning: ${m}\n`);
    const options = optionsFrom(o, io.cwd, io.env, warn);
    const files = positionals.length === 0 ? ['-'] : positionals;
    if (positionals.length === 0 && (io.stdin as { isTTY?: boolean }).isTTY) {
      io.stderr.write('nbgit strip: no files given and stdin is a terminal (see nbgit strip --help)\n');
      return 2;
    }
    let dirty = 0;
    let failed = 0;
    for (const file of files) {
      const name = file === '-' ? '<stdin>' : file;
      try {
        const zeppelin = file === '-' ? o.zeppelin === true : file.toLowerCase().endsWith('.zpln');
        const toFile = file !== '-' && !o.textconv && !o.check && !o['dry-run'];
        /** What a notebook stripped cell by cell gets (`source`: its text, when it is to go to stdout as it is). */
        const report = ({ parts, result, summary }: NonNullable<ReturnType<typeof stripText>>, source?: string) => {
          for (const m of result.markers) warn(conflictMarkerWarning(m, name));
          if (result.changed) dirty++;
          if (o.check || o['dry-run']) {
            if (result.changed) io.stdout.write(`${name}: ${summary.describe()}\n`);
          } else if (!toFile) io.stdout.write(result.changed ? parts!.join('') : source!);
          else if (result.changed && !o.quiet) io.stdout.write(`stripped ${name}: ${summary.describe()}\n`);
        };
        // a large file in Jupyter's layout is stripped cell by cell as it is read in pieces, never held
        if (!zeppelin && file !== '-' && !o.textconv && largeFile(file, io.cwd)) {
          const streamed = stripText(() => textPieces(resolve(io.cwd, file)), options, io, toFile ? { file } : {});
          if (streamed !== undefined) {
            report(streamed);
            continue;
          }
        }
        // the bytes go before the notebook is parsed (a large file is not held twice)
        const source = await readFileText(file, io);
        collectGarbage(source.length);
        // a large notebook in Jupyter's layout is stripped cell by cell, never parsed whole
        const streamed =
          !zeppelin && source.length >= LARGE_INPUT ? stripText(source, options, io, toFile ? { file } : { parts: !o.check && !o['dry-run'] }) : undefined;
        if (streamed !== undefined) {
          report(streamed, source);
          continue;
        }
        const nb = fromIpynb(source, { file: name, legacy: 'keep' });
        let out: object;
        let changes: StripChange[];
        if (zeppelin) {
          out = stripZeppelin(nb);
          changes = out === nb ? [] : [{ kind: 'outputs', path: 'paragraphs' }];
        } else {
          ({ notebook: out, changes } = stripWithReport(nb, options));
          for (const w of conflictMarkerWarnings(nb, name)) warn(w);
        }
        // a large notebook written to its file is written in parts (its new text never one string)
        const parts = out !== nb && toFile && source.length >= LARGE_INPUT;
        const text = out === nb || parts ? undefined : toIpynb(out as typeof nb);
        if (file === '-' || o.textconv) {
          if (o.check || o['dry-run']) {
            if (changes.length) io.stdout.write(`${name}: ${describeChanges(changes)}\n`);
          } else io.stdout.write(text ?? source);
          if (changes.length) dirty++;
          continue;
        }
        if (out === nb) continue;
        dirty++;
        if (o.check || o['dry-run']) io.stdout.write(`${name}: ${describeChanges(changes)}\n`);
        else {
          collectGarbage(source.length);
          writeOutput(file, text ?? toIpynbParts(out as typeof nb), io);
          if (!o.quiet) io.stdout.write(`stripped ${name}: ${describeChanges(changes)}\n`);
        }
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        failed++;
        io.stderr.write(`nbgit strip: ${e.file ? e.message : `${name}: ${e.message}`}\n`);
      }
    }
    if (failed > 0) return 1;
    return o.check && dirty > 0 ? 1 : 0;
  },
);
