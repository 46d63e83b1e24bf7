/** The cell operations (a JSON shape an agent or a file can give) and what they return. */
import type { JsonObject, JsonValue } from '@nbgit/core';
import type { CellRef } from './address.js';
import type { SourceInput } from './source.js';

/** A cell type. */
export type CellType = 'code' | 'markdown' | 'raw';

/** Where a new or moved cell goes: before or after a cell, or at an end (default: the end). */
export interface Placement {
  before?: CellRef;
  after?: CellRef;
  at?: 'start' | 'end';
}

/** Sets a cell's source. */
export interface SetSourceOp {
  op: 'set';
  cell: CellRef;
  source: SourceInput;
}
/** Inserts a new cell (code unless `type` says otherwise). */
export interface InsertOp extends Placement {
  op: 'insert';
  type?: CellType;
  source?: SourceInput;
  tags?: string[];
  metadata?: JsonObject;
}
/** Deletes a cell. */
export interface DeleteOp {
  op: 'delete';
  cell: CellRef;
}
/** Moves a cell. */
export interface MoveOp extends Placement {
  op: 'move';
  cell: CellRef;
}
/** Splits a cell in two: the new cell starts at `line` (1-based; 2 to the number of lines). */
export interface SplitOp {
  op: 'split';
  cell: CellRef;
  line: number;
}
/** Joins consecutive cells into the first of them. */
export interface JoinOp {
  op: 'join';
  cells: CellRef[];
}
/** Changes a cell's type. */
export interface SetTypeOp {
  op: 'type';
  cell: CellRef;
  type: CellType;
}
/** Adds and removes tags (`metadata.tags`). */
export interface TagsOp {
  op: 'tags';
  cell: CellRef;
  add?: string[];
  remove?: string[];
}
/** Sets (or, with `delete`, removes) a cell metadata value by key path (`"a.b"` or `["a", "b"]`). */
export interface MetadataOp {
  op: 'metadata';
  cell: CellRef;
  path: string | string[];
  value?: JsonValue;
  delete?: boolean;
}
/** Clears outputs and execution counts, of the cells named or of every code cell. */
export interface ClearOutputsOp {
  op: 'clear';
  cells?: CellRef[];
}

/** One cell operation, discriminated on `op`. */
export type CellOperation = SetSourceOp | InsertOp | DeleteOp | MoveOp | SplitOp | JoinOp | SetTypeOp | TagsOp | MetadataOp | ClearOutputsOp;

/** What one operation did. */
export interface OperationResult {
  op: CellOperation['op'];
  /** Index of the cell it leaves (the new cell of insert and split; the joined cell); -1 for clear and delete. */
  index: number;
  /** Id of that cell, when the notebook has ids. */
  id?: string;
  /** False when the operation found nothing to change (same text, tag already there...). */
  changed: boolean;
}

/** What {@link applyOperations} did. */
export interface ApplyResult {
  /** One result per operation, in order. */
  results: OperationResult[];
  /** True when the notebook changed. */
  changed: boolean;
}
