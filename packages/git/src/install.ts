/**
 * `nbgit install`, `uninstall` and `status`: the git config and the attributes line that
 * make git run nbgit for notebooks.
 *
 * Install writes, in one scope (local by default, or `--global`/`--system`):
 *
 * ```
 * [filter "nbgit"]
 *     process = <nbgit> filter-process        # one process per git command
 *     clean = <nbgit> clean %f                # one-shot fallback (git < 2.11)
 *     smudge = <nbgit> smudge %f
 *     required = true                         # a notebook that cannot be read fails `git add`
 * [diff "nbgit"]
 *     textconv = <nbgit> textconv             # `git log -p`, `git show`
 *     command = <nbgit> diff-driver           # `git diff` (external diff driver)
 * [merge "nbgit"]
 *     name = nbgit cell-aware notebook merge
 *     driver = <nbgit> merge-driver %O %A %B %L %P
 * [difftool "nbgit"]                          # `git difftool -t nbgit`: a review page in a browser
 *     cmd = <nbgit> diff --html --open --title "$MERGED" "$LOCAL" "$REMOTE"
 * ```
 *
 * and the line `*.ipynb filter=nbgit diff=nbgit merge=nbgit` to an attributes file.
 * `<nbgit>` is the absolute path of node and of nbgit's bin, quoted for the shell git runs
 * commands with. Every step is idempotent: values already set are not rewritten.
 */
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { NbgitError } from '@nbgit/core';
import { git } from './exec.js';
import { makeDirectory, writeFileAtomic } from './fs.js';
import { parseConfigOriginZ } from './models/config-z.js';

/** Where git config is written: the repository, the user, or the machine. */
export type InstallScope = 'local' | 'global' | 'system';

/** The attributes line install adds. */
export const ATTRIBUTES_LINE = '*.ipynb filter=nbgit diff=nbgit merge=nbgit';

/** Options of {@link install}, {@link uninstall} and {@link installStatus}. */
export interface InstallOptions {
  /** Working directory (inside the repository for the local scope). */
  cwd: string;
  /** Environment for git and for `HOME`/`XDG_CONFIG_HOME` (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** Config scope; default `local`. */
  scope?: InstallScope;
  /** Attributes file to use instead of the scope's default (relative to `cwd`). */
  attributes?: string;
  /**
   * How git should run nbgit, as argv (e.g. `[process.execPath, '/abs/nbgit.js']`); it is
   * quoted into every command. Required by `install`; `status` uses it to spot stale paths.
   */
  command?: string[];
}

/** One git config entry. */
export interface ConfigEntry {
  key: string;
  value: string;
}

/**
 * Quotes arguments for the POSIX shell git runs filter and driver commands with: plain
 * words stay as they are, anything else goes in single quotes (`'` as `'\''`).
 */
export function shellQuote(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_/.:@%+=,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

/** The config entries install writes for a given nbgit command. */
export function installEntries(command: readonly string[]): ConfigEntry[] {
  const nbgit = shellQuote(command);
  return [
    { key: 'filter.nbgit.process', value: `${nbgit} filter-process` },
    { key: 'filter.nbgit.clean', value: `${nbgit} clean %f` },
    { key: 'filter.nbgit.smudge', value: `${nbgit} smudge %f` },
    { key: 'filter.nbgit.required', value: 'true' },
    { key: 'diff.nbgit.textconv', value: `${nbgit} textconv` },
    { key: 'diff.nbgit.command', value: `${nbgit} diff-driver` },
    { key: 'merge.nbgit.name', value: 'nbgit cell-aware notebook merge' },
    { key: 'merge.nbgit.driver', value: `${nbgit} merge-driver %O %A %B %L %P` },
    { key: 'difftool.nbgit.cmd', value: `${nbgit} diff --html --open --title "$MERGED" "$LOCAL" "$REMOTE"` },
  ];
}

/** The keys install writes (what uninstall removes). */
export const INSTALL_KEYS: readonly string[] = installEntries(['nbgit']).map((e) => e.key);

/**
 * Where install records, in the scope's git config, each attributes file it put its line in
 * (one value per file), so uninstall cleans every one of them.
 */
export const ATTRIBUTES_RECORD_KEY = 'nbgit.installedAttributes';

const scopeFlag = (scope: InstallScope) => `--${scope}`;

function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (path === '~' || path.startsWith('~/')) return join(env.HOME || homedir(), path.slice(1));
  return path;
}

