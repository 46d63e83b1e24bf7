/**
 * Small helpers that several packages need, kept once: a regular-expression escape, Python's key
 * order (by code point) and a deep copy with keys in that order.
 */
import { copyNumberLexemes } from './numbers.js';

/** `s` with the characters that are special in a regular expression escaped (`/` too, for literals). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

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

/**
 * A deep copy with object keys in code point order (as Jupyter and PyYAML sort them), keeping
 * the recorded kind of numbers (`1.0`, big integers) and a `__proto__` key.
 */
export function sortedCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  let out: unknown;
  if (Array.isArray(value)) out = value.map(sortedCopy);
  else {
    const o: Record<string, unknown> = {};
    const v = value as Record<string, unknown>;
    for (const k of Object.keys(v).sort(compareCodePoints)) {
      if (k === '__proto__') Object.defineProperty(o, k, { value: sortedCopy(v[k]), writable: true, enumerable: true, configurable: true });
      else o[k] = sortedCopy(v[k]);
    }
    out = o;
  }
  copyNumberLexemes(value as object, out as object);
  return out as T;
}

/**
 * A shallow copy of an object with its keys in code point order (values shared, recorded
 * number lexemes kept).
 */
export function sortedKeys<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  const v = o as Record<string, unknown>;
  for (const k of Object.keys(v).sort(compareCodePoints)) {
    if (k === '__proto__') Object.defineProperty(out, k, { value: v[k], writable: true, enumerable: true, configurable: true });
    else out[k] = v[k];
  }
  copyNumberLexemes(o, out);
  return out as T;
}

/** True when two arrays hold the same items (`===`) in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
