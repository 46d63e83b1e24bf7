/**
 * Phase 4 of the merge: which cells survive and in what order.
 *
 * Each base cell has a {@link Fate}: kept when both sides have it, deleted when both deleted
 * it or one deleted it and the other changed nothing a person wrote, and kept with a
 * `delete-modify` conflict when the other side edited it. The order merge (order.ts) may
 * place a cell twice (a cell moved on one side appears in both sides' changed runs): each
 * surviving cell keeps one place, that of the side that moved it (local's when both did,
 * and an inserted cell's own side's). Survivors the order merge left out are placed after
 * the cell they follow on the side that has them.
 */
import { type Alignment, NONE } from './alignment.js';
import { cellsEqual, substantiveChange } from './cell.js';
import type { MergedOrder } from './order.js';
import type { MergeDecision, Side } from './types.js';

/** What happens to a base cell. */
export type Fate = 'kept' | 'deleted' | 'delete-modify';

/**
 * The fate of every base cell (README, "Deletions"); records a `delete` decision for a
 * deleted cell that the other side only re-ran.
 */
export function decideFates(al: Alignment, decisions: MergeDecision[]): Fate[] {
  const fates: Fate[] = [];
  for (let i = 0; i < al.base.length; i++) {
    const l = al.local.ofBase[i]!;
    const r = al.remote.ofBase[i]!;
    if (l !== NONE && r !== NONE) fates.push('kept');
    else if (l === NONE && r === NONE) fates.push('deleted');
    else {
      const kept = l !== NONE ? al.local.cells[l]! : al.remote.cells[r]!;
      if (substantiveChange(al.base[i]!, kept)) fates.push('delete-modify');
      else {
        fates.push('deleted');
        if (!cellsEqual(kept, al.base[i]!)) {
          const by = l !== NONE ? 'remote' : 'local';
          decisions.push({
            path: `base cells[${i}]`,
            rule: 'delete',
            message: `cell ${i} of base deleted on ${by}; the other side only re-ran it or changed view metadata`,
          });
        }
      }
    }
  }
  return fates;
}

/**
 * The surviving tokens in merged order, each once (records `move:local` for a cell both
 * sides moved).
 */
export function finalOrder(al: Alignment, order: MergedOrder, fates: readonly Fate[], decisions: MergeDecision[]): number[] {
  const nB = al.base.length;
  const alive = (t: number) => t >= nB || fates[t] !== 'deleted';
  const chosen = new Map<number, number>(); // token -> its position in order.tokens
  for (let k = 0; k < order.tokens.length; k++) {
    const t = order.tokens[k]!;
    if (!alive(t)) continue;
    const prev = chosen.get(t);
    if (prev === undefined) {
      chosen.set(t, k);
      continue;
    }
    const placedBy = placingSide(al, t);
    if (placedBy !== undefined && order.from[prev] !== placedBy && order.from[k] === placedBy) chosen.set(t, k);
    if (t < nB && al.local.moved[t] && al.remote.moved[t])
      decisions.push({ path: `base cells[${t}]`, rule: 'move:local', message: `cell ${t} of base moved on both sides; kept local's position` });
  }
  const final: number[] = [];
  for (let k = 0; k < order.tokens.length; k++) if (chosen.get(order.tokens[k]!) === k) final.push(order.tokens[k]!);
  if (chosen.size < countAlive(al, fates, alive)) return placeMissing(final, [al.local.tokens, al.remote.tokens], alive);
  return final;
}

/** The side whose place a token placed twice takes: an insert's (pairs: local's), a moved cell's mover's (local's if both). */
function placingSide(al: Alignment, t: number): Side | undefined {
  if (t >= al.base.length || al.local.moved[t]) return 'local';
  return al.remote.moved[t] ? 'remote' : undefined;
}

function countAlive(al: Alignment, fates: readonly Fate[], alive: (t: number) => boolean): number {
  const nB = al.base.length;
  const seen = new Set<number>();
  for (let i = 0; i < nB; i++) if (fates[i] !== 'deleted') seen.add(i);
  for (const t of al.local.tokens) if (t >= nB && alive(t)) seen.add(t);
  for (const t of al.remote.tokens) if (t >= nB && alive(t)) seen.add(t);
  return seen.size;
}

/** Places survivors missing from `final` right after the token they follow on the side that kept them. */
function placeMissing(final: readonly number[], sides: ReadonlyArray<readonly number[]>, alive: (t: number) => boolean): number[] {
  const inFinal = new Set(final);
  const placed = new Set(final);
  const START = -1;
  const after = new Map<number, number[]>();
  for (const seq of sides) {
    let anchor = START;
    for (const t of seq) {
      if (inFinal.has(t)) {
        anchor = t;
        continue;
      }
      if (placed.has(t) || !alive(t)) continue;
      placed.add(t);
      let list = after.get(anchor);
      if (list === undefined) {
        list = [];
        after.set(anchor, list);
      }
      list.push(t);
    }
  }
  const out: number[] = [...(after.get(START) ?? [])];
  for (const t of final) {
    out.push(t);
    const list = after.get(t);
    if (list !== undefined) out.push(...list);
  }
  return out;
}
