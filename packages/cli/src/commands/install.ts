/** `nbgit install [--global|--system] [--attributes FILE]`: make git run nbgit for notebooks. */
import { accessSync, constants, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NbgitError } from '@nbgit/core';
import { attributesFile, displayPath, type InstallOptions, type InstallScope, install, installEntries } from '@nbgit/git';
import { type OptionSpec, parseArgs } from '../args.js';
import { ensureDirectory, fileSystemError } from '../files.js';
import type { CliIO } from '../io.js';
import type { Command } from './index.js';

/** Options shared by install, uninstall and status. */
export const SCOPE_SPEC: Record<string, OptionSpec> = {
  global: { type: 'boolean' },
  system: { type: 'boolean' },
  attributes: { type: 'string' },
};

/** How git should run this nbgit: absolute node and absolute bin. */
export function nbgitCommand(): string[] {
  const bin = fileURLToPath(new URL('../../../bin/nbgit.js', import.meta.url));
  let real = bin;
  try {
    real = realpathSync(bin);
  } catch {
    // keep the unresolved path
  }
  return [process.execPath, real];
}

/** Install options from the command line. */
export function scopeOptions(argv: string[], io: CliIO, name: string): InstallOptions {
  const { positionals, options } = parseArgs(argv, SCOPE_SPEC);
  if (positionals.length > 0) throw new NbgitError('EUSAGE', `unexpected argument ${JSON.stringify(positionals[0])} (see nbgit ${name} --help)`);
  if (options.global && options.system) throw new NbgitError('EUSAGE', '--global and --system cannot be used together');
  const scope: InstallScope = options.global ? 'global' : options.system ? 'system' : 'local';
  return { cwd: io.cwd, env: io.env, scope, attributes: options.attributes as string | undefined, command: nbgitCommand() };
}

export const command: Command = {
  summary: 'configure git to strip, diff and merge notebooks with nbgit',
  usage: `Usage: nbgit install [--global | --system] [--attributes FILE]

Writes git config (the repository's by default; --global for your user, --system for the
machine) so git runs nbgit for notebooks:

  filter.nbgit.process   NBGIT filter-process   strip outputs on git add, one process per git command
  filter.nbgit.clean     NBGIT clean %f         the same, one process per file (git < 2.11)
  filter.nbgit.smudge    NBGIT smudge %f        checkout: content unchanged
  filter.nbgit.required  true                   a notebook that cannot be read fails git add
  diff.nbgit.textconv    NBGIT textconv         git log -p / git show: readable cells
  diff.nbgit.command     NBGIT diff-driver      git diff: cell-by-cell view
  merge.nbgit.name       nbgit cell-aware notebook merge
  merge.nbgit.driver     NBGIT merge-driver %O %A %B %L %P

where NBGIT is the absolute path of node and of this nbgit, quoted for the shell. Then adds
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
  async run(argv, io) {
    const options = scopeOptions(argv, io, 'install');
    // the attributes file's directory first: when it cannot be made, git config stays untouched
    const attributes = attributesFile(options);
    ensureDirectory(dirname(attributes), io, { file: displayPath(attributes, io.cwd), label: 'the directory' });
    try {
      accessSync(dirname(attributes), constants.W_OK); // written through a temp file beside it
    } catch (e) {
      throw new NbgitError('EIO', `cannot write: permission denied (directory ${displayPath(dirname(attributes), io.cwd)} is not writable)`, { file: displayPath(attributes, io.cwd), cause: e });
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
      return 0;
    }
    const values = new Map(installEntries(options.command!).map((e) => [e.key, e.value]));
    if (r.set.length > 0) {
      io.stdout.write(`Set in ${where}:\n`);
      for (const key of r.set) io.stdout.write(`  ${key} = ${values.get(key)}\n`);
    } else io.stdout.write(`git config in ${where} already up to date.\n`);
    io.stdout.write(r.attributesAdded ? `Added to ${attrs}: *.ipynb filter=nbgit diff=nbgit merge=nbgit\n` : `${attrs} already has the nbgit line.\n`);
    return 0;
  },
};
