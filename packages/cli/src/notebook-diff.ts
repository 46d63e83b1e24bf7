/**
 * What `nbgit diff` and `nbgit diff-driver` share: the diff options (one spec), reading each
 * side by its format, and diffing two sides into a {@link FileDiff} (a plain text diff when
 * a side is not a notebook; a symbolic link shown as its target).
 */
import { type Cell, emptyNotebook, isNbgitError, NbgitError, type Notebook } from '@nbgit/core';
import { type DiffOptions, diffNotebooks, type FileDiff, metaLines, type PairInfo, renderUnifiedText } from '@nbgit/diff';
import { detectFormat, type FormatSpec, readText } from '@nbgit/formats';
import { SYMLINK_MODE } from '@nbgit/git';
import { decodeUtf8, upgradedFrom } from '@nbgit/ipynb';
import type { OptionsSpec, OptionValues } from './args.js';
import type { CliIO } from './io.js';
import { collectGarbage } from './memory.js';
import { shareStrings, withoutLayout } from './share-strings.js';

/** Options shared by `diff` and `diff-driver`. */
export const DIFF_OPTIONS = {
  json: { type: 'boolean', help: 'the diff as JSON (format: packages/diff/README.md)' },
  stat: { type: 'boolean', help: 'one summary line per notebook' },
  color: {
    type: 'string',
    arg: 'WHEN',
    implicit: 'always',
    negatable: 'never',
    choices: ['always', 'never', 'auto'],
    help: 'colour: always, never or auto (auto: on a terminal, off in pipes\nand with NO_COLOR)',
  },
  unified: { type: 'string', short: 'U', arg: 'N', help: 'lines of context around source changes (default 3)' },
  'ignore-outputs': { type: 'boolean', short: 'O', help: 'ignore outputs and execution counts' },
  'ignore-metadata': { type: 'boolean', short: 'M', help: 'ignore notebook and cell metadata' },
  'ignore-ids': { type: 'boolean', short: 'I', help: 'align by content and ignore cell id changes' },
  'ignore-execution-counts': { type: 'boolean', short: 'E', help: 'ignore execution counts' },
  'ignore-whitespace': { type: 'boolean', short: 'w', help: 'ignore whitespace changes in sources' },
  filter: {
    type: 'boolean',
    negatable: true,
    help: "with --no-filter: compare working-tree notebooks as they are, not as\nnbgit's clean filter would store them (when .gitattributes has filter=nbgit)",
  },
} as const satisfies OptionsSpec;

/** Parsed {@link DIFF_OPTIONS}. */
export type DiffFlags = OptionValues<typeof DIFF_OPTIONS>;

/** How one diff is computed and shown, from the flags. */
export interface DiffSettings {
  options: DiffOptions;
  color: boolean;
  /** Lines of context (`-U N`). */
  context?: number;
}

/** The settings the flags ask for. Colour: `always`/`never`, or on a terminal (or git's pager) unless NO_COLOR is set. */
export function diffSettings(flags: DiffFlags, io: CliIO): DiffSettings {
  let context: number | undefined;
  if (flags.unified !== undefined) {
    context = Number(flags.unified);
    if (!Number.isInteger(context) || context < 0) throw new NbgitError('EUSAGE', `-U needs a number of lines, not ${JSON.stringify(flags.unified)}`);
  }
  const mode = flags.color ?? 'auto';
  const auto =
    (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '') && io.env.TERM !== 'dumb' && (io.stdout.isTTY === true || io.env.GIT_PAGER_IN_USE === 'true');
  return {
    options: {
      ignoreOutputs: flags['ignore-outputs'] === true,
      ignoreMetadata: flags['ignore-metadata'] === true,
      ignoreIds: flags['ignore-ids'] === true,
      ignoreExecutionCounts: flags['ignore-execution-counts'] === true,
      ignoreWhitespace: flags['ignore-whitespace'] === true,
    },
    color: mode === 'auto' ? auto : mode === 'always',
    ...(context !== undefined ? { context } : {}),
  };
}

/**
 * The format nbgit reads a diffed file in: @nbgit/formats' detector, the one `convert` uses
 * (the extension in any case, else the content when `bytes` are given).
 */
