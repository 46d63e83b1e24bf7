/** `nbgit fmt FILE... [--check]`: rewrite notebooks in Jupyter's canonical layout. */
import { isNbgitError } from '@nbgit/core';
import { toIpynb } from '@nbgit/ipynb';
import { parseArgs } from '../args.js';
import { readNotebook, writeOutput } from '../files.js';
import type { Command } from './index.js';

export const command: Command = {
  summary: "rewrite notebooks in Jupyter's canonical layout",
  usage: `Usage: nbgit fmt FILE... [--check]

Rewrites each FILE exactly as Jupyter would save it: indent 1, keys sorted, multi-line
strings as lists of lines, a final newline, no byte order mark. The file's line ending is
kept (CRLF stays CRLF). Files already in that layout are not touched.
With - the notebook is read from stdin and written to stdout. Writes are atomic.

  --check   change nothing; list the files that would change and exit 1 if any`,
  async run(argv, io) {
    const { positionals, options } = parseArgs(argv, { check: { type: 'boolean' } });
    if (positionals.length === 0) {
      io.stderr.write('nbgit fmt: no files given (see nbgit fmt --help)\n');
      return 2;
    }
    let changed = 0;
    let failed = 0;
    for (const file of positionals) {
      try {
        const { notebook, bytes } = await readNotebook(file, io);
        let out = toIpynb(notebook, { canonical: true });
        // the file's line ending stays (a CRLF checkout stays CRLF): JSON strings hold no raw
        // newline, so every '\n' of the output is a line break of the layout
        const nl = bytes.indexOf(10);
        if (nl > 0 && bytes[nl - 1] === 13) out = out.replaceAll('\n', '\r\n');
        if (file === '-') {
          io.stdout.write(out);
          continue;
        }
        if (Buffer.from(out, 'utf8').equals(bytes)) continue;
        changed++;
        if (options.check) io.stdout.write(`${file}\n`);
        else {
          writeOutput(file, out, io);
          io.stdout.write(`formatted ${file}\n`);
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
};
