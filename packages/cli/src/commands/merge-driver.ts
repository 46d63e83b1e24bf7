/**
 * `nbgit merge-driver %O %A %B %L %P`: what git runs as `merge.nbgit.driver` (set by
 * `nbgit install`). Merges the notebook cell by cell and writes the result over `%A`, as git
 * expects; exits 0 for a clean merge and 1 when conflicts remain (marked inside the cells).
 *
 * It never loses a side: when a version cannot be read as a notebook (or the merge fails
 * unexpectedly), the file is merged as text by `git merge-file` (with `%L` as marker size),
 * or, if git cannot run, by nbgit's own line merge, with a message saying so.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isNbgitError, NbgitError } from '@nbgit/core';
import { mergeFile, readConflictStyle, writeFileAtomic } from '@nbgit/git';
import { toIpynb } from '@nbgit/ipynb';
import { type MergeResult, mergeNotebooks, mergeText } from '@nbgit/merge';
import { defineCommand } from '../command.js';
import type { CliIO } from '../io.js';
import { collectGarbage } from '../memory.js';
import { describeConflicts, MERGE_OPTIONS, mergeOptionsFrom, mergeTexts, readSides } from './merge.js';

export const command = defineCommand(
  {
    summary: "git's merge driver (merge.nbgit.driver); use nbgit merge instead",
    usage: 'nbgit merge-driver [--outputs=local|remote|clear] [--diff3] BASE LOCAL REMOTE [MARKER-SIZE [PATH]]',
    description: `Called by git for paths with the attribute merge=nbgit, as configured by nbgit install:

  git config merge.nbgit.driver "nbgit merge-driver %O %A %B %L %P"

Merges the notebook cell by cell (see nbgit merge --help) and writes the result over LOCAL.
Exit status 0: merged cleanly; 1: conflicts, marked inside the conflicted cells as
<<<<<<< local / ======= / >>>>>>> remote (MARKER-SIZE long) and listed on stderr; git then
reports the conflict and the file still opens as a notebook. A version that is not a valid
notebook is merged as text by git merge-file instead, with a message. The options can be
added to the driver line, e.g. "nbgit merge-driver --outputs=clear %O %A %B %L %P".

Conflicts show the base lines too (||||||| base) with --diff3 or when git config
merge.conflictStyle is diff3 or zdiff3 (git -c merge.conflictStyle=diff3 merge ... works too).
git checkout --conflict=diff3 does not tell a merge driver the style: run it as
git -c merge.conflictStyle=diff3 checkout --conflict=diff3 PATH.`,
    options: MERGE_OPTIONS,
  },
  async ({ positionals, options }, io) => {
    if (positionals.length < 3 || positionals.length > 5) {
      throw new NbgitError('EUSAGE', `expected BASE LOCAL REMOTE [MARKER-SIZE [PATH]] (git's %O %A %B %L %P), got ${positionals.length} arguments`);
    }
    const [basePath, localPath, remotePath, size, pathArg] = positionals as [string, string, string, string?, string?];
    const path = pathArg ?? localPath;
    const mergeOptions = mergeOptionsFrom(options, size);
    // git config merge.conflictStyle matters only when there are conflicts: asked then (it
    // costs a git process), and the merge redone in that style.
    const styleGiven = mergeOptions.conflictStyle !== undefined;
    let styleRead = false;
    const configuredStyle = () => {
      styleRead = true;
      return readConflictStyle(io.cwd, io.env);
    };
    const markerSize = mergeOptions.markerSize ?? 7;
    const files = { base: basePath, local: localPath, remote: remotePath };

    // notebooks in Jupyter's layout with no cell changed on both sides: merged from their texts, never held
    const parts = mergeTexts(files, io.cwd);
    if (parts !== undefined) {
      try {
        writeFileAtomic(resolve(io.cwd, localPath), parts, { fsync: false });
        return 0;
      } catch (e) {
        // a side changed while it was read: merged the general way below
        if (!isNbgitError(e)) throw e;
      }
    }
    let result: MergeResult;
    let text: string;
    try {
      const { size, ...sides } = readSides(files, io.cwd, { base: true, local: true, remote: true });
      result = mergeNotebooks(sides, mergeOptions);
      if (result.conflicts.length > 0 && !styleGiven && configuredStyle() === 'diff3') {
        mergeOptions.conflictStyle = 'diff3';
        result = mergeNotebooks(sides, mergeOptions);
      }
      // what the merge made and let go of goes before the result is written
      collectGarbage(size);
      text = toIpynb(result.notebook);
    } catch (e) {
      const reason = isNbgitError(e)
        ? `${sideName(e.file, files)} is not a notebook we can merge (${e.position ? `line ${e.position.line}, column ${e.position.column}: ` : ''}${e.reason})`
        : `internal error (${e instanceof Error ? e.message : String(e)})`;
      const diff3 = styleGiven ? mergeOptions.conflictStyle === 'diff3' : styleRead ? mergeOptions.conflictStyle === 'diff3' : configuredStyle() === 'diff3';
      return textFallback(io, path, files, { markerSize, diff3 }, reason);
    }
    // LOCAL is git's temp file, read back at once: atomic (never truncated), no fsync.
    writeFileAtomic(resolve(io.cwd, localPath), text, { fsync: false });
    // (stderr only when there is something to say: making its stream costs start-up time)
    if (result.conflicts.length === 0) return 0;
    io.stderr.write(describeConflicts(result, 'nbgit merge-driver: ', path));
    return 1;
  },
);

function sideName(file: string | undefined, files: { base: string; local: string; remote: string }): string {
  if (file === files.local) return 'the local version';
  if (file === files.remote) return 'the remote version';
  if (file === files.base) return 'the base version';
  return 'a version';
}

/**
 * Merges the file as text: `git merge-file` into LOCAL (labels local/base/remote), or nbgit's
 * own line merge when git cannot run. Exit 0 clean, 1 conflicts; 2 when not even that works
 * (LOCAL is then left as it was and git keeps all three versions in the index).
 */
