/**
 * `nbgit diff`: cell-aware diff of two notebooks, of the working tree against the index, or
 * between revisions. The helpers here are shared with `nbgit diff-driver`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { emptyNotebook, isNbgitError, jsonText, NbgitError, type Notebook } from '@nbgit/core';
import { type DiffOptions, diffNotebooks, type NotebookDiff, renderJson, renderTerminal, renderUnifiedText, summarize } from '@nbgit/diff';
import { detectFormat, type FormatSpec, findFormatOfPath, readText } from '@nbgit/formats';
import { cleanContent, readStripOptions } from '@nbgit/git';
import pc from 'picocolors';
import type { OptionsSpec, OptionValues } from '../args.js';
import { defineCommand } from '../command.js';
import { readInput } from '../files.js';
import type { CliIO } from '../io.js';
import { HTML_OPTIONS, writeHtml } from './diff-html.js';

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

/** The diff options the flags ask for. */
export function diffOptionsFrom(options: DiffFlags): DiffOptions {
  return {
    ignoreOutputs: options['ignore-outputs'] === true,
    ignoreMetadata: options['ignore-metadata'] === true,
    ignoreIds: options['ignore-ids'] === true,
    ignoreExecutionCounts: options['ignore-execution-counts'] === true,
    ignoreWhitespace: options['ignore-whitespace'] === true,
  };
}

/** Whether to colour: `always`/`never`, or on a terminal (or git's pager) unless NO_COLOR is set. */
export function useColor(mode: string | undefined, io: CliIO): boolean {
  if (mode === undefined || mode === 'auto') {
    if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
    if (io.env.TERM === 'dumb') return false;
    return io.stdout.isTTY === true || io.env.GIT_PAGER_IN_USE === 'true';
  }
  return mode === 'always';
}

/** Context lines from `-U N`. */
export function contextFrom(options: DiffFlags): number | undefined {
  const u = options.unified;
  if (u === undefined) return undefined;
  const n = Number(u);
  if (!Number.isInteger(n) || n < 0) throw new NbgitError('EUSAGE', `-U needs a number of lines, not ${JSON.stringify(u)}`);
  return n;
}

/**
 * The format nbgit reads a diffed file in: @nbgit/formats' detector, the one `convert` uses
 * (the extension in any case, else the content when `bytes` are given).
 */
export function formatOf(path: string, bytes?: Uint8Array): FormatSpec {
  return detectFormat({ path, text: bytes === undefined ? undefined : () => Buffer.from(bytes).toString('utf8') });
}

/** True when nbgit diffs this path as a notebook in repository modes (`.ipynb`, in any case). */
export function isNotebookPath(path: string): boolean {
  return findFormatOfPath(path)?.name === 'ipynb';
}

/**
 * Parses notebook bytes in the format {@link formatOf} finds. `bytes` of length 0 with
 * `missingOk` (a side git reports as absent: /dev/null) give an empty notebook.
 */
export async function parseNotebook(bytes: Uint8Array, path: string, label: string): Promise<Notebook> {
  return readText(bytes, formatOf(path, bytes), { file: label });
}

/** Git's file mode of a symbolic link: the blob is the link's target, not a notebook. */
export const SYMLINK_MODE = '120000';

/** One side of a diff: a label, the raw bytes (undefined = does not exist). */
export interface Side {
  label: string;
  bytes: Uint8Array | undefined;
  /** File name whose extension says the format (default: the diffed path). */
  formatPath?: string;
  /** Git's file mode (`100644`, `120000` for a symbolic link...), when known. */
  mode?: string;
}

