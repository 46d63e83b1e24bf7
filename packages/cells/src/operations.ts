/**
 * Cell operations on a notebook read by `fromIpynb`. They change the notebook in place and
 * touch only what they are asked to, so that `toIpynb` writes back every other byte as it
 * was: a cell that did not change keeps its bytes, an edit that gives a cell the text it
 * already has changes nothing, and sources keep the notebook's own form (Jupyter's list of
 * lines, or one string).
 *
 * A batch ({@link applyOperations}) applies all its operations or none: it is first run on
 * copies of the cells it touches, and applied to the notebook only when every operation
 * succeeded. Operations address cells as the notebook stands after the ones before them.
 */
import { type JsonValue, NbgitError, type Notebook } from '@nbgit/core';
import type { CellRef } from './address.js';
import { bad, checkOperation } from './check-operation.js';
import type { ApplyResult, CellOperation, CellType, InsertOp, OperationResult, Placement } from './operation-types.js';
import { run } from './run-operation.js';
import { Session } from './session.js';
import type { SourceInput } from './source.js';

/**
 * Applies `operations` to `nb`, in order, all or nothing: when one fails (a cell that does
 * not exist, a bad argument), the notebook is left as it was and the error, an
 * {@link NbgitError} (`ECELL` or `EOP`) naming the operation (`operations[2] (move): ...`),
 * is thrown. Operations are checked with {@link checkOperation} first, so they may come
 * from JSON. Mutates `nb`; returns what each operation did.
 */
export function applyOperations(nb: Notebook, operations: readonly CellOperation[]): ApplyResult {
  if (!Array.isArray(operations)) bad('operations must be a list');
  const attempt = (dry: boolean): OperationResult[] => {
    const s = new Session(nb, dry);
    return operations.map((o, k) => {
      try {
        if (dry) checkOperation(o);
        return run(s, o);
      } catch (e) {
        if (!(e instanceof NbgitError) || operations.length === 1) throw e;
        const what = typeof (o as { op?: unknown })?.op === 'string' ? ` (${(o as { op: string }).op})` : '';
        throw new NbgitError(e.code, `operations[${k}]${what}: ${e.reason}`, { path: `operations[${k}]`, cause: e });
      }
    });
  };
  attempt(true);
  const results = attempt(false);
  return { results, changed: results.some((r) => r.changed) };
}

function one(nb: Notebook, op: CellOperation): OperationResult {
  return applyOperations(nb, [op]).results[0]!;
}

/** Sets a cell's source (a string, or a list of pieces); an unchanged text changes nothing. */
export function setSource(nb: Notebook, cell: CellRef, source: SourceInput): OperationResult {
  return one(nb, { op: 'set', cell, source });
}
/** Inserts a cell (default: an empty code cell at the end); the result names the new cell. */
export function insertCell(nb: Notebook, options: Omit<InsertOp, 'op'> = {}): OperationResult {
  return one(nb, { op: 'insert', ...options });
}
/** Deletes a cell. */
export function deleteCell(nb: Notebook, cell: CellRef): OperationResult {
  return one(nb, { op: 'delete', cell });
}
/** Moves a cell before or after another, or to an end. */
export function moveCell(nb: Notebook, cell: CellRef, to: Placement): OperationResult {
  return one(nb, { op: 'move', cell, ...to });
}
/** Splits a cell so that a new cell starts at `line` (1-based); the result names the new cell. */
export function splitCell(nb: Notebook, cell: CellRef, line: number): OperationResult {
  return one(nb, { op: 'split', cell, line });
}
/** Joins consecutive cells into the first (sources joined by a line break, outputs kept in order). */
export function joinCells(nb: Notebook, cells: CellRef[]): OperationResult {
  return one(nb, { op: 'join', cells });
}
/** Changes a cell's type (to code: empty outputs; from code: outputs and count removed). */
export function setCellType(nb: Notebook, cell: CellRef, type: CellType): OperationResult {
  return one(nb, { op: 'type', cell, type });
}
/** Adds and removes tags; a cell left without tags loses its `tags` key. */
export function setTags(nb: Notebook, cell: CellRef, change: { add?: string[]; remove?: string[] }): OperationResult {
  return one(nb, { op: 'tags', cell, ...change });
}
/** Sets a cell metadata value by key path (`"a.b"` or `["a", "b"]`), making missing objects. */
export function setCellMetadata(nb: Notebook, cell: CellRef, path: string | string[], value: JsonValue): OperationResult {
  return one(nb, { op: 'metadata', cell, path, value });
}
/** Deletes a cell metadata value by key path. */
export function deleteCellMetadata(nb: Notebook, cell: CellRef, path: string | string[]): OperationResult {
  return one(nb, { op: 'metadata', cell, path, delete: true });
}
/** Clears outputs and execution counts of the cells named (default: all). */
export function clearOutputs(nb: Notebook, cells?: CellRef[]): OperationResult {
  return one(nb, cells === undefined ? { op: 'clear' } : { op: 'clear', cells });
}

/** What an operation did, in words: `inserted cell 3 (id a1b2)`, `tags cell 0: nothing to change`. */
export function describeResult(r: OperationResult): string {
  const where = r.index >= 0 ? ` cell ${r.index}${r.id ? ` (id ${r.id})` : ''}` : '';
  const verb: Record<string, string> = {
    set: 'set',
    insert: 'inserted',
    delete: 'deleted',
    move: 'moved to',
    split: 'split off',
    join: 'joined into',
    type: 'changed type of',
    tags: 'tagged',
    metadata: 'set metadata of',
    clear: 'cleared outputs',
  };
  return r.changed ? `${verb[r.op]}${where}` : `${r.op}${where}: nothing to change`;
}