function textFallback(
  io: CliIO,
  path: string,
  files: { base: string; local: string; remote: string },
  { markerSize, diff3 }: { markerSize: number; diff3: boolean },
  reason: string,
): number {
  io.stderr.write(`nbgit merge-driver: ${path}: ${reason}; merging it as text with git merge-file instead\n`);
  const [base, local, remote] = [files.base, files.local, files.remote].map((f) => resolve(io.cwd, f)) as [string, string, string];
  let why: string;
  try {
    const { conflicts } = mergeFile({ cwd: io.cwd, env: io.env, local, base, remote, markerSize, diff3, labels: ['local', 'base', 'remote'] });
    if (conflicts > 0)
      io.stderr.write(
        `nbgit merge-driver: ${path}: ${conflicts} text conflict${conflicts === 1 ? '' : 's'} (the file is not a valid notebook until they are resolved)\n`,
      );
    return conflicts === 0 ? 0 : 1;
  } catch (e) {
    if (!isNbgitError(e)) throw e;
    why = e.message;
  }
  try {
    const read = (f: string) => readFileSync(f).toString('latin1');
    const m = mergeText(read(base), read(local), read(remote), { markerSize, ...(diff3 ? { conflictStyle: 'diff3' as const } : {}) });
    writeFileAtomic(local, Buffer.from(m.text, 'latin1'));
    io.stderr.write(
      `nbgit merge-driver: ${path}: git merge-file did not run (${why}); merged as text by nbgit${m.conflicts > 0 ? ` with ${m.conflicts} conflicts` : ''}\n`,
    );
    return m.conflicts > 0 ? 1 : 0;
  } catch (e) {
    io.stderr.write(
      `nbgit merge-driver: ${path}: cannot merge: ${(e as Error).message}; the file is left as the local version and git keeps all three versions (git checkout --theirs/--ours)\n`,
    );
    return 2;
  }
}
