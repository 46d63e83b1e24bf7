/**
 * Phase 3 of the merge: base cells one side split into parts and the other side edited
 * (README, "Splits"). Finds them and merges the other side's edits into the parts
 * (`mergeSplit` of split.ts); the cells phase then gives each part its merged source.
 */
import { type Cell, joinSource } from '@nbgit/core';
import { type Alignment, NONE, type SideAlignment } from './alignment.js';
import type { CellConflict } from './cell.js';
import type { Pairing } from './pairing.js';
import { isSplitPart, mergeSplit } from './split.js';
import type { MergeOptions, Side } from './types.js';

/** One part of a split cell: its merged source. */
export interface SplitPart {
  text: string;
  /** Conflict blocks in `text`. */
  conflicts: number;
  /** The side that split the cell. */
  by: Side;
}

/**
 * Finds base cells that one side split into parts (its matched cell plus adjacent cells it
 * inserted that hold lines the matched cell lost, see `isSplitPart`) and the other side
 * edited, and merges the edits into the parts. Only one side may have split a cell; an edit
 * across a split point leaves the cell to the usual merge.
 *
 * @returns The merged source of every part, by token (the base index for the part that kept
 *   the cell's identity, the insert's token for the others).
 */
export function planSplits(al: Alignment, pairing: Pairing, options: MergeOptions): Map<number, SplitPart> {
  const out = new Map<number, SplitPart>();
  const used = new Set<number>();
  const open = (s: SideAlignment, k: number) => {
    const paired = s.side === 'local' ? pairing.remoteOf.has(k) : pairing.pairedRemote.has(k);
    return !paired && !used.has(s.tokens[k]!);
  };
  for (let t = 0; t < al.base.length; t++) {
    const l = al.local.ofBase[t]!;
    const r = al.remote.ofBase[t]!;
    if (l === NONE || r === NONE) continue;
    const bt = joinSource(al.base[t]!.source);
    const lt = joinSource(al.local.cells[l]!.source);
    const rt = joinSource(al.remote.cells[r]!.source);
    if (lt === bt || rt === bt || lt === rt) continue;
    const lp = partsOf(al.local, l, bt, open);
    const rp = partsOf(al.remote, r, bt, open);
    if (lp.length > 1 === rp.length > 1) continue;
    const [S, parts, other, kept] = lp.length > 1 ? [al.local, lp, rt, l] : [al.remote, rp, lt, r];
    const m = mergeSplit(
      bt,
      parts.map((k) => joinSource(S.cells[k]!.source)),
      other,
      S.side,
      options,
    );
    if (m === undefined) continue;
    parts.forEach((k, i) => {
      const token = k === kept ? t : S.tokens[k]!;
      used.add(token);
      out.set(token, { text: m.texts[i]!, conflicts: m.conflicts[i]!, by: S.side });
    });
  }
  return out;
}

/** The side's cell `j` (matched to a base cell with source `baseText`) and the parts split from it next to it, in order. */
function partsOf(s: SideAlignment, j: number, baseText: string, open: (s: SideAlignment, k: number) => boolean): number[] {
  const kept = s.cells[j]!;
  const text = joinSource(kept.source);
  const isPart = (k: number) =>
    k >= 0 &&
    k < s.cells.length &&
    s.baseOf[k] === NONE &&
    open(s, k) &&
    s.cells[k]!.cell_type === kept.cell_type &&
    isSplitPart(baseText, text, joinSource(s.cells[k]!.source));
  let first = j;
  while (isPart(first - 1)) first--;
  let last = j;
  while (isPart(last + 1)) last++;
  const list: number[] = [];
  for (let k = first; k <= last; k++) list.push(k);
  return list;
}

/** `cell` with the merged source of its split part (the cell itself when unchanged); records a part's conflict. */
export function withSplitPart(cell: Cell, part: SplitPart | undefined, conflicts: CellConflict[]): Cell {
  if (part === undefined) return cell;
  if (part.conflicts > 0) {
    conflicts.push({
      kind: 'source',
      field: 'source',
      message: `source changed differently on both sides (${part.conflicts} conflicting ${part.conflicts === 1 ? 'hunk' : 'hunks'} marked in the cell; the cell was split on ${part.by})`,
    });
  }
  return joinSource(cell.source) === part.text ? cell : ({ ...cell, source: part.text } as Cell);
}
