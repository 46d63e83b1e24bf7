/** `nbgit fmt FILE... [--check]`: rewrite notebooks in Jupyter's canonical layout. */
import { isNbgitError } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { defineCommand } from '../command.js';
import { readNotebook, writeOutput } from '../files.js';

export const command = defineCommand(
  {
    summary: "rewrite notebooks in Jupyter's canonical layout",
    usage: 'nbgit fmt FILE... [--check]',
    description: `Rewrites each FILE exactly as Jupyter would save it: indent 1, keys sorted, multi-line
strings as lists of lines, a final newline, no byte order mark; nbformat 3 is upgraded to
4.5. The file's line ending is kept (CRLF stays CRLF). Files already in that layout are not touched.
With - the notebook is read from stdin and written to stdout. Writes are atomic.`,
    options: {
      check: { type: 'boolean', help: 'change nothing; list the files that would change and exit 1 if any' },
      quiet: { type: 'boolean', short: 'q', help: 'print nothing for the files formatted (errors are still reported)' },
    },
    footer: `Exit status: 0 ok; 1 with --check when a file would change, or when a file could not be
read or written (it is then left as it was); 2 on bad usage.`,
  },
  async ({ positionals, options }, io) => {
    if (positionals.length === 0) {
      io.stderr.write('nbgit fmt: no files given (see nbgit fmt --help)\n');
      return 2;
    }
    let changed = 0;
    let failed = 0;
    for (const file of positionals) {
      try {
        const read = await readNotebook(file, io, { legacy: 'keep' });
        const { text } = read;
        // nbformat 3 is upgraded, as Jupyter saves a notebook it opened as nbformat 4 (and said)
        const upgraded = read.notebook.nbformat === 3;
        const notebook = read.notebook.nbformat === 4 ? read.notebook : fromIpynb(text, { file: file === '-' ? '<stdin>' : file });
        let out = toIpynb(notebook, { canonical: true });
        // the file's line ending stays (a CRLF checkout stays CRLF): JSON strings hold no raw
        // newline, so every '\n' of the output is a line break of the layout
        const nl = text.indexOf('\n');
        if (nl > 0 && text.charCodeAt(nl - 1) === 13) out = out.replaceAll('\n', '\r\n');
        if (file === '-') {
          io.stdout.write(out);
          continue;
        }
        // the text is the file's bytes decoded (valid UTF-8, kept byte order mark): equal
        // texts are equal bytes, and no encoded copy of a large notebook is made to tell
        if (out === text) continue;
        changed++;
        const note = upgraded ? ' (nbformat 3 -> 4)' : '';
        if (options.check) io.stdout.write(`${file}${note}\n`);
        else {
          writeOutput(file, out, io);
          if (!options.quiet) io.stdout.write(`formatted ${file}${note}\n`);
        }
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        failed++;
        io.stderr.write(`nbgit fmt: ${e.file ? e.message : `${file}: ${e.message}`}\n`);
      }
    }
    if (failed > 0) return 1;
    return options.check && changed > 0 ? 1 : 0;
  },
);
