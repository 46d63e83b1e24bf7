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

/** One side's order: its tokens, and its unmoved matches with base. */
export interface SideOrder {
  /** The side's tokens, in its order. */
  seq: readonly number[];
  /** Pairs (base index, side index) of unmoved matched cells, increasing in both. */
  chain: ReadonlyArray<readonly [number, number]>;
}

/** Where a placed token came from: 0 unchanged base run, 1 local, 2 remote. */
export type Source = 0 | 1 | 2;

/** The merged order: tokens with the side each occurrence came from. */
export interface MergedOrder {
  tokens: number[];
  from: Source[];
  /** Regions where both sides inserted different cells: [first local-only token, first remote-only token]. */
  concurrent: Array<[number, number]>;
}

interface Hunk {
  side: 1 | 2;
  oStart: number;
  oEnd: number;
  xStart: number;
  xEnd: number;
}

function hunksOf(side: 1 | 2, order: SideOrder, baseLen: number, out: Hunk[]): void {
  let po = -1;
  let px = -1;
  const n = order.chain.length;
  for (let k = 0; k <= n; k++) {
    const o = k < n ? order.chain[k]![0] : baseLen;
    const x = k < n ? order.chain[k]![1] : order.seq.length;
    if (o - po > 1 || x - px > 1) out.push({ side, oStart: po + 1, oEnd: o, xStart: px + 1, xEnd: x });
    po = o;
    px = x;
  }
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
  const hunks: Hunk[] = [];
  hunksOf(1, local, baseLen, hunks);
  hunksOf(2, remote, baseLen, hunks);
  hunks.sort((x, y) => x.oStart - y.oStart || x.side - y.side);
  const tokens: number[] = [];
  const from: Source[] = [];
  const concurrent: Array<[number, number]> = [];
  const emit = (t: number, f: Source) => {
    tokens.push(t);
    from.push(f);
  };
  let cur = 0;
  let h = 0;
  while (h < hunks.length) {
    const first = hunks[h]!;
    const regionStart = first.oStart;
    let regionEnd = first.oEnd;
    const region: Hunk[] = [first];
    h++;
    while (h < hunks.length && hunks[h]!.oStart <= regionEnd) {
      regionEnd = Math.max(regionEnd, hunks[h]!.oEnd);
      region.push(hunks[h]!);
      h++;
    }
    for (let i = cur; i < regionStart; i++) emit(i, 0);
    cur = regionEnd;
    if (region.every((x) => x.side === region[0]!.side)) {
      const side = region[0]!.side;
      const seq = side === 1 ? local.seq : remote.seq;
      const [xs, xe] = range(region, side, regionStart, regionEnd)!;
      for (let i = xs; i < xe; i++) emit(seq[i]!, side);
      continue;
    }
    const a = slice(local, region, 1, regionStart, regionEnd);
    const b = slice(remote, region, 2, regionStart, regionEnd);
    const pair = resolve(a, b, baseLen, regionEnd, emit);
    if (pair !== undefined) concurrent.push(pair);
  }
  for (let i = cur; i < baseLen; i++) emit(i, 0);
  return { tokens, from, concurrent };
}

/** The side's index range for a region (as diff3 computes it from the side's hunks). */
function range(region: readonly Hunk[], side: 1 | 2, regionStart: number, regionEnd: number): [number, number] | undefined {
  let minX = Infinity;
  let maxX = -Infinity;
  let minO = Infinity;
  let maxO = -Infinity;
  for (const x of region) {
    if (x.side !== side) continue;
    minX = Math.min(minX, x.xStart);
    maxX = Math.max(maxX, x.xEnd);
    minO = Math.min(minO, x.oStart);
    maxO = Math.max(maxO, x.oEnd);
  }
  if (minX === Infinity) return undefined;
  return [minX - (minO - regionStart), maxX + (regionEnd - maxO)];
}

/** A side's tokens over a region; base's own tokens when the side has no hunk there. */
function slice(order: SideOrder, region: readonly Hunk[], side: 1 | 2, regionStart: number, regionEnd: number): number[] {
  const r = range(region, side, regionStart, regionEnd);
  if (r === undefined) {
    const out: number[] = [];
    for (let i = regionStart; i < regionEnd; i++) out.push(i);
    return out;
  }
  return order.seq.slice(r[0], r[1]);
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
      emit(t, inA.has(t) ? 1 : 2);
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
    for (const t of a) emit(t, 1);
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
    for (const t of after.get(pending) ?? []) emit(t, 2);
    after.delete(pending);
  };
  for (const t of a) {
    if (inB.has(t)) {
      flush();
      emit(t, 1);
      pending = t;
    } else emit(t, 1);
  }
  flush();
  // anchors that local has out of remote's order: their followers come last
  for (const list of after.values()) for (const t of list) emit(t, 2);
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
