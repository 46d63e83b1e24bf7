/**
 * Paired notebooks on disk: finding a notebook's pair (its `metadata.jupytext.formats`, its text
 * header's, or a jupytext configuration file), the last synced state of each pair, and syncing.
 *
 * The synced state of a text file is the text as it was after nbgit last synced it, kept in
 * `<git dir>/nbgit/sync.json` (outside a repository: `$XDG_STATE_HOME/nbgit/sync.json`, default
 * `~/.local/state`); without a record, the version committed at HEAD.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isJsonObject, isNbgitError, NbgitError, type Notebook } from '@nbgit/core';
import { parseFormatName, readText, writeText } from '@nbgit/formats';
import { fromIpynb, inReadVersion, toIpynb } from '@nbgit/ipynb';
import {
  CONFIG_FILES,
  type PairCodec,
  type PairedPath,
  type PairFormat,
  pairedPaths,
  parseJupytextConfig,
  parsePairing,
  planSync,
  type SyncPlan,
} from '@nbgit/sync';
import { scriptExtension } from '@nbgit/text';
import { git } from './exec.js';
import { prepareWrite, writeFileAtomic } from './fs.js';

const posix = (p: string) => p.split(sep).join('/');

/** A notebook and its text files, as a pairing declares them. */
export interface Pair {
  /** Absolute path of the `.ipynb`. */
  notebook: string;
  /** The text members: absolute path and format. */
  texts: { path: string; format: PairFormat }[];
  /** Where the pairing comes from: the notebook's metadata, a text header, or a config file. */
  source: string;
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    const why = code === 'ENOTDIR' ? 'a part of its path is a file, not a folder' : (e as Error).message;
    throw new NbgitError('EIO', `cannot read: ${why}`, { file: path, cause: e });
  }
}

/** `metadata.jupytext.formats` of a notebook, when it has one. */
function formatsOf(nb: Notebook): string | undefined {
  const j = nb.metadata.jupytext;
  if (!isJsonObject(j ?? null)) return undefined;
  const f = (j as Record<string, unknown>).formats;
  return typeof f === 'string' ? f : Array.isArray(f) ? f.join(',') : undefined;
}

