/**
 * YAML as PyYAML's `yaml.safe_dump(value, default_flow_style=False)` writes it (jupytext's header
 * writer): block style, keys sorted, sequences not indented under their key, plain scalars where
 * YAML 1.1 would read them back as the same string, else `'single'` quotes, else `"double"` quotes
 * with escapes (non-ASCII escaped), and lines folded after column 80.
 */

import { compareCodePoints, formatNumber, pythonNumberAt } from '@nbgit/core';
import { RESOLVES_TO_NON_STRING } from './yaml-resolve.js';

const BEST_WIDTH = 80;

/** Options of {@link dumpYaml}. */
export interface DumpYamlOptions {
  /** Sort mapping keys (PyYAML's default). Default true; false keeps insertion order (`sort_keys=False`). */
  sortKeys?: boolean;
  /** Write non-ASCII characters as they are (`allow_unicode=True`). Default false: escaped. */
  allowUnicode?: boolean;
  /**
   * Write sequences that hold no mapping in flow style (`[a, b]`), as jupytext's MyST writer
   * (its CompactDumper) does. Default false: block style.
   */
  compactLists?: boolean;
}

let current: DumpYamlOptions = {};

const BREAKS = '\n\x85\u2028\u2029';
const WS = '\0 \t\r\n\x85\u2028\u2029';

interface Analysis {
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

function analyze(chars: string[]): Analysis {
  if (chars.length === 0) return { empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true };
  const text = chars.join('');
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (text.startsWith('---') || text.startsWith('...')) blockIndicators = flowIndicators = true;
  let precededByWs = true;
  let followedByWs = chars.length === 1 || WS.includes(chars[1]!);
  let prevSpace = false;
  let prevBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flowIndicators = blockIndicators = true;
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWs) blockIndicators = true;
      }
      if (ch === '-' && followedByWs) flowIndicators = blockIndicators = true;
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWs) blockIndicators = true;
      }
      if (ch === '#' && precededByWs) flowIndicators = blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    const cp = ch.codePointAt(0)!;
    if (!(ch === '\n' || (cp >= 0x20 && cp <= 0x7e))) {
      // with allow_unicode, printable non-ASCII characters are not special
      const printable = ch === '\x85' || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff);
      if (!(current.allowUnicode && printable && ch !== '\uFEFF')) special = true;
    }
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = WS.includes(ch);
    followedByWs = i + 2 >= chars.length || WS.includes(chars[i + 2]!);
  }
  let allowFlowPlain = true;
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false;
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false;
  if (flowIndicators) allowFlowPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted };
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0A': 'n',
  '\x0B': 'v',
  '\x0C': 'f',
  '\x0D': 'r',
  '\x1B': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xA0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** A tiny PyYAML emitter state: the output, the current column and PyYAML's whitespace flags. */
class Out {
  parts: string[] = [];
  column = 0;
  whitespace = true;
  indention = true;
  write(s: string): void {
    this.parts.push(s);
    this.column += s.length;
  }
  lineBreak(): void {
    this.parts.push('\n');
    this.column = 0;
    this.whitespace = true;
    this.indention = true;
  }
  indent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.parts.push(' '.repeat(indent - this.column));
      this.column = indent;
    }
  }
  indicator(s: string, needWhitespace: boolean): void {
    const data = this.whitespace || !needWhitespace ? s : ` ${s}`;
    this.write(data);
    this.whitespace = false;
    this.indention = false;
  }
}

function writePlain(o: Out, chars: string[], indent: number, split: boolean): void {
  if (chars.length === 0) return;
  if (!o.whitespace) o.write(' ');
  o.whitespace = false;
  o.indention = false;
  let spaces = false;
  let start = 0;
  for (let end = 0; end <= chars.length; end++) {
    const ch = end < chars.length ? chars[end] : undefined;
    if (spaces) {
      if (ch !== ' ') {
        if (start + 1 === end && o.column > BEST_WIDTH && split) {
          o.indent(indent);
          o.whitespace = false;
          o.indention = false;
        } else o.write(chars.slice(start, end).join(''));
        start = end;
      }
    } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch)) {
      o.write(chars.slice(start, end).join(''));
      start = end;
    }
    if (ch !== undefined) spaces = ch === ' ';
  }
}

