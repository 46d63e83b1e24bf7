/**
 * The diff format: what {@link diffNotebooks} returns and {@link patchNotebook} applies.
 * Plain JSON; specified in this package's README ("Diff format").
 */
import type { Cell, JsonValue, Output } from '@nbgit/core';
import type { AlignOptions, MatchKind } from './align.js';

/** A change to one value, addressed by a list of object keys. */
export type KeyChange =
  | { op: 'added'; path: string[]; new: JsonValue }
  | { op: 'removed'; path: string[]; old: JsonValue }
  | { op: 'changed'; path: string[]; old: JsonValue; new: JsonValue };

/** A run of lines (each keeping its line end) that are equal, removed or added. */
export interface LineOp {
  /** What happened to the lines. */
  op: 'equal' | 'removed' | 'added';
  /** The lines, with their line ends. For `equal` under `ignoreWhitespace`, the old lines. */
  lines: string[];
}

/** A line diff of a multi-line string. */
export interface TextDiff {
  /** All old and new lines, in order. */
  lines: LineOp[];
  /**
   * How the new text is stored when not as the old one was: `'string'`, `'lines'`
   * (`splitLines` of the text) or the exact list.
   */
  shape?: 'string' | 'lines' | string[];
}

/** One old or new output of a matched code cell. */
export type OutputEntry =
  | { op: 'unchanged'; a: number }
  | { op: 'added'; output: Output }
  | { op: 'removed'; a: number; output: Output }
  | { op: 'modified'; a: number; old: Output; new: Output; layoutOnly?: true };

/** What changed in a matched cell; only the fields that differ are present. */
export interface CellChanges {
  /** The cell type changed. */
  cell_type?: { old: string; new: string };
  /** The id changed, appeared (`old` missing) or disappeared (`new` missing). */
  id?: { old?: string; new?: string };
  /** Line diff of the source. */
  source?: TextDiff;
  /** The execution count changed, appeared or disappeared. */
  execution_count?: { old?: number | null; new?: number | null };
  /** Every old and new output, in the new order. */
  outputs?: OutputEntry[];
  /** Changes inside `cell.metadata`. */
  metadata?: KeyChange[];
  /** Changes inside `cell.attachments`. */
  attachments?: KeyChange[];
  /** Changes to any other key, with paths from the cell itself. */
  other?: KeyChange[];
}

/** A cell that is only in the new notebook. */
export interface AddedCell {
  op: 'added';
  /** Index in the new notebook. */
  b: number;
  /** The whole new cell. */
  cell: Cell;
}

/** A cell that is only in the old notebook. */
export interface RemovedCell {
  op: 'removed';
  /** Index in the old notebook. */
  a: number;
  /** The whole old cell. */
  cell: Cell;
}

/** Fields of a matched cell. */
interface MatchedBase {
  /** Index in the old notebook. */
  a: number;
  /** Index in the new notebook. */
  b: number;
  /** How the alignment matched the cell. */
  how: MatchKind;
  /** True when the cell changed place relative to the other matched cells. */
  moved: boolean;
  /** The new cell's type. */
  cell_type: string;
  /** The new cell's id, if it has one. */
  id?: string;
}

/** A matched cell Jupyter would show unchanged (it may have moved). */
export interface UnchangedCell extends MatchedBase {
  op: 'unchanged';
  /** Layout-only differences (string vs list of lines), for the patch. */
  layout?: CellChanges;
}

/** A matched cell with changes. */
export interface ModifiedCell extends MatchedBase {
  op: 'modified';
  /** What changed. */
  changes: CellChanges;
}

/** One entry of {@link NotebookDiff.cells}. */
export type CellEntry = AddedCell | RemovedCell | UnchangedCell | ModifiedCell;

/** Counts of cells by kind of change. */
export interface DiffSummary {
  added: number;
  removed: number;
  /** Matched cells that moved (also counted as modified or unchanged). */
  moved: number;
  modified: number;
  unchanged: number;
}

/** The difference between two notebooks. */
export interface NotebookDiff {
  format: 'nbgit-diff';
  version: 1;
  /** True when Jupyter would show no difference (layout and ignored parts aside). */
  equal: boolean;
  /** Counts of cells. */
  summary: DiffSummary;
  /** Changes to top-level keys other than `cells` (`metadata`, `nbformat_minor`...). */
  notebook: KeyChange[];
  /** Every cell of both notebooks, in the new order with removed cells where they were. */
  cells: CellEntry[];
}

/** Options of {@link diffNotebooks}. */
export interface DiffOptions {
  /** Do not compare outputs and execution counts. */
  ignoreOutputs?: boolean;
  /** Do not compare execution counts (of cells and inside outputs). */
  ignoreExecutionCounts?: boolean;
  /** Do not compare notebook and cell metadata. */
  ignoreMetadata?: boolean;
  /** Align by content only and do not report id changes. */
  ignoreIds?: boolean;
  /** Lines that differ only in whitespace are equal. */
  ignoreWhitespace?: boolean;
  /** Options for {@link alignCells}. */
  align?: AlignOptions;
}
