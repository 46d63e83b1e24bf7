/**
 * `nbgit diff-driver`: what git runs as `diff.nbgit.command` (set by `nbgit install`) so that
 * plain `git diff` shows notebooks cell by cell. Git calls it with seven arguments
 * (`PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`; a missing side is /dev/null),
 * nine for a rename or copy (`... NEW-PATH RENAME-INFO`, the info being git's header lines:
 * `similarity index 90%`, `rename from a`, `rename to b`, `index ...`), or one (`PATH`) for an
 * unmerged path. Must exit 0 or git stops the diff.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isNbgitError, jsonText, NbgitError } from '@nbgit/core';
import { jsonEntry, renderFiles } from '@nbgit/diff';
import { asStored, nbgitFiltered } from '@nbgit/git';
import { defineCommand } from '../command.js';
import { DIFF_OPTIONS, diffSettings, diffSides, type Side } from '../notebook-diff.js';

/** Git marks a missing side with the file /dev/null and `.` for its hex and mode (all zeros in old versions). */
const MISSING = /^(\.|0+)$/;

/** The lines of git's rename info that say what happened (its `index` line is left out, as in nbgit's other headers). */
const INFO_LINE = /^(similarity index|dissimilarity index|rename from|rename to|copy from|copy to) /;

export const command = defineCommand(
  {
    summary: "git's external diff driver (diff.nbgit.command); use nbgit diff instead",
    usage: [
      'nbgit diff-driver [options] PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH RENAME-INFO]',
      'nbgit diff-driver PATH            (an unmerged path)',
    ],
    description: `Called by git for paths with the attribute diff=nbgit, once \`git config diff.nbgit.command
"nbgit diff-driver"\` is set (nbgit install does both). Prints the cell-by-cell diff of the
two sides, after git's header lines (new file, old/new mode, similarity and rename). Git adds
NEW-PATH and RENAME-INFO for a renamed or copied file (git diff -M). Colour follows git's
pager (GIT_PAGER_IN_USE) or the terminal, and NO_COLOR. \`git diff --no-ext-diff\` shows the
plain text diff instead. Always exits 0 except on bad usage.`,
    options: DIFF_OPTIONS,
  },
  async ({ positionals, options }, io) => {
    // under `git difftool` git still runs this driver (an attribute's diff command outranks
    // GIT_EXTERNAL_DIFF): hand the pair to difftool's helper, which runs the tool asked for
    const helper = io.env.GIT_EXTERNAL_DIFF;
    if (helper !== undefined && /(^|\/)git-difftool--helper$/.test(helper) && positionals.length >= 7) {
      const r = spawnSync(helper, positionals, { cwd: io.cwd, env: io.env, stdio: ['inherit', 'pipe', 'pipe'] });
      io.stdout.write(r.stdout ?? '');
      io.stderr.write(r.stderr ?? '');
      return r.status ?? 1;
    }
    if (positionals.length === 1) {
      io.stdout.write(`* Unmerged path ${positionals[0]}\n`);
      return 0;
    }
    if (positionals.length !== 7 && positionals.length !== 9) {
      throw new NbgitError(
        'EUSAGE',
        `expected 7 arguments from git (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE), 9 for a rename (... NEW-PATH RENAME-INFO) or 1, got ${positionals.length}`,
      );
    }
    // seven or nine arguments (checked above)
    const [path, oldFile, oldHex, oldMode, newFile, newHex, newMode] = positionals as [string, string, string, string, string, string, string];
    const newPath = positionals.length === 9 ? positionals[7]! : path;
    const info = positionals.length === 9 ? positionals[8]!.split('\n').filter((l) => INFO_LINE.test(l)) : [];
    const settings = diffSettings(options, io);
    const repo = { cwd: io.cwd, env: io.env };
    const read = (file: string, hex: string, mode: string): Uint8Array | undefined => {
      if (file === '/dev/null' && (MISSING.test(hex) || MISSING.test(mode))) return undefined;
      try {
        return readFileSync(resolve(io.cwd, file));
      } catch (e) {
        throw new NbgitError('EIO', `cannot read ${file}`, { file: path, cause: e });
      }
    };
    const modeOf = (mode: string) => (MISSING.test(mode) ? undefined : mode);
    const header = `diff --nbgit a/${path} b/${newPath}`;
    if (!options.json) io.stdout.write(`${settings.color ? `\x1b[1m${header}\x1b[22m` : header}\n`);
    try {
      const a: Side = { label: `a/${path}`, bytes: read(oldFile, oldHex, oldMode), mode: modeOf(oldMode) };
      const b: Side = { label: `b/${newPath}`, bytes: read(newFile, newHex, newMode), mode: modeOf(newMode), formatPath: newPath };
      // git hands over a working-tree file as it is (not through the clean filter): clean it,
      // so the view shows what git compares (nbdime needs --use-filter for this)
      if (options.filter !== false) {
        const worktree = [
          oldFile !== '/dev/null' && resolve(io.cwd, oldFile) === resolve(io.cwd, path),
          newFile !== '/dev/null' && resolve(io.cwd, newFile) === resolve(io.cwd, newPath),
        ];
        const filtered = worktree[0] || worktree[1] ? nbgitFiltered([...new Set([path, newPath])], repo) : new Set<string>();
        if (worktree[0] && filtered.has(path)) a.bytes = asStored(a.bytes, path, repo);
        if (worktree[1] && filtered.has(newPath)) b.bytes = asStored(b.bytes, newPath, repo);
      }
      if (a.bytes === undefined) a.label = '/dev/null';
      if (b.bytes === undefined) b.label = '/dev/null';
      const f = diffSides(newPath, { ...a, formatPath: path }, b, settings, { oldPath: path, fileModes: true });
      // git's header lines: mode lines (from diffSides), then git's own rename info
      f.meta = [...f.meta, ...info];
      if (options.json) {
        io.stdout.write(`${jsonText(jsonEntry(f), { indent: 2 })}\n`);
        return 0;
      }
      const layoutOnly = f.diff?.equal === true && f.meta.length === 0 && !f.symlink && f.oldPath === undefined;
      if (layoutOnly) {
        io.stdout.write('(no cell changes: only the JSON layout differs, or ignored parts)\n');
        return 0;
      }
      io.stdout.write(renderFiles([{ ...f, different: true }], { ...settings, stat: options.stat === true }));
      return 0;
    } catch (e) {
      if (!isNbgitError(e) || e.code === 'EUSAGE') throw e;
      io.stdout.write(`nbgit diff-driver: ${e.message}\n`);
      return 0;
    }
  },
);