/** Result of diffing one file. */
export interface FileDiff {
  /** Path shown in headers (the new path of a rename). */
  path: string;
  /** The old path, when the file was renamed or copied. */
  oldPath?: string;
  /** The notebook diff, or undefined when a side is not a notebook (then `text` holds a plain diff). */
  diff?: NotebookDiff;
  /** Plain text diff when a side could not be read as a notebook. */
  text?: string;
  /** Why the notebook diff was not possible. */
  error?: NbgitError;
  /** Link targets of the sides that are symbolic links (shown instead of their content). */
  symlink?: { old?: string; new?: string };
  /** Git's header lines for this file: mode changes, rename or copy (`rename from a.ipynb`). */
  meta: string[];
  /** File modes, when they differ. */
  modes?: { old: string; new: string };
  /** True for a path git reports as unmerged (`* Unmerged path`). */
  unmerged?: boolean;
  /** True when the two sides differ (content, mode or path). */
  different: boolean;
  /** The two notebooks compared (a missing side is the other without cells), for `--html`. */
  notebooks?: { a: Notebook; b: Notebook };
  /** The two texts, when a side is not a notebook (`--html` shows their line diff). */
  texts?: { a: string; b: string };
  /** Labels of the two sides, for headers. */
  names: { a: string; b: string };
}

/** What git says about a file pair besides content: status, paths, modes, similarity. */
export interface PairInfo {
  /** `R` (renamed), `C` (copied), anything else. */
  status?: string;
  oldPath?: string;
  /** Similarity score, percent (renames and copies). */
  score?: number;
  oldMode?: string;
  newMode?: string;
  /** Mode lines for added and deleted files too (`new file mode 100644`), as git's own header has. */
  fileModes?: boolean;
}

/** Git's extended header lines for a file pair (`old mode`, `new mode`, `similarity index`, `rename from`...). */
export function metaLines(path: string, info: PairInfo): string[] {
  const out: string[] = [];
  const { oldMode, newMode } = info;
  const present = (m: string | undefined) => m !== undefined && !/^(\.|0+)$/.test(m);
  if (!present(oldMode) && present(newMode)) {
    if (info.fileModes) out.push(`new file mode ${newMode}`);
  } else if (present(oldMode) && !present(newMode)) {
    if (info.fileModes) out.push(`deleted file mode ${oldMode}`);
  } else if (present(oldMode) && present(newMode) && oldMode !== newMode) {
    out.push(`old mode ${oldMode}`, `new mode ${newMode}`);
  }
  if ((info.status === 'R' || info.status === 'C') && info.oldPath !== undefined && info.oldPath !== path) {
    const word = info.status === 'R' ? 'rename' : 'copy';
    if (info.score !== undefined) out.push(`similarity index ${info.score}%`);
    out.push(`${word} from ${info.oldPath}`, `${word} to ${path}`);
  }
  return out;
}

/** Diffs two sides of one path as notebooks; falls back to a plain text diff when a side is not a notebook. */
export async function diffSides(
  path: string,
  a: Side,
  b: Side,
  options: DiffOptions,
  color: boolean,
  context: number | undefined,
  fallback = true,
  info: PairInfo = {},
): Promise<FileDiff> {
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
  // a symbolic link's content is its target: say so instead of failing to read it as a notebook
  let symlink: FileDiff['symlink'];
  if (a.mode === SYMLINK_MODE && a.bytes !== undefined) {
    symlink = { old: Buffer.from(a.bytes).toString('utf8') };
    a = { ...a, bytes: undefined };
  }
  if (b.mode === SYMLINK_MODE && b.bytes !== undefined) {
    symlink = { ...symlink, new: Buffer.from(b.bytes).toString('utf8') };
    b = { ...b, bytes: undefined };
  }
  if (symlink) {
    if (a.bytes === undefined && b.bytes === undefined) return { ...base, symlink, different: symlink.old !== symlink.new || meta.length > 0 };
  }
  try {
    // a missing side (a new or deleted file) is the other side without cells, so only cells show
    let na = a.bytes === undefined ? undefined : await parseNotebook(a.bytes, a.formatPath ?? path, a.label);
    let nb = b.bytes === undefined ? undefined : await parseNotebook(b.bytes, b.formatPath ?? path, b.label);
    na ??= nb ? { ...nb, cells: [] } : emptyNotebook();
    nb ??= { ...na, cells: [] };
    // text formats (percent, markdown) get ids made up from the content: align by content
    const textFormat = [a, b].some((side) => side.bytes !== undefined && formatOf(side.formatPath ?? path, side.bytes).name !== 'ipynb');
    const diff = diffNotebooks(na, nb, textFormat ? { ...options, ignoreIds: true } : options);
    return {
      ...base,
      diff,
      notebooks: { a: na, b: nb },
      ...(symlink ? { symlink } : {}),
      different: !diff.equal || symlink !== undefined || modes !== undefined || renamed,
    };
  } catch (e) {
    if (!isNbgitError(e) || e.code === 'EUSAGE' || !fallback) throw e;
    const ta = a.bytes === undefined ? '' : Buffer.from(a.bytes).toString('utf8');
    const tb = b.bytes === undefined ? '' : Buffer.from(b.bytes).toString('utf8');
    const text = renderUnifiedText(a.label, b.label, ta, tb, { color, context });
    return {
      ...base,
      text,
      texts: { a: ta, b: tb },
      error: e,
      ...(symlink ? { symlink } : {}),
      different: ta !== tb || symlink !== undefined || modes !== undefined || renamed,
    };
  }
}

