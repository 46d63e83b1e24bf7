/** `nbgit validate FILE...`: report notebooks that are not valid nbformat. */
import { resolve } from 'node:path';
import { isNbgitError } from '@nbgit/core';
import { formatIssue, fromIpynb, validateNotebook, validInJupyterFormat } from '@nbgit/ipynb';
import { defineCommand } from '../command.js';
import { largeFile, readFileText, textPieces } from '../files.js';
import { collectGarbage, LARGE_INPUT } from '../memory.js';

export const command = defineCommand(
  {
    summary: 'check notebooks against the nbformat schema',
    usage: 'nbgit validate FILE... [--quiet]',
    description: `Checks each FILE (or - for stdin) against the nbformat schema of its own version, as
Python's nbformat does (nbformat 3 against v3; cell ids only from 4.5). Prints one line
per problem as FILE:LINE:COLUMN: PATH: MESSAGE.
Exits 0 when every file is valid, 1 when any is not, 2 on bad usage.`,
    options: { quiet: { type: 'boolean', short: 'q', help: 'print nothing for valid files (the default prints "FILE: ok")' } },
  },
  async ({ positionals, options }, io) => {
    if (positionals.length === 0) {
      io.stderr.write('nbgit validate: no files given (see nbgit validate --help)\n');
      return 2;
    }
    let bad = 0;
    for (const file of positionals) {
      const name = file === '-' ? '<stdin>' : file;
      try {
        // a large file in Jupyter's layout is found valid cell by cell as it is read, never held
        if (file !== '-' && largeFile(file, io.cwd) && validInJupyterFormat(() => textPieces(resolve(io.cwd, file)))) {
          if (!options.quiet) io.stdout.write(`${name}: ok\n`);
          continue;
        }
        const text = await readFileText(file, io);
        collectGarbage(text.length);
        // a large notebook in Jupyter's layout is found valid cell by cell, never parsed whole
        if (text.length >= LARGE_INPUT && validInJupyterFormat(text)) {
          if (!options.quiet) io.stdout.write(`${name}: ok\n`);
          continue;
        }
        // as the file is: no upgrade, and every problem reported rather than the first thrown
        const notebook = fromIpynb(text, { legacy: 'keep', check: false, file: name });
        const issues = validateNotebook(notebook);
        if (issues.length === 0) {
          if (!options.quiet) io.stdout.write(`${name}: ok\n`);
          continue;
        }
        bad++;
        for (const issue of issues) io.stdout.write(`${formatIssue(issue, name)}\n`);
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        bad++;
        io.stdout.write(`${e.file ? e.message : `${name}: ${e.message}`}\n`);
      }
    }
    return bad > 0 ? 1 : 0;
  },
);
