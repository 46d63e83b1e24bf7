/**
 * Cell metadata as text notebooks write it on a cell's marker line (`# %% Title [markdown] key="value"`)
 * or on a markdown fence / region comment (```` ```python key="value" ````, `<!-- #region key=1 -->`).
 *
 * Writing: space-separated `key=<json>` in the metadata's key order, values as Python's `json.dumps`
 * writes them (`", "` and `": "` separators, non-ASCII escaped); a `null` value is a bare `key`;
 * `incorrectly_encoded_metadata` is written as its raw text. With `json: true`, one JSON object.
 *
 * Reading: a `{` before any `=` starts a JSON object (the text before it is the title or language);
 * otherwise `key=value` pairs are parsed right to left, each value as JSON or else as a Python
 * literal (`'single'`, `True`, `None`, tuples); a bare trailing identifier is `key: null`. Text that
 * cannot be parsed is kept as `incorrectly_encoded_metadata`, as jupytext does, and reported as
 * `invalid` (with its offset) so a format can turn clearly broken values into located errors.
 */

import type { JsonObject, JsonValue } from '../notebook.js';
import { copyNumberLexemes, formatNumber, isSpecialNumberLexeme, numberLexeme as numberLexemeOf, pythonNumberAt, rememberNumber } from '../numbers.js';
import { isValidMetadataKey, JUPYTEXT_CELL_METADATA } from './filters.js';
import { isJupyterLanguage } from './languages.js';

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

// ---------------------------------------------------------------------------------------------
// A Python literal reader (what `ast.literal_eval` accepts in metadata), for values jupytext
// reads when they are not JSON: 'single quotes', True/False/None, tuples, trailing commas.

class LiteralError extends Error {}

/** A parsed value and, for a number whose kind JavaScript cannot keep (`1.0`, a big integer), its lexeme. */
interface Parsed {
  value: JsonValue;
  lexeme?: string;
}

