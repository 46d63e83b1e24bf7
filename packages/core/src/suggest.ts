/** Suggestions for mistyped names: "did you mean" for commands, options and config keys. */

/** Edit distance of two words (insertions, deletions, substitutions, and swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to a mistyped `word`, if one is close enough to be what was meant:
 * the only candidate that starts with `word` (or that `word` starts with), else the nearest
 * by edit distance within about a third of the word's length.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...new Set(candidates)].filter((c) => c !== word);
  const w = word.toLowerCase();
  const prefixed = list.filter((c) => c.toLowerCase().startsWith(w) || (w.startsWith(c.toLowerCase()) && c.length >= 3));
  if (prefixed.length === 1 && w.length >= 3) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of list) {
    const n = editDistance(w, c.toLowerCase());
    if (n < bestDistance) [best, bestDistance] = [c, n];
  }
  return best;
}
