/**
 * Diffs of files, as `nbgit diff` prints them for a repository or two paths: one
 * {@link FileDiff} per file (a notebook diff, or a text diff when a side is not a notebook,
 * with git's header lines for modes, renames and symbolic links), rendered as text
 * ({@link renderFiles}, `--stat` lines) or as the JSON set ({@link renderJsonSet}).
 */

import type { Notebook } from '@nbgit/core';
import { jsonText, type NbgitError } from '@nbgit/core';
import pc from 'picocolors';
import { renderTerminal, summarize } from './render.js';
import type { NotebookDiff } from './types.js';

/** Result of diffing one file. */
export interface FileDiff {
  /** Path shown in headers (the new path of a rename). */
  path: string;
  /** The old path, when the file was renamed or copied. */
  oldPath?: string;
  /** The notebook diff, or undefined when a side is not a notebook (then `text` holds a plain diff). */
  diff?: NotebookDiff;
  /** Plain text diff when a side could not be read as a notebook. */
  text?: string;
  /** Why the notebook diff was not possible. */
  error?: NbgitError;
  /** Link targets of the sides that are symbolic links (shown instead of their content). */
  symlink?: { old?: string; new?: string };
  /** Git's header lines for this file: mode changes, rename or copy (`rename from a.ipynb`). */
  meta: string[];
  /** File modes, when they differ. */
  modes?: { old: string; new: string };
  /** True for a path git reports as unmerged (`* Unmerged path`). */
  unmerged?: boolean;
  /** True when the two sides differ (content, mode or path). */
  different: boolean;
  /** Labels of the two sides, for headers. */
  names: { a: string; b: string };
  /** The two notebooks compared (a missing side is the other without cells), for `--html`. */
  notebooks?: { a: Notebook; b: Notebook };
  /** The two texts, when a side is not a notebook (`--html` shows their line diff). */
  texts?: { a: string; b: string };
}

/** What git says about a file pair besides content: status, paths, modes, similarity. */
export interface PairInfo {
  /** `R` (renamed), `C` (copied), anything else. */
  status?: string;
  oldPath?: string;
  /** Similarity score, percent (renames and copies). */
  score?: number;
  oldMode?: string;
  newMode?: string;
  /** Mode lines for added and deleted files too (`new file mode 100644`), as git's own header has. */
  fileModes?: boolean;
}

/** Git's extended header lines for a file pair (`old mode`, `new mode`, `similarity index`, `rename from`...). */
export function metaLines(path: string, info: PairInfo): string[] {
  const out: string[] = [];
  const { oldMode, newMode } = info;
  const present = (m: string | undefined) => m !== undefined && !/^(\.|0+)$/.test(m);
  if (!present(oldMode) && present(newMode)) {
    if (info.fileModes) out.push(`new file mode ${newMode}`);
  } else if (present(oldMode) && !present(newMode)) {
    if (info.fileModes) out.push(`deleted file mode ${oldMode}`);
  } else if (present(oldMode) && present(newMode) && oldMode !== newMode) {
    out.push(`old mode ${oldMode}`, `new mode ${newMode}`);
  }
  if ((info.status === 'R' || info.status === 'C') && info.oldPath !== undefined && info.oldPath !== path) {
    const word = info.status === 'R' ? 'rename' : 'copy';
    if (info.score !== undefined) out.push(`similarity index ${info.score}%`);
    out.push(`${word} from ${info.oldPath}`, `${word} to ${path}`);
  }
  return out;
}

/** How {@link renderFiles} prints. */
export interface RenderFilesOptions {
  /** One `--stat` line per file instead of the diff. */
  stat?: boolean;
  color?: boolean;
  /** Lines of context around source changes (default 3). */
  context?: number;
  /**
   * The `---`/`+++` names start each file (nbgit diff, which has no `diff` line): printed even
   * when only the header changed (mode, rename), and before the header lines.
   */
  namesAlways?: boolean;
}

/** The `--stat` summary of one file: `2 cells modified, mode 100644 → 100755`. */
export function statLine(f: FileDiff): string {
  const parts: string[] = [];
  if (f.diff && !f.diff.equal) parts.push(summarize(f.diff));
  else if (f.text !== undefined) parts.push('not a notebook (text differs)');
  if (f.symlink) parts.push('symbolic link');
  if (f.modes) parts.push(`mode ${f.modes.old} → ${f.modes.new}`);
  if (f.oldPath !== undefined && parts.length === 0) parts.push('renamed, no cell changes');
  return parts.length > 0 ? parts.join(', ') : 'no cell changes';
}

/** Renders the files that differ as text: headers, then each notebook's cell diff (or `--stat` lines). */
export function renderFiles(files: readonly FileDiff[], options: RenderFilesOptions = {}): string {
  const c = pc.createColors(options.color === true);
  const out: string[] = [];
  for (const f of files) {
    if (!f.different) continue;
    if (f.unmerged) {
      out.push(`* Unmerged path ${f.path}\n`);
      continue;
    }
    if (options.stat) {
      out.push(`${f.oldPath !== undefined ? `${f.oldPath} → ${f.path}` : f.path}: ${statLine(f)}\n`);
      continue;
    }
    // git's header lines (mode, rename) come right after the line that names the file: the
    // driver's `diff --nbgit` line, or in nbgit diff the ---/+++ names
    const body = f.diff && !f.diff.equal ? renderTerminal(f.diff, { color: options.color === true, context: options.context }) : '';
    const names =
      f.text === undefined && (body !== '' || f.symlink !== undefined || options.namesAlways === true)
        ? `${c.bold(`--- ${f.names.a}`)}\n${c.bold(`+++ ${f.names.b}`)}\n`
        : '';
    const meta = f.meta.map((l) => `${c.bold(l)}\n`).join('');
    out.push(options.namesAlways ? names + meta : meta + names);
    if (f.symlink) {
      const which =
        f.symlink.old !== undefined && f.symlink.new !== undefined
          ? 'is a symbolic link'
          : f.symlink.old !== undefined
            ? 'was a symbolic link'
            : 'is now a symbolic link';
      out.push(`nbgit: ${f.path} ${which}, not a notebook; showing its target\n`);
      if (f.symlink.old !== f.symlink.new) {
        if (f.symlink.old !== undefined) out.push(`${c.red(`-${f.symlink.old}`)}\n`);
        if (f.symlink.new !== undefined) out.push(`${c.green(`+${f.symlink.new}`)}\n`);
      }
    }
    out.push(body);
    if (f.text !== undefined) {
      out.push(`nbgit: ${f.error?.message ?? f.path}: not a notebook, showing a text diff\n`);
      out.push(f.text);
    }
  }
  return out.join('');
}

/** One file of the JSON set: `{path, old_path?, mode?, unmerged?, symlink?, diff | error}`. */
export function jsonEntry(f: FileDiff): Record<string, unknown> {
  const e: Record<string, unknown> = { path: f.path };
  if (f.oldPath !== undefined) e.old_path = f.oldPath;
  if (f.modes) e.mode = f.modes;
  if (f.unmerged) e.unmerged = true;
  if (f.symlink) e.symlink = f.symlink;
  if (f.diff) e.diff = f.diff;
  else if (f.error) e.error = f.error.message;
  return e;
}

/** The JSON of a set of files (`nbgit diff --json` in a repository): every file that differs. */
export function renderJsonSet(files: readonly FileDiff[]): string {
  const list = files.filter((f) => f.different).map(jsonEntry);
  return `${jsonText({ format: 'nbgit-diff-set', version: 1, files: list }, { indent: 2 })}\n`;
}
