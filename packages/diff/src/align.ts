/**
 * Cell alignment: which cell of notebook A is which cell of notebook B.
 *
 * Near-linear, in four steps (the format is specified in this package's README):
 *
 * 1. **ids**: cells whose `id` is present and unique in both notebooks match by id (`how: 'id'`).
 * 2. **unique content**: among the cells left, a source key (cell type + source) that occurs
 *    exactly once on each side matches (`how: 'exact'`).
 * 3. **backbone**: the longest order-preserving chain of those matches (a longest increasing
 *    subsequence over A's indices, matches taken in B's order) splits both notebooks into gaps.
 * 4. **gaps**: inside each gap, a weighted LCS matches the remaining cells, equal sources
 *    first (`'exact'`) and then similar ones (`'similar'`: an edited cell is modified, not
 *    removed + added). Large gaps are searched in a diagonal band, so the work per cell is
 *    bounded and no notebook-wide all-pairs comparison ever happens.
 *
 * Finally every match outside the longest increasing subsequence of all matches is a move.
 */
import { type Cell, joinSource } from '@nbgit/core';

/** How a pair of cells was matched. */
export type MatchKind = 'id' | 'exact' | 'similar';

/** One matched pair of cells. */
export interface CellMatch {
  /** Index of the cell in notebook A. */
  a: number;
  /** Index of the cell in notebook B. */
  b: number;
  /** `'id'`: same cell id; `'exact'`: same type and source; `'similar'`: similar source. */
  how: MatchKind;
  /** True when the cell changed its place relative to the other matched cells (see {@link findMoves}). */
  moved: boolean;
}

/** The result of {@link alignCells}. */
export interface Alignment {
  /** Matched pairs, sorted by `b`. */
  matches: CellMatch[];
  /** Indices in A of the cells with no counterpart in B, ascending. */
  removed: number[];
  /** Indices in B of the cells with no counterpart in A, ascending. */
  added: number[];
}

/** Options for {@link alignCells}. */
export interface AlignOptions {
  /** Match cells by id where both notebooks have ids (default true). False: content only. */
  ids?: boolean;
  /** Similarity (0..1, see {@link cellSimilarity}) a pair needs to count as one edited cell. Default 0.5. */
  threshold?: number;
  /** Compare sources ignoring all whitespace (for the exact and similar steps). Default false. */
  ignoreWhitespace?: boolean;
  /**
   * Gaps with more than `maxPairs` cell pairs are searched only within a diagonal band of
   * `band` cells on either side (defaults 4096 and 16). Bounds the cost per cell.
   */
  maxPairs?: number;
  /** Half-width of the diagonal band for large gaps. Default 16. */
  band?: number;
}

const DEFAULT_THRESHOLD = 0.5;

/**
 * Aligns the cells of two notebooks: matches by id, then by equal content, then by similar
 * content inside the gaps. Pure and deterministic; cost is near-linear in the number of cells.
 *
 * @param a - The cells of the old notebook.
 * @param b - The cells of the new notebook.
 * @returns Matches sorted by B index (with `moved` flags), and the removed and added indices.
 * @example
 * const { matches, removed, added } = alignCells(oldNb.cells, newNb.cells);
 */