/** The repository's top-level folder and git dir, or undefined outside a repository. */
function repoPaths(cwd: string, env?: NodeJS.ProcessEnv): { top: string; gitDir: string } | undefined {
  const r = git(['rev-parse', '--show-toplevel', '--absolute-git-dir'], { cwd, env, ok: [0, 128] });
  if (r.status !== 0) return undefined;
  const [top, gitDir] = r.stdout.split('\n');
  return { top: top!, gitDir: gitDir! };
}

/** {@link repoPaths}, or an error that says why git sees no repository here (not one, or one git refuses: another owner). */
function requireRepo(cwd: string, env?: NodeJS.ProcessEnv): { top: string; gitDir: string } {
  const repo = repoPaths(cwd, env);
  if (repo) return repo;
  const r = git(['rev-parse', '--git-dir'], { cwd, env, ok: [0, 128] });
  if (/dubious ownership/.test(r.stderr)) {
    const at = /repository at '([^']*)'/.exec(r.stderr)?.[1] ?? cwd;
    throw new NbgitError('EUSAGE', `git refuses the repository at ${at}: another user owns it (git config --global --add safe.directory ${at} trusts it)`);
  }
  throw new NbgitError('EUSAGE', 'not inside a git repository (use --global or --system, or run it in a repository)');
}

function systemConfigFile(cwd: string, env: NodeJS.ProcessEnv): string {
  if (env.GIT_CONFIG_SYSTEM) return env.GIT_CONFIG_SYSTEM;
  const r = git(['config', '--system', '--show-origin', '--list'], { cwd, env, ok: [0, 1, 128] });
  const m = /^file:([^\t]+)\t/m.exec(r.stdout) ?? /config file '([^']+)'/.exec(r.stderr);
  return m ? m[1]! : '/etc/gitconfig';
}

/**
 * The attributes file install uses: `--attributes FILE`; else for the local scope the
 * repository's `.gitattributes`; for global/system the scope's `core.attributesFile`, else
 * `$XDG_CONFIG_HOME/git/attributes` (`~/.config/git/attributes`) for global and the
 * `gitattributes` beside the system gitconfig for system.
 */
export function attributesFile(options: InstallOptions): string {
  const env = options.env ?? process.env;
  if (options.attributes) return resolve(options.cwd, expandHome(options.attributes, env));
  const scope = options.scope ?? 'local';
  if (scope === 'local') {
    const repo = requireRepo(options.cwd, env);
    return join(repo.top, '.gitattributes');
  }
  const r = git(['config', scopeFlag(scope), '--get', 'core.attributesFile'], { cwd: options.cwd, env, ok: [0, 1] });
  const configured = r.stdout.trim();
  if (configured) return resolve(options.cwd, expandHome(configured, env));
  if (scope === 'global') {
    const xdg = env.XDG_CONFIG_HOME;
    return join(xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config'), 'git', 'attributes');
  }
  return join(dirname(systemConfigFile(options.cwd, env)), 'gitattributes');
}

/** The config file git writes for a scope (for messages). */
function configFile(options: InstallOptions): string {
  const env = options.env ?? process.env;
  const scope = options.scope ?? 'local';
  if (scope === 'local') {
    const repo = requireRepo(options.cwd, env);
    return join(repo.gitDir, 'config');
  }
  if (scope === 'global') {
    if (env.GIT_CONFIG_GLOBAL) return env.GIT_CONFIG_GLOBAL;
    const home = join(env.HOME || homedir(), '.gitconfig');
    const xdg = join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'git', 'config');
    return existsSync(home) || !existsSync(xdg) ? home : xdg;
  }
  return systemConfigFile(options.cwd, env);
}

