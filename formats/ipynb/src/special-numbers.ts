/**
 * Fast checks for number lexemes that `JSON.parse` would lose (`1.0`, `1e-05`, integers
 * beyond 2^53): when a text holds none, the fast path reads it natively.
 */
import { isSpecialNumberLexeme, MAX_DEPTH } from '@nbgit/core';

/**
 * True when valid JSON `text` holds a number token that {@link parseJson} records with
 * `rememberNumber` (an integral value written with `.` or an exponent, an integer beyond
 * 2^53, or a number beyond a double's range), which `JSON.parse` forgets, or when `value`
 * (what `JSON.parse` read from `text`) is nested deeper than `MAX_DEPTH`: then the lossless
 * parser must read the text (and, for depth, say where). Exact and linear: one walk of
 * `value` and, for most notebooks, one scan of the text for colons (see {@link colonScan}).
 */
export function holdsSpecialNumbers(text: string, value: unknown): boolean {
  tally.integral = 0;
  const found = typeof value === 'object' && value !== null ? numbersIn(value, MAX_DEPTH - 1) : NONE;
  return textHoldsSpecial(text, found);
}

/**
 * The text's part of {@link holdsSpecialNumbers}, after a walk of the data (this module's
 * {@link numbersIn}, or the notebook walk of native-check.ts) found `found` and counted
 * `tally.integral` integral members.
 */
export function textHoldsSpecial(text: string, found: Found): boolean {
  if (found === REFUSE) return true;
  if (found === IN_ARRAY) return holdsSpecialNumberTokens(text, true);
  if (tally.integral === 0) return false;
  // Most notebooks hold no integral number but the top-level `nbformat` and `nbformat_minor`,
  // which are the file's last members: when the tail of the text accounts for every integral
  // member the walk saw, no other token can be a special lexeme.
  const tail = trailingIntegers(text);
  if (tail === -1) return true;
  return tail === tally.integral ? false : colonScan(text);
}

/** What a walk of the data counts: the integral numbers that are members' values (the walk's caller resets it). */
export const tally = { integral: 0 };

/** Start and end of each key {@link trailingIntegers} read (at most {@link TAIL_KEYS}). */
const tailKeys = new Int32Array(16);
const TAIL_KEYS = 8;

/**
 * The top-level object's last members, read backwards from the end of valid JSON `text`
 * while their values are numbers (a value that ends just before `}` or before `,"key":` of
 * a member already read is a member's whole value): how many are integers written plainly,
 * or -1 when one is written as a special lexeme. Stops (answering what it counted) at
 * anything else: another value, a key with an escape, a key seen twice, more than
 * {@link TAIL_KEYS} members.
 */
function trailingIntegers(text: string): number {
  let i = skipBack(text, text.length - 1);
  if (text.charCodeAt(i) !== 125) return 0; // }
  i = skipBack(text, i - 1);
  let count = 0;
  for (let m = 0; m < TAIL_KEYS; m++) {
    const end = i + 1;
    let marked = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if ((c >= 48 && c <= 57) || c === 45) i--;
      else if (c === 46 || c === 101 || c === 69 || c === 43) {
        marked = true;
        i--;
      } else break;
    }
    const start = i + 1;
    if (start === end) return count;
    i = skipBack(text, i);
    if (text.charCodeAt(i) !== 58) return count; // :
    i = skipBack(text, i - 1);
    if (text.charCodeAt(i) !== 34) return count; // "
    const keyEnd = i;
    for (i--; i > 0 && text.charCodeAt(i) !== 34; i--) if (text.charCodeAt(i) === 92) return count; // an escape in the key
    if (text.charCodeAt(i) !== 34) return count;
    const keyStart = i + 1;
    // a token of digits (and a leading minus) of at most 15 characters is a plain safe integer
    let integral = true;
    if (marked || end - start > 15) {
      const lexeme = text.slice(start, end);
      const n = Number(lexeme);
      if (Number.isNaN(n)) return count;
      if (isSpecialNumberLexeme(lexeme, n)) return -1;
      integral = Number.isInteger(n);
    }
    for (let k = 0; k < m; k++) if (sameKey(text, tailKeys[2 * k]!, tailKeys[2 * k + 1]!, keyStart, keyEnd)) return count;
    tailKeys[2 * m] = keyStart;
    tailKeys[2 * m + 1] = keyEnd;
    if (integral) count++;
    i = skipBack(text, keyStart - 2);
    if (text.charCodeAt(i) !== 44) return count; // ,
    i = skipBack(text, i - 1);
  }
  return count;
}

/** The last position at or before `i` that is not JSON whitespace. */
function skipBack(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(--i));
  return i;
}

/** True when `text[a, b)` and `text[c, d)` are the same characters. */
function sameKey(text: string, a: number, b: number, c: number, d: number): boolean {
  if (b - a !== d - c) return false;
  for (let k = 0; k < b - a; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(c + k)) return false;
  return true;
}