/** The nearest jupytext configuration file with a pairing, from `dir` up to `stop` (or the file system root). */
function findConfig(dir: string, stop: string | undefined): { formats: string; dir: string; file: string } | undefined {
  let d = dir;
  for (;;) {
    for (const name of CONFIG_FILES) {
      const file = join(d, name);
      const bytes = readIfExists(file);
      if (bytes === undefined) continue;
      const config = parseJupytextConfig(bytes.toString('utf8'), file);
      if (config?.formats) return { formats: config.formats, dir: d, file };
      if (config) return undefined; // jupytext stops at the first configuration file
    }
    if (stop !== undefined && resolve(d) === resolve(stop)) return undefined;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** The top of the git work tree containing `dir`, or undefined. */
export function workTreeOf(dir: string): string | undefined {
  const r = git(['rev-parse', '--show-toplevel'], { cwd: dir, ok: [0, 128] });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** How a text format is read and written, for `planSync`. */
function codecFor(format: PairFormat, path: string, existing: string | undefined, nb: Notebook | undefined): PairCodec {
  const ext = format.extension === '.auto' ? path.slice(path.lastIndexOf('.')) : format.extension;
  let name = format.formatName ? `${ext.slice(1)}:${format.formatName}` : ext.slice(1);
  // Quarto and MyST files have a format of their own (qmd, myst); other extensions are scripts
  const document = ['.qmd', '.myst'].includes(ext.toLowerCase());
  if (document && !format.formatName) name = ext.slice(1).toLowerCase();
  else if (!format.formatName && ext !== '.md' && ext !== '.ipynb') {
    // jupytext's default script format is light; a script whose header says another is read as it says
    const said = existing?.match(/^\s*#?\s*format_name:\s*(\w+)/m)?.[1];
    const candidates = [said, 'light', 'percent'].filter((n): n is string => n !== undefined);
    name = candidates.map((n) => `${ext.slice(1)}:${n}`).find(known) ?? `${ext.slice(1)}:percent`;
  }
  void nb;
  return {
    readText: (text) => readText(text, name, { file: path, extension: ext }),
    writeText: (notebook) => {
      try {
        return writeText(notebook, name, { extension: ext });
      } catch (e) {
        // a writer's error has no file (toMyst reads its text back): say which text could not be written
        if (!isNbgitError(e) || e.file !== undefined) throw e;
        throw new NbgitError(e.code, `the notebook cannot be written as ${name}: ${e.reason}`, { file: path, cause: e });
      }
    },
  };
}

function known(name: string): boolean {
  try {
    parseFormatName(name);
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link findPair}. */
export interface FindPairOptions {
  /**
   * The notebook's `metadata.jupytext.formats` as it is to be (`nbgit pair`, before it writes
   * them): the pairing is worked out, and checked, from these instead of the file.
   */
  formats?: string;
}

/**
 * The pair of `path` (a notebook or one of its text files), or undefined when nothing pairs it.
 * The pairing is taken from the file itself (notebook metadata or text header), else from the
 * nearest jupytext configuration file. Throws `EDENIED` for a pairing giving a file out of
 * the repository (or out of its configuration file's folder).
 */
export function findPair(path: string, options: FindPairOptions = {}): Pair | undefined {
  const abs = resolve(path);
  confineToRepository([abs]);
  const pair = pairOf(path, abs, options.formats);
  if (pair !== undefined) confineToRepository([pair.notebook, ...pair.texts.map((t) => t.path)], abs);
  return pair;
}

function pairOf(path: string, abs: string, given: string | undefined): Pair | undefined {
  const bytes = given === undefined ? readIfExists(abs) : undefined;
  let formats = given;
  let source = given === undefined ? '' : `${path} (metadata)`;
  let root: string | undefined;
  if (bytes !== undefined) {
    if (abs.toLowerCase().endsWith('.ipynb')) formats = formatsOf(fromIpynb(bytes, { file: path }));
    else {
      const head = bytes.subarray(0, 4096).toString('utf8');
      if (/jupytext:|formats:/.test(head)) {
        try {
          formats = formatsOf(readText(bytes, parseFormatName(abs.toLowerCase().endsWith('.md') ? 'md' : 'py:percent'), { file: path }));
        } catch (e) {
          // a header that declares a pairing but does not read is an error (the text-first layout's notebook would never
          // be made, in silence); any other text that merely mentions jupytext is not paired by itself
          if (isNbgitError(e) && /^[\s#/;%-]*formats:/m.test(head)) throw e;
          formats = undefined;
        }
      }
    }
    if (formats) source = `${path} (metadata)`;
  }
  if (!formats) {
    const top = workTreeOf(dirname(abs));
    const config = findConfig(dirname(abs), top);
    if (!config) return undefined;
    formats = config.formats;
    root = '';
    source = config.file;
    const rel = posix(relative(config.dir, abs));
    return confined(toPair(rel, parsePairing(formats), source, config.dir, root), config.dir, formats);
  }
  const pair = toPair(posix(abs), parsePairing(formats), source, '', undefined);
  // a pairing that leaves the notebook's folder stays in the repository (jupytext's ../ and root// prefixes)
  if (pair === undefined || [pair.notebook, ...pair.texts.map((t) => t.path)].every((p) => inside(p, dirname(abs)))) return pair;
  const top = workTreeOf(dirname(abs));
  return top === undefined ? pair : confined(pair, top, formats);
}

/** `p` with its symbolic links resolved; the part that does not exist yet is kept as named. */
function realPathOf(p: string): string {
  const missing: string[] = [];
  for (let d = p; ; d = dirname(d)) {
    try {
      return join(realpathSync(d), ...missing.reverse());
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(d) === d) return p;
      missing.push(basename(d));
    }
  }
}

/**
 * The top of the git work tree `path` is in, found by the folders its name goes through (a
 * folder that holds `.git` and is not itself a symbolic link), or undefined outside one. Unlike
 * `git rev-parse`, which runs in the folder a link leads to, this is the repository the name is in.
 */
function repositoryOf(path: string): string | undefined {
  for (let d = dirname(path); ; d = dirname(d)) {
    if (!lstatSync(d, { throwIfNoEntry: false })?.isSymbolicLink() && lstatSync(join(d, '.git'), { throwIfNoEntry: false }) !== undefined) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Throws an `EDENIED` {@link NbgitError} naming the first of `paths` that a symbolic link (a
 * folder of its path, or the file itself) leads out of the git work tree that `from` (default:
 * that path) is in: nbgit neither reads nor writes a pair's files there. Nothing is checked
 * outside a work tree.
 */
export function confineToRepository(paths: readonly string[], from?: string): void {
  for (const p of paths) {
    const top = repositoryOf(from ?? p);
    if (top === undefined) continue;
    const realTop = realPathOf(top);
    const real = realPathOf(p);
    if (real !== realTop && !inside(real, realTop))
      throw new NbgitError('EDENIED', `a symbolic link leads it out of the repository (to ${real}): nbgit does not read or write files there`, { file: p });
  }
}

function inside(path: string, dir: string): boolean {
  const r = relative(dir, path);
  return r !== '' && !r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r);
}

/**
 * `pair`, when its files are all inside `boundary` (the folder of the jupytext configuration
 * file it comes from, else the repository): a pairing from a cloned repository's files must not
 * make nbgit sync (run by the checkout hooks too) read or write elsewhere (`/etc//py`, `../../`).
 */
function confined(pair: Pair | undefined, boundary: string, formats: string): Pair | undefined {
  if (pair === undefined) return pair;
  for (const p of [pair.notebook, ...pair.texts.map((t) => t.path)])
    if (!inside(p, boundary))
      throw new NbgitError('EDENIED', `the pairing "${formats}" (${pair.source}) gives ${resolve(p)}, outside ${boundary}: nbgit does not sync files there`);
  return pair;
}

function toPair(path: string, formats: PairFormat[], source: string, base: string, root: string | undefined): Pair | undefined {
  const members: PairedPath[] = pairedPaths(path, formats, { root });
  const abs = (p: string) => (base ? resolve(base, p) : p);
  const nb = members.find((m) => m.format.extension === '.ipynb');
  if (!nb) throw new NbgitError('EFORMAT', `the pairing "${formats.map((f) => f.extension).join(',')}" has no ipynb notebook (${source})`);
  return { notebook: abs(nb.path), texts: members.filter((m) => m !== nb).map((m) => ({ path: abs(m.path), format: m.format })), source };
}

/** At most this many synced-state records are kept outside a repository (newest first)... */
export const OUTSIDE_MAX_ENTRIES = 1000;
/** ...holding at most this many characters of text in all. */
export const OUTSIDE_MAX_CHARS = 8_000_000;

/** The synced states, kept in the git directory (or the user's state directory outside git). */
export class SyncState {
  private readonly file: string;
  private readonly data: { version: 1; texts: Record<string, string> };
  private readonly top: string | undefined;

  constructor(cwd: string) {
    this.top = workTreeOf(cwd);
    if (this.top) {
      const gitDir = git(['rev-parse', '--absolute-git-dir'], { cwd }).stdout.trim();
      this.file = join(gitDir, 'nbgit', 'sync.json');
    } else {
      const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
      this.file = join(state, 'nbgit', 'sync.json');
    }
    const bytes = readIfExists(this.file);
    let data: unknown;
    try {
      data = bytes ? JSON.parse(bytes.toString('utf8')) : undefined;
    } catch {
      data = undefined; // a damaged record is no record: sync then uses HEAD or asks
    }
    this.data =
      isJsonObject((data ?? null) as never) && isJsonObject(((data as { texts?: unknown }).texts ?? null) as never)
        ? (data as never)
        : { version: 1, texts: {} };
  }

  /** Where the record is kept (for messages and the README). */
  get path(): string {
    return this.file;
  }

  private key(path: string): string {
    return this.top ? posix(relative(this.top, resolve(path))) : resolve(path);
  }

  /** The last synced text of `path`: the record, else the version committed at HEAD. */
  synced(path: string): string | undefined {
    const recorded = this.data.texts[this.key(path)];
    if (recorded !== undefined) return recorded;
    if (!this.top) return undefined;
    const r = git(['cat-file', 'blob', `HEAD:${this.key(path)}`], { cwd: this.top, ok: [0, 128] });
    return r.status === 0 ? r.stdout : undefined;
  }

  record(path: string, text: string): void {
    const key = this.key(path);
    delete this.data.texts[key]; // the newest record last: the bound below drops the oldest first
    this.data.texts[key] = text;
  }

  /**
   * Writes the record. Records of files that no longer exist are dropped; outside a repository
   * (one record for every folder the user converts in) only the newest {@link OUTSIDE_MAX_ENTRIES}
   * records within {@link OUTSIDE_MAX_CHARS} are kept: without a record, convert and sync fall back
   * to what they do for a file nbgit never wrote. Throws an `EIO` NbgitError naming the record
   * when it cannot be written.
   */
  save(): void {
    const texts = this.data.texts;
    const keys = Object.keys(texts);
    for (const k of keys) if (!existsSync(this.top ? resolve(this.top, k) : k)) delete texts[k];
    if (!this.top) {
      let chars = 0;
      let kept = 0;
      const newestFirst = Object.keys(texts).reverse();
      for (const k of newestFirst) {
        chars += texts[k]!.length;
        if (++kept > OUTSIDE_MAX_ENTRIES || chars > OUTSIDE_MAX_CHARS) delete texts[k];
      }
    }
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileAtomic(this.file, `${JSON.stringify(this.data)}\n`, { onlyIfChanged: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a part of its path is a file, not a folder' : (e as Error).message;
      throw new NbgitError('EIO', `cannot record the synced state: ${why}`, { file: this.file, cause: e });
    }
  }
}

/** The outcome of syncing one text file with its notebook. */
export interface SyncOutcome {
  notebook: string;
  text: string;
  plan: SyncPlan;
  /** Files written (empty with `check`). */
  written: string[];
}

/** Options of {@link syncPair}. */
export interface SyncPairOptions {
  /** Only report (`--check`). */
  check?: boolean;
  /** When no synced state says which side changed: which wins. */
  prefer?: 'text' | 'notebook';
  /**
   * The notebook's bytes as they are to be (`nbgit pair`: with its new formats), not yet
   * written: the pair is planned from them instead of the file, and they are written (unless
   * `check`) only when every member plans and reads back, with the other files of the pair.
   */
  notebook?: string | Uint8Array;
}

/**
 * Syncs each text file of `pair` with its notebook. Writes atomically; records the synced texts.
 * Every member is planned, and every text to write is read back, before any file is written:
 * a member that fails (a text that does not read, a notebook a format cannot write or read
 * back) throws a located NbgitError and leaves every file of the pair as it was. Then the
 * text folders are made, the notebook is written once (as the last member leaves it), then the
 * texts (jupytext's order: a text is never older than its notebook); a file whose bytes would
 * not change is not rewritten.
 */
export function syncPair(pair: Pair, state: SyncState, options: SyncPairOptions = {}): SyncOutcome[] {
  const planned: { path: string; plan: SyncPlan; text: string | undefined; notebookBytes: string | undefined }[] = [];
  const nbBytes = options.notebook ?? readIfExists(pair.notebook);
  // each member is planned against the notebook as the members before it leave it
  let notebook = nbBytes === undefined ? undefined : fromIpynb(nbBytes, { file: pair.notebook });
  for (const member of pair.texts) {
    const textBytes = readIfExists(member.path);
    const text = textBytes?.toString('utf8');
    let path = member.path;
    if (member.format.extension === '.auto' && notebook) path = `${path.slice(0, path.lastIndexOf('.'))}${scriptExtension(notebook.metadata) ?? '.py'}`;
    const codec = codecFor(member.format, path, text, notebook);
    let plan = planSync({ notebook, text, synced: state.synced(path) }, codec);
    if (plan.action === 'undecided' && options.prefer) {
      plan =
        options.prefer === 'text'
          ? planSync({ notebook, text, synced: notebook ? codec.writeText(notebook) : undefined }, codec)
          : planSync({ notebook, text, synced: text }, codec);
    }
    let notebookBytes: string | undefined;
    if (!options.check && plan.action !== 'undecided') {
      if (plan.notebook) {
        // the notebook keeps its version: nbformat 3 stays 3
        notebookBytes = toIpynb(notebook ? inReadVersion(plan.notebook, notebook) : plan.notebook);
        notebook = fromIpynb(notebookBytes, { file: pair.notebook });
      }
      if (plan.text !== undefined) readsBack(plan.text, codec, path);
    }
    planned.push({ path, plan, text, notebookBytes });
  }
  const out: SyncOutcome[] = planned.map(({ path, plan }) => ({ notebook: pair.notebook, text: path, plan, written: [] }));
  if (options.check) return out;
  const writes = planned.filter((p) => p.plan.action !== 'undecided');
  const last = writes.findLast((p) => p.notebookBytes !== undefined);
  const notebookBytes = last?.notebookBytes ?? options.notebook;
  // a folder that cannot be made, or a read-only file to change, fails before any file is written
  if (notebookBytes !== undefined) prepareWrite(pair.notebook, notebookBytes);
  for (const { path, plan } of writes) if (plan.text !== undefined) prepareWrite(path, plan.text);
  if (notebookBytes !== undefined && writeFileAtomic(pair.notebook, notebookBytes, { onlyIfChanged: true })) {
    // in the outcomes that changed it (`nbgit sync --stage` adds it), else the first
    const changedBy = out.filter((_, i) => planned[i]!.notebookBytes !== undefined && planned[i]!.plan.action !== 'undecided');
    for (const o of changedBy.length > 0 ? changedBy : out.slice(0, 1)) o.written.push(pair.notebook);
  }
  planned.forEach(({ path, plan, text }, i) => {
    if (plan.action === 'undecided') return;
    if (plan.text !== undefined && writeFileAtomic(path, plan.text, { onlyIfChanged: true })) out[i]!.written.push(path);
    const now = plan.text ?? text;
    if (now !== undefined && plan.conflicts.length === 0) state.record(path, now);
  });
  return out;
}

/**
 * Throws when the text sync would write to `path` does not read back (a writer may write what
 * its reader refuses, such as a header kernelspec without the name nbformat requires): written,
 * the pair could not be synced again.
 */
function readsBack(text: string, codec: PairCodec, path: string): void {
  try {
    codec.readText(text);
  } catch (e) {
    if (!isNbgitError(e)) throw e;
    const where = e.position ? `line ${e.position.line}: ` : '';
    throw new NbgitError(e.code, `the text written from the notebook would not read back (${where}${e.reason}); nothing written`, { file: path, cause: e });
  }
}

/** Whether `path` exists and is a directory. */
export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