export function formatOf(path: string, bytes?: Uint8Array | string): FormatSpec {
  return detectFormat({ path, text: bytes === undefined ? undefined : () => (typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')) });
}

/**
 * Parses notebook bytes in the format {@link formatOf} finds. An nbformat 3 file's cells have
 * no ids: the ones the upgrade to nbformat 4 made up are left out, so that a diff of two
 * nbformat 3 files shows no invented id (an edited cell would show a new one).
 */
export function parseNotebook(bytes: Uint8Array | string, path: string, label: string): Notebook {
  const nb = readText(bytes, formatOf(path, bytes), { file: label });
  if (!nb.cells.some((c) => upgradedFrom(c) !== undefined)) return nb;
  return {
    ...nb,
    cells: nb.cells.map((c) => {
      if (upgradedFrom(c) === undefined) return c;
      const { id: _, ...cell } = c;
      return cell as Cell;
    }),
  };
}

/** One side of a diff: a label, the raw bytes (undefined = does not exist). */
export interface Side {
  label: string;
  bytes: Uint8Array | undefined;
  /** File name whose extension says the format (default: the diffed path). */
  formatPath?: string;
  /** Git's file mode (`100644`, `120000` for a symbolic link...), when known. */
  mode?: string;
  /**
   * The side read already (`bytes` then left out): its notebook, and whether it was read as
   * .ipynb (else a text format, whose made-up ids are not compared).
   */
  parsed?: { notebook: Notebook; ipynb: boolean };
}

/**
 * Reads a side now (`read` gives its bytes), as {@link diffSides} would: a large notebook is then held
 * without its bytes and (for .ipynb, never written back by a diff) without its text and file
 * layout while the other side is read. With `like` (the other side), strings equal to its
 * own at the same place are its (one copy of what both sides hold).
 */
export function parseSide(read: () => Uint8Array, formatPath: string, label: string, like?: Notebook): NonNullable<Side['parsed']> {
  const parsed = parseRead(read, formatPath, label);
  if (like !== undefined) shareStrings(parsed.notebook, like);
  collectGarbage(parsed.size);
  return parsed;
}

/** {@link parseSide} up to the sharing: the bytes and text live only here. */
function parseRead(read: () => Uint8Array, formatPath: string, label: string): NonNullable<Side['parsed']> & { size: number } {
  let bytes: Uint8Array | undefined = read();
  const size = bytes.length;
  const ipynb = formatOf(formatPath, bytes).name === 'ipynb';
  // an .ipynb file is parsed from its text (decoded as its reader would), its bytes let go first
  const input = ipynb ? decodeUtf8(bytes, label) : bytes;
  bytes = undefined;
  if (ipynb) collectGarbage(size);
  const nb = parseNotebook(input, formatPath, label);
  return { notebook: ipynb ? withoutLayout(nb) : nb, ipynb, size };
}

/**
 * Diffs two sides of one path as notebooks. When a side is not a notebook, a plain text diff
 * (with `fallback`; without it the error is thrown).
 */
export function diffSides(path: string, a: Side, b: Side, settings: DiffSettings, info: PairInfo & { fallback?: boolean } = {}): FileDiff {
  const meta = metaLines(path, { oldMode: a.mode, newMode: b.mode, ...info });
  const modes =
    a.mode !== undefined && b.mode !== undefined && a.bytes !== undefined && b.bytes !== undefined && a.mode !== b.mode
      ? { old: a.mode, new: b.mode }
      : undefined;
  const base = {
    path,
    meta,
    names: { a: a.label, b: b.label },
    ...(info.oldPath !== undefined && info.oldPath !== path ? { oldPath: info.oldPath } : {}),
    ...(modes ? { modes } : {}),
  };
  const renamed = base.oldPath !== undefined;
  const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? '' : Buffer.from(bytes).toString('utf8'));
  // a symbolic link's content is its target: say so instead of failing to read it as a notebook
  let symlink: FileDiff['symlink'];
  if (a.mode === SYMLINK_MODE && a.bytes !== undefined) [symlink, a] = [{ old: text(a.bytes) }, { ...a, bytes: undefined }];
  if (b.mode === SYMLINK_MODE && b.bytes !== undefined)
    [symlink, b] = [
      { ...symlink, new: text(b.bytes) },
      { ...b, bytes: undefined },
    ];
  if (symlink && a.bytes === undefined && b.bytes === undefined) return { ...base, symlink, different: symlink.old !== symlink.new || meta.length > 0 };
  const also = { ...(symlink ? { symlink } : {}) };
  const headerDiffers = symlink !== undefined || modes !== undefined || renamed;
  try {
    // a missing side (a new or deleted file) is the other side without cells, so only cells show
    let na = a.parsed?.notebook ?? (a.bytes === undefined ? undefined : parseNotebook(a.bytes, a.formatPath ?? path, a.label));
    let nb = b.parsed?.notebook ?? (b.bytes === undefined ? undefined : parseNotebook(b.bytes, b.formatPath ?? path, b.label));
    na ??= nb ? { ...nb, cells: [] } : emptyNotebook();
    nb ??= { ...na, cells: [] };
    // text formats (percent, markdown) get ids made up from the content: align by content
    const textFormat = [a, b].some((side) =>
      side.parsed !== undefined ? !side.parsed.ipynb : side.bytes !== undefined && formatOf(side.formatPath ?? path, side.bytes).name !== 'ipynb',
    );
    const diff = diffNotebooks(na, nb, textFormat ? { ...settings.options, ignoreIds: true } : settings.options);
    return { ...base, diff, notebooks: { a: na, b: nb }, ...also, different: !diff.equal || headerDiffers };
  } catch (e) {
    if (!isNbgitError(e) || e.code === 'EUSAGE' || info.fallback === false) throw e;
    const [ta, tb] = [text(a.bytes), text(b.bytes)];
    const unified = renderUnifiedText(a.label, b.label, ta, tb, { color: settings.color, context: settings.context });
    return { ...base, text: unified, texts: { a: ta, b: tb }, error: e, ...also, different: ta !== tb || headerDiffers };
  }
}
