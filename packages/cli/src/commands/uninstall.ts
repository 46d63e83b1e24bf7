/** `nbgit uninstall [--global|--system] [--attributes FILE]`: remove what nbgit install added. */
import { isNbgitError } from '@nbgit/core';
import { attributesFile, displayPath, uninstall, uninstallHooks } from '@nbgit/git';
import { defineCommand } from '../command.js';
import { fileSystemError } from '../files.js';
import { SCOPE_OPTIONS, scopeOptions } from '../install-scope.js';

export const command = defineCommand(
  {
    summary: 'remove the git config and attributes line nbgit install added',
    usage: 'nbgit uninstall [--global | --system] [--attributes FILE]',
    description: `Removes from the same scope exactly what nbgit install added: the filter.nbgit.*,
diff.nbgit.* and merge.nbgit.* keys it sets, and the line
"*.ipynb filter=nbgit diff=nbgit merge=nbgit" from every attributes file install wrote it to
(and, for a repository, from .gitattributes and .git/info/attributes). Strip options
(nbgit.*) and every other line are kept, byte for byte. A file left with nothing in it is
deleted only when git does not track it: a tracked .gitattributes is kept (empty), so one
person uninstalling does not delete it for the team.
Exit status: 0 done (or nothing to do), 1 when a file cannot be written, 2 on bad usage.`,
    options: SCOPE_OPTIONS,
  },
  async ({ positionals, options: flags }, io) => {
    const options = scopeOptions(positionals, flags, io, 'uninstall');
    let r: ReturnType<typeof uninstall>;
    try {
      r = uninstall(options);
    } catch (e) {
      // a file as the user names it (relative to the folder the command runs in)
      if (isNbgitError(e) && e.file !== undefined) throw e.withFile(displayPath(e.file, io.cwd));
      throw fileSystemError(e, io);
    }
    // nbgit's blocks in the git hooks (nbgit install --hooks), other hook lines kept
    if (options.scope === 'local') for (const f of uninstallHooks(io.cwd)) io.stdout.write(`Removed the nbgit sync hook from ${displayPath(f, io.cwd)}\n`);
    const where = `${displayPath(r.configFile, io.cwd)} (${options.scope})`;
    if (r.removed.length === 0 && r.attributes.length === 0) {
      io.stdout.write(`nbgit is not installed in ${where} or ${displayPath(attributesFile(options), io.cwd)}; nothing changed.\n`);
      return 0;
    }
    if (r.removed.length > 0) io.stdout.write(`Removed from ${where}: ${r.removed.join(', ')}\n`);
    for (const a of r.attributes) {
      const file = displayPath(a.file, io.cwd);
      if (a.action === 'line') io.stdout.write(`Removed the nbgit line from ${file}\n`);
      else if (a.action === 'deleted') io.stdout.write(`Removed ${file} (it held only the nbgit line)\n`);
      else io.stdout.write(`Removed the nbgit line from ${file}; it is now empty and kept, as git tracks it (git rm it to delete it for everyone)\n`);
    }
    return 0;
  },
);
