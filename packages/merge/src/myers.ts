/**
 * Myers' O((N+M)·D) difference algorithm on lines: the one line diff of every text merge
 * (diff3.ts) and of split cells (split.ts). Its cost grows with the number of differing
 * lines, not with the product of the lengths, so long or repetitive texts (thousands of `}`
 * and blank lines) stay fast, where an LCS table is quadratic.
 */
import type { Hunk } from './regions.js';

/** A change: lines [oStart, oEnd) of the first text became lines [xStart, xEnd) of the second. */
export type LineHunk = Hunk;

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
  // v before each step d, diagonals -d-1..d+1, one after the other (step d starts at d² + 2d)
  const trace: number[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(max, maxD); d++) {
    for (let k = -d - 1; k <= d + 1; k++) trace.push(v[off + k]!);
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
    const w = d * d + 2 * d + d + 1; // where diagonal 0 of step d is in the trace
    const at = (k: number) => trace[w + k]!;
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

/** Appends without spreading (no argument-count limit on long arrays). */
export function pushAll<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}