/** Runs git; returns stdout bytes, or throws an EIO error with git's message. */
export function git(args: string[], cwd: string, options: { allowFail?: boolean } = {}): { stdout: Buffer; status: number } {
  const r = spawnSync('git', args, { cwd, maxBuffer: 1 << 30 });
  if (r.error) throw new NbgitError('EIO', `cannot run git: ${r.error.message}`, { cause: r.error });
  if (r.status !== 0 && !options.allowFail) {
    const msg = r.stderr.toString('utf8').trim() || `git ${args[0]} failed with status ${r.status}`;
    throw new NbgitError('EIO', msg.replace(/^fatal: /, ''));
  }
  return { stdout: r.stdout, status: r.status ?? 1 };
}

/** How {@link renderFiles} prints. */
export interface RenderMode {
  json: boolean;
  stat: boolean;
  color: boolean;
  context?: number;
  /**
   * The `---`/`+++` names start each file (nbgit diff, which has no `diff` line): printed even
   * when only the header changed (mode, rename), and before the header lines.
   */
  namesAlways?: boolean;
}

/** Renders the results of one or more files as text. */
export function renderFiles(files: FileDiff[], mode: RenderMode): string {
  if (mode.json) return '';
  const c = pc.createColors(mode.color);
  const out: string[] = [];
  for (const f of files) {
    if (!f.different) continue;
    if (f.unmerged) {
      out.push(`* Unmerged path ${f.path}\n`);
      continue;
    }
    if (mode.stat) {
      out.push(`${f.oldPath !== undefined ? `${f.oldPath} → ${f.path}` : f.path}: ${statLine(f)}\n`);
      continue;
    }
    // git's header lines (mode, rename) come right after the line that names the file: the
    // driver's `diff --nbgit` line, or in nbgit diff the ---/+++ names
    const body = f.diff && !f.diff.equal ? renderTerminal(f.diff, { color: mode.color, context: mode.context }) : '';
    const names =
      f.text === undefined && (body !== '' || f.symlink !== undefined || mode.namesAlways === true)
        ? `${c.bold(`--- ${f.names.a}`)}\n${c.bold(`+++ ${f.names.b}`)}\n`
        : '';
    const meta = f.meta.map((l) => `${c.bold(l)}\n`).join('');
    out.push(mode.namesAlways ? names + meta : meta + names);
    if (f.symlink) {
      const which =
        f.symlink.old !== undefined && f.symlink.new !== undefined
          ? 'is a symbolic link'
          : f.symlink.old !== undefined
            ? 'was a symbolic link'
            : 'is now a symbolic link';
      out.push(`nbgit: ${f.path} ${which}, not a notebook; showing its target\n`);
      if (f.symlink.old !== f.symlink.new) {
        if (f.symlink.old !== undefined) out.push(`${c.red(`-${f.symlink.old}`)}\n`);
        if (f.symlink.new !== undefined) out.push(`${c.green(`+${f.symlink.new}`)}\n`);
      }
    }
    out.push(body);
    if (f.text !== undefined) {
      out.push(`nbgit: ${f.error?.message ?? f.path}: not a notebook, showing a text diff\n`);
      out.push(f.text);
    }
  }
  return out.join('');
}

