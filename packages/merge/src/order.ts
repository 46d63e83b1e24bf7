/**
 * Merging the *order* of cells: a diff3 over cell tokens.
 *
 * Every cell is a token: base cell `i` is token `i` on every side; an inserted cell has its
 * own token (the same on both sides when both inserted the same cell). Each side's changes
 * are the runs between its unmoved cells (the chain of matches kept in order, which the
 * alignment already computed as a longest increasing subsequence, so no LCS is run here).
 * Changes of the two sides are grouped into regions exactly like diff3 groups hunks
 * (overlapping or touching hunks form one region). A region changed by one side takes that
 * side's tokens; a region changed by both takes local's tokens in local's order, then each
 * remote-only token right after the last token it follows in remote that local also has,
 * behind local's own tokens there (local first). Nothing is dropped here; which tokens
 * survive is decided by the caller.
 */
import { changeRegions, type Hunk } from './regions.js';
import type { Side } from './types.js';

/** One side's order: its tokens, and its unmoved matches with base. */
export interface SideOrder {
  /** The side's tokens, in its order. */
  seq: readonly number[];
  /** Pairs (base index, side index) of unmoved matched cells, increasing in both. */
  chain: ReadonlyArray<readonly [number, number]>;
}

/** Where a placed token came from: an unchanged run of base, or a side's changed run. */
export type Source = 'base' | Side;

/** The merged order: tokens with the side each occurrence came from. */
export interface MergedOrder {
  tokens: number[];
  from: Source[];
  /** Regions where both sides inserted different cells: [first local-only token, first remote-only token]. */
  concurrent: Array<[number, number]>;
}

/** A side's changes to the order: the runs between its unmoved cells. */
function hunksOf(order: SideOrder, baseLen: number): Hunk[] {
  const out: Hunk[] = [];
  let po = -1;
  let px = -1;
  const n = order.chain.length;
  for (let k = 0; k <= n; k++) {
    const o = k < n ? order.chain[k]![0] : baseLen;
    const x = k < n ? order.chain[k]![1] : order.seq.length;
    if (o - po > 1 || x - px > 1) out.push({ oStart: po + 1, oEnd: o, xStart: px + 1, xEnd: x });
    po = o;
    px = x;
  }
  return out;
}

/**
 * Merges the orders of two sides against base (tokens `0..baseLen-1`).
 *
 * @param baseLen - Number of base cells.
 * @param local - Local's order.
 * @param remote - Remote's order.
 * @returns Every token of every side's changed runs and of unchanged base runs, in merged order (a token may occur twice).
 */
export function mergeOrder(baseLen: number, local: SideOrder, remote: SideOrder): MergedOrder {
  const tokens: number[] = [];
  const from: Source[] = [];
  const concurrent: Array<[number, number]> = [];
  const emit = (t: number, f: Source) => {
    tokens.push(t);
    from.push(f);
  };
  let cur = 0;
  for (const region of changeRegions(hunksOf(local, baseLen), hunksOf(remote, baseLen))) {
    for (let i = cur; i < region.oStart; i++) emit(i, 'base');
    cur = region.oEnd;
    if (region.remote === undefined || region.local === undefined) {
      const [side, order, [xs, xe]] = region.remote === undefined ? (['local', local, region.local!] as const) : (['remote', remote, region.remote] as const);
      for (let i = xs; i < xe; i++) emit(order.seq[i]!, side);
      continue;
    }
    const a = local.seq.slice(region.local[0], region.local[1]);
    const b = remote.seq.slice(region.remote[0], region.remote[1]);
    const pair = resolve(a, b, baseLen, region.oEnd, emit);
    if (pair !== undefined) concurrent.push(pair);
  }
  for (let i = cur; i < baseLen; i++) emit(i, 'base');
  return { tokens, from, concurrent };
}