/**
 * When no array holds an integral number (the usual case), every token that may be a
 * special lexeme is a member's value, so it follows a colon: the colons followed by a number
 * token other than a plain integer of at most 15 characters are found (by {@link AFTER_COLON},
 * or once warm by {@link colonLoop}), and only those whose number may be such a lexeme
 * are checked to stand outside a string (by a walk from string to string from the start of
 * its line).
 */
function colonScan(text: string): boolean {
  return ++scans > WARM_SCANS ? colonLoop(text) : colonRegex(text);
}

/**
 * Texts scanned so far in this process. The first few are scanned with a regular expression
 * (native code at once); later ones with {@link colonLoop}, which the JIT has compiled by
 * then and which is about twice as fast, but which a short-lived process (a merge driver
 * reading three notebooks) would run in the interpreter.
 */
let scans = 0;
const WARM_SCANS = 4;

/** {@link colonScan} with {@link AFTER_COLON}. */
export function colonRegex(text: string): boolean {
  const state = { outside: 0 };
  AFTER_COLON.lastIndex = 0;
  for (let m = AFTER_COLON.exec(text); m !== null; m = AFTER_COLON.exec(text)) {
    const i = m.index;
    if (specialAfter(text, i, i + m[0].length - m[1]!.length, state)) return true;
  }
  return false;
}

/**
 * {@link colonScan} from colon to colon with `indexOf` (a native search for one character):
 * most colons are followed by a space and a string, an object or an array, which two
 * character reads tell.
 */
export function colonLoop(text: string): boolean {
  const state = { outside: 0 };
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    let k = i + 1;
    let c = text.charCodeAt(k);
    if (c === 32) c = text.charCodeAt(++k);
    if (c === 34 || c === 123 || c === 91) continue; // " { [
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++k);
    if (c !== 45 && (c - 48) >>> 0 >= 10) continue;
    // what AFTER_COLON asks of the token: digits then `.`, `e` or `E`, or 16 characters of a sign and digits
    let e = c === 45 ? k + 1 : k;
    const digits = e;
    for (c = text.charCodeAt(e); (c - 48) >>> 0 < 10; c = text.charCodeAt(++e));
    if (e === digits || (c !== 46 && c !== 101 && c !== 69 && e - k < 16)) continue;
    if (specialAfter(text, i, k, state)) return true;
  }
  return false;
}

/**
 * For the colon at `i` followed (after whitespace) by the number token at `k` that may be a
 * special lexeme: true when it is one and the colon stands outside a string. `state.outside`:
 * where the walk from string to string stopped (outside any string): colons before it are known.
 */
function specialAfter(text: string, i: number, k: number, state: { outside: number }): boolean {
  if (surelyNotSpecial(text, k)) return false;
  const e = numberTokenEnd(text, k, text.length);
  if (e >= 0 || i < state.outside) return false;
  const lexeme = text.slice(k, -e);
  if (!isSpecialNumberLexeme(lexeme, Number(lexeme))) return false;
  // Is the colon outside a string? A line starts outside (a string holds no raw line
  // break): walk from string to string from there (or from where the last walk ended) to it.
  let from = i;
  while (from > state.outside && text.charCodeAt(from - 1) !== 10) from--;
  state.outside = from;
  for (;;) {
    const q = text.indexOf('"', state.outside);
    if (q === -1 || q > i) return true;
    const end = stringEnd(text, q);
    state.outside = end + 1;
    if (end > i) return false; // inside this string
  }
}

/**
 * A colon, JSON whitespace, and the start of a number token that is not a plain integer of at
 * most 15 characters (those are never special lexemes, see {@link surelyNotSpecial}): digits
 * followed by `.`, `e` or `E`, or 16 characters of a sign and digits. Group 1: the token's start.
 */
const AFTER_COLON = /:[ \t\n\r]*(-?\d+[.eE]|-\d{15}|\d{16})/g;

/**
 * True when the number token at `k` is surely not a lexeme {@link isSpecialNumberLexeme}
 * accepts, read without making it (log lines of losses and times after colons hold many):
 * a plain integer of at most 15 characters, or a fraction without an exponent, with at
 * most 7 integer digits (so a double keeps 1e-9) and whose first 8 fraction digits (zeros
 * after its end) hold a digit other than 0 and one other than 9: it is at least 1e-8 away
 * from every integer.
 */
function surelyNotSpecial(text: string, k: number): boolean {
  let i = text.charCodeAt(k) === 45 ? k + 1 : k;
  const digits = i;
  let c = text.charCodeAt(i);
  while ((c - 48) >>> 0 < 10) c = text.charCodeAt(++i);
  if (c !== 46) return c !== 101 && c !== 69 && i - k <= 15;
  if (i - digits > 7) return false;
  let nonZero = false;
  let nonNine = false;
  let f = i + 1;
  for (c = text.charCodeAt(f); (c - 48) >>> 0 < 10; c = text.charCodeAt(++f)) {
    if (f - i > 8) continue;
    if (c !== 48) nonZero = true;
    if (c !== 57) nonNine = true;
  }
  if (f - i <= 8) nonNine = true;
  return c !== 101 && c !== 69 && nonZero && nonNine;
}

