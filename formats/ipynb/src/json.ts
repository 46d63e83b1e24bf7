/**
 * A lossless JSON reader. It returns plain JavaScript values (what `JSON.parse` returns)
 * and, beside them, a layout tree: for every object and array, its span in the text and,
 * for every member, the spans of its key and value and the value as read. The writer uses
 * the layout to give back the original bytes of everything that did not change: number
 * lexemes (`1.0`, `1e-05`, big integers), string escapes (`\u00e9`, `\/`), key order,
 * whitespace and line endings.
 *
 * Beyond strict JSON it accepts `NaN`, `Infinity` and `-Infinity` (Python's json module
 * writes them). Errors carry 1-based line and column and say what was expected. Objects
 * and arrays nested deeper than `MAX_DEPTH` (1000) are refused with a located `ELIMIT`
 * error, so that the recursion here and in every walker after it stays bounded.
 */
import { isSpecialNumberLexeme, MAX_DEPTH, NbgitError, positionAt, rememberNumber } from '@nbgit/core';

/**
 * Layout of one object or array as read, in one flat array (few allocations: a notebook
 * has many small containers). Slots: `[kind, start, end, ...members]` where `kind` is 0
 * for an object and 1 for an array, `[start, end)` is the container's span, and each
 * member takes {@link STRIDE} slots: its key (objects; `null` in arrays), the start and
 * end of its value, and the value as read (primitives) or the member's own layout
 * (containers, which are always arrays here, so `Array.isArray` tells them apart).
 */
export type ContainerLayout = unknown[];

/** Slots per member. */
export const STRIDE = 4;
/** Slot of the first member. */
export const HEAD = 3;

/** True for an array's layout. */
export const isArrayLayout = (l: ContainerLayout): boolean => l[0] === 1;
/** Start offset of the container. */
export const startOf = (l: ContainerLayout): number => l[1] as number;
/** End offset of the container (exclusive). */
export const endOf = (l: ContainerLayout): number => l[2] as number;
/** Number of members. */
export const countOf = (l: ContainerLayout): number => (l.length - HEAD) / STRIDE;
/** Key of member `i` (objects). */
export const keyAt = (l: ContainerLayout, i: number): string => l[HEAD + i * STRIDE] as string;
/** Where member `i`'s value starts. */
export const valueStartAt = (l: ContainerLayout, i: number): number => l[HEAD + i * STRIDE + 1] as number;
/** Where member `i`'s value ends. */
export const valueEndAt = (l: ContainerLayout, i: number): number => l[HEAD + i * STRIDE + 2] as number;
/** Member `i`'s value as read, or its layout. */
export const valueAt = (l: ContainerLayout, i: number): unknown => l[HEAD + i * STRIDE + 3];
/** The keys of an object layout, in file order. */
export function keysOf(l: ContainerLayout): string[] {
  const keys: string[] = [];
  for (let j = HEAD; j < l.length; j += STRIDE) keys.push(l[j] as string);
  return keys;
}
/** Index of the last member with key `key`, or -1. */
export function indexOfKey(l: ContainerLayout, key: string): number {
  for (let j = l.length - STRIDE; j >= HEAD; j -= STRIDE) if (l[j] === key) return (j - HEAD) / STRIDE;
  return -1;
}

/** True when a member value slot holds a layout (a container). */
export function isLayout(v: unknown): v is ContainerLayout {
  return Array.isArray(v);
}

/** What {@link parseJson} returns. */
export interface ParsedJson {
  value: unknown;
  /** Layout of the top-level value when it is a container. */
  layout: ContainerLayout | undefined;
  /** Offset of the top-level value and the end of it (text after it is whitespace). */
  valueStart: number;
  valueEnd: number;
}