/** The `--stat` summary of one file. */
function statLine(f: FileDiff): string {
  const parts: string[] = [];
  if (f.diff && !f.diff.equal) parts.push(summarize(f.diff));
  else if (f.text !== undefined) parts.push('not a notebook (text differs)');
  if (f.symlink) parts.push('symbolic link');
  if (f.modes) parts.push(`mode ${f.modes.old} → ${f.modes.new}`);
  if (f.oldPath !== undefined && parts.length === 0) parts.push('renamed, no cell changes');
  return parts.length > 0 ? parts.join(', ') : 'no cell changes';
}

/** One file of the `--json` set. */
export function jsonEntry(f: FileDiff): Record<string, unknown> {
  const e: Record<string, unknown> = { path: f.path };
  if (f.oldPath !== undefined) e.old_path = f.oldPath;
  if (f.modes) e.mode = f.modes;
  if (f.unmerged) e.unmerged = true;
  if (f.symlink) e.symlink = f.symlink;
  if (f.diff) e.diff = f.diff;
  else if (f.error) e.error = f.error.message;
  return e;
}

/** The JSON written by `--json` for git modes: every changed notebook. */
function jsonSet(files: FileDiff[]): string {
  const list = files.filter((f) => f.different).map(jsonEntry);
  return `${jsonText({ format: 'nbgit-diff-set', version: 1, files: list }, { indent: 2 })}\n`;
}

function isFile(path: string, cwd: string): boolean {
  if (path === '-') return true;
  try {
    return statSync(resolve(cwd, path)).isFile();
  } catch {
    return false;
  }
}

function repoTop(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).stdout.toString('utf8').trim();
}

function isRevision(rev: string, cwd: string): boolean {
  return git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd, { allowFail: true }).status === 0;
}

/** One file pair of `git diff --raw`: modes, blob ids (all zeros: the working tree), status, paths. */
export interface RawChange {
  oldMode: string;
  newMode: string;
  oldSha: string;
  newSha: string;
  /** Status letter: M, A, D, R, C, T, U. */
  status: string;
  /** Similarity percent of a rename or copy. */
  score?: number;
  /** Old path (differs from `path` for renames and copies). */
  oldPath: string;
  /** New path, relative to the top. */
  path: string;
}

/** Parses `git diff --raw -z --no-abbrev` output. */
export function parseRaw(out: string): RawChange[] {
  const parts = out.split('\0');
  const list: RawChange[] = [];
  let k = 0;
  while (k < parts.length && parts[k].startsWith(':')) {
    const [oldMode, newMode, oldSha, newSha, st] = parts[k].slice(1).split(' ');
    const status = st[0];
    const score = /^[RC]\d+$/.test(st) ? Number(st.slice(1)) : undefined;
    const oldPath = parts[k + 1];
    const two = status === 'R' || status === 'C';
    const path = two ? parts[k + 2] : oldPath;
    list.push({ oldMode, newMode, oldSha, newSha, status, ...(score !== undefined ? { score } : {}), oldPath, path });
    k += two ? 3 : 2;
  }
  return list;
}

/** File pairs that differ (paths relative to the top), renames found unless `renames` is false. */
function changedPaths(args: string[], cwd: string, pathspecs: string[], explicit: boolean, renames: boolean): RawChange[] {
  const specs = pathspecs.length ? pathspecs : [':(glob)**/*.ipynb'];
  const out = git(['diff', '--raw', '-z', '--no-abbrev', renames ? '-M' : '--no-renames', '--no-ext-diff', ...args, '--', ...specs], cwd).stdout.toString(
    'utf8',
  );
  return parseRaw(out).filter((c) => explicit || isNotebookPath(c.path) || isNotebookPath(c.oldPath));
}

const ZERO = /^0+$/;