/** What {@link numbersIn} found: nothing to look at in arrays. */
export const NONE = 0;
/** An integral number in an array (not after a colon): the text walk must look at every token. */
export const IN_ARRAY = 1;
/** An integer beyond 2^53, a number beyond a double's range, or data deeper than the limit. */
export const REFUSE = 2;
/** What a walk of the data found (see {@link numbersIn}). */
export type Found = typeof NONE | typeof IN_ARRAY | typeof REFUSE;

/**
 * What numbers container `c` holds, in one walk that also bounds the depth (`left` more
 * levels of containers may follow `c`). `for...in` walks an object without allocating
 * (`JSON.parse` gives plain objects; an inherited enumerable key only makes the answer
 * more careful).
 */
export function numbersIn(c: object, left: number): Found {
  let found: number = NONE;
  if (Array.isArray(c)) {
    for (let i = 0; i < c.length; i++) {
      const x: unknown = c[i];
      if (typeof x === 'string') continue;
      if (typeof x === 'object') {
        if (x === null) continue;
        if (left === 0) return REFUSE;
        const r = numbersIn(x, left - 1);
        if (r === REFUSE) return r;
        found |= r;
      } else if (typeof x === 'number') {
        if (!Number.isSafeInteger(x)) {
          if (Number.isInteger(x) || !Number.isFinite(x)) return REFUSE;
        } else found = IN_ARRAY;
      }
    }
    return found as Found;
  }
  const o = c as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'string') continue;
    if (typeof x === 'object') {
      if (x === null) continue;
      if (left === 0) return REFUSE;
      const r = numbersIn(x, left - 1);
      if (r === REFUSE) return r;
      found |= r;
    } else if (typeof x === 'number') {
      if (Number.isSafeInteger(x)) tally.integral++;
      else if (Number.isInteger(x) || !Number.isFinite(x)) return REFUSE;
    }
  }
  return found as Found;
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
 * only the text between strings, where every number token is. Exact and linear. With
 * `safeIntegers` (a walk of the data found no integer beyond 2^53), only a token with `.`,
 * `e` or `E` can be such a lexeme, and text between strings that holds none is skipped.
 */
export function holdsSpecialNumberTokens(text: string, safeIntegers = false): boolean {
  const n = text.length;
  // the next `.`, `e` and `E` at or after where they were last looked for (n: none)
  let dot = -1;
  let e = -1;
  let bigE = -1;
  let i = 0;
  for (;;) {
    const q = text.indexOf('"', i);
    const gapEnd = q === -1 ? n : q;
    if (!safeIntegers) {
      for (let k = i; k < gapEnd; k++) {
        const c = text.charCodeAt(k);
        if (c !== 45 && (c < 48 || c > 57)) continue;
        const end = numberTokenEnd(text, k, gapEnd);
        if (end < 0) {
          if (isSpecialAt(text, k, -end)) return true;
          k = -end;
        } else k = end;
      }
    } else {
      // Only the number tokens around each mark between the strings (the `e` of `true` and `false` stands alone).
      let at = i;
      for (;;) {
        if (dot < at) dot = indexOr(text, '.', at, n);
        if (e < at) e = indexOr(text, 'e', at, n);
        if (bigE < at) bigE = indexOr(text, 'E', at, n);
        const m = Math.min(dot, e, bigE);
        if (m >= gapEnd) break;
        let k = m;
        while (k > i && isNumberChar(text.charCodeAt(k - 1))) k--;
        const c = text.charCodeAt(k);
        if (c === 45 || (c - 48) >>> 0 < 10) {
          const end = numberTokenEnd(text, k, gapEnd);
          if (end < 0 && isSpecialAt(text, k, -end)) return true;
          at = Math.max(Math.abs(end), m + 1);
        } else at = m + 1;
      }
    }
    if (q === -1) return false;
    i = stringEnd(text, q) + 1;
  }
}

/** True for a character of a number token: a digit, `-`, `+`, `.`, `e` or `E`. */
function isNumberChar(c: number): boolean {
  return (c - 48) >>> 0 < 10 || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

/** True when the number token `text[k, end)` is a lexeme {@link isSpecialNumberLexeme} accepts. */
function isSpecialAt(text: string, k: number, end: number): boolean {
  if (surelyNotSpecial(text, k)) return false;
  const lexeme = text.slice(k, end);
  return isSpecialNumberLexeme(lexeme, Number(lexeme));
}

/** `text.indexOf(c, from)`, or `n` when there is none. */
function indexOr(text: string, c: string, from: number, n: number): number {
  const at = text.indexOf(c, from);
  return at === -1 ? n : at;
}

/** True when the quote at `at` is escaped (an odd run of backslashes before it). */
function escapedAt(text: string, at: number): boolean {
  let k = at - 1;
  while (text.charCodeAt(k) === 92) k--;
  return ((at - 1 - k) & 1) === 1;
}
