/**
 * Phase 2 of the merge: cells both sides inserted that are one cell (README, "Concurrent
 * insertions"). A pair shares one token, so the order merge places it once, and its two
 * versions are merged into one cell (two-way, or against the base cell both replaced).
 *
 * Pairs, in this order:
 * 1. the same cell: same id, or same type and source (`alignCells` on the inserted cells);
 * 2. similar cells of the same type either *in shared text* (both between the same two
 *    cells, which both sides inserted, or the ends of a notebook both added whole) or
 *    *near-identical* (in the same gap of base, sources over 10 characters, similarity 0.8);
 * 3. the only cell of each side in the same place of shared text, of the same type;
 * 4. replacements: cells both sides put in place of a base cell both deleted, by type.
 */
import { type Cell, joinSource } from '@nbgit/core';
import { alignCells, cellSimilarity } from '@nbgit/diff';
import { type Alignment, anchorsBefore, insertGaps, NONE } from './alignment.js';

/** Similarity two cells inserted at the same place need to be merged into one. */
const SAME_INSERT_SIMILARITY = 0.8;
/** Sources this long or shorter are too short to call two inserts near-identical. */
const SHORT_SOURCE = 10;

/** The ends of a notebook, as slot bounds. */
const START = -1;
const END = -2;

/** The cells both sides inserted that the merge treats as one cell. */
export class Pairing {
  /** Local's insert index -> remote's insert index. */
  readonly remoteOf = new Map<number, number>();
  /** Remote's insert indices that have a local partner. */
  readonly pairedRemote = new Set<number>();
  /** Local's insert index -> the base cell both sides replaced by the pair (rule 4). */
  readonly replaced = new Map<number, number>();

  constructor(private readonly al: Alignment) {}

  /** Makes local's insert `lj` and remote's insert `rj` one cell: remote's token becomes local's. */
  pair(lj: number, rj: number, replacedBase?: number): void {
    this.remoteOf.set(lj, rj);
    this.pairedRemote.add(rj);
    if (replacedBase !== undefined) this.replaced.set(lj, replacedBase);
    this.al.remote.tokens[rj] = this.al.local.tokens[lj]!;
  }
}

/** Finds the pairs among the cells both sides inserted (rules 1-4 above). */
export function pairInserts(al: Alignment): Pairing {
  const pairing = new Pairing(al);
  const { local: L, remote: R } = al;
  if (L.added.length === 0 || R.added.length === 0) return pairing;
  const nB = al.base.length;
  const m = alignCells(
    L.added.map((j) => L.cells[j]!),
    R.added.map((j) => R.cells[j]!),
  );
  // 1. the same cell inserted on both sides (same id, or same type and source)
  const similar: Array<[number, number]> = [];
  for (const x of m.matches) {
    if (x.how === 'similar') similar.push([L.added[x.a]!, R.added[x.b]!]);
    else pairing.pair(L.added[x.a]!, R.added[x.b]!);
  }
  // the slot of each other inserted cell: the cells around it that are not such inserts
  const slotL = insertSlots(L.tokens, nB, (j) => pairing.remoteOf.has(j));
  const slotR = insertSlots(R.tokens, nB, (j) => pairing.pairedRemote.has(j));
  // shared: both cells sit between the same cells, and those are cells both sides inserted
  // (or the ends of a notebook both sides added whole): text both sides wrote. Two cells with
  // different ids were created separately: they never pair by place, unless the sides share
  // no id at all (then the ids were made independently and say nothing).
  const idsMeanIdentity = sharesAnId(L.cells, R.cells);
  const shared = (lj: number, rj: number) => {
    const [left, right] = slotL.get(lj)!;
    const [rl, rr] = slotR.get(rj)!;
    return left === rl && right === rr && (nB === 0 || left >= nB || right >= nB) && !(idsMeanIdentity && hasId(L.cells[lj]!) && hasId(R.cells[rj]!));
  };
  // 2. similar cells: in shared text, or near-identical in the same gap of base
  const gl = insertGaps(L, nB);
  const gr = insertGaps(R, nB);
  for (const [lj, rj] of similar) {
    const lc = L.cells[lj]!;
    const rc = R.cells[rj]!;
    if (lc.cell_type !== rc.cell_type) continue;
    if (shared(lj, rj)) {
      pairing.pair(lj, rj);
      continue;
    }
    const sameGap = Math.max(gl.prev[lj]!, gr.prev[rj]!) < Math.min(gl.next[lj]!, gr.next[rj]!);
    if (sameGap && nearIdentical(lc, rc)) pairing.pair(lj, rj);
  }
  // 3. one cell on each side alone in the same place of shared text, of the same type
  const placeL = byPlace(insertSlots(L.tokens, nB, (j) => pairing.remoteOf.has(j)));
  const placeR = byPlace(insertSlots(R.tokens, nB, (j) => pairing.pairedRemote.has(j)));
  for (const [key, ls] of placeL) {
    const rs = placeR.get(key);
    if (ls.length !== 1 || rs?.length !== 1) continue;
    const lj = ls[0]!;
    const rj = rs[0]!;
    if (L.cells[lj]!.cell_type === R.cells[rj]!.cell_type && shared(lj, rj)) pairing.pair(lj, rj);
  }
  // 4. replacements of base cells both sides deleted
  pairReplacements(al, pairing, gl.prev, gr.prev);
  return pairing;
}

