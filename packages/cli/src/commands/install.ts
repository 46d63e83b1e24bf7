/** `nbgit install [--global|--system] [--attributes FILE]`: make git run nbgit for notebooks. */
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NbgitError } from '@nbgit/core';
import {
  ATTRIBUTES_LINE,
  attributesFile,
  displayPath,
  git,
  type InstallOptions,
  type InstallScope,
  install,
  installEntries,
  installHooks,
  installStatus,
} from '@nbgit/git';
import type { OptionsSpec, OptionValues } from '../args.js';
import { defineCommand } from '../command.js';
import { ensureDirectory, fileSystemError } from '../files.js';
import type { CliIO } from '../io.js';

/** Options shared by install, uninstall and status. */
export const SCOPE_OPTIONS = {
  global: { type: 'boolean', help: 'your user (git config --global)' },
  system: { type: 'boolean', help: 'the machine (git config --system)' },
  attributes: { type: 'string', arg: 'FILE', help: 'the attributes file to use (e.g. .git/info/attributes)' },
} as const satisfies OptionsSpec;

/** One attributes line that wins over the nbgit line for notebooks. */
export interface OverridingLine {
  file: string;
  line: number;
  text: string;
}

/**
 * The attributes lines that win over nbgit's for notebooks, when `git check-attr` (`checkAttr`)
 * gives a filter, diff or merge other than nbgit: lines of files that take precedence over the
 * one holding the nbgit line ($GIT_DIR/info/attributes, a .gitattributes nearer the folder),
 * and lines after it in its own file, that set one of those attributes for *.ipynb.
 */
export function overridingLines(options: InstallOptions, checkAttr: Record<string, string>): OverridingLine[] {
  const wrong = ['filter', 'diff', 'merge'].filter((a) => checkAttr[a] !== 'nbgit');
  if (wrong.length === 0) return [];
  const env = options.env ?? process.env;
  const files: string[] = [];
  const info = git(['rev-parse', '--git-path', 'info/attributes'], { cwd: options.cwd, env, ok: [0, 128] }).stdout.trim();
  if (info) files.push(resolve(options.cwd, info));
  const top = git(['rev-parse', '--show-toplevel'], { cwd: options.cwd, env, ok: [0, 128] }).stdout.trim();
  if (top && resolve(options.cwd) !== resolve(top)) files.push(join(options.cwd, '.gitattributes'));
  if (top) files.push(join(top, '.gitattributes'));
  for (const scope of ['global', 'system'] as const) {
    try {
      files.push(attributesFile({ ...options, scope, attributes: undefined }));
    } catch {
      // no such scope here
    }
  }
  const out: OverridingLine[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    const ours = lines.findIndex((l) => l.trim() === ATTRIBUTES_LINE);
    lines.forEach((text, i) => {
      if (i <= ours) return;
      const [pattern, ...attrs] = text.trim().split(/\s+/);
      if (!pattern || pattern.startsWith('#') || !(pattern === '*' || pattern.includes('ipynb'))) return;
      const touches = attrs.some((t) => {
        const name = t.replace(/^[-!]/, '').split('=')[0]!;
        return (wrong.includes(name) && t !== `${name}=nbgit`) || (t === 'binary' && (wrong.includes('diff') || wrong.includes('merge')));
      });
      if (touches) out.push({ file, line: i + 1, text: text.trim() });
    });
    if (ours !== -1) break; // files after the one with the nbgit line cannot win over it
  }
  return out;
}

