/**
 * JSON text exactly as Python's `json.dumps` writes it (`", "` and `": "` separators, non-ASCII
 * escaped as `\\uXXXX` unless asked not to): how jupytext writes metadata values on marker lines.
 */

import { formatNumber, pythonNumberAt } from '@nbgit/core';

function pyString(s: string, ensureAscii: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ensureAscii && c > 0x7f) || (!ensureAscii && c >= 0xd800 && c <= 0xdfff && !isPaired(s, i)))
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff;
  }
  const b = s.charCodeAt(i - 1);
  return b >= 0xd800 && b <= 0xdbff;
}

/** Options of {@link pythonJson}. */
export interface PythonJsonOptions {
  /** Escape non-ASCII characters as `\uXXXX` (Python's default). Default true. */
  ensureAscii?: boolean;
}

/**
 * JSON text exactly as Python's `json.dumps(value)` writes it: `{"a": 1, "b": [1, 2]}`, non-ASCII
 * escaped. Numbers read as floats or big integers (see `rememberNumber`) keep their kind: `1.0`
 * stays `1.0`, `12345678901234567890` keeps its digits.
 */
export function pythonJson(value: unknown, options: PythonJsonOptions = {}): string {
  return dumpJson(value, undefined, undefined, options.ensureAscii ?? true);
}

/** `container[key]` as {@link pythonJson} writes it, so that a number there keeps its recorded kind. */
export function pythonJsonAt(container: object, key: string | number, options: PythonJsonOptions = {}): string {
  return dumpJson((container as Record<string | number, unknown>)[key], container, key, options.ensureAscii ?? true);
}

function dumpJson(value: unknown, container: object | undefined, key: string | number | undefined, ascii: boolean): string {
  const go = (v: unknown, c: object | undefined, k: string | number | undefined): string => {
    if (v === null || v === undefined) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'number') return c === undefined ? formatNumber(v) : pythonNumberAt(c, k!, v);
    if (typeof v === 'string') return pyString(v, ascii);
    if (Array.isArray(v)) return `[${v.map((x, i) => go(x, v, i)).join(', ')}]`;
    if (typeof v === 'object') {
      return `{${Object.entries(v as Record<string, unknown>)
        .map(([kk, x]) => `${pyString(kk, ascii)}: ${go(x, v, kk)}`)
        .join(', ')}}`;
    }
    return 'null';
  };
  return go(value, container, key);
}