function isOurLine(line: string): boolean {
  return line.replace(/\s+$/, '') === ATTRIBUTES_LINE;
}

/**
 * The attributes file with {@link ATTRIBUTES_LINE} appended, in the file's own line ending
 * (CRLF when it has any). The line ends with a line ending exactly when the file did (a new
 * file gets one): a file without a final newline gets a line ending before the line and none
 * after it, so {@link withoutAttributesLine} can tell the separator it added from the
 * file's own bytes and give the file back byte for byte.
 */
function withAttributesLine(text: string | undefined): string {
  if (text === undefined) return `${ATTRIBUTES_LINE}\n`;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (text === '') return ATTRIBUTES_LINE;
  return text.endsWith('\n') ? `${text}${ATTRIBUTES_LINE}${eol}` : `${text}${eol}${ATTRIBUTES_LINE}`;
}

/**
 * The attributes file without our line(s), undoing {@link withAttributesLine} byte for byte:
 * a line with its own line ending is removed with it; a last line without one is removed
 * with the line ending before it that install added (when the file had no final newline).
 * Returns `undefined` when the file should be deleted (install created it: nothing else was
 * there), and `text` itself when the line is not in it.
 */
function withoutAttributesLine(text: string): string | undefined {
  const lines = text.split('\n');
  if (!lines.some(isOurLine)) return text;
  const kept: string[] = [];
  let tail = false; // the last line was ours and had no line ending
  for (let i = 0; i < lines.length; i++) {
    const last = i === lines.length - 1;
    if (!isOurLine(lines[i]!)) kept.push(lines[i]!);
    else if (last) tail = true;
  }
  // `kept` still ends with the text after the last "\n" ('' when the file ended with one).
  const rest = kept.join('\n');
  if (!tail) return rest === '' ? undefined : rest;
  // The line was last, without a line ending: install put the file's line ending before it.
  // `rest` still has the "\r" of a CRLF one; keep the reading that install turns back into `text`.
  for (const original of rest.endsWith('\r') ? [rest.slice(0, -1), rest] : [rest]) if (withAttributesLine(original) === text) return original;
  return rest;
}

/** What {@link install} did. */
export interface InstallResult {
  /** The config file written (or that already had everything). */
  configFile: string;
  /** Keys set by this run. */
  set: string[];
  /** Keys that already had the right value. */
  unchanged: string[];
  /** The attributes file. */
  attributesFile: string;
  /** True when the attributes line was added by this run. */
  attributesAdded: boolean;
}

/** The text of the attributes file `file`, undefined when there is none; an `EIO` NbgitError naming it when it cannot be read. */
function readAttributes(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new NbgitError('EIO', `cannot read: ${code === 'EISDIR' ? 'is a directory' : (e as Error).message}`, { file, cause: e });
  }
}

/** Installs nbgit's filter, diff and merge drivers and the attributes line. Idempotent. */
export function install(options: InstallOptions): InstallResult {
  if (!options.command || options.command.length === 0) throw new NbgitError('EUSAGE', 'install needs the command that runs nbgit');
  const env = options.env ?? process.env;
  const scope = options.scope ?? 'local';
  const file = configFile(options);
  const attrs = attributesFile(options);
  const set: string[] = [];
  const unchanged: string[] = [];
  // read before git config is changed: an attributes file that cannot be read changes nothing
  const text = readAttributes(attrs);
  for (const { key, value } of installEntries(options.command)) {
    const current = git(['config', scopeFlag(scope), '--get-all', key], { cwd: options.cwd, env, ok: [0, 1] }).stdout;
    if (current === `${value}\n`) {
      unchanged.push(key);
      continue;
    }
    git(['config', scopeFlag(scope), '--replace-all', key, value], { cwd: options.cwd, env });
    set.push(key);
  }
  let attributesAdded = false;
  if (text === undefined || !text.split('\n').some(isOurLine)) {
    makeDirectory(dirname(attrs));
    writeFileAtomic(attrs, withAttributesLine(text));
    attributesAdded = true;
  }
  const recorded = git(['config', scopeFlag(scope), '--get-all', ATTRIBUTES_RECORD_KEY], { cwd: options.cwd, env, ok: [0, 1] }).stdout.split('\n');
  if (!recorded.includes(attrs)) git(['config', scopeFlag(scope), '--add', ATTRIBUTES_RECORD_KEY, attrs], { cwd: options.cwd, env });
  return { configFile: file, set, unchanged, attributesFile: attrs, attributesAdded };
}