const CONTROL = /[\u0000-\u001f]/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function describe(text: string, i: number): string {
  if (i >= text.length) return 'end of input';
  const c = text[i]!;
  const code = c.charCodeAt(0);
  return code < 0x20 ? `character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `'${c}'`;
}

/** Parses JSON text losslessly. Throws an `EJSON` {@link NbgitError} with line and column. */
export function parseJson(text: string, file?: string): ParsedJson {
  let i = 0;
  const n = text.length;
  // Position of the next backslash at or after the scan point (-1: none left). Kept across
  // strings so that finding escapes costs one pass over the text in all.
  let nextBackslash = text.indexOf('\\');

  const fail = (at: number, what: string): never => {
    throw new NbgitError('EJSON', `invalid JSON: expected ${what}, found ${describe(text, at)}`, { file, position: positionAt(text, at) });
  };

  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };

  const parseString = (): string => {
    const start = i; // at the opening quote
    let j = start + 1;
    let hasEscape = false;
    // The quote found is searched again only when an escape took it (`\"`): a string with
    // many escapes costs one pass, not one pass per escape.
    let q = text.indexOf('"', j);
    for (;;) {
      if (q === -1) {
        const nl = text.indexOf('\n', start);
        return fail(nl === -1 ? n : nl, `closing '"' of the string that starts at ${positionString(start)}`);
      }
      if (nextBackslash !== -1 && nextBackslash < j) nextBackslash = text.indexOf('\\', j);
      const b = nextBackslash;
      if (b !== -1 && b < q) {
        hasEscape = true;
        j = b + 2;
        nextBackslash = text.indexOf('\\', j);
        if (q < j) q = text.indexOf('"', j);
        continue;
      }
      i = q + 1;
      break;
    }
    if (!hasEscape) {
      const s = text.slice(start + 1, i - 1);
      if (CONTROL.test(s)) {
        const k = start + 1 + s.search(CONTROL);
        fail(k, 'an escaped control character in a string (raw control characters are not allowed)');
      }
      return s;
    }
    const raw = text.slice(start, i);
    try {
      return JSON.parse(raw) as string;
    } catch {
      // find the exact place
      for (let k = start + 1; k < i - 1; k++) {
        const c = text.charCodeAt(k);
        if (c < 0x20) fail(k, 'an escaped control character in a string');
        if (c === 92) {
          const e = text[k + 1];
          if (e === 'u') {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(k + 2, k + 6))) fail(k + 2, 'four hex digits after \\u');
            k += 5;
          } else if (e !== undefined && '"\\/bfnrt'.includes(e)) k++;
          else fail(k + 1, 'an escape character (one of " \\ / b f n r t u)');
        }
      }
      return fail(start, 'a valid string');
    }
  };

  const positionString = (at: number) => {
    const p = positionAt(text, at);
    return `${p.line}:${p.column}`;
  };

  const parseValue = (): unknown => {
    if (i >= n) fail(i, 'a value');
    const c = text.charCodeAt(i);
    switch (c) {
      case 123: // {
        return parseObject();
      case 91: // [
        return parseArray();
      case 34: // "
        return parseString();
      case 116: // t
        if (text.startsWith('true', i)) {
          i += 4;
          return true;
        }
        break;
      case 102: // f
        if (text.startsWith('false', i)) {
          i += 5;
          return false;
        }
        break;
      case 110: // n
        if (text.startsWith('null', i)) {
          i += 4;
          return null;
        }
        break;
      case 78: // N
        if (text.startsWith('NaN', i)) {
          i += 3;
          return Number.NaN;
        }
        break;
      case 73: // I
        if (text.startsWith('Infinity', i)) {
          i += 8;
          return Number.POSITIVE_INFINITY;
        }
        break;
      default: {
        if (c === 45 && text.startsWith('-Infinity', i)) {
          i += 9;
          return Number.NEGATIVE_INFINITY;
        }
        if (c === 45 || (c >= 48 && c <= 57)) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (m) {
            i += m[0].length;
            return Number(m[0]);
          }
          fail(i + 1, 'a digit');
        }
      }
    }
    return fail(i, 'a value (object, array, string, number, true, false or null)');
  };

  // Containers are parsed by these two; they fill `lastLayout` for the caller.
  let lastLayout: ContainerLayout | undefined;
  let depth = 0;
  const tooDeep = (): never => {
    throw new NbgitError('ELIMIT', `invalid notebook: nested deeper than ${MAX_DEPTH} levels (nbgit's limit)`, { file, position: positionAt(text, i) });
  };

  const parseObject = (): unknown => {
    if (++depth > MAX_DEPTH) tooDeep();
    const layout: ContainerLayout = [0, i, 0];
    const obj: Record<string, unknown> = {};
    i++;
    ws();
    if (text.charCodeAt(i) === 125) {
      i++;
      layout[2] = i;
      lastLayout = layout;
      depth--;
      return obj;
    }
    for (;;) {
      if (text.charCodeAt(i) !== 34) fail(i, layout.length === HEAD ? "'\"' to start a key or '}'" : "'\"' to start a key");
      const key = parseString();
      ws();
      if (text.charCodeAt(i) !== 58) fail(i, "':' after the key");
      i++;
      ws();
      const vs = i;
      lastLayout = undefined;
      const value = parseValue();
      layout.push(key, vs, i, lastLayout ?? value);
      if (typeof value === 'number' && isSpecialNumberLexeme(text.slice(vs, i), value)) rememberNumber(obj, key, text.slice(vs, i));
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      ws();
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        ws();
        continue;
      }
      if (c === 125) {
        i++;
        break;
      }
      fail(i, "',' or '}'");
    }
    layout[2] = i;
    lastLayout = layout;
    depth--;
    return obj;
  };

  const parseArray = (): unknown => {
    if (++depth > MAX_DEPTH) tooDeep();
    const layout: ContainerLayout = [1, i, 0];
    const arr: unknown[] = [];
    i++;
    ws();
    if (text.charCodeAt(i) === 93) {
      i++;
      layout[2] = i;
      lastLayout = layout;
      depth--;
      return arr;
    }
    for (;;) {
      const vs = i;
      lastLayout = undefined;
      const value = parseValue();
      arr.push(value);
      layout.push(null, vs, i, lastLayout ?? value);
      if (typeof value === 'number' && isSpecialNumberLexeme(text.slice(vs, i), value)) rememberNumber(arr, arr.length - 1, text.slice(vs, i));
      ws();
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        ws();
        continue;
      }
      if (c === 93) {
        i++;
        break;
      }
      fail(i, "',' or ']'");
    }
    layout[2] = i;
    lastLayout = layout;
    depth--;
    return arr;
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1; // UTF-8 byte order mark
  ws();
  if (i >= n) throw new NbgitError('EEMPTY', 'empty file: expected a notebook (a JSON object)', { file, position: positionAt(text, i) });
  const valueStart = i;
  lastLayout = undefined;
  const value = parseValue();
  const layout = lastLayout as ContainerLayout | undefined;
  const valueEnd = i;
  ws();
  if (i < n) fail(i, 'end of input after the top-level value');
  return { value, layout: typeof value === 'object' && value !== null ? layout : undefined, valueStart, valueEnd };
}

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

