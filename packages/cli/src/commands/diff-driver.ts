/**
 * `nbgit diff-driver`: what git runs as `diff.nbgit.command` (set by `nbgit install`) so that
 * plain `git diff` shows notebooks cell by cell. Git calls it with seven arguments
 * (`PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`; a missing side is /dev/null)
 * or with one (`PATH`) for an unmerged path. Must exit 0 or git stops the diff.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isNbgitError, NbgitError } from '@nbgit/core';
import { parseArgs } from '../args.js';
import { asCleaned, contextFrom, DIFF_OPTIONS, diffOptionsFrom, diffSides, nbgitFiltered, normaliseArgv, OPTIONS_HELP, renderFiles, type Side, useColor } from './diff.js';
import type { Command } from './index.js';

/** Git marks a missing side with the file /dev/null and `.` for its hex and mode (all zeros in old versions). */
const MISSING = /^(\.|0+)$/;

export const command: Command = {
  summary: "git's external diff driver (diff.nbgit.command); use nbgit diff instead",
  usage: `Usage: nbgit diff-driver [options] PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
       nbgit diff-driver PATH            (an unmerged path)

Called by git for paths with the attribute diff=nbgit, once \`git config diff.nbgit.command
"nbgit diff-driver"\` is set (nbgit install does both). Prints the cell-by-cell diff of the
two sides. Colour follows git's pager (GIT_PAGER_IN_USE) or the terminal, and NO_COLOR.
\`git diff --no-ext-diff\` shows the plain text diff instead. Always exits 0 except on bad usage.

${OPTIONS_HELP}`,
  async run(argv, io) {
    const { positionals, options } = parseArgs(normaliseArgv(argv), DIFF_OPTIONS);
    if (positionals.length === 1) {
      io.stdout.write(`* Unmerged path ${positionals[0]}\n`);
      return 0;
    }
    if (positionals.length !== 7) {
      throw new NbgitError('EUSAGE', `expected 7 arguments from git (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE) or 1, got ${positionals.length}`);
    }
    const [path, oldFile, oldHex, oldMode, newFile, newHex, newMode] = positionals;
    const color = useColor(options.color, io);
    const context = contextFrom(options);
    const read = (file: string, hex: string, mode: string): Uint8Array | undefined => {
      if (file === '/dev/null' && (MISSING.test(hex) || MISSING.test(mode))) return undefined;
      try {
        return readFileSync(resolve(io.cwd, file));
      } catch (e) {
        throw new NbgitError('EIO', `cannot read ${file}`, { file: path, cause: e });
      }
    };
    try {
      const a: Side = { label: `a/${path}`, bytes: read(oldFile, oldHex, oldMode) };
      const b: Side = { label: `b/${path}`, bytes: read(newFile, newHex, newMode) };
      // git hands over a working-tree file as it is (not through the clean filter): clean it,
      // so the view shows what git compares (nbdime needs --use-filter for this)
      if (options.filter !== false) {
        const worktree = [oldFile, newFile].map((f) => f !== '/dev/null' && resolve(io.cwd, f) === resolve(io.cwd, path));
        if ((worktree[0] || worktree[1]) && nbgitFiltered([path], io.cwd).has(path)) {
          if (worktree[0]) a.bytes = asCleaned(a.bytes, path, io.cwd);
          if (worktree[1]) b.bytes = asCleaned(b.bytes, path, io.cwd);
        }
      }
      if (a.bytes === undefined) a.label = '/dev/null';
      if (b.bytes === undefined) b.label = '/dev/null';
      const f = await diffSides(path, a, b, diffOptionsFrom(options), color, context);
      if (options.json) {
        io.stdout.write(`${JSON.stringify(f.diff ? { path, diff: f.diff } : { path, error: f.error?.message }, null, 2)}\n`);
        return 0;
      }
      const header = `diff --nbgit a/${path} b/${path}`;
      io.stdout.write(`${color ? `\x1b[1m${header}\x1b[22m` : header}\n`);
      if (!f.different) {
        io.stdout.write(f.diff ? '(no cell changes: only the JSON layout differs, or ignored parts)\n' : '');
        return 0;
      }
      io.stdout.write(renderFiles([f], { json: false, stat: options.stat === true, color, context }));
      return 0;
    } catch (e) {
      if (!isNbgitError(e) || e.code === 'EUSAGE') throw e;
      io.stdout.write(`nbgit diff-driver: ${e.message}\n`);
      return 0;
    }
  },
};
