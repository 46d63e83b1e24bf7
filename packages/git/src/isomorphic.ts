/**
 * A merge driver for isomorphic-git's `merge()` (and `cherryPick()`): notebooks merge cell by
 * cell with `mergeNotebooks`, exactly as under `nbgit merge-driver`; other files (and notebooks
 * that cannot be read) merge line by line with git-style markers. Pure: no file system or
 * process, so it runs in a browser beside isomorphic-git.
 *
 * isomorphic-git calls the driver only when both sides changed a file, with
 * `{ branches: [baseName, ourName, theirName], contents: [base, ours, theirs], path }`
 * (contents as UTF-8 text; `base` is `''` when the file has no common ancestor), and expects
 * `{ cleanMerge, mergedText }`.
 */
import { isNbgitError, type Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { type MergeOptions, mergeNotebooks, mergeText } from '@nbgit/merge';

/** What isomorphic-git passes to a merge driver. */
export interface MergeDriverParams {
  /** Names of base, ours and theirs. */
  branches: string[];
  /** Contents of base, ours and theirs. */
  contents: string[];
  /** Path of the file in the repository. */
  path: string;
}

/** What a merge driver returns to isomorphic-git. */
export interface MergeDriverResult {
  /** False when conflicts remain (isomorphic-git then reports a MergeConflictError). */
  cleanMerge: boolean;
  /** The merged file. */
  mergedText: string;
}

/** Options of {@link createMergeDriver}. */
export interface MergeDriverOptions extends MergeOptions {
  /** Which paths are notebooks (default: names ending in `.ipynb`, any case). */
  isNotebook?: (path: string) => boolean;
  /** Called with a message when a notebook could not be read and was merged as text. */
  onFallback?: (path: string, message: string) => void;
}

const EMPTY: Notebook = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 0 };

/**
 * Creates a merge driver for isomorphic-git. Notebooks merge cell by cell (conflicts as
 * markers inside the conflicted cells, `cleanMerge: false`); other files merge as text with
 * markers labelled with the branch names.
 *
 * @param options - Merge options (outputs strategy, marker size, ...) and which paths are notebooks.
 * @returns A function to pass as `mergeDriver` to isomorphic-git's `merge()`.
 * @example
 * import git from 'isomorphic-git';
 * import { createMergeDriver } from '@nbgit/git';
 * await git.merge({ fs, dir, ours: 'main', theirs: 'feature', author, mergeDriver: createMergeDriver() });
 */
export function createMergeDriver(options: MergeDriverOptions = {}): (params: MergeDriverParams) => MergeDriverResult {
  const isNotebook = options.isNotebook ?? ((p: string) => /\.ipynb$/i.test(p));
  return ({ branches, contents, path }) => {
    const [base = '', ours = '', theirs = ''] = contents;
    if (isNotebook(path)) {
      try {
        const read = (text: string, side: string) => (text === '' ? EMPTY : fromIpynb(text, { file: `${path} (${side})` }));
        const result = mergeNotebooks({ base: read(base, 'base'), local: read(ours, 'ours'), remote: read(theirs, 'theirs') }, options);
        return { cleanMerge: result.conflicts.length === 0, mergedText: toIpynb(result.notebook) };
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        options.onFallback?.(path, `${e.message}; merged as text`);
      }
    }
    const labels = { local: branches[1] ?? 'ours', base: branches[0] ?? 'base', remote: branches[2] ?? 'theirs' };
    const m = mergeText(base, ours, theirs, { ...options, labels: options.labels ?? labels });
    return { cleanMerge: m.conflicts === 0, mergedText: m.text };
  };
}

/** The default notebook-aware merge driver for isomorphic-git (`createMergeDriver()`). */
export const mergeDriver: (params: MergeDriverParams) => MergeDriverResult = createMergeDriver();