/** The contents of blobs by id, read with one `git cat-file --batch`. */
function readBlobs(shas: string[], cwd: string): Map<string, Buffer> {
  const wanted = [...new Set(shas)];
  const blobs = new Map<string, Buffer>();
  if (wanted.length === 0) return blobs;
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd, input: `${wanted.join('\n')}\n`, maxBuffer: 1 << 30 });
  if (r.error) throw new NbgitError('EIO', `cannot run git: ${r.error.message}`, { cause: r.error });
  const buf = r.stdout;
  let pos = 0;
  while (pos < buf.length) {
    const eol = buf.indexOf(10, pos);
    if (eol === -1) break;
    const [sha, type, size] = buf.subarray(pos, eol).toString('utf8').split(' ');
    pos = eol + 1;
    if (type === 'missing' || size === undefined) continue;
    const n = Number(size);
    blobs.set(sha, buf.subarray(pos, pos + n));
    pos += n + 1;
  }
  return blobs;
}

/** A working-tree file (a symbolic link's target text for mode 120000), or undefined when absent. */
function readWorktree(top: string, path: string, mode: string): Uint8Array | undefined {
  const p = resolve(top, path);
  try {
    return mode === SYMLINK_MODE ? Buffer.from(readlinkSync(p), 'utf8') : readFileSync(p);
  } catch {
    return undefined;
  }
}

/** Paths (relative to `top`) whose `filter` attribute is `nbgit`. */
export function nbgitFiltered(paths: string[], top: string): Set<string> {
  const out = new Set<string>();
  if (paths.length === 0) return out;
  const r = git(['check-attr', '-z', 'filter', '--', ...paths], top, { allowFail: true });
  if (r.status !== 0) return out;
  const parts = r.stdout.toString('utf8').split('\0');
  for (let k = 0; k + 2 < parts.length; k += 3) if (parts[k + 2] === 'nbgit') out.add(parts[k]);
  return out;
}

/**
 * A working-tree notebook as nbgit's clean filter would store it (outputs stripped as the
 * repository's strip options say), so the diff matches what git compares and commits. Content
 * the filter cannot read is returned as it is.
 */
export function asCleaned(bytes: Uint8Array | undefined, path: string, top: string): Uint8Array | undefined {
  if (bytes === undefined || formatOf(path, bytes).name !== 'ipynb') return bytes;
  try {
    return cleanContent(bytes, { pathname: path, strip: readStripOptions(top) });
  } catch {
    return bytes;
  }
}

