/**
 * A Python literal reader (what `ast.literal_eval` accepts in metadata), for values jupytext
 * reads when they are not JSON: 'single quotes', True/False/None, tuples, trailing commas.
 */

import { isSpecialNumberLexeme, type JsonObject, type JsonValue, numberLexeme as numberLexemeOf, rememberNumber } from '@nbgit/core';

class LiteralError extends Error {}

/** A parsed value and, for a number whose kind JavaScript cannot keep (`1.0`, a big integer), its lexeme. */
export interface ParsedValue {
  value: JsonValue;
  lexeme?: string;
}

/**
 * Reads a Python literal as `ast.literal_eval` does for metadata values: strings in either quote
 * (adjacent ones joined), numbers (`0x1f`, `1_000`), `True`/`False`/`None`, lists, tuples, dicts,
 * trailing commas. Throws when the text is not one. Numbers JavaScript cannot keep are recorded.
 */
export function parsePythonLiteral(text: string): ParsedValue {
  let i = 0;
  const n = text.length;
  // the lexeme of the last number read by value(), for its container to record
  let lex: string | undefined;
  const ws = () => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new LiteralError(`unexpected ${i < n ? JSON.stringify(text[i]) : 'end'} at ${i}`);
  };
  const value = (): JsonValue => {
    lex = undefined;
    ws();
    const c = text[i];
    if (c === undefined) return fail();
    if (c === '[' || c === '(') {
      const close = c === '[' ? ']' : ')';
      i++;
      const arr: JsonValue[] = [];
      ws();
      let sawComma = false;
      while (text[i] !== close) {
        arr.push(value());
        if (lex !== undefined) rememberNumber(arr, arr.length - 1, lex);
        ws();
        if (text[i] === ',') {
          i++;
          sawComma = true;
          ws();
        } else if (text[i] !== close) fail();
      }
      i++;
      lex = undefined;
      if (c === '(' && arr.length === 1 && !sawComma) {
        lex = numberLexeme1(arr);
        return arr[0]!;
      }
      return arr;
    }
    if (c === '{') {
      i++;
      const o: JsonObject = {};
      ws();
      while (text[i] !== '}') {
        const k = value();
        if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean' && k !== null) fail();
        ws();
        if (text[i] !== ':') fail();
        i++;
        const key = String(k);
        setMember(o, key, value());
        if (lex !== undefined) rememberNumber(o, key, lex);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
        } else if (text[i] !== '}') fail();
      }
      i++;
      lex = undefined;
      return o;
    }
    if (c === '"' || c === "'") {
      let s = '';
      while (text[i] === '"' || text[i] === "'") {
        s += str();
        ws();
      }
      return s;
    }
    const m = /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*\.?[\d_]*(?:[eE][-+]?\d+)?|\.\d[\d_]*(?:[eE][-+]?\d+)?)/.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      const t = m[0].replaceAll('_', '');
      const radix = /^([-+]?)(0[xob].*)$/i.exec(t);
      const v = radix ? Number(t.replace(/^([-+]?)0([xob])/i, '$10$2')) : Number(t);
      if (Number.isNaN(v)) fail();
      if (radix) {
        if (!Number.isSafeInteger(v)) lex = (radix[1] === '-' ? '-' : '') + BigInt(radix[2]!.toLowerCase()).toString();
      } else {
        const norm = t.replace(/^\+/, '');
        if (isSpecialNumberLexeme(norm, v)) lex = /[.eE]/.test(norm) ? norm : BigInt(norm).toString();
      }
      return v;
    }
    for (const [word, v] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (text.startsWith(word, i) && !/[\w]/.test(text[i + word.length] ?? '')) {
        i += word.length;
        return v;
      }
    }
    return fail();
  };
  const str = (): string => {
    const q = text[i]!;
    const triple = text.startsWith(q.repeat(3), i);
    const end = triple ? q.repeat(3) : q;
    i += end.length;
    let s = '';
    while (true) {
      if (i >= n) fail();
      if (text.startsWith(end, i)) {
        i += end.length;
        return s;
      }
      const ch = text[i]!;
      if (ch === '\n' && !triple) fail();
      if (ch !== '\\') {
        s += ch;
        i++;
        continue;
      }
      const e = text[i + 1];
      i += 2;
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        "'": "'",
        '"': '"',
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
        '0': '\0',
        '\n': '',
      };
      if (e !== undefined && e in simple) s += simple[e];
      else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = text.slice(i, i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail();
        s += String.fromCodePoint(parseInt(hex, 16));
        i += len;
      } else s += `\\${e ?? ''}`;
    }
  };
  const v = value();
  const top = lex;
  ws();
  if (i !== n) fail();
  return top === undefined ? { value: v } : { value: v, lexeme: top };
}

function numberLexeme1(arr: JsonValue[]): string | undefined {
  return arr.length === 1 && typeof arr[0] === 'number' ? numberLexemeOf(arr, 0) : undefined;
}

/** Sets `o[key]` as JSON.parse does, also for a `__proto__` key. */
export function setMember(o: JsonObject, key: string, v: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
  else o[key] = v;
}
