/** `nbgit textconv FILE`: a readable text form of a notebook for `git log -p` (`diff.nbgit.textconv`). */
import { isNbgitError, NbgitError } from '@nbgit/core';
import { notebookText } from '@nbgit/git';
import { fromIpynb } from '@nbgit/ipynb';
import { defineCommand } from '../command.js';
import { readInput } from '../files.js';

export const command = defineCommand(
  {
    summary: 'print a notebook as readable text (diff.nbgit.textconv, for git log -p)',
    usage: 'nbgit textconv FILE',
    options: {},
    description: `Prints FILE (or - for stdin) as stable, readable text: a line per notebook metadata key,
then each cell with its type, id and execution count, its source as it is, and its outputs
(text shown, images as type, size and hash). Cells carry the labels of nbgit diff but no
position (## cell (code, id x)), so a cell inserted above changes no other line and git log -p
shows a one-cell change in a few lines; a cell without an id (nbformat before 4.5) is named
by a short hash of its source (## cell (code, hash 1a2b3c4d)). Git runs it for \`git log -p\`,
\`git show\` and \`git diff --no-ext-diff\` once nbgit install set diff.nbgit.textconv.
A file that is not a notebook is printed as it is (with a warning on stderr), so the diff
still works. Exit status: 0 (also for a file that is not a notebook), 1 when FILE cannot be
read, 2 on bad usage.`,
  },
  async ({ positionals }, io) => {
    if (positionals.length !== 1) throw new NbgitError('EUSAGE', `expected one FILE, got ${positionals.length} (see nbgit textconv --help)`);
    const file = positionals[0]!;
    const bytes = await readInput(file, io);
    try {
      io.stdout.write(notebookText(fromIpynb(bytes, { file: file === '-' ? '<stdin>' : file, legacy: 'keep' })));
    } catch (e) {
      if (!isNbgitError(e)) throw e;
      io.stderr.write(`nbgit textconv: warning: ${e.message}; showing the file as it is\n`);
      io.stdout.write(bytes);
    }
    return 0;
  },
);