/** The bin file this nbgit runs from (set by bin/nbgit.cjs or bin/nbgit.js; in-process, the clone's). */
function binFile(): string {
  const set = (globalThis as Record<symbol, unknown>)[Symbol.for('nbgit.bin')];
  return typeof set === 'string' ? set : fileURLToPath(new URL('../../../bin/nbgit.js', import.meta.url));
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * The `nbgit` on PATH when it is this nbgit (its bin file is in this nbgit's bin folder), else
 * undefined. Folders that npx and npm scripts add for their child (node_modules/.bin) do not count.
 */
export function nbgitOnPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const here = dirname(realPath(binFile()));
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    // npx and npm run put node_modules/.bin on PATH for their child only: git will not have it.
    if (!dir || /node_modules[\\/]\.bin[\\/]?$/.test(dir)) continue;
    const candidate = join(dir, 'nbgit');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile() && dirname(realPath(candidate)) === here) return candidate;
      return undefined; // the first nbgit on PATH is what a shell runs: another one
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * How git should run this nbgit: `nbgit` when the `nbgit` on PATH is this one (that
 * survives a Node upgrade and a reinstall in place), else absolute node and absolute bin.
 */
export function nbgitCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  return nbgitOnPath(env) === undefined ? [process.execPath, realPath(binFile())] : ['nbgit'];
}

/** One line saying which command install writes, and why. */
export function commandChoice(command: readonly string[], env: NodeJS.ProcessEnv): string {
  if (command.length === 1) return `Command: nbgit, from PATH (${nbgitOnPath(env)}): it keeps working after a Node upgrade or a reinstall.`;
  return `Command: ${command.join(' ')} (node and this nbgit's bin: no nbgit on PATH is this one; after moving either, run nbgit install again).`;
}

/** Install options from the command line. */
export function scopeOptions(positionals: string[], options: OptionValues<typeof SCOPE_OPTIONS>, io: CliIO, name: string): InstallOptions {
  if (positionals.length > 0) throw new NbgitError('EUSAGE', `unexpected argument ${JSON.stringify(positionals[0])} (see nbgit ${name} --help)`);
  if (options.global && options.system) throw new NbgitError('EUSAGE', '--global and --system cannot be used together');
  const scope: InstallScope = options.global ? 'global' : options.system ? 'system' : 'local';
  return { cwd: io.cwd, env: io.env, scope, attributes: options.attributes, command: nbgitCommand(io.env) };
}

/** Warns when git, after install, still gives notebooks another filter, diff or merge. */
function warnOverrides(options: InstallOptions, io: CliIO): void {
  const checkAttr = installStatus(options).checkAttr;
  if (checkAttr === undefined) return;
  const wrong = ['filter', 'diff', 'merge'].filter((a) => checkAttr[a] !== 'nbgit');
  if (wrong.length === 0) return;
  io.stderr.write(`nbgit install: warning: for *.ipynb, git has ${wrong.map((a) => `${a}=${checkAttr[a]}`).join(' ')} (not nbgit)\n`);
  for (const o of overridingLines(options, checkAttr)) {
    const hint = o.text.includes('nbstripout') ? '; remove it (nbstripout --uninstall does)' : '; remove it';
    io.stderr.write(`nbgit install: warning: ${displayPath(o.file, io.cwd)}:${o.line}: ${o.text} wins over the nbgit line${hint}\n`);
  }
}

