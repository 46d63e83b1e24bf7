/**
 * Fast checks for number lexemes that `JSON.parse` would lose (`1.0`, `1e-05`, integers
 * beyond 2^53): when a text holds none, the fast path reads it natively.
 */
import { isSpecialNumberLexeme } from '@nbgit/core';

/**
 * True when valid JSON `text` holds a number token that {@link parseJson} records with
 * `rememberNumber` (an integral value written with `.` or an exponent, or an integer beyond
 * 2^53), which `JSON.parse` forgets; `value` is what `JSON.parse` read from `text`. Exact,
 * linear, and about a tenth of `JSON.parse` on notebooks: when no array of `value` holds
 * an integral number (the usual case), every such token is a member's value, so it
 * follows a colon: the colons are found with `indexOf`, and only a colon followed by a
 * number that may be such a lexeme is checked to stand outside a string (by a walk from
 * string to string from the start of its line).
 */
export function holdsSpecialNumbers(text: string, value: unknown): boolean {
  const found = integralNumberIn(value, 0);
  if (found === Integral.Unsafe) return true;
  if (found === Integral.InArray) return holdsSpecialNumberTokens(text);
  // Where the walk from string to string stopped (outside any string): colons before it are known.
  let outside = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    let k = i + 1;
    let c = text.charCodeAt(k);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++k);
    if (c !== 45 && (c < 48 || c > 57)) continue;
    const e = numberTokenEnd(text, k, text.length);
    if (e < 0) {
      const lexeme = text.slice(k, -e);
      if (i < outside || !isSpecialNumberLexeme(lexeme, Number(lexeme))) continue;
      // Is the colon outside a string? A line starts outside (a string holds no raw line
      // break): walk from string to string from there (or from where the last walk ended) to it.
      let from = i;
      while (from > outside && text.charCodeAt(from - 1) !== 10) from--;
      outside = from;
      for (;;) {
        const q = text.indexOf('"', outside);
        if (q === -1 || q > i) return true;
        const end = stringEnd(text, q);
        outside = end + 1;
        if (end > i) break; // inside this string
      }
    }
  }
  return false;
}

enum Integral {
  None,
  /** An integral number in an array (not after a colon). */
  InArray,
  /** An integer beyond 2^53 (always recorded). */
  Unsafe,
}

/** What integral numbers `value` holds (a walk of the data; deep data answers `InArray`, which sends the caller to the text walk). */
function integralNumberIn(value: unknown, depth: number): Integral {
  if (depth > 256) return Integral.InArray;
  if (Array.isArray(value)) {
    let found = Integral.None;
    for (let i = 0; i < value.length; i++) {
      const x = value[i];
      if (typeof x === 'object') {
        if (x !== null) {
          const r = integralNumberIn(x, depth + 1);
          if (r === Integral.Unsafe) return r;
          if (r !== Integral.None) found = r;
        }
      } else if (typeof x === 'number' && Number.isInteger(x)) {
        if (!Number.isSafeInteger(x)) return Integral.Unsafe;
        found = Integral.InArray;
      }
    }
    return found;
  }
  let found = Integral.None;
  const members = Object.values(value as object);
  for (let i = 0; i < members.length; i++) {
    const x = members[i];
    if (typeof x === 'object') {
      if (x !== null) {
        const r = integralNumberIn(x, depth + 1);
        if (r === Integral.Unsafe) return r;
        if (r !== Integral.None) found = r;
      }
    } else if (typeof x === 'number' && Number.isInteger(x) && !Number.isSafeInteger(x)) return Integral.Unsafe;
  }
  return found;
}

/**
 * The end of the number token starting at `k` (before `limit`): negative (`-end`) when the
 * token may be a lexeme {@link isSpecialNumberLexeme} accepts (it has `.`, `e` or `E`, or
 * more than 15 characters), positive otherwise.
 */
function numberTokenEnd(text: string, k: number, limit: number): number {
  let e = k + 1;
  let marked = false;
  for (; e < limit; e++) {
    const d = text.charCodeAt(e);
    if (d === 46 || d === 101 || d === 69) marked = true;
    else if (!((d >= 48 && d <= 57) || d === 43 || d === 45)) break;
  }
  return marked || e - k > 15 ? -e : e;
}

/** The closing quote of the string whose opening quote is at `q` (valid JSON), or `text.length`. */
function stringEnd(text: string, q: number): number {
  let end = text.indexOf('"', q + 1);
  while (end !== -1 && escapedAt(text, end)) end = text.indexOf('"', end + 1);
  return end === -1 ? text.length : end;
}

/**
 * {@link holdsSpecialNumbers} from the text alone: it jumps from string to string with
 * `indexOf` (a quote preceded by an odd run of backslashes is inside a string) and reads
 * only the text between strings, where every number token is. Exact and linear.
 */
export function holdsSpecialNumberTokens(text: string): boolean {
  const n = text.length;
  let i = 0;
  for (;;) {
    const q = text.indexOf('"', i);
    const gapEnd = q === -1 ? n : q;
    for (let k = i; k < gapEnd; k++) {
      const c = text.charCodeAt(k);
      if (c !== 45 && (c < 48 || c > 57)) continue;
      const e = numberTokenEnd(text, k, gapEnd);
      if (e < 0) {
        const lexeme = text.slice(k, -e);
        if (isSpecialNumberLexeme(lexeme, Number(lexeme))) return true;
        k = -e;
      } else k = e;
    }
    if (q === -1) return false;
    i = stringEnd(text, q) + 1;
  }
}

/** True when the quote at `at` is escaped (an odd run of backslashes before it). */
function escapedAt(text: string, at: number): boolean {
  let k = at - 1;
  while (text.charCodeAt(k) === 92) k--;
  return ((at - 1 - k) & 1) === 1;
}
