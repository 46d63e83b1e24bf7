/** `nbgit clean [PATH]`: the one-shot clean filter (`filter.nbgit.clean`), stdin to stdout. */
import { isNbgitError } from '@nbgit/core';
import { cleanContent, isFilterRequired, readStripOptions, requiredFilterHint } from '@nbgit/git';
import { defineCommand } from '../command.js';
import { readAll } from '../io.js';

export const command = defineCommand(
  {
    summary: "git's one-shot clean filter (filter.nbgit.clean); see filter-process",
    usage: 'nbgit clean [PATH] < notebook > stripped',
    description: `Reads a notebook on stdin and writes it stripped to stdout, with the strip options of git
config (nbgit.*). PATH (git's %f) names the file in messages; .zpln paths are Zeppelin
notes. A notebook that cannot be read exits 1 with FILE:LINE:COLUMN: and what to do on
stderr, and git (filter.nbgit.required = true) refuses to add it. Cells that still have
conflict markers are kept as they are, with a warning. Git 2.11 and later use the faster
filter-process instead; this is the fallback for older git.`,
    options: {},
    pathsOnly: true,
  },
  async ({ positionals }, io) => {
    const pathname = positionals[0];
    const input = await readAll(io.stdin);
    const warn = (m: string) => io.stderr.write(`nbgit clean: warning: ${m}\n`);
    try {
      const out = cleanContent(input, { pathname, strip: readStripOptions(io.cwd, { env: io.env, warn }), warn });
      io.stdout.write(out);
      return 0;
    } catch (e) {
      if (!isNbgitError(e)) throw e;
      io.stderr.write(`nbgit clean: ${e.file ? e.message : `${pathname ?? '<stdin>'}: ${e.message}`}\n`);
      if (pathname !== undefined && isFilterRequired(io.cwd, io.env))
        io.stderr.write(
          requiredFilterHint(pathname)
            .map((l) => `nbgit clean: ${l}\n`)
            .join(''),
        );
      return 1;
    }
  },
);
