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
 * token goes to its base position: a base cell at its index, an inserted cell just before the
 * base cell that follows it on its side (local's before remote's there). Otherwise local's
 * tokens in order, and each remote-only token after its remote predecessor.
 */
function resolve(a: readonly number[], b: readonly number[], baseLen: number, regionEnd: number, emit: (t: number, f: Source) => void): [number, number] | undefined {
  if (increasing(a, baseLen) && increasing(b, baseLen)) {
    const key = new Map<number, [number, number, number, Source]>();
    const keys = (seq: readonly number[], side: Source) => {
      let next = regionEnd;
      for (let i = seq.length - 1; i >= 0; i--) {
        const t = seq[i]!;
        if (t < baseLen) {
          next = t;
          if (!key.has(t) || side === 1) key.set(t, [t, 2, 0, side]);
        } else if (side === 1 || !key.has(t)) key.set(t, [next, side, i, side]);
      }
    };
    keys(b, 2);
    keys(a, 1);
    const order = [...key.entries()].sort((x, y) => x[1][0] - y[1][0] || x[1][1] - y[1][1] || x[1][2] - y[1][2]);
    for (const [t, k] of order) emit(t, k[3]);
    return concurrentPair(a, b, baseLen);
  }
  return resolveByLocal(a, b, baseLen, emit);
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
    let list = after.get(anchor);
    if (list === undefined) {
      list = [];
      after.set(anchor, list);
    }
    list.push(t);
  }
  let pending = START;
  const flush = () => {
    const list = after.get(pending);
    if (list !== undefined) for (const t of list) emit(t, 2);
  };
  for (const t of a) {
    if (inB.has(t)) {
      flush();
      emit(t, 1);
      pending = t;
    } else emit(t, 1);
  }
  flush();
  return concurrentPair(a, b, baseLen);
}