function nearIdentical(x: Cell, y: Cell): boolean {
  return joinSource(x.source).length > SHORT_SOURCE && joinSource(y.source).length > SHORT_SOURCE && cellSimilarity(x, y) >= SAME_INSERT_SIMILARITY;
}

/**
 * Both sides replaced the same base cells: base cells deleted on both sides, with cells
 * inserted by both sides at that place. Each such base cell is paired, in order, with the
 * next unpaired local insert and the next unpaired remote insert of the same type there, and
 * the pair is merged against it as an edit of that cell (so different rewrites of one cell
 * conflict instead of silently giving two cells).
 *
 * @param prevL - For each local cell, the base index of the unmoved cell before it (its gap).
 * @param prevR - The same for remote.
 */
function pairReplacements(al: Alignment, pairing: Pairing, prevL: Int32Array, prevR: Int32Array): void {
  const { base: B, local: L, remote: R } = al;
  const nB = B.length;
  // the unmoved anchor before each base cell on each side (the gap it sits in)
  const anchorL = anchorsBefore(L, nB);
  const anchorR = anchorsBefore(R, nB);
  const byGapL = new Map<number, number[]>();
  const byGapR = new Map<number, number[]>();
  for (const j of L.added) if (!pairing.remoteOf.has(j)) push(byGapL, prevL[j]!, j);
  for (const j of R.added) if (!pairing.pairedRemote.has(j)) push(byGapR, prevR[j]!, j);
  const posL = new Map<number, number>();
  const posR = new Map<number, number>();
  for (let i = 0; i < nB; i++) {
    if (L.ofBase[i] !== NONE || R.ofBase[i] !== NONE) continue;
    const gl = anchorL[i]!;
    const gr = anchorR[i]!;
    const li = byGapL.get(gl);
    const ri = byGapR.get(gr);
    if (li === undefined || ri === undefined) continue;
    const type = B[i]!.cell_type;
    let pl = posL.get(gl) ?? 0;
    let pr = posR.get(gr) ?? 0;
    while (pl < li.length && L.cells[li[pl]!]!.cell_type !== type) pl++;
    while (pr < ri.length && R.cells[ri[pr]!]!.cell_type !== type) pr++;
    if (pl < li.length && pr < ri.length) {
      pairing.pair(li[pl]!, ri[pr]!, i);
      pl++;
      pr++;
    }
    posL.set(gl, pl);
    posR.set(gr, pr);
  }
}

/**
 * For every inserted cell of a side that `paired` does not claim (its tokens >= nB): its
 * slot, the tokens of the nearest cells before and after it that are base cells or paired
 * inserts ({@link START} and {@link END} at the notebook's ends).
 */
function insertSlots(tokens: readonly number[], nB: number, paired: (j: number) => boolean): Map<number, [number, number]> {
  const open = (j: number) => tokens[j]! >= nB && !paired(j);
  const slots = new Map<number, [number, number]>();
  let left = START;
  const pending: number[] = [];
  for (let j = 0; j <= tokens.length; j++) {
    if (j < tokens.length && open(j)) {
      pending.push(j);
      continue;
    }
    const right = j < tokens.length ? tokens[j]! : END;
    for (const p of pending) slots.set(p, [left, right]);
    pending.length = 0;
    if (j < tokens.length) left = tokens[j]!;
  }
  return slots;
}

/** The inserted cells of each slot, keyed `left,right`. */
function byPlace(slots: Map<number, [number, number]>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [j, [left, right]] of slots) push(out, `${left},${right}`, j);
  return out;
}

/** True when some cell id occurs on both sides. */
function sharesAnId(L: readonly Cell[], R: readonly Cell[]): boolean {
  const ids = new Set<string>();
  for (const c of L) if (hasId(c)) ids.add(c.id as string);
  for (const c of R) if (hasId(c) && ids.has(c.id as string)) return true;
  return false;
}

function hasId(cell: Cell): boolean {
  return typeof cell.id === 'string' && cell.id !== '';
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