/**
 * Both sides changed this region. When neither side reordered base cells inside it, every
 * base cell goes to its base index, and the cells inserted before one base cell (or before
 * the region's end) are merged as two sequences: the inserted cells both sides have there
 * are anchors in local's order, and the cells only remote has there follow the anchor they
 * follow in remote, behind local's own cells after that anchor (local first). Otherwise
 * local's tokens in order, and each remote-only token after its remote predecessor.
 */
function resolve(
  a: readonly number[],
  b: readonly number[],
  baseLen: number,
  regionEnd: number,
  emit: (t: number, f: Source) => void,
): [number, number] | undefined {
  if (increasing(a, baseLen) && increasing(b, baseLen)) {
    const inA = new Set(a);
    const groupsA = insertGroups(a, baseLen, regionEnd);
    const groupsB = insertGroups(b, baseLen, regionEnd);
    const baseTokens = [...new Set([...a, ...b].filter((t) => t < baseLen))].sort((x, y) => x - y);
    const emitGroup = (next: number) => {
      const ga = groupsA.get(next) ?? [];
      const here = new Set(ga);
      const gb = (groupsB.get(next) ?? []).filter((t) => !inA.has(t) || here.has(t));
      mergeTwo(ga, gb, emit);
    };
    for (const t of baseTokens) {
      emitGroup(t);
      emit(t, inA.has(t) ? 'local' : 'remote');
    }
    emitGroup(regionEnd);
    return concurrentPair(a, b, baseLen);
  }
  return resolveByLocal(a, b, baseLen, emit);
}

/** A side's inserted tokens grouped by the base token that follows them (`regionEnd` at the end), in the side's order. */
function insertGroups(seq: readonly number[], baseLen: number, regionEnd: number): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  let run: number[] = [];
  for (const t of seq) {
    if (t < baseLen) {
      if (run.length > 0) groups.set(t, run);
      run = [];
    } else run.push(t);
  }
  if (run.length > 0) groups.set(regionEnd, run);
  return groups;
}

/**
 * Merges two sequences of inserted tokens: tokens both have are anchors, in `a`'s order;
 * `b`'s own tokens follow the anchor they follow in `b`, after `a`'s own tokens there.
 */
function mergeTwo(a: readonly number[], b: readonly number[], emit: (t: number, f: Source) => void): void {
  if (b.length === 0) {
    for (const t of a) emit(t, 'local');
    return;
  }
  const inA = new Set(a);
  const inB = new Set(b);
  const START = -1;
  const after = new Map<number, number[]>();
  let anchor = START;
  for (const t of b) {
    if (inA.has(t)) {
      anchor = t;
      continue;
    }
    const list = after.get(anchor);
    if (list === undefined) after.set(anchor, [t]);
    else list.push(t);
  }
  let pending = START;
  const flush = () => {
    for (const t of after.get(pending) ?? []) emit(t, 'remote');
    after.delete(pending);
  };
  for (const t of a) {
    if (inB.has(t)) {
      flush();
      emit(t, 'local');
      pending = t;
    } else emit(t, 'local');
  }
  flush();
  // anchors that local has out of remote's order: their followers come last
  for (const list of after.values()) for (const t of list) emit(t, 'remote');
}

function increasing(seq: readonly number[], baseLen: number): boolean {
  let last = -1;
  for (const t of seq) {
    if (t >= baseLen) continue;
    if (t <= last) return false;
    last = t;
  }
  return true;
}

function concurrentPair(a: readonly number[], b: readonly number[], baseLen: number): [number, number] | undefined {
  const inA = new Set(a);
  const inB = new Set(b);
  const la = a.find((t) => t >= baseLen && !inB.has(t));
  const rb = b.find((t) => t >= baseLen && !inA.has(t));
  return la !== undefined && rb !== undefined ? [la, rb] : undefined;
}

/** Local's tokens in order, remote-only tokens after their remote predecessor (local first). */
function resolveByLocal(a: readonly number[], b: readonly number[], baseLen: number, emit: (t: number, f: Source) => void): [number, number] | undefined {
  mergeTwo(a, b, emit);
  return concurrentPair(a, b, baseLen);
}
