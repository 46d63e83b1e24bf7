/** Python's sort order for keys (code points, not UTF-16 units), which nbformat writes in. */

/** Compares code points (Python's sort order for keys), not UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-U+DFFF) encode code points above U+FFFF: they sort after U+E000-U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** True when `keys` are in code point order. */
export function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    const a = keys[i - 1]!;
    const b = keys[i]!;
    // UTF-16 order equals code point order unless a surrogate meets U+E000-U+FFFF.
    if (a < b && a.charCodeAt(0) < 0xd800 && b.charCodeAt(0) < 0xd800) continue;
    if (compareCodePoints(a, b) > 0) return false;
  }
  return true;
}