/** Marks an array in a value record (see `recordValues` in writer.ts); its length follows. Private: no user value is it. */
export const ARRAY_MARK = Object.freeze({ array: true });

const MISMATCH = Object.freeze({ mismatch: true });

/**
 * The layout {@link parseJson} gives for valid JSON `text`, made from the text's token
 * positions and a record of the values `JSON.parse` read from it (`recordValues`: every
 * value in walk order, an object as its key list, an array as {@link ARRAY_MARK} and its
 * length), so that no value is built again: about twice as fast. `undefined` when the text
 * and the record part ways (an object with integer-like keys, which JavaScript puts
 * first, or a key twice): then {@link parseJson} is the way.
 */
export function layoutFromRecord(text: string, snap: unknown[]): Omit<ParsedJson, 'value'> | undefined {
  let i = 0;
  let r = 0;
  let nextBackslash = text.indexOf('\\');
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  /** Moves past the string token at `i`; true when it holds an escape. */
  const skipString = (): boolean => {
    let j = i + 1;
    let escaped = false;
    let q = text.indexOf('"', j);
    for (;;) {
      if (nextBackslash !== -1 && nextBackslash < j) nextBackslash = text.indexOf('\\', j);
      if (nextBackslash !== -1 && nextBackslash < q) {
        escaped = true;
        j = nextBackslash + 2;
        nextBackslash = text.indexOf('\\', j);
        if (q < j) q = text.indexOf('"', j);
        continue;
      }
      i = q + 1;
      return escaped;
    }
  };
  const expect = (c: number) => {
    if (text.charCodeAt(i) !== c) throw MISMATCH;
    i++;
  };
  const value = (): unknown => {
    const x = snap[r++];
    const c = text.charCodeAt(i);
    if (typeof x !== 'object' || x === null) {
      if (typeof x === 'string') {
        if (c !== 34) throw MISMATCH;
        skipString();
      } else if (c === 34 || c === 123 || c === 91) throw MISMATCH;
      else if (c === 116 || c === 110) i += 4;
      else if (c === 102) i += 5;
      else {
        i++;
        for (;;) {
          const d = text.charCodeAt(i);
          if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
          else break;
        }
      }
      return x;
    }
    if (x === ARRAY_MARK) {
      const layout: ContainerLayout = [1, i, 0];
      expect(91);
      ws();
      const n = snap[r++] as number;
      for (let k = 0; k < n; k++) {
        if (k > 0) {
          expect(44);
          ws();
        }
        const vs = i;
        const v = value();
        layout.push(null, vs, i, v);
        ws();
      }
      expect(93);
      layout[2] = i;
      return layout;
    }
    if (!Array.isArray(x)) throw MISMATCH;
    const layout: ContainerLayout = [0, i, 0];
    expect(123);
    ws();
    for (let k = 0; k < x.length; k++) {
      if (k > 0) {
        expect(44);
        ws();
      }
      const key = x[k] as string;
      const ks = i;
      if (text.charCodeAt(ks) !== 34) throw MISMATCH;
      if (skipString()) {
        if (JSON.parse(text.slice(ks, i)) !== key) throw MISMATCH;
      } else if (i - ks - 2 !== key.length || !text.startsWith(key, ks + 1)) throw MISMATCH;
      ws();
      expect(58);
      ws();
      const vs = i;
      const v = value();
      layout.push(key, vs, i, v);
      ws();
    }
    expect(125);
    layout[2] = i;
    return layout;
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    ws();
    const valueStart = i;
    const layout = value();
    if (!Array.isArray(layout) || r !== snap.length) return undefined;
    return { layout, valueStart, valueEnd: i };
  } catch (e) {
    if (e === MISMATCH) return undefined;
    throw e;
  }
}