export function alignCells(a: readonly Cell[], b: readonly Cell[], options: AlignOptions = {}): Alignment {
  const useIds = options.ids !== false;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const ws = options.ignoreWhitespace === true;
  const maxPairs = options.maxPairs ?? 4096;
  const band = Math.max(1, options.band ?? 16);

  const matchA = new Int32Array(a.length).fill(-1); // a index -> b index
  const matchB = new Int32Array(b.length).fill(-1);
  const how: MatchKind[] = new Array(a.length);
  const link = (i: number, j: number, kind: MatchKind) => {
    matchA[i] = j;
    matchB[j] = i;
    how[i] = kind;
  };

  // 1. ids
  if (useIds) {
    const idsA = uniqueIndex(a, (c) => (typeof c.id === 'string' && c.id !== '' ? c.id : undefined));
    const idsB = uniqueIndex(b, (c) => (typeof c.id === 'string' && c.id !== '' ? c.id : undefined));
    for (const [id, i] of idsA) {
      const j = idsB.get(id);
      if (j !== undefined && i >= 0 && j >= 0) link(i, j, 'id');
    }
  }

  // 2. unique exact content among the cells left
  // source keys only for the cells ids left unmatched
  const keyA = a.map((c, i) => (matchA[i] === -1 ? sourceKey(c, ws) : ''));
  const keyB = b.map((c, j) => (matchB[j] === -1 ? sourceKey(c, ws) : ''));
  {
    const ua = uniqueIndex(a, (_c, i) => (matchA[i] === -1 ? keyA[i] : undefined));
    const ub = uniqueIndex(b, (_c, j) => (matchB[j] === -1 ? keyB[j] : undefined));
    for (const [k, i] of ua) {
      const j = ub.get(k);
      if (j !== undefined && i >= 0 && j >= 0) link(i, j, 'exact');
    }
  }

  // 3. backbone: longest order-preserving chain of the matches so far
  const anchors: Array<{ a: number; b: number }> = [];
  for (const [j, i] of matchB.entries()) if (i !== -1) anchors.push({ a: i, b: j });
  const inChain = longestIncreasing(anchors.map((m) => m.a));
  const chain = anchors.filter((_m, k) => inChain[k] === true);

  // 4. gaps between consecutive backbone anchors
  const profilesA: Array<Profile | undefined> = new Array(a.length);
  const profilesB: Array<Profile | undefined> = new Array(b.length);
  const profileA = (i: number, cell: Cell) => (profilesA[i] ??= makeProfile(cell, ws));
  const profileB = (j: number, cell: Cell) => (profilesB[j] ??= makeProfile(cell, ws));
  let prevA = -1;
  let prevB = -1;
  for (let k = 0; k <= chain.length; k++) {
    const anchor = chain[k]; // undefined after the last anchor: the gap runs to the end
    const endA = anchor ? anchor.a : a.length;
    const endB = anchor ? anchor.b : b.length;
    const ga: number[] = [];
    const gb: number[] = [];
    for (let i = prevA + 1; i < endA; i++) if (matchA[i] === -1) ga.push(i);
    for (let j = prevB + 1; j < endB; j++) if (matchB[j] === -1) gb.push(j);
    if (ga.length > 0 && gb.length > 0) {
      const pairs = matchGap(
        ga.length,
        gb.length,
        maxPairs,
        band,
        (x, y) => {
          // matchGap only asks for x < ga.length and y < gb.length; ga and gb hold indices of a and b
          const i = ga[x]!;
          const j = gb[y]!;
          if (keyA[i] === keyB[j]) return EXACT;
          const ca = a[i]!;
          const cb = b[j]!;
          const pa = profileA(i, ca);
          const pb = profileB(j, cb);
          // matchGap only uses a score >= threshold: a pair whose bigram counts alone keep it
          // below (the score can at most be 2 * min / sum) needs no comparison of its bigrams
          if (similarityBound(ca, cb, pa, pb, threshold) < threshold) return 0;
          return similarity(ca, cb, pa, pb, threshold);
        },
        threshold,
      );
      for (const [x, y, s] of pairs) link(ga[x]!, gb[y]!, s === EXACT ? 'exact' : 'similar');
    }
    prevA = endA;
    prevB = endB;
  }

  // result
  const matches: CellMatch[] = [];
  const added: number[] = [];
  for (const [j, i] of matchB.entries()) {
    if (i === -1) added.push(j);
    else matches.push({ a: i, b: j, how: how[i]!, moved: false }); // link() set how[i] with matchB[j]
  }
  const moved = findMoves(matches);
  for (const [k, m] of matches.entries()) m.moved = moved[k] === true;
  const removed: number[] = [];
  for (const [i, j] of matchA.entries()) if (j === -1) removed.push(i);
  return { matches, removed, added };
}

/**
 * Tells which matches are moves: a match is a move when it is not part of the longest
 * increasing subsequence of A indices (matches taken in the order given, normally sorted by
 * B index). Deterministic: among equally long chains the one ending earliest in A wins.
 * `alignCells` sets `moved` with exactly this function, so both always agree.
 *
 * @param matches - Matched pairs sorted by `b`.
 * @returns One flag per match, true for moves.
 */
export function findMoves(matches: ReadonlyArray<{ a: number; b: number }>): boolean[] {
  const keep = longestIncreasing(matches.map((m) => m.a));
  return keep.map((k) => !k);
}

/**
 * Similarity of two cells' sources in 0..1: the Dice coefficient of their character bigrams
 * (whitespace runs collapsed), times 0.8 when the cell types differ. Sources of at most 10
 * characters of the same type count as similar (a score of `threshold`) so that a short
 * edited cell is not removed + added.
 *
 * @param x - One cell.
 * @param y - The other cell.
 * @param options - `ignoreWhitespace` and `threshold` as for {@link alignCells}.
 */
