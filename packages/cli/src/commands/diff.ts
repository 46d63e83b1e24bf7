/**
 * `nbgit diff`: cell-aware diff of two notebooks, of the working tree against the index, or
 * between revisions. The helpers here are shared with `nbgit diff-driver`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { emptyNotebook, isNbgitError, NbgitError, type Notebook } from '@nbgit/core';
import { type DiffOptions, diffNotebooks, type NotebookDiff, renderJson, renderTerminal, renderUnifiedText, summarize } from '@nbgit/diff';
import { cleanContent, readStripOptions } from '@nbgit/git';
import { decodeUtf8, fromIpynb } from '@nbgit/ipynb';
import { fromMarkdown } from '@nbgit/markdown';
import { fromPercent } from '@nbgit/percent';
import { type OptionSpec, parseArgs } from '../args.js';
import { readInput } from '../files.js';
import type { CliIO } from '../io.js';
import type { Command } from './index.js';

/** Options shared by `diff` and `diff-driver`. */
export const DIFF_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean' },
  color: { type: 'string' },
  stat: { type: 'boolean' },
  unified: { type: 'string', short: 'U' },
  'ignore-outputs': { type: 'boolean', short: 'O' },
  'ignore-metadata': { type: 'boolean', short: 'M' },
  'ignore-ids': { type: 'boolean', short: 'I' },
  'ignore-execution-counts': { type: 'boolean', short: 'E' },
  'ignore-whitespace': { type: 'boolean', short: 'w' },
  filter: { type: 'boolean' },
};

export const OPTIONS_HELP = `  --json                      the diff as JSON (format: packages/diff/README.md)
  --stat                      one summary line per notebook
  --color[=always|never|auto] colour (auto: on a terminal, off in pipes and with NO_COLOR)
  -U, --unified N             lines of context around source changes (default 3)
  -O, --ignore-outputs        ignore outputs and execution counts
  -M, --ignore-metadata       ignore notebook and cell metadata
  -I, --ignore-ids            align by content and ignore cell id changes
  -E, --ignore-execution-counts  ignore execution counts
  -w, --ignore-whitespace     ignore whitespace changes in sources
  --no-filter                 compare working-tree notebooks as they are, not as nbgit's
                              clean filter would store them (when .gitattributes has filter=nbgit)`;

/** `--color` alone means always, `--no-color` never. */
export function normaliseArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    out.push(a === '--color' ? '--color=always' : a === '--no-color' ? '--color=never' : a);
  }
  return out;
}

/** The diff options the flags ask for. */
export function diffOptionsFrom(options: Record<string, unknown>): DiffOptions {
  return {
    ignoreOutputs: options['ignore-outputs'] === true,
    ignoreMetadata: options['ignore-metadata'] === true,
    ignoreIds: options['ignore-ids'] === true,
    ignoreExecutionCounts: options['ignore-execution-counts'] === true,
    ignoreWhitespace: options['ignore-whitespace'] === true,
  };
}

/** Whether to colour: `always`/`never`, or on a terminal (or git's pager) unless NO_COLOR is set. */
export function useColor(mode: unknown, io: CliIO): boolean {
  if (mode === undefined || mode === 'auto') {
    if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
    if (io.env.TERM === 'dumb') return false;
    return io.stdout.isTTY === true || io.env.GIT_PAGER_IN_USE === 'true';
  }
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  throw new NbgitError('EUSAGE', `--color must be always, never or auto, not ${JSON.stringify(mode)}`);
}

/** Context lines from `-U N`. */
export function contextFrom(options: Record<string, unknown>): number | undefined {
  const u = options.unified;
  if (u === undefined) return undefined;
  const n = Number(u);
  if (!Number.isInteger(n) || n < 0) throw new NbgitError('EUSAGE', `-U needs a number of lines, not ${JSON.stringify(u)}`);
  return n;
}

/** The notebook formats nbgit diffs, by file extension. */
export function formatOf(path: string): 'ipynb' | 'percent' | 'markdown' {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.ipynb' || ext === '') return 'ipynb';
  return 'percent';
}

/** True when nbgit diffs this path as a notebook in repository modes (`.ipynb` only). */
export function isNotebookPath(path: string): boolean {
  return extname(path).toLowerCase() === '.ipynb';
}

/**
 * Parses notebook bytes by the file's extension. `bytes` of length 0 with `missingOk` (a
 * side git reports as absent: /dev/null) give an empty notebook.
 */
export async function parseNotebook(bytes: Uint8Array, path: string, label: string): Promise<Notebook> {
  const format = formatOf(path);
  if (format === 'ipynb') return fromIpynb(bytes, { file: label });
  const text = decodeUtf8(bytes, label);
  if (format === 'markdown') return fromMarkdown(text, { file: label });
  return fromPercent(text, { file: label, extension: extname(path) });
}

/** One side of a diff: a label, the raw bytes (undefined = does not exist). */
export interface Side {
  label: string;
  bytes: Uint8Array | undefined;
  /** File name whose extension says the format (default: the diffed path). */
  formatPath?: string;
}

