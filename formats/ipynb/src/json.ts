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
import { type ContainerLayout, HEAD } from './layout.js';

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
