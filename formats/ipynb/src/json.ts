/**
 * A lossless JSON reader. It returns plain JavaScript values (what `JSON.parse` returns)
 * and, beside them, a layout tree: for every object and array, its span in the text and,
 * for every member, the spans of its key and value and the value as read. The writer uses
 * the layout to give back the original bytes of everything that did not change: number
 * lexemes (`1.0`, `1e-05`, big integers), string escapes (`\u00e9`, `\/`), key order,
 * whitespace and line endings.
 *
 * Beyond strict JSON it accepts `NaN`, `Infinity` and `-Infinity` (Python's json module
 * writes them). Errors carry 1-based line and column and say what was expected.
 */
import { NbgitError, positionAt } from '@nbgit/core';

/** Layout of one object or array as read. */
export interface ContainerLayout {
  /** True for arrays. */
  array: boolean;
  /** Span of the container in the text, `[start, end)`. */
  start: number;
  end: number;
  /** Object keys in file order (arrays: empty). */
  keys: string[];
  /** For each member: the value as read (primitives) or its layout (containers). */
  values: unknown[];
  /** For each member: where the member starts (the key for objects, the value for arrays). */
  memberStarts: number[];
  /** For each member: where its value starts and ends. */
  valueStarts: number[];
  valueEnds: number[];
}

/** Marker class: a member value that is a container is stored as its layout. */
export function isLayout(v: unknown): v is ContainerLayout {
  return typeof v === 'object' && v !== null && (v as ContainerLayout).valueStarts !== undefined;
}

/** What {@link parseJson} returns. */
export interface ParsedJson {
  value: unknown;
  /** Layout of the top-level value when it is a container. */
  layout: ContainerLayout | undefined;
  /** Layouts of containers by identity (objects inside arrays: cells, outputs), to follow moves. */
  byObject: WeakMap<object, ContainerLayout>;
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
  const byObject = new WeakMap<object, ContainerLayout>();

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
    for (;;) {
      const q = text.indexOf('"', j);
      if (q === -1) {
        const nl = text.indexOf('\n', start);
        return fail(nl === -1 ? n : nl, 'closing \'"\' of the string that starts at ' + positionString(start));
      }
      const b = text.indexOf('\\', j);
      if (b !== -1 && b < q) {
        hasEscape = true;
        j = b + 2;
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
        if (text.startsWith('true', i)) { i += 4; return true; }
        break;
      case 102: // f
        if (text.startsWith('false', i)) { i += 5; return false; }
        break;
      case 110: // n
        if (text.startsWith('null', i)) { i += 4; return null; }
        break;
      case 78: // N
        if (text.startsWith('NaN', i)) { i += 3; return Number.NaN; }
        break;
      case 73: // I
        if (text.startsWith('Infinity', i)) { i += 8; return Number.POSITIVE_INFINITY; }
        break;
      default: {
        if (c === 45 && text.startsWith('-Infinity', i)) { i += 9; return Number.NEGATIVE_INFINITY; }
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

  const parseObject = (): unknown => {
    const layout: ContainerLayout = { array: false, start: i, end: 0, keys: [], values: [], memberStarts: [], valueStarts: [], valueEnds: [] };
    const obj: Record<string, unknown> = {};
    i++;
    ws();
    if (text.charCodeAt(i) === 125) {
      i++;
      layout.end = i;
      lastLayout = layout;
      return obj;
    }
    for (;;) {
      if (text.charCodeAt(i) !== 34) fail(i, layout.keys.length === 0 ? "'\"' to start a key or '}'" : "'\"' to start a key");
      const ms = i;
      const key = parseString();
      ws();
      if (text.charCodeAt(i) !== 58) fail(i, "':' after the key");
      i++;
      ws();
      const vs = i;
      lastLayout = undefined;
      const value = parseValue();
      layout.keys.push(key);
      layout.values.push(lastLayout ?? value);
      if (lastLayout !== undefined && key === '__proto__') { /* kept as an own property below */ }
      layout.memberStarts.push(ms);
      layout.valueStarts.push(vs);
      layout.valueEnds.push(i);
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
    layout.end = i;
    lastLayout = layout;
    return obj;
  };

  const parseArray = (): unknown => {
    const layout: ContainerLayout = { array: true, start: i, end: 0, keys: [], values: [], memberStarts: [], valueStarts: [], valueEnds: [] };
    const arr: unknown[] = [];
    i++;
    ws();
    if (text.charCodeAt(i) === 93) {
      i++;
      layout.end = i;
      lastLayout = layout;
      return arr;
    }
    for (;;) {
      const vs = i;
      lastLayout = undefined;
      const value = parseValue();
      arr.push(value);
      if (lastLayout !== undefined) {
        layout.values.push(lastLayout);
        if (!(lastLayout as ContainerLayout).array) byObject.set(value as object, lastLayout);
      } else layout.values.push(value);
      layout.memberStarts.push(vs);
      layout.valueStarts.push(vs);
      layout.valueEnds.push(i);
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
    layout.end = i;
    lastLayout = layout;
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
  return { value, layout: typeof value === 'object' && value !== null ? layout : undefined, byObject, valueStart, valueEnd };
}