export const command = defineCommand(
  {
    summary: 'show what changed in notebooks, cell by cell',
    usage: ['nbgit diff [options] A B', 'nbgit diff [options] [REV [REV2]] [-- PATH...]', 'nbgit diff [options] --cached [REV] [-- PATH...]'],
    description: `Shows the difference between two notebooks cell by cell: cells added, removed, moved and
modified (source as a line diff, outputs, execution count, metadata, attachments). Cells are
matched by id, then by content, so an edited cell shows as modified and a moved one as moved.
A and B may be .ipynb notebooks, .md (jupytext markdown) or percent scripts (.py ...), or -
for stdin.

Without files, in a git repository: with no REV, every changed notebook in the working tree
against the index; with REV, the working tree against REV; with REV REV2 (or REV..REV2),
between two revisions (REV...REV2: from their merge base to REV2); with --cached (or
--staged), the index against HEAD (or REV). Only *.ipynb files are diffed unless PATHs are
given; as with git, PATHs that exist may follow the revisions without -- (nbgit diff x.ipynb,
nbgit diff HEAD~1 notebooks/). Renamed notebooks are found as git finds them and diffed as one notebook
(--no-renames: as a removed and an added one); mode changes and symbolic links are shown as
git shows them.`,
    options: {
      cached: { type: 'boolean', aliases: ['staged'], help: 'the index against HEAD (or REV)' },
      renames: { type: 'boolean', negatable: true, help: 'with --no-renames: a renamed notebook as one removed and one added' },
      quiet: { type: 'boolean', short: 'q', help: 'print nothing; the exit status says whether anything differs' },
      ...DIFF_OPTIONS,
      ...HTML_OPTIONS,
    },
    footer: `Exit status: 0 when there is no difference, 1 when there is, 2 on trouble (bad usage,
unreadable file).`,
  },
  async ({ positionals, afterDashDash, options }, io) => {
    if (options.html === true && (options.json === true || options.stat === true))
      throw new NbgitError('EUSAGE', '--html cannot be combined with --json or --stat');
    const cached = options.cached === true;
    const color = useColor(options.color, io) && !options.json;
    const context = contextFrom(options);
    const dopts = diffOptionsFrom(options);
    const before = positionals.slice(0, positionals.length - afterDashDash.length);
    const mode = { json: options.json === true, stat: options.stat === true, color, context };
    // --quiet, as in git diff: no output, only the exit status
    if (options.quiet === true) io = { ...io, stdout: Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY: false }) };

    try {
      // two files
      // two files, unless the first is a revision (`nbgit diff HEAD a.ipynb`: a path in a revision)
      const revisionFirst = () => !isFile(before[0]!, io.cwd) && isRevision(before[0]!, io.cwd);
      if (!cached && afterDashDash.length === 0 && before.length === 2 && before.some((p) => isFile(p, io.cwd)) && !revisionFirst()) {
        const [pa, pb] = before;
        // stdin is a notebook when it starts with "{", else it takes the other side's format
        // (readInput names a missing file or a directory)
        const bytesA = await readInput(pa, io);
        const bytesB = await readInput(pb, io);
        const stdinFormat = (bytes: Uint8Array, other: string) =>
          /^\uFEFF?\s*\{/.test(Buffer.from(bytes.subarray(0, 64)).toString('utf8')) ? 'stdin.ipynb' : other;
        // an empty /dev/null (git difftool's side of a new or deleted file) is a missing side
        const none = (p: string, bytes: Uint8Array) => (p === '/dev/null' && bytes.length === 0 ? undefined : bytes);
        const a: Side = { label: pa === '-' ? '<stdin>' : pa, bytes: none(pa, bytesA), formatPath: pa === '-' ? stdinFormat(bytesA, pb) : pa };
        const b: Side = { label: pb === '-' ? '<stdin>' : pb, bytes: none(pb, bytesB), formatPath: pb === '-' ? stdinFormat(bytesB, pa) : pb };
        const f = await diffSides(pb === '-' || pb === '/dev/null' ? pa : pb, a, b, dopts, color, context, false);
        if (options.html === true) {
          writeHtml([f], options, io, undefined, `${a.label} → ${b.label}`);
          return f.different ? 1 : 0;
        }
        if (mode.json) {
          io.stdout.write(renderJson(f.diff as NotebookDiff));
        } else io.stdout.write(renderFiles([f], mode));
        return f.different ? 1 : 0;
      }
      let top: string;
      try {
        top = repoTop(io.cwd);
      } catch (e) {
        if (before.length > 2) throw new NbgitError('EUSAGE', 'too many arguments (see nbgit diff --help)');
        throw e;
      }
      // as git diff: without --, the arguments after the revisions may be paths that exist
      // (`nbgit diff a.ipynb`, `nbgit diff HEAD~1 notebooks/`)
      let paths = afterDashDash;
      let revs = before;
      if (afterDashDash.length === 0) {
        const k = before.findIndex((p) => !isRevision(p, io.cwd) && existsSync(resolve(io.cwd, p)));
        if (k !== -1) {
          revs = before.slice(0, k);
          paths = before.slice(k);
          const missing = paths.find((p) => !existsSync(resolve(io.cwd, p)));
          if (missing !== undefined) throw new NbgitError('EIO', 'no such file or directory (revisions come before paths; use REV -- PATH)', { file: missing });
        }
      }
      if (revs.length > 2) throw new NbgitError('EUSAGE', 'too many arguments (see nbgit diff --help)');
      const compared = cached
        ? `the index against ${revs[0] ?? 'HEAD'}`
        : revs.length === 0
          ? 'the working tree against the index'
          : revs.length === 1 && !revs[0]!.includes('..')
            ? `the working tree against ${revs[0]}`
            : revs.join(' → ');
      if (revs.length === 1 && revs[0].includes('..')) {
        const three = revs[0].includes('...');
        const [x, y] = revs[0].split(three ? '...' : '..');
        revs = [x || 'HEAD', y || 'HEAD'];
        // A...B, as in git diff: from the merge base of A and B to B
        if (three && isRevision(revs[0], io.cwd) && isRevision(revs[1], io.cwd))
          revs[0] = git(['merge-base', revs[0], revs[1]], io.cwd).stdout.toString('utf8').trim();
      }
      if (cached && revs.length > 1) throw new NbgitError('EUSAGE', '--cached compares the index with one revision (HEAD by default), not two');
      for (const r of revs) {
        if (isRevision(r, io.cwd)) continue;
        if (isFile(r, io.cwd)) throw new NbgitError('EUSAGE', `${r}: give two files, or revisions (a file and a revision cannot be mixed; use REV -- PATH)`);
        throw new NbgitError('EIO', 'no such file or revision', { file: r });
      }
      const explicit = paths.length > 0;
      const specs = paths.map((p) => resolve(io.cwd, p));
      const changed = changedPaths(cached ? ['--cached', ...revs] : revs, top, specs, explicit, options.renames !== false);
      // without --cached and with at most one REV, the new side is the working tree (git's
      // raw id for it is all zeros, or a hash of the file that need not be in the object store)
      const inWorktree = !cached && revs.length < 2;
      const blobs = readBlobs(
        changed.flatMap((c) => (inWorktree ? [c.oldSha] : [c.oldSha, c.newSha]).filter((x) => !ZERO.test(x))),
        top,
      );
      const side = (sha: string | undefined, mode: string, path: string, label: string): Side => {
        // all-zero mode: absent; no id: the working-tree file
        const bytes = ZERO.test(mode) ? undefined : sha === undefined ? readWorktree(top, path, mode) : blobs.get(sha);
        return { label: bytes === undefined ? '/dev/null' : label, bytes, mode: ZERO.test(mode) ? undefined : mode };
      };
      const filtered =
        inWorktree && options.filter !== false
          ? nbgitFiltered(
              changed.filter((c) => !ZERO.test(c.newMode)).map((c) => c.path),
              top,
            )
          : new Set<string>();
      const files: FileDiff[] = [];
      let split = false;
      for (const c of changed) {
        // git lists an unmerged path, then (in the working tree) its diff against our side
        if (c.status === 'U') {
          files.push({ path: c.path, meta: [], names: { a: `a/${c.path}`, b: `b/${c.path}` }, unmerged: true, different: true });
          continue;
        }
        const a = side(c.oldSha, c.oldMode, c.oldPath, `a/${c.oldPath}`);
        const b = side(inWorktree ? undefined : c.newSha, c.newMode, c.path, `b/${c.path}`);
        if (filtered.has(c.path)) b.bytes = asCleaned(b.bytes, c.path, top);
        const f = await diffSides(c.path, { ...a, formatPath: c.oldPath }, b, dopts, color, context, true, {
          status: c.status,
          oldPath: c.oldPath,
          score: c.score,
        });
        // small notebooks share most of their JSON, so git pairs unrelated ones: a "rename"
        // or "copy" that keeps no cell is shown as the notebooks they are
        const s = f.diff?.summary;
        if ((c.status === 'R' || c.status === 'C') && s !== undefined && s.unchanged + s.modified + s.moved === 0 && s.removed > 0 && s.added > 0) {
          const none = (label: string): Side => ({ label: '/dev/null', bytes: undefined, mode: undefined, formatPath: label });
          if (c.status === 'R') files.push(await diffSides(c.oldPath, a, none(c.path), dopts, color, context, true));
          files.push(await diffSides(c.path, none(c.oldPath), b, dopts, color, context, true));
          split = true;
        } else files.push(f);
      }
      // git sorts by path; a split pair goes back into that order
      if (split) files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
      if (options.html === true) writeHtml(files, options, io, top, compared);
      else if (mode.json) io.stdout.write(jsonSet(files));
      else io.stdout.write(renderFiles(files, { ...mode, namesAlways: true }));
      return files.some((f) => f.different) ? 1 : 0;
    } catch (e) {
      if (!isNbgitError(e)) throw e;
      io.stderr.write(`nbgit diff: ${e.message}\n`);
      return 2;
    }
  },
);
