/** `nbgit uninstall [--global|--system] [--attributes FILE]`: remove what nbgit install added. */
import { displayPath, uninstall, uninstallHooks } from '@nbgit/git';
import { defineCommand } from '../command.js';
import { fileSystemError } from '../files.js';
import { SCOPE_OPTIONS, scopeOptions } from './install.js';

export const command = defineCommand(
  {
    summary: 'remove the git config and attributes line nbgit install added',
    usage: 'nbgit uninstall [--global | --system] [--attributes FILE]',
    description: `Removes from the same scope exactly what nbgit install added: the filter.nbgit.*,
diff.nbgit.* and merge.nbgit.* keys it sets, and the line
"*.ipynb filter=nbgit diff=nbgit merge=nbgit" from the attributes file (the file is deleted
if nothing else is left in it). Strip options (nbgit.*) and other lines are kept.
Exit status: 0 done (or nothing to do), 1 when a file cannot be written, 2 on bad usage.`,
    options: SCOPE_OPTIONS,
  },
  async ({ positionals, options: flags }, io) => {
    const options = scopeOptions(positionals, flags, io, 'uninstall');
    let r: ReturnType<typeof uninstall>;
    try {
      r = uninstall(options);
    } catch (e) {
      throw fileSystemError(e, io);
    }
    // nbgit's blocks in the git hooks (nbgit install --hooks), other hook lines kept
    if (options.scope === 'local') for (const f of uninstallHooks(io.cwd)) io.stdout.write(`Removed the nbgit sync hook from ${displayPath(f, io.cwd)}\n`);
    const where = `${displayPath(r.configFile, io.cwd)} (${options.scope})`;
    const attrs = displayPath(r.attributesFile, io.cwd);
    if (r.removed.length === 0 && !r.attributesRemoved) {
      io.stdout.write(`nbgit is not installed in ${where} or ${attrs}; nothing changed.\n`);
      return 0;
    }
    if (r.removed.length > 0) io.stdout.write(`Removed from ${where}: ${r.removed.join(', ')}\n`);
    if (r.attributesRemoved)
      io.stdout.write(r.attributesFileDeleted ? `Removed ${attrs} (it held only the nbgit line)\n` : `Removed the nbgit line from ${attrs}\n`);
    return 0;
  },
);