/** Result of diffing one file. */
export interface FileDiff {
  /** Path shown in headers. */
  path: string;
  /** The notebook diff, or undefined when a side is not a notebook (then `text` holds a plain diff). */
  diff?: NotebookDiff;
  /** Plain text diff when a side could not be read as a notebook. */
  text?: string;
  /** Why the notebook diff was not possible. */
  error?: NbgitError;
  /** True when the two sides differ. */
  different: boolean;
  /** Labels of the two sides, for headers. */
  names: { a: string; b: string };
}

/** Diffs two sides of one path as notebooks; falls back to a plain text diff when a side is not a notebook. */
export async function diffSides(path: string, a: Side, b: Side, options: DiffOptions, color: boolean, context: number | undefined, fallback = true): Promise<FileDiff> {
  try {
    // a missing side (a new or deleted file) is the other side without cells, so only cells show
    let na = a.bytes === undefined ? undefined : await parseNotebook(a.bytes, a.formatPath ?? path, a.label);
    let nb = b.bytes === undefined ? undefined : await parseNotebook(b.bytes, b.formatPath ?? path, b.label);
    na ??= nb ? { ...nb, cells: [] } : emptyNotebook();
    nb ??= { ...na, cells: [] };
    // text formats (percent, markdown) get ids made up from the content: align by content
    const textFormat = formatOf(a.formatPath ?? path) !== 'ipynb' || formatOf(b.formatPath ?? path) !== 'ipynb';
    const diff = diffNotebooks(na, nb, textFormat ? { ...options, ignoreIds: true } : options);
    return { path, diff, different: !diff.equal, names: { a: a.label, b: b.label } };
  } catch (e) {
    if (!isNbgitError(e) || e.code === 'EUSAGE' || !fallback) throw e;
    const ta = a.bytes === undefined ? '' : Buffer.from(a.bytes).toString('utf8');
    const tb = b.bytes === undefined ? '' : Buffer.from(b.bytes).toString('utf8');
    const text = renderUnifiedText(a.label, b.label, ta, tb, { color, context });
    return { path, text, error: e, different: ta !== tb, names: { a: a.label, b: b.label } };
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

/** Renders the results of one or more files as text. */
export function renderFiles(files: FileDiff[], mode: { json: boolean; stat: boolean; color: boolean; context?: number }): string {
  if (mode.json) return '';
  const out: string[] = [];
  for (const f of files) {
    if (!f.different) continue;
    if (mode.stat) {
      out.push(`${f.path}: ${f.diff ? summarize(f.diff) : 'not a notebook (text differs)'}\n`);
      continue;
    }
    if (f.diff) out.push(renderTerminal(f.diff, { color: mode.color, names: f.names, context: mode.context }));
    else {
      out.push(`nbgit: ${f.error?.message ?? f.path}: not a notebook, showing a text diff\n`);
      out.push(f.text ?? '');
    }
  }
  return out.join('');
}

/** The JSON written by `--json` for git modes: every changed notebook. */
function jsonSet(files: FileDiff[]): string {
  const list = files.filter((f) => f.different).map((f) => (f.diff ? { path: f.path, diff: f.diff } : { path: f.path, error: f.error?.message ?? 'not a notebook' }));
  return `${JSON.stringify({ format: 'nbgit-diff-set', version: 1, files: list }, null, 2)}\n`;
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

/** Paths (relative to the top) that differ, with their status letter. */
function changedPaths(args: string[], cwd: string, pathspecs: string[], explicit: boolean): Array<{ status: string; path: string }> {
  const specs = pathspecs.length ? pathspecs : [':(glob)**/*.ipynb'];
  const out = git(['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', ...args, '--', ...specs], cwd).stdout.toString('utf8');
  const parts = out.split('\0').filter((x) => x !== '');
  const list: Array<{ status: string; path: string }> = [];
  for (let k = 0; k + 1 < parts.length; k += 2) {
    const path = parts[k + 1];
    if (explicit || isNotebookPath(path)) list.push({ status: parts[k][0], path });
  }
  return list;
}

/** Bytes of `path` at a tree-ish (`REV:path`, `:path` for the index), or undefined when absent. */
function blob(spec: string, cwd: string): Uint8Array | undefined {
  const r = git(['cat-file', 'blob', spec], cwd, { allowFail: true });
  return r.status === 0 ? r.stdout : undefined;
}

function readWorktree(top: string, path: string): Uint8Array | undefined {
  const p = resolve(top, path);
  return existsSync(p) ? readFileSync(p) : undefined;
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
  if (bytes === undefined || formatOf(path) !== 'ipynb') return bytes;
  try {
    return cleanContent(bytes, { pathname: path, strip: readStripOptions(top) });
  } catch {
    return bytes;
  }
}

export const command: Command = {
  summary: 'show what changed in notebooks, cell by cell',
  usage: `Usage: nbgit diff [options] A B
       nbgit diff [options] [REV [REV2]] [-- PATH...]

Shows the difference between two notebooks cell by cell: cells added, removed, moved and
modified (source as a line diff, outputs, execution count, metadata, attachments). Cells are
matched by id, then by content, so an edited cell shows as modified and a moved one as moved.
A and B may be .ipynb notebooks, .md (jupytext markdown) or percent scripts (.py ...), or -
for stdin.

Without files, in a git repository: with no REV, every changed notebook in the working tree
against the index; with REV, the working tree against REV; with REV REV2 (or REV..REV2),
between two revisions. Only *.ipynb files are diffed unless PATHs are given.

Exit status: 0 when there is no difference, 1 when there is, 2 on trouble (bad usage,
unreadable file).

${OPTIONS_HELP}`,
  async run(argv, io) {
    const { positionals, afterDashDash, options } = parseArgs(normaliseArgv(argv), DIFF_OPTIONS);
    const color = useColor(options.color, io) && !options.json;
    const context = contextFrom(options);
    const dopts = diffOptionsFrom(options);
    const before = positionals.slice(0, positionals.length - afterDashDash.length);
    const mode = { json: options.json === true, stat: options.stat === true, color, context };

    try {
      // two files
      if (afterDashDash.length === 0 && before.length === 2 && before.some((p) => isFile(p, io.cwd))) {
        const missing = before.find((p) => !isFile(p, io.cwd));
        if (missing !== undefined) throw new NbgitError('EIO', 'no such file', { file: missing });
        const [pa, pb] = before;
        // stdin is a notebook when it starts with "{", else it takes the other side's format
        const bytesA = await readInput(pa, io);
        const bytesB = await readInput(pb, io);
        const stdinFormat = (bytes: Uint8Array, other: string) => (/^\uFEFF?\s*\{/.test(Buffer.from(bytes.subarray(0, 64)).toString('utf8')) ? 'stdin.ipynb' : other);
        const a: Side = { label: pa === '-' ? '<stdin>' : pa, bytes: bytesA, formatPath: pa === '-' ? stdinFormat(bytesA, pb) : pa };
        const b: Side = { label: pb === '-' ? '<stdin>' : pb, bytes: bytesB, formatPath: pb === '-' ? stdinFormat(bytesB, pa) : pb };
        const f = await diffSides(pb === '-' ? pa : pb, a, b, dopts, color, context, false);
        if (mode.json) {
          io.stdout.write(renderJson(f.diff as NotebookDiff));
        } else io.stdout.write(renderFiles([f], mode));
        return f.different ? 1 : 0;
      }
      if (before.length > 2) throw new NbgitError('EUSAGE', 'too many arguments (see nbgit diff --help)');
      const top = repoTop(io.cwd);
      let revs = before;
      if (revs.length === 1 && revs[0].includes('..')) {
        const [x, y] = revs[0].split(/\.\.\.?/);
        revs = [x || 'HEAD', y || 'HEAD'];
      }
      for (const r of revs) {
        if (isRevision(r, io.cwd)) continue;
        if (isFile(r, io.cwd)) throw new NbgitError('EUSAGE', `${r}: give two files, or revisions (a file and a revision cannot be mixed; use REV -- PATH)`);
        throw new NbgitError('EIO', 'no such file or revision', { file: r });
      }
      const explicit = afterDashDash.length > 0;
      const specs = afterDashDash.map((p) => resolve(io.cwd, p));
      const changed = changedPaths(revs, top, specs, explicit);
      const files: FileDiff[] = [];
      const filtered = revs.length < 2 && options.filter !== false ? nbgitFiltered(changed.map((c) => c.path), top) : new Set<string>();
      for (const { path } of changed) {
        let a: Side;
        let b: Side;
        if (revs.length === 0) {
          a = { label: `a/${path}`, bytes: blob(`:${path}`, top) };
          b = { label: `b/${path}`, bytes: readWorktree(top, path) };
        } else if (revs.length === 1) {
          a = { label: `a/${path}`, bytes: blob(`${revs[0]}:${path}`, top) };
          b = { label: `b/${path}`, bytes: readWorktree(top, path) };
        } else {
          a = { label: `a/${path}`, bytes: blob(`${revs[0]}:${path}`, top) };
          b = { label: `b/${path}`, bytes: blob(`${revs[1]}:${path}`, top) };
        }
        if (filtered.has(path)) b.bytes = asCleaned(b.bytes, path, top);
        if (a.bytes === undefined) a.label = '/dev/null';
        if (b.bytes === undefined) b.label = '/dev/null';
        files.push(await diffSides(path, a, b, dopts, color, context));
      }
      if (mode.json) io.stdout.write(jsonSet(files));
      else io.stdout.write(renderFiles(files, mode));
      return files.some((f) => f.different) ? 1 : 0;
    } catch (e) {
      if (!isNbgitError(e)) throw e;
      io.stderr.write(`nbgit diff: ${e.message}\n`);
      return 2;
    }
  },
};