/** What {@link uninstall} did to one attributes file. */
export interface AttributesRemoval {
  file: string;
  /** `line`: the nbgit line was removed, other lines kept; `deleted`: the file held only the
   * nbgit line and was untracked, so it was deleted; `emptied`: it held only the nbgit line
   * but git tracks it, so it is kept, empty (a teammate's checkout still has it). */
  action: 'line' | 'deleted' | 'emptied';
}

/** What {@link uninstall} did. */
export interface UninstallResult {
  configFile: string;
  /** Keys removed. */
  removed: string[];
  /** Each attributes file that held the nbgit line, and what was done to it. */
  attributes: AttributesRemoval[];
}

/** True when git tracks `file` (in the repository that holds it). */
function isTracked(file: string, env: NodeJS.ProcessEnv): boolean {
  const dir = dirname(file);
  if (!existsSync(dir)) return false;
  return git(['ls-files', '--error-unmatch', '--', file], { cwd: dir, env, ok: 'any' }).status === 0;
}

/**
 * The attributes files uninstall looks at: the ones install recorded in the scope's config,
 * the scope's own (or `--attributes FILE`), and for the local scope the repository's
 * `.gitattributes` and `info/attributes` (installs made before the record existed).
 */
function attributesFilesOf(options: InstallOptions, env: NodeJS.ProcessEnv): string[] {
  const scope = options.scope ?? 'local';
  const files = new Set<string>([attributesFile(options)]);
  const recorded = git(['config', scopeFlag(scope), '--get-all', ATTRIBUTES_RECORD_KEY], { cwd: options.cwd, env, ok: [0, 1] });
  for (const f of recorded.stdout.split('\n')) if (f !== '') files.add(f);
  if (scope === 'local') {
    const repo = requireRepo(options.cwd, env);
    files.add(join(repo.top, '.gitattributes'));
    files.add(join(repo.gitDir, 'info', 'attributes'));
  } else files.add(attributesFile({ ...options, attributes: undefined }));
  return [...files];
}

/**
 * Removes what {@link install} added, and nothing else: its config keys in the scope (other
 * keys, such as the `nbgit.*` strip options, stay) and the nbgit line from every attributes
 * file install wrote it to (other lines stay, byte for byte). A file left with nothing is
 * deleted only when git does not track it: a tracked `.gitattributes` is kept, empty, so one
 * person uninstalling does not delete it for the team.
 */
export function uninstall(options: InstallOptions): UninstallResult {
  const env = options.env ?? process.env;
  const scope = options.scope ?? 'local';
  const file = configFile(options);
  // every attributes file is read before git config is changed: one that cannot be read changes nothing
  const edits: { file: string; rest: string | undefined }[] = [];
  for (const f of attributesFilesOf(options, env)) {
    const text = readAttributes(f);
    if (text === undefined) continue;
    const rest = withoutAttributesLine(text);
    if (rest !== text) edits.push({ file: f, rest });
  }
  const removed: string[] = [];
  for (const key of INSTALL_KEYS) {
    const r = git(['config', scopeFlag(scope), '--unset-all', key], { cwd: options.cwd, env, ok: [0, 5] });
    if (r.status === 0) removed.push(key);
  }
  git(['config', scopeFlag(scope), '--unset-all', ATTRIBUTES_RECORD_KEY], { cwd: options.cwd, env, ok: [0, 5] });
  const attributes: AttributesRemoval[] = [];
  for (const { file: f, rest } of edits) {
    if (rest !== undefined) {
      writeFileAtomic(f, rest);
      attributes.push({ file: f, action: 'line' });
    } else if (isTracked(f, env)) {
      writeFileAtomic(f, '');
      attributes.push({ file: f, action: 'emptied' });
    } else {
      unlinkSync(f);
      attributes.push({ file: f, action: 'deleted' });
    }
  }
  return { configFile: file, removed, attributes };
}

