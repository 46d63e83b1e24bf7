/** `nbgit fmt FILE... [--check] [--upgrade]`: rewrite notebooks in Jupyter's canonical layout. */
import { resolve } from 'node:path';
import { isNbgitError, type Notebook } from '@nbgit/core';
import { ensureIds, fromIpynb, inJupyterFormat, toIpynb, toIpynbParts } from '@nbgit/ipynb';
import { defineCommand } from '../command.js';
import { largeFile, readFileText, textPieces, writeOutput } from '../files.js';
import { collectGarbage, LARGE_INPUT } from '../memory.js';

export const command = defineCommand(
  {
    summary: "rewrite notebooks in Jupyter's canonical layout",
    usage: 'nbgit fmt FILE... [--check] [--upgrade]',
    description: `Rewrites each FILE in the layout Jupyter writes for the file's own nbformat version:
indent 1, keys sorted, multi-line strings as lists of lines, no byte order mark, a final
newline (nbformat 3 keeps whether it had one: IPython wrote none). The version stays:
nbformat 3 keeps its worksheets, input, prompt_number and heading cells, 4.0-4.4 get no
cell ids. With --upgrade, writes what Jupyter saves today instead: nbformat 4.5, with an
id on every cell (nbformat 3 is converted as nbformat's upgrade does).
The file's line ending is kept (CRLF stays CRLF). Files already in that layout are not touched.
With - the notebook is read from stdin and written to stdout. Writes are atomic.`,
    options: {
      check: { type: 'boolean', help: 'change nothing; list the files that would change and exit 1 if any' },
      upgrade: { type: 'boolean', help: 'upgrade to nbformat 4.5 with cell ids, as Jupyter saves (default: keep the version)' },
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
        // a large file in Jupyter's format already is found so cell by cell as it is read, never held
        if (file !== '-' && !options.upgrade && largeFile(file, io.cwd) && inJupyterFormat(() => textPieces(resolve(io.cwd, file)))) continue;
        const text = await readFileText(file, io);
        collectGarbage(text.length);
        // a large notebook in Jupyter's format already is found so cell by cell, never parsed whole
        if (text.length >= LARGE_INPUT && !options.upgrade && inJupyterFormat(text)) {
          if (file === '-') io.stdout.write(text);
          continue;
        }
        const read = { text, notebook: fromIpynb(text, { legacy: 'keep', file: file === '-' ? '<stdin>' : file }) };
        const { nbformat, nbformat_minor: minor } = read.notebook;
        let notebook: Notebook;
        let note = '';
        if (nbformat === 3 && options.upgrade) {
          notebook = fromIpynb(text, { file: file === '-' ? '<stdin>' : file });
          // what nbformat's writer leaves out of a file it saves (strip_transient): the upgrade's record of the old version
          const { orig_nbformat: _v, orig_nbformat_minor: _m, ...metadata } = notebook.metadata;
          notebook = { ...notebook, metadata };
          note = ` (nbformat 3 -> 4.${notebook.nbformat_minor})`;
        } else if (nbformat === 3 || nbformat === 4) {
          notebook = read.notebook;
          if (options.upgrade && nbformat === 4 && !(minor >= 5)) {
            // ids where Jupyter adds them (derived from each cell: the same notebook gets the same ids)
            notebook = ensureIds(notebook);
            note = ` (nbformat 4.${minor} -> 4.${notebook.nbformat_minor})`;
          }
        } else {
          // nbformat 1 and 2: fromIpynb says what it reads
          notebook = fromIpynb(text, { file: file === '-' ? '<stdin>' : file });
        }
        // the file's line ending stays (a CRLF checkout stays CRLF): JSON strings hold no raw
        // newline, so every '\n' of the output is a line break of the layout
        const nl = text.indexOf('\n');
        const crlf = nl > 0 && text.charCodeAt(nl - 1) === 13;
        // a large notebook is written in parts, made again for the write: its text is never
        // one string beside the notebook and the file's text
        const eol = (p: string) => (crlf ? p.replaceAll('\n', '\r\n') : p);
        const written = notebook;
        const whole = text.length >= LARGE_INPUT ? undefined : eol(toIpynb(written, { canonical: true }));
        const output = (): Iterable<string> => (whole !== undefined ? [whole] : mapParts(toIpynbParts(written, { canonical: true }), eol));
        if (file === '-') {
          for (const part of output()) io.stdout.write(part);
          continue;
        }
        // the text is the file's bytes decoded (valid UTF-8, kept byte order mark): equal
        // texts are equal bytes, and no encoded copy of a large notebook is made to tell
        if (sameText(output(), text)) continue;
        changed++;
        if (options.check) io.stdout.write(`${file}${note}\n`);
        else {
          writeOutput(file, whole ?? output(), io);
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

/** `parts` with `f` applied to each, as they are taken. */
function* mapParts(parts: Iterable<string>, f: (part: string) => string): Generator<string> {
  for (const p of parts) yield f(p);
}

/** True when the concatenation of `parts` is `text`. */
function sameText(parts: Iterable<string>, text: string): boolean {
  let at = 0;
  for (const p of parts) {
    if (!text.startsWith(p, at)) return false;
    at += p.length;
  }
  return at === text.length;
}