function writeSingleQuoted(o: Out, chars: string[], indent: number, split: boolean): void {
  o.indicator("'", true);
  let spaces = false;
  let breaks = false;
  let start = 0;
  for (let end = 0; end <= chars.length; end++) {
    const ch = end < chars.length ? chars[end] : undefined;
    if (spaces) {
      if (ch === undefined || ch !== ' ') {
        if (start + 1 === end && o.column > BEST_WIDTH && split && start !== 0 && end !== chars.length) o.indent(indent);
        else o.write(chars.slice(start, end).join(''));
        start = end;
      }
    } else if (breaks) {
      if (ch === undefined || !BREAKS.includes(ch)) {
        if (chars[start] === '\n') o.lineBreak();
        for (const br of chars.slice(start, end)) {
          if (br === '\n') o.lineBreak();
          else {
            o.parts.push(br);
            o.column = 0;
            o.whitespace = true;
            o.indention = true;
          }
        }
        o.indent(indent);
        start = end;
      }
    } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch) || ch === "'") {
      if (start < end) {
        o.write(chars.slice(start, end).join(''));
        start = end;
      }
    }
    if (ch === "'") {
      o.write("''");
      start = end + 1;
    }
    if (ch !== undefined) {
      spaces = ch === ' ';
      breaks = BREAKS.includes(ch);
    }
  }
  o.indicator("'", false);
}