export function cellSimilarity(x: Cell, y: Cell, options: { ignoreWhitespace?: boolean; threshold?: number } = {}): number {
  const ws = options.ignoreWhitespace === true;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  return Math.min(1, similarity(x, y, makeProfile(x, ws), makeProfile(y, ws), threshold));
}

// ---------------------------------------------------------------------------------------

const EXACT = 2; // score of an exact source match inside a gap: beats any similar pair

/** Map from key to index for keys that occur exactly once; keys seen twice map to -1. */
function uniqueIndex<T>(items: readonly T[], key: (item: T, index: number) => string | undefined): Map<string, number> {
  const map = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const k = key(item, i);
    if (k === undefined) continue;
    map.set(k, map.has(k) ? -1 : i);
  }
  return map;
}

/**
 * The cell's type and source as one string: the key equal sources match on. Not a hash: Map
 * and `===` compare strings natively (V8 hashes a string once, in native code), where a hash
 * written in JavaScript reads every character in the interpreter in a short-lived process.
 */
function sourceKey(cell: Cell, ignoreWhitespace: boolean): string {
  const source = joinSource(cell.source);
  return `${cell.cell_type}\u0000${ignoreWhitespace ? source.replace(/\s+/g, '') : source}`;
}

/**
 * Marks the members of one longest strictly increasing subsequence (O(n log n), patience
 * sorting with back-links). Among chains of equal length the one with the smallest tails wins.
 */
function longestIncreasing(values: readonly number[]): boolean[] {
  const n = values.length;
  const tails: number[] = []; // tails[len-1] = index into values of the smallest tail of a chain of that length
  const prev = new Int32Array(n).fill(-1);
  for (const [k, v] of values.entries()) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      // mid < tails.length and tails holds indices into values
      if (values[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!; // lo <= tails.length
    tails[lo] = k;
  }
  const keep = new Array<boolean>(n).fill(false);
  for (let k = tails.at(-1) ?? -1; k !== -1; k = prev[k]!) keep[k] = true; // prev[k] is -1 or an index < k
  return keep;
}

/** Character-bigram multiset of a cell's source: the bigram codes, sorted. */
interface Profile {
  /** The source compared (whitespace collapsed or removed). */
  text: string;
  length: number;
  /** How many bigrams: `length - 1`, or 0. */
  count: number;
  /** The bigrams, made when first compared ({@link gramsOf}). */
  grams?: Float64Array;
}

function makeProfile(cell: Cell, ws: boolean): Profile {
  const text = ws ? joinSource(cell.source).replace(/\s+/g, '') : joinSource(cell.source).replace(/\s+/g, ' ').trim();
  return { text, length: text.length, count: Math.max(0, text.length - 1) };
}

function gramsOf(p: Profile): Float64Array {
  p.grams ??= bigrams(p.text);
  return p.grams;
}

/** The bigram codes of `text`, sorted. */
function bigrams(text: string): Float64Array {
  const n = Math.max(0, text.length - 1);
  const grams = new Float64Array(n);
  for (let i = 0; i < n; i++) grams[i] = text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1);
  grams.sort();
  return grams;
}

/** Size of the multiset intersection of two sorted bigram lists: one merge pass. */
function intersection(gx: Float64Array, gy: Float64Array): number {
  let common = 0;
  let i = 0;
  let j = 0;
  while (i < gx.length && j < gy.length) {
    const u = gx[i]!; // i < gx.length
    const w = gy[j]!; // j < gy.length
    if (u === w) {
      common++;
      i++;
      j++;
    } else if (u < w) i++;
    else j++;
  }
  return common;
}

/**
 * How many bigrams two profiles have in common (multiset intersection). Texts that share a
 * long prefix and suffix (an edited cell and its original) are compared by their middles
 * only: the bigrams inside the common prefix and suffix are the same on both sides, so the
 * intersection is those plus the middles' (min(c + a, c + b) = c + min(a, b) for each
 * bigram), the same number without sorting the whole texts.
 */
function commonBigrams(px: Profile, py: Profile): number {
  const a = px.text;
  const b = py.text;
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  if (p + s === 0 || 2 * (p + s) < n) return intersection(gramsOf(px), gramsOf(py));
  // bigrams starting at 0..p-2 lie inside the prefix, at length-s..length-2 inside the suffix;
  // the others (from p-1 to length-s-1) are those of the middle, one character wider on each side
  const from = Math.max(p - 1, 0);
  const middle = (t: string) => bigrams(t.slice(from, Math.min(t.length, t.length - s + 1)));
  return Math.max(0, p - 1) + Math.max(0, s - 1) + intersection(middle(a), middle(b));
}

