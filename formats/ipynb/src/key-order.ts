/** Python's sort order for keys (code points, not UTF-16 units), which nbformat writes in. */
import { compareCodePoints } from '@nbgit/core';

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