function writeDoubleQuoted(o: Out, chars: string[], indent: number, split: boolean): void {
  o.indicator('"', true);
  let start = 0;
  for (let end = 0; end <= chars.length; end++) {
    const ch = end < chars.length ? chars[end] : undefined;
    const cp = ch === undefined ? 0 : ch.codePointAt(0)!;
    if (ch === undefined || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !((cp >= 0x20 && cp <= 0x7e) || (current.allowUnicode && cp >= 0xa0 && cp <= 0xfffd))) {
      if (start < end) {
        o.write(chars.slice(start, end).join(''));
        start = end;
      }
      if (ch !== undefined) {
        let data: string;
        if (ch in ESCAPES) data = `\\${ESCAPES[ch]}`;
        else if (cp <= 0xff) data = `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
        else if (cp <= 0xffff) data = `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
        else data = `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
        o.write(data);
        start = end + 1;
      }
    }
    if (end > 0 && end < chars.length - 1 && (ch === ' ' || start >= end) && o.column + (end - start) > BEST_WIDTH && split) {
      const data = `${chars.slice(start, end).join('')}\\`;
      if (start < end) start = end;
      o.write(data);
      o.indent(indent);
      o.whitespace = false;
      o.indention = false;
      if (chars[start] === ' ') o.write('\\');
    }
  }
  o.indicator('"', false);
}

function writeString(o: Out, text: string, indent: number, simpleKey: boolean, flow = false): void {
  const chars = Array.from(text);
  const a = analyze(chars);
  const implicit = !RESOLVES_TO_NON_STRING.some((re) => re.test(text));
  const split = !simpleKey;
  if (implicit && !(simpleKey && (a.empty || a.multiline)) && (flow ? a.allowFlowPlain : a.allowBlockPlain)) writePlain(o, chars, indent, split);
  else if (a.allowSingleQuoted && !(simpleKey && a.multiline)) writeSingleQuoted(o, chars, indent, split);
  else writeDoubleQuoted(o, chars, indent, split);
}

/** A scalar as PyYAML writes it; a number in `container[key]` keeps its recorded kind (`1.0` stays a float). */
function scalarText(v: unknown, container: object | undefined, key: string | number | undefined): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (v === Infinity) return '.inf';
    if (v === -Infinity) return '-.inf';
    let s = container === undefined ? formatNumber(v) : pythonNumberAt(container, key!, v);
    if (/^-?[0-9]+$/.test(s)) return s;
    // PyYAML's represent_float: repr(), lower case, and `1e+16` spelled `1.0e+16`
    if (!s.includes('.') && s.includes('e')) s = s.replace('e', '.0e');
    return s.toLowerCase();
  }
  return undefined;
}

function isEmptyContainer(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar or an empty flow collection, `container[key]` (if any); `indent` is the scalar's own indentation (for folding). */
function emitScalar(o: Out, v: unknown, indent: number, container?: object, key?: string | number, flow = false): void {
  if (typeof v === 'string') {
    writeString(o, v, indent, false, flow);
    return;
  }
  if (Array.isArray(v) || isMapping(v)) {
    o.indicator(Array.isArray(v) ? '[]' : '{}', true);
    return;
  }
  const s = scalarText(v, container, key) ?? 'null';
  if (!o.whitespace) o.write(' ');
  o.write(s);
  o.whitespace = false;
  o.indention = false;
}

function orderedKeys(m: Record<string, unknown>): string[] {
  const keys = Object.keys(m);
  // Python sorts by code point (UTF-16 order differs once a key holds a character beyond U+FFFF)
  return current.sortKeys === false ? keys : keys.sort(compareCodePoints);
}

/** A sequence written in flow style (`[a, b]`) under compactLists: it holds no mapping. */
function isFlowList(v: unknown): v is unknown[] {
  return current.compactLists === true && Array.isArray(v) && !v.some(isMapping);
}

/** A node in flow context (inside `[...]`), as PyYAML's emitter writes it; `indent` is the flow collection's indentation. */
function emitFlow(o: Out, v: unknown, indent: number, container?: object, key?: string | number): void {
  if (Array.isArray(v) || (isMapping(v) && !isEmptyContainer(v))) {
    const list = Array.isArray(v);
    o.indicator(list ? '[' : '{', true);
    o.whitespace = true;
    const entries = list ? v.map((x, i) => [i, x] as const) : orderedKeys(v).map((k) => [k, v[k]] as const);
    entries.forEach(([k, x], i) => {
      if (i > 0) o.indicator(',', false);
      if (o.column > BEST_WIDTH) o.indent(indent + 2);
      if (!list) {
        writeString(o, k as string, indent + 2, true, true);
        o.indicator(':', true);
      }
      emitFlow(o, x, indent + 2, v as object, k);
    });
    o.indicator(list ? ']' : '}', false);
    return;
  }
  emitScalar(o, v, indent, container, key, true);
}

function emitMapping(o: Out, m: Record<string, unknown>, indent: number): void {
  for (const k of orderedKeys(m)) {
    o.indent(indent);
    writeString(o, k, indent + 2, true);
    o.indicator(':', false);
    const v = m[k];
    if (isFlowList(v)) emitFlow(o, v, indent, m, k);
    else if (Array.isArray(v) && v.length > 0) emitSequence(o, v, indent);
    else if (isMapping(v) && !isEmptyContainer(v)) emitMapping(o, v, indent + 2);
    else emitScalar(o, v, indent + 2, m, k);
  }
}

function emitSequence(o: Out, s: unknown[], indent: number): void {
  for (let i = 0; i < s.length; i++) {
    const v = s[i];
    o.indent(indent);
    const keep = o.indention;
    o.indicator('-', true);
    o.indention = keep;
    if (isFlowList(v)) emitFlow(o, v, indent, s, i);
    else if (Array.isArray(v) && v.length > 0) emitSequence(o, v, indent + 2);
    else if (isMapping(v) && !isEmptyContainer(v)) emitMapping(o, v, indent + 2);
    else emitScalar(o, v, indent + 2, s, i);
  }
}

/**
 * Writes a JSON value as PyYAML's `safe_dump(value, default_flow_style=False)` does (keys sorted,
 * non-ASCII escaped; see {@link DumpYamlOptions} for `sort_keys=False`, `allow_unicode=True` and
 * jupytext's compact lists). Ends with a newline. Integral numbers are written as integers, except those
 * read as floats (`1.0`) or big integers (see `rememberNumber`), which keep their kind and digits.
 */
export function dumpYaml(value: unknown, options: DumpYamlOptions = {}): string {
  const saved = current;
  current = options;
  try {
    const o = new Out();
    if (isMapping(value) && !isEmptyContainer(value)) emitMapping(o, value, 0);
    else if (isFlowList(value)) emitFlow(o, value, 0);
    else if (Array.isArray(value) && value.length) emitSequence(o, value, 0);
    else {
      emitScalar(o, value, 2);
      o.lineBreak();
      o.write('...');
    }
    o.lineBreak();
    return o.parts.join('');
  } finally {
    current = saved;
  }
}