/**
 * An upper bound of {@link similarity}: the score if every bigram of the smaller profile were
 * common (the same operations on a larger count, so never below the score itself).
 */
function similarityBound(x: Cell, y: Cell, px: Profile, py: Profile, threshold: number): number {
  const nx = px.count;
  const ny = py.count;
  if (nx === 0 && ny === 0) return 1;
  const sameType = x.cell_type === y.cell_type;
  let score = (2 * Math.min(nx, ny)) / (nx + ny);
  if (sameType && px.length <= 10 && py.length <= 10) score = Math.max(score, threshold);
  return sameType ? score : score * 0.8;
}

function similarity(x: Cell, y: Cell, px: Profile, py: Profile, threshold: number): number {
  const sameType = x.cell_type === y.cell_type;
  let score: number;
  if (px.count === 0 && py.count === 0) score = px.length === py.length ? 1 : 0.5;
  else score = (2 * commonBigrams(px, py)) / (px.count + py.count);
  if (sameType && px.length <= 10 && py.length <= 10) score = Math.max(score, threshold);
  return sameType ? score : score * 0.8;
}

/**
 * Weighted LCS inside one gap of `n` A-cells and `m` B-cells: pairs with score >= threshold
 * may match; the total score is maximised, order kept. Full table when `n * m <= maxPairs`,
 * otherwise a diagonal band of half-width `band`. Returns [x, y, score] triples in order.
 */
function matchGap(
  n: number,
  m: number,
  maxPairs: number,
  band: number,
  score: (x: number, y: number) => number,
  threshold: number,
): Array<[number, number, number]> {
  const full = n * m <= maxPairs;
  // row i of the table covers columns lo[i]..hi[i] and starts at dp[offs[i]]
  const lo = new Int32Array(n + 1);
  const hi = new Int32Array(n + 1);
  const offs = new Int32Array(n + 1);
  let size = 0;
  let prevHi = 0;
  for (let i = 0; i <= n; i++) {
    let l = 0;
    let h = m;
    if (!full) {
      const centre = Math.round((i * m) / n);
      l = Math.max(0, centre - band);
      h = Math.min(m, centre + band);
    }
    // make rows overlap so every path stays connected
    if (i > 0 && l > prevHi) l = prevHi;
    lo[i] = l;
    hi[i] = h;
    offs[i] = size;
    size += h - l + 1;
    prevHi = h;
  }
  const dp = new Float64Array(size); // row 0 stays 0
  const sc = new Float64Array(size); // score of matching (i-1, j-1), 0 when not allowed
  // i <= n, so lo[i], hi[i] and offs[i] exist; j inside the row keeps the dp index inside it
  const get = (i: number, j: number) => {
    const l = lo[i]!;
    return j < l || j > hi[i]! ? -Infinity : dp[offs[i]! + j - l]!;
  };
  let pl = lo[0]!;
  let ph = hi[0]!;
  let po = 0;
  for (let i = 1; i <= n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    const o = offs[i]!;
    for (let j = l; j <= h; j++) {
      const at = o + j - l;
      // get(i - 1, j) and get(i - 1, j - 1), with the previous row's bounds held in locals
      let best = j < pl || j > ph ? -Infinity : dp[po + j - pl]!;
      if (j > l) best = Math.max(best, dp[at - 1]!);
      if (j === 0) best = Math.max(best, 0);
      if (j > 0) {
        const diag = j - 1 < pl || j - 1 > ph ? -Infinity : dp[po + j - 1 - pl]!;
        if (diag > -Infinity) {
          const s = score(i - 1, j - 1);
          if (s >= threshold) {
            sc[at] = s;
            if (diag + s > best) best = diag + s;
          }
        }
      }
      dp[at] = best;
    }
    pl = l;
    ph = h;
    po = o;
  }
  // trace back from (n, m)
  const out: Array<[number, number, number]> = [];
  let i = n;
  let j = Math.min(m, hi[n]!);
  while (i > 0 && j > 0) {
    const here = get(i, j);
    const l = lo[i]!;
    const s = sc[offs[i]! + j - l] ?? 0; // outside the table: no match here
    // ties: leave the later cells unmatched, so matches come as early as possible
    if (j > l && get(i, j - 1) === here) j--;
    else if (get(i - 1, j) === here) i--;
    else if (s > 0 && get(i - 1, j - 1) + s === here) {
      out.push([i - 1, j - 1, s]);
      i--;
      j--;
    } else i--;
  }
  return out.reverse();
}
