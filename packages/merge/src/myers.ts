/**
 * Myers' O((N+M)·D) difference algorithm on lines, and a diff3 built on it, for sources too
 * long or too repetitive for node-diff3's LCS (which is quadratic or worse on repeated lines:
 * seconds for 2,000 lines of `}` and blank lines). Regions are grouped exactly like
 * node-diff3's `diff3MergeRegions` (overlapping or touching changes form one region), so both
 * paths give the same kind of result.
 */

/** A change of one side: base lines [oStart, oEnd) became side lines [xStart, xEnd). */
export interface LineHunk {
  oStart: number;
  oEnd: number;
  xStart: number;
  xEnd: number;
}

/**
 * Hunks turning `a` into `b` (shortest edit script). When more than `maxD` lines differ,
 * returns one hunk covering everything between the common prefix and suffix.
 */
export function diffLines(a: readonly string[], b: readonly string[], maxD = 2000): LineHunk[] {
  const n = a.length;
  const m = b.length;
  let head = 0;
  while (head < n && head < m && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && a[n - 1 - tail] === b[m - 1 - tail]) tail++;
  const N = n - head - tail;
  const M = m - head - tail;
  if (N === 0 && M === 0) return [];
  if (N === 0 || M === 0) return [{ oStart: head, oEnd: head + N, xStart: head, xEnd: head + M }];
  // integer ids for lines
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let v = ids.get(s);
    if (v === undefined) {
      v = ids.size;
      ids.set(s, v);
    }
    return v;
  };
  const A = new Int32Array(N);
  const B = new Int32Array(M);
  for (let i = 0; i < N; i++) A[i] = id(a[head + i]!);
  for (let j = 0; j < M; j++) B[j] = id(b[head + j]!);
  const max = N + M;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(max, maxD); d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < N && y < M && A[x] === B[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= N && y >= M) {
        found = d;
        break;
      }
    }
    if (found !== -1) break;
  }
  if (found === -1) return [{ oStart: head, oEnd: head + N, xStart: head, xEnd: head + M }];
  // backtrack: collect matched pairs (reversed)
  const pairs: number[] = [];
  let x = N;
  let y = M;
  for (let d = found; d >= 0; d--) {
    const w = trace[d]!; // v before step d, window k in [-d-1, d+1]
    const at = (k: number) => w[k + d + 1]!;
    const k = x - y;
    let prevK: number;
    if (d === 0) prevK = 0;
    else prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      pairs.push(x, y);
    }
    if (d > 0) {
      x = prevX;
      y = prevY;
    }
  }
  const hunks: LineHunk[] = [];
  let po = -1;
  let px = -1;
  for (let p = pairs.length - 2; p >= -2; p -= 2) {
    const o = p >= 0 ? pairs[p]! : N;
    const xx = p >= 0 ? pairs[p + 1]! : M;
    if (o - po > 1 || xx - px > 1) hunks.push({ oStart: head + po + 1, oEnd: head + o, xStart: head + px + 1, xEnd: head + xx });
    po = o;
    px = xx;
  }
  return hunks;
}

/** One region of a three-way merge. */
export type Region3 = { ok: string[] } | { conflict: { a: string[]; o: string[]; b: string[] } };

/**
 * diff3 of `a` (local) and `b` (remote) against `o` (base), with Myers diffs: changes of one
 * side are taken, identical changes once, overlapping or touching different changes conflict.
 */
export function diff3Lines(a: readonly string[], o: readonly string[], b: readonly string[]): Region3[] {
  const hunks: Array<LineHunk & { side: 0 | 1 }> = [];
  for (const h of diffLines(o, a)) hunks.push({ ...h, side: 0 });
  for (const h of diffLines(o, b)) hunks.push({ ...h, side: 1 });
  hunks.sort((x, y) => x.oStart - y.oStart || x.side - y.side);
  const out: Region3[] = [];
  let ok: string[] = [];
  const flush = () => {
    if (ok.length > 0) out.push({ ok });
    ok = [];
  };
  let cur = 0;
  let h = 0;
  while (h < hunks.length) {
    const first = hunks[h]!;
    const start = first.oStart;
    let end = first.oEnd;
    const region = [first];
    h++;
    while (h < hunks.length && hunks[h]!.oStart <= end) {
      end = Math.max(end, hunks[h]!.oEnd);
      region.push(hunks[h]!);
      h++;
    }
    for (let i = cur; i < start; i++) ok.push(o[i]!);
    cur = end;
    const side = (s: 0 | 1, lines: readonly string[]) => {
      let minX = Infinity;
      let maxX = -Infinity;
      let minO = Infinity;
      let maxO = -Infinity;
      for (const x of region) {
        if (x.side !== s) continue;
        minX = Math.min(minX, x.xStart);
        maxX = Math.max(maxX, x.xEnd);
        minO = Math.min(minO, x.oStart);
        maxO = Math.max(maxO, x.oEnd);
      }
      if (minX === Infinity) return o.slice(start, end);
      return lines.slice(minX - (minO - start), maxX + (end - maxO));
    };
    const ca = side(0, a);
    const cb = side(1, b);
    if (region.every((x) => x.side === 0)) pushAll(ok, ca);
    else if (region.every((x) => x.side === 1)) pushAll(ok, cb);
    else if (ca.length === cb.length && ca.every((l, i) => l === cb[i])) pushAll(ok, ca);
    else {
      flush();
      out.push({ conflict: { a: ca, o: o.slice(start, end), b: cb } });
    }
  }
  for (let i = cur; i < o.length; i++) ok.push(o[i]!);
  flush();
  return out;
}

/** Appends without spreading (no argument-count limit on long arrays). */
export function pushAll<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}
