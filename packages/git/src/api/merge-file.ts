/** `git merge-file`: a three-way line merge of files, in place, as git merges text. */
import { runGit } from '../exec.js';
import type { RepositoryOptions } from './repository.js';

/** Options of {@link mergeFile}. */
export interface MergeFileOptions extends RepositoryOptions {
  /** Paths of the three versions; the result is written over `local`. */
  local: string;
  base: string;
  remote: string;
  /** Conflict marker length (default git's, 7). */
  markerSize?: number;
  /** Show the base lines in conflicts (`|||||||`); without it git follows merge.conflictStyle. */
  diff3?: boolean;
  /** Marker labels for local, base and remote. */
  labels?: [string, string, string];
}

/** What {@link mergeFile} did. */
export interface MergeFileResult {
  /** Conflicts left in the file (0: merged cleanly). */
  conflicts: number;
}

/**
 * Merges `base`..`remote` into `local` with `git merge-file`. Throws an `EIO` `NbgitError`
 * when git cannot be run or fails (exit status 128 and above, or negative).
 */
export function mergeFile(options: MergeFileOptions): MergeFileResult {
  const args = ['merge-file'];
  if (options.markerSize !== undefined) args.push(`--marker-size=${options.markerSize}`);
  if (options.diff3) args.push('--diff3');
  for (const label of options.labels ?? []) args.push('-L', label);
  args.push(options.local, options.base, options.remote);
  const r = runGit(args, { cwd: options.cwd, env: options.env, ok: Array.from({ length: 128 }, (_, i) => i) });
  return { conflicts: r.status };
}