export const command = defineCommand(
  {
    summary: 'configure git to strip, diff and merge notebooks with nbgit',
    usage: 'nbgit install [--global | --system] [--attributes FILE]',
    description: `Writes git config (the repository's by default; --global for your user, --system for the
machine) so git runs nbgit for notebooks:

  filter.nbgit.process   NBGIT filter-process   strip outputs on git add, one process per git command
  filter.nbgit.clean     NBGIT clean %f         the same, one process per file (git < 2.11)
  filter.nbgit.smudge    NBGIT smudge %f        checkout: content unchanged
  filter.nbgit.required  true                   a notebook that cannot be read fails git add
  diff.nbgit.textconv    NBGIT textconv         git log -p / git show: readable cells
  diff.nbgit.command     NBGIT diff-driver      git diff: cell-by-cell view
  merge.nbgit.name       nbgit cell-aware notebook merge
  merge.nbgit.driver     NBGIT merge-driver %O %A %B %L %P

where NBGIT is \`nbgit\` when the nbgit on PATH is this one (installed with npm install -g),
else the absolute path of node and of this nbgit, quoted for the shell (it says which). Then adds
the line

  ${'*.ipynb filter=nbgit diff=nbgit merge=nbgit'}

to the attributes file: the repository's .gitattributes (commit it so collaborators get it;
each of them runs nbgit install once), or with --global/--system the scope's
core.attributesFile, else $XDG_CONFIG_HOME/git/attributes (~/.config/git/attributes) for
--global and the gitattributes beside the system gitconfig for --system. --attributes FILE
chooses the file (e.g. .git/info/attributes to keep it private).

Running it again changes nothing. nbgit uninstall removes exactly this; nbgit status shows
what is set and where. Strip options live in git config too, e.g.:

  git config nbgit.extraKeys "metadata.language_info.version cell.metadata.tags"
  git config nbgit.keepCount true

(keys: nbgit.keepOutput, keepCount, sequentialIds, extraKeys, keepMetadataKeys, maxSize,
keepOutputTypes, dropOutputTypes, dropEmptyCells, dropTaggedCells, stripInitCells; see
nbgit strip --help).`,
    options: {
      ...SCOPE_OPTIONS,
      hooks: {
        type: 'boolean',
        help: `also add git hooks for paired notebooks: pre-commit refuses pairs out of step
(nbgit sync --check; or syncs them with git config nbgit.syncOnCommit true),
post-checkout/post-merge/post-rewrite run nbgit sync (notebooks rebuilt from their text)`,
      },
    },
    footer: `Exit status: 0 done (or nothing to do), 1 when git config or the attributes file cannot be
written, 2 on bad usage (also outside a repository without --global or --system).`,
  },
  async ({ positionals, options: flags }, io) => {
    const { hooks, ...scopeFlags } = flags;
    const options = scopeOptions(positionals, scopeFlags, io, 'install');
    if (hooks) {
      if (options.scope !== 'local') throw new NbgitError('EUSAGE', '--hooks installs into this repository: not with --global or --system');
      for (const f of installHooks(io.cwd, options.command!)) io.stdout.write(`Hook: ${displayPath(f, io.cwd)} runs nbgit sync\n`);
    }
    // the attributes file's directory first: when it cannot be made, git config stays untouched
    const attributes = attributesFile(options);
    ensureDirectory(dirname(attributes), io, { file: displayPath(attributes, io.cwd), label: 'the directory' });
    if (existsSync(attributes) && statSync(attributes).isDirectory()) {
      throw new NbgitError('EIO', 'cannot write: is a directory', { file: displayPath(attributes, io.cwd) });
    }
    try {
      accessSync(dirname(attributes), constants.W_OK); // written through a temp file beside it
    } catch (e) {
      throw new NbgitError('EIO', `cannot write: permission denied (directory ${displayPath(dirname(attributes), io.cwd)} is not writable)`, {
        file: displayPath(attributes, io.cwd),
        cause: e,
      });
    }
    let r: ReturnType<typeof install>;
    try {
      r = install(options);
    } catch (e) {
      throw fileSystemError(e, io);
    }
    const where = `${displayPath(r.configFile, io.cwd)} (${options.scope})`;
    const attrs = displayPath(r.attributesFile, io.cwd);
    if (r.set.length === 0 && !r.attributesAdded) {
      io.stdout.write(`nbgit is already installed: ${where} and ${attrs} are up to date; nothing changed.\n`);
      warnOverrides(options, io);
      return 0;
    }
    const values = new Map(installEntries(options.command!).map((e) => [e.key, e.value]));
    if (r.set.length > 0) {
      io.stdout.write(`Set in ${where}:\n`);
      for (const key of r.set) io.stdout.write(`  ${key} = ${values.get(key)}\n`);
    } else io.stdout.write(`git config in ${where} already up to date.\n`);
    io.stdout.write(r.attributesAdded ? `Added to ${attrs}: *.ipynb filter=nbgit diff=nbgit merge=nbgit\n` : `${attrs} already has the nbgit line.\n`);
    if (r.set.length > 0) io.stdout.write(`${commandChoice(options.command!, io.env)}\n`);
    warnOverrides(options, io);
    return 0;
  },
);