/** One config value and where it is set. */
export interface StatusEntry {
  key: string;
  value: string;
  /** `local`, `global`, `system`, `worktree` or `command`. */
  scope: string;
  /** The file (or `command line:`) it comes from. */
  origin: string;
}

/** What {@link installStatus} found. */
export interface InstallStatus {
  /** True when git will run nbgit for `*.ipynb`: the filter is configured and the attribute resolves to it. */
  installed: boolean;
  /** Every install key found, in every scope. */
  config: StatusEntry[];
  /** Install keys not set in any scope. */
  missing: string[];
  /** Keys whose effective value is not what this nbgit would write (another install path). */
  stale: string[];
  /** `nbgit.*` strip options found. */
  options: StatusEntry[];
  /** Attributes files that contain the nbgit line. */
  attributes: { file: string; line: number }[];
  /** `git check-attr` for a notebook path (inside a repository): attribute to value. */
  checkAttr?: Record<string, string>;
}

function configWithOrigin(args: string[], cwd: string, env: NodeJS.ProcessEnv): StatusEntry[] {
  const r = git(['config', '--show-scope', '--show-origin', '-z', ...args], { cwd, env, ok: [0, 1] });
  return parseConfigOriginZ(r.stdout, { withKey: args.includes('--get-regexp'), key: args[args.length - 1]! });
}

/** Reports what is installed and where, across every scope. */
export function installStatus(options: InstallOptions): InstallStatus {
  const env = options.env ?? process.env;
  const cwd = options.cwd;
  const config: StatusEntry[] = [];
  const missing: string[] = [];
  const stale: string[] = [];
  const expected = options.command ? new Map(installEntries(options.command).map((e) => [e.key, e.value])) : undefined;
  for (const key of INSTALL_KEYS) {
    const found = configWithOrigin(['--get-all', key], cwd, env);
    if (found.length === 0) missing.push(key);
    config.push(...found);
    const effective = found[found.length - 1];
    if (effective && expected && effective.value !== expected.get(key)) stale.push(key);
  }
  const opts = configWithOrigin(['--get-regexp', '^nbgit\\.'], cwd, env).filter((e) => e.key.toLowerCase() !== ATTRIBUTES_RECORD_KEY.toLowerCase());
  const repo = repoPaths(cwd, env);
  const candidates = new Set<string>();
  if (options.attributes) candidates.add(resolve(cwd, expandHome(options.attributes, env)));
  if (repo) {
    candidates.add(join(repo.top, '.gitattributes'));
    candidates.add(join(repo.gitDir, 'info', 'attributes'));
  }
  for (const scope of ['global', 'system'] as const) {
    try {
      candidates.add(attributesFile({ cwd, env, scope }));
    } catch {
      // no such scope here
    }
  }
  const attributes: { file: string; line: number }[] = [];
  for (const f of candidates) {
    if (!existsSync(f)) continue;
    const lines = readFileSync(f, 'utf8').split('\n');
    const i = lines.findIndex(isOurLine);
    if (i !== -1) attributes.push({ file: f, line: i + 1 });
  }
  let checkAttr: Record<string, string> | undefined;
  let attrOk = attributes.length > 0;
  if (repo) {
    const r = git(['check-attr', 'filter', 'diff', 'merge', '--', 'nbgit-status-probe.ipynb'], { cwd, env });
    checkAttr = {};
    for (const line of r.stdout.split('\n')) {
      const m = /^.*: (\w+): (.*)$/.exec(line);
      if (m) checkAttr[m[1]!] = m[2]!;
    }
    attrOk = checkAttr.filter === 'nbgit';
  }
  const installed = attrOk && config.some((e) => e.key === 'filter.nbgit.process');
  return { installed, config, missing, stale, options: opts, attributes, checkAttr };
}

/** A path for messages: relative to `cwd` when inside it. */
export function displayPath(path: string, cwd: string): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}