function parsePythonLiteral(text: string): Parsed {
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
function setMember(o: JsonObject, key: string, v: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
  else o[key] = v;
}

// ---------------------------------------------------------------------------------------------
// JSON exactly as JSON.parse reads it, but recording the lexemes of floats with integral values
// and of big integers (`1.0`, `1e5`, `12345678901234567890`) so that writers give them back.

const JSON_WS = /[ \t\n\r]*/y;
const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const JSON_STRING = /"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
/** Text that may hold a number JavaScript cannot tell apart (a float with an integral value, a big integer). */
const MAY_HAVE_SPECIAL_NUMBER = /[0-9][.eE]|[0-9]{16}/;

function parseJson(text: string): Parsed {
  if (!MAY_HAVE_SPECIAL_NUMBER.test(text)) return { value: JSON.parse(text) as JsonValue };
  let i = 0;
  let lex: string | undefined;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at ${i}`);
  };
  const ws = () => {
    JSON_WS.lastIndex = i;
    JSON_WS.test(text);
    i = JSON_WS.lastIndex;
  };
  const token = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const value = (): JsonValue => {
    lex = undefined;
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: JsonObject = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      while (true) {
        ws();
        const k = token(JSON_STRING) ?? fail();
        ws();
        if (text[i] !== ':') fail();
        i++;
        const key = JSON.parse(k) as string;
        setMember(o, key, value());
        if (lex !== undefined) rememberNumber(o, key, lex);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') break;
        else fail();
      }
      i++;
      lex = undefined;
      return o;
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      while (true) {
        arr.push(value());
        if (lex !== undefined) rememberNumber(arr, arr.length - 1, lex);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') break;
        else fail();
      }
      i++;
      lex = undefined;
      return arr;
    }
    if (c === '"') return JSON.parse(token(JSON_STRING) ?? fail()) as string;
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const t = token(JSON_NUMBER) ?? fail();
    const v = Number(t);
    if (isSpecialNumberLexeme(t, v)) lex = t;
    return v;
  };
  const v = value();
  const top = lex;
  ws();
  if (i !== text.length) fail();
  return top === undefined ? { value: v } : { value: v, lexeme: top };
}

/** A metadata value as jupytext reads it (JSON, else a Python literal), with the lexeme of a special top-level number. */
function readValue(text: string): Parsed {
  const t = text.trim();
  try {
    return parseJson(t);
  } catch {
    // fall through to the Python literal
  }
  return parsePythonLiteral(t);
}

/**
 * Parses a metadata value as jupytext does: JSON first, then a Python literal. Throws when neither.
 * Floats with integral values and big integers inside objects and arrays are recorded (see
 * `rememberNumber`), so writers give back `1.0` and every digit.
 */
export function parseMetadataValue(text: string): JsonValue {
  return readValue(text).value;
}

/** Parses a metadata value; `ok: false` when it is neither JSON nor a Python literal. */
function tryValue(text: string): ({ ok: true } & Parsed) | { ok: false } {
  try {
    return { ok: true, ...readValue(text) };
  } catch {
    return { ok: false };
  }
}

// ---------------------------------------------------------------------------------------------

/** Key jupytext uses for option text it could not parse; written back verbatim. */
export const INCORRECTLY_ENCODED_METADATA = 'incorrectly_encoded_metadata';

/** The result of reading cell options. */
export interface CellOptions {
  /** The title (percent) or language (markdown fences) before the metadata, or `''`. */
  title: string;
  /** The metadata, in the order written. */
  metadata: JsonObject;
  /**
   * Set when a `key=` is followed by JSON-looking text (`[`, `{`, `"`) that does not parse: the text
   * is then kept as `incorrectly_encoded_metadata`, as jupytext does, and a format may report it.
   */
  invalid?: {
    /** 0-based offset in the text given to {@link parseCellOptions} where the bad part starts. */
    offset: number;
    /** What was wrong, for an error message. */
    reason: string;
  };
}

const IDENTIFIER = /^[a-zA-Z_.]+[a-zA-Z0-9_.]*$/;

interface KV {
  metadata: JsonObject;
  invalid?: { offset: number; reason: string };
}

/** `key=value key2=value2` parsed right to left; `base` is the offset of `text` in the original. */
function parseKeyEqualValue(raw: string, base: number): KV {
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  base += lead;
  if (!text) return { metadata: {} };
  const lastSpace = text.lastIndexOf(' ');
  const tail = text.slice(lastSpace + 1);
  if (!text.startsWith('--') && IDENTIFIER.test(tail)) {
    const left = lastSpace > 0 ? parseKeyEqualValue(text.slice(0, lastSpace), base) : { metadata: {} };
    const metadata: JsonObject = { ...left.metadata };
    copyNumberLexemes(left.metadata, metadata);
    delete metadata[tail];
    setMember(metadata, tail, null);
    return { metadata, invalid: left.invalid };
  }
  let eq = text.length;
  while (true) {
    eq = eq <= 0 ? -1 : text.lastIndexOf('=', eq - 1);
    if (eq < 0) {
      // jupytext keeps such text as it is; a `key=` followed by JSON-looking text that does not parse is reported
      const broken = /(^|\s)([a-zA-Z0-9_.@/-]+)=[[{"]/.exec(text);
      const kv: KV = { metadata: { [INCORRECTLY_ENCODED_METADATA]: text } };
      if (broken) kv.invalid = { offset: base + broken.index + broken[1]!.length, reason: describeInvalid(text.slice(broken.index + broken[1]!.length)) };
      return kv;
    }
    const before = text.slice(0, eq).trimEnd();
    const prevSpace = before.lastIndexOf(' ');
    const key = text.slice(prevSpace + 1, eq).trim();
    if (!isValidMetadataKey(key)) continue;
    const parsed = tryValue(text.slice(eq + 1));
    if (!parsed.ok) continue;
    const left = prevSpace > 0 ? parseKeyEqualValue(text.slice(0, prevSpace), base) : { metadata: {} };
    const metadata: JsonObject = { ...left.metadata };
    copyNumberLexemes(left.metadata, metadata);
    delete metadata[key];
    setMember(metadata, key, parsed.value);
    if (parsed.lexeme !== undefined) rememberNumber(metadata, key, parsed.lexeme);
    return { metadata, invalid: left.invalid };
  }
}

function describeInvalid(text: string): string {
  const m = /([a-zA-Z0-9_.@/-]+)=(.*)$/.exec(text);
  if (m) return `cannot read the value of metadata "${m[1]}": ${m[2]!.length > 40 ? `${m[2]!.slice(0, 40)}...` : m[2]} is neither JSON nor a Python literal`;
  return `cannot read cell metadata ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text)}`;
}

/** Options of {@link parseCellOptions}. */
export interface ParseCellOptionsOptions {
  /**
   * `true` for percent marker lines: words before the first `key=` are a title (words starting
   * with `.` are dropped). `false` for markdown fences: a first word that is a Jupyter language is
   * the language. Default false.
   */
  allowTitle?: boolean;
}

/** Reads the options of a cell marker or fence: a title or language, then metadata. */
export function parseCellOptions(input: string, options: ParseCellOptionsOptions = {}): CellOptions {
  const lead = input.length - input.trimStart().length;
  const text = input.trim();
  const curly = text.indexOf('{');
  const eq = text.indexOf('=');
  const result = (title: string, kv: KV): CellOptions => {
    const r: CellOptions = { title, metadata: kv.metadata };
    if (kv.invalid) r.invalid = kv.invalid;
    return r;
  };
  if (curly < 0 || (eq >= 0 && eq < curly)) {
    if (!options.allowTitle) {
      if (isJupyterLanguage(text)) return { title: text, metadata: {} };
      const sp = text.indexOf(' ');
      if (sp < 0) return result('', parseKeyEqualValue(text, lead));
      const language = text.slice(0, sp);
      if (isJupyterLanguage(language)) return result(language, parseKeyEqualValue(text.slice(sp + 1), lead + sp + 1));
      return result('', parseKeyEqualValue(text, lead));
    }
    let words: string[];
    if (eq >= 0) {
      words = text.slice(0, eq).split(' ');
      while (words.length && !words[words.length - 1]) words.pop();
      if (words.length) words.pop();
    } else words = text.split(' ');
    while (words.length && (!words[words.length - 1]!.trim() || words[words.length - 1]!.startsWith('.'))) words.pop();
    const title = words.join(' ');
    return result(title, parseKeyEqualValue(text.slice(title.length), lead + title.length));
  }
  const title = text.slice(0, curly).trim();
  const json = text.slice(curly);
  const parsed = tryValue(json);
  if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) return { title, metadata: parsed.value };
  if (parsed.ok) return { title, metadata: parsed.value as unknown as JsonObject };
  return {
    title,
    metadata: { [INCORRECTLY_ENCODED_METADATA]: json.trim() },
    invalid: { offset: lead + curly, reason: 'cell metadata is not a valid JSON object' },
  };
}

/** Options of {@link formatCellOptions}. */
export interface FormatCellOptionsOptions {
  /** Write the metadata as one JSON object instead of `key=value` pairs. */
  json?: boolean;
}

/**
 * Writes a title (or language) and metadata as a marker line's options: `title key=<json> flag`.
 * jupytext's layout keys ({@link JUPYTEXT_CELL_METADATA}) are left out. Returns `''` when empty.
 */
export function formatCellOptions(title: string, metadata: JsonObject, options: FormatCellOptionsOptions = {}): string {
  const parts: string[] = title ? [title] : [];
  const md: JsonObject = {};
  for (const [k, v] of Object.entries(metadata)) if (!JUPYTEXT_CELL_METADATA.includes(k)) md[k] = v;
  copyNumberLexemes(metadata, md);
  if (options.json) {
    if (Object.keys(md).length) parts.push(pythonJson(md));
  } else {
    for (const [k, v] of Object.entries(md)) {
      if (k === INCORRECTLY_ENCODED_METADATA && typeof v === 'string') parts.push(v);
      else if (v === null) parts.push(k);
      else parts.push(`${k}=${pythonJsonAt(md, k)}`);
    }
  }
  return parts.join(' ');
}

/** True when every key of `metadata` can be written as `key=value` (else use the JSON form). */
export function canWriteAsKeyValue(metadata: JsonObject): boolean {
  return Object.keys(metadata).every((k) => isValidMetadataKey(k) || k === INCORRECTLY_ENCODED_METADATA);
}
