/** `nbgit install [--global|--system] [--attributes FILE]`: make git run nbgit for notebooks. */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { isNbgitError, NbgitError } from '@nbgit/core';
import { attributesFile, displayPath, type InstallOptions, install, installEntries, installHooks, installStatus, overridingLines } from '@nbgit/git';
import { defineCommand } from '../command.js';
import { ensureDirectory, fileSystemError } from '../files.js';
import { commandChoice, SCOPE_OPTIONS, scopeOptions } from '../install-scope.js';
import type { CliIO } from '../io.js';

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
else the absolute path of this nbgit's bin (an installed one's, or a clone's, which breaks
when the clone moves), quoted for the shell; it runs with the node on PATH. It says which.
nbgit status runs each command and reports one that cannot start. Then adds the line

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
    if (hooks && options.scope !== 'local') throw new NbgitError('EUSAGE', '--hooks installs into this repository: not with --global or --system');
    // the attributes file's directory first: when it cannot be made, the hooks and git config stay untouched
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
    if (hooks) {
      let written: string[];
      try {
        written = installHooks(io.cwd, options.command!);
      } catch (e) {
        throw fileSystemError(e, io);
      }
      for (const f of written) io.stdout.write(`Hook: ${displayPath(f, io.cwd)} runs nbgit sync\n`);
    }
    let r: ReturnType<typeof install>;
    try {
      r = install(options);
    } catch (e) {
      // a file as the user names it (relative to the folder the command runs in)
      if (isNbgitError(e) && e.file !== undefined) throw e.withFile(displayPath(e.file, io.cwd));
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
