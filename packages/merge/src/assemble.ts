/**
 * Phase 5 of the merge: the merged cell of every surviving token, with the conflicts and
 * decisions found in it (their paths get the cell's index later, once ids are fixed).
 *
 * - a base cell both sides kept: merged field by field (cell.ts), or its split part;
 * - a base cell one side deleted and the other edited: the edited cell inside markers;
 * - a pair of inserts: merged two-way, or against the base cell both replaced;
 * - any other insert: the side's own cell (or its split part).
 */
import type { Cell } from '@nbgit/core';
import { type Alignment, cellOfToken, NONE } from './alignment.js';
import { type CellConflict, type CellDecision, markDeleted, mergeCell } from './cell.js';
import type { Pairing } from './pairing.js';
import { type SplitPart, withSplitPart } from './split-cells.js';
import type { MergeOptions } from './types.js';

/** A merged cell, before its index is known. */
export interface MergedCell {
  cell: Cell;
  conflicts: CellConflict[];
  decisions: CellDecision[];
}

/** What the cells phase needs from the phases before it. */
export interface AssembleInput {
  al: Alignment;
  pairing: Pairing;
  splits: ReadonlyMap<number, SplitPart>;
  /** The surviving tokens, in merged order. */
  order: readonly number[];
  /** [local token, remote token] of places where both sides inserted different cells. */
  concurrent: ReadonlyArray<readonly [number, number]>;
}

/** The merged cells, in order. */
export function assembleCells(input: AssembleInput, options: MergeOptions): MergedCell[] {
  const { order } = input;
  const cells = order.map((t) => mergedCell(input, t, options));
  const indexOf = new Map<number, number>();
  for (let i = 0; i < order.length; i++) indexOf.set(order[i]!, i);
  for (const [lt, rt] of input.concurrent) {
    const i = indexOf.get(rt);
    if (indexOf.has(lt) && i !== undefined)
      cells[i]!.decisions.push({ field: '', rule: 'insert:both', message: 'both sides inserted cells here; kept both, local first' });
  }
  return cells;
}

function mergedCell(input: AssembleInput, t: number, options: MergeOptions): MergedCell {
  const { al, pairing, splits } = input;
  const of = cellOfToken(al, t);
  if (of.kind === 'base') {
    const l = al.local.ofBase[t]!;
    const r = al.remote.ofBase[t]!;
    if (l !== NONE && r !== NONE) {
      const m: MergedCell = mergeCell(al.base[t], al.local.cells[l]!, al.remote.cells[r]!, options);
      const part = splits.get(t);
      if (part === undefined) return m;
      const conflicts = m.conflicts.filter((c) => c.kind !== 'source');
      const cell = withSplitPart(m.cell, part, conflicts);
      const other = part.by === 'local' ? 'remote' : 'local';
      m.decisions.push({ field: 'source', rule: 'split', message: `cell ${t} of base split on ${part.by}; ${other}'s edits merged into its parts` });
      return { cell, conflicts, decisions: m.decisions };
    }
    const deletedBy = l !== NONE ? 'remote' : 'local';
    const kept = l !== NONE ? al.local.cells[l]! : al.remote.cells[r]!;
    const conflict: CellConflict = {
      kind: 'delete-modify',
      field: 'source',
      message: `cell deleted on ${deletedBy} but edited on ${deletedBy === 'local' ? 'remote' : 'local'}; kept the edited cell`,
    };
    return { cell: markDeleted(kept, deletedBy, options), conflicts: [conflict], decisions: [] };
  }
  if (of.kind === 'local') {
    const rj = pairing.remoteOf.get(of.index);
    const own = al.local.cells[of.index]!;
    if (rj !== undefined) return mergedPair(al, pairing, of.index, rj, options);
    const conflicts: CellConflict[] = [];
    return { cell: withSplitPart(own, splits.get(t), conflicts), conflicts, decisions: [] };
  }
  const conflicts: CellConflict[] = [];
  return { cell: withSplitPart(al.remote.cells[of.index]!, splits.get(t), conflicts), conflicts, decisions: [] };
}

/** A pair of inserts merged into one cell: two-way, or against the base cell both replaced. */
function mergedPair(al: Alignment, pairing: Pairing, lj: number, rj: number, options: MergeOptions): MergedCell {
  const b = pairing.replaced.get(lj);
  const local = al.local.cells[lj]!;
  const m: MergedCell = mergeCell(b === undefined ? undefined : al.base[b], local, al.remote.cells[rj]!, options);
  if (b !== undefined) {
    m.decisions.push({ field: '', rule: 'replace:merged', message: `both sides replaced cell ${b} of base; merged the replacements against it` });
    return m;
  }
  const identical = m.cell === local && m.conflicts.length === 0;
  m.decisions.push({
    field: '',
    rule: identical ? 'insert:once' : 'insert:merged',
    message: identical ? 'both sides inserted this cell; kept it once' : 'both sides inserted this cell with differences; merged into one cell',
  });
  return m;
}
