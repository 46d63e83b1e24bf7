/** Types of the merge API (specified in this package's README). */
import type { JsonValue, Notebook } from '@nbgit/core';

/** The three versions to merge. */
export interface MergeInput {
  /** The common ancestor (git's `%O`). Use an empty notebook when there is none (add/add). */
  base: Notebook;
  /** Our version (git's `%A`). The result is written in its layout. */
  local: Notebook;
  /** Their version (git's `%B`). */
  remote: Notebook;
}

/** One of the two sides of a merge: local (git's `%A`, ours) or remote (`%B`, theirs). */
export type Side = 'local' | 'remote';

/** How outputs and execution counts changed differently on both sides resolve. */
export type OutputStrategy = 'local' | 'remote' | 'clear';

/** Options of `mergeNotebooks`. */
export interface MergeOptions {
  /**
   * Outputs (with the execution count) changed differently on both sides: `'local'` (the
   * default) or `'remote'` take that side's, unless the merged source is exactly one side's
   * (then that side's: its code made them); `'clear'` empties them. Never a conflict.
   */
  outputs?: OutputStrategy;
  /** Length of conflict marker runs (git's `%L`). Default 7. */
  markerSize?: number;
  /** Labels after the markers. Defaults `local`, `base`, `remote`. */
  labels?: { local?: string; base?: string; remote?: string };
  /** `'diff3'` adds the base lines between `|||||||` and `=======`. Default `'merge'`. */
  conflictStyle?: 'merge' | 'diff3';
  /**
   * The three notebooks pass `checkNotebook` already (`fromIpynb` checks what it reads, unless
   * told not to) and are not checked again. Default false: each is checked, and one that is
   * not a notebook throws a named `ESCHEMA`/`ELIMIT` error.
   */
  checked?: boolean;
}

/** What kind of conflict. */
export type ConflictKind = 'source' | 'delete-modify' | 'metadata' | 'cell-type' | 'attachments';

/** A change made differently on both sides that needs a person. */
export interface MergeConflict {
  /** What conflicts. */
  kind: ConflictKind;
  /** Index of the cell in the merged notebook; absent for notebook-level conflicts. */
  cell?: number;
  /** The merged cell's id, when it has one. */
  id?: string;
  /** Where, as a JSON path: `cells[4].source`, `cells[2].metadata.slideshow`, `metadata.authors`. */
  path: string;
  /** One line for people. */
  message: string;
  /** Local's value, for metadata, type and attachment conflicts (undefined: deleted). */
  local?: JsonValue;
  /** Remote's value, for metadata, type and attachment conflicts (undefined: deleted). */
  remote?: JsonValue;
}

/** An automatic resolution of changes made on both sides. */
export interface MergeDecision {
  /** Where, as a JSON path into the merged notebook. */
  path: string;
  /**
   * The rule: `outputs:local|remote|clear|source`, `metadata:local` (volatile key), `insert:both`,
   * `insert:once`, `insert:merged`, `replace:merged`, `delete`, `move:local`, `split`, `nbformat:max`, `nbformat_minor:max`...
   */
  rule: string;
  /** One line for people. */
  message: string;
}

/** The result of `mergeNotebooks`. */
export interface MergeResult {
  /**
   * The merged notebook: always valid nbformat, of the inputs' version (an nbformat 3 merge
   * gives an nbformat 3 object, worksheets and all); written by `toIpynb` in local's layout.
   */
  notebook: Notebook;
  /** Conflicts (empty: a clean merge). Each is also visible in the notebook. */
  conflicts: MergeConflict[];
  /** Automatic resolutions of changes made on both sides. */
  decisions: MergeDecision[];
}
