/**
 * YAML for text-notebook headers.
 *
 * {@link dumpYaml} writes what PyYAML's `yaml.safe_dump(value, default_flow_style=False)` writes
 * (jupytext's header writer): block style, keys sorted, sequences not indented under their key,
 * plain scalars where YAML 1.1 would read them back as the same string, else `'single'` quotes,
 * else `"double"` quotes with escapes (non-ASCII escaped), and lines folded after column 80.
 *
 * {@link loadYaml} reads YAML 1.1 as PyYAML's `safe_load` does (`yes`/`on` are booleans,
 * `0777` is octal) but keeps timestamps as strings, using the `yaml` package.
 */

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Scalar, type ScalarTag, type YAMLError, type Node as YamlNode } from 'yaml';
import { formatNumber, pythonNumberAt, rememberNumber } from '../numbers.js';

const BEST_WIDTH = 80;

const RESOLVES_TO_NON_STRING = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

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
    if (!(ch === '\n' || (cp >= 0x20 && cp <= 0x7e))) special = true; // allow_unicode is off: all non-ASCII is special
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
    if (ch === undefined || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !(cp >= 0x20 && cp <= 0x7e)) {
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

function writeString(o: Out, text: string, indent: number, simpleKey: boolean): void {
  const chars = Array.from(text);
  const a = analyze(chars);
  const implicit = !RESOLVES_TO_NON_STRING.some((re) => re.test(text));
  const split = !simpleKey;
  if (implicit && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain) writePlain(o, chars, indent, split);
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
function emitScalar(o: Out, v: unknown, indent: number, container?: object, key?: string | number): void {
  if (typeof v === 'string') {
    writeString(o, v, indent, false);
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

function emitMapping(o: Out, m: Record<string, unknown>, indent: number): void {
  const keys = Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) {
    o.indent(indent);
    writeString(o, k, indent + 2, true);
    o.indicator(':', false);
    const v = m[k];
    if (Array.isArray(v) && v.length > 0) emitSequence(o, v, indent);
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
    if (Array.isArray(v) && v.length > 0) emitSequence(o, v, indent + 2);
    else if (isMapping(v) && !isEmptyContainer(v)) emitMapping(o, v, indent + 2);
    else emitScalar(o, v, indent + 2, s, i);
  }
}

/**
 * Writes a JSON value as PyYAML's `safe_dump(value, default_flow_style=False)` does (keys sorted,
 * non-ASCII escaped). Ends with a newline. Integral numbers are written as integers, except those
 * read as floats (`1.0`) or big integers (see `rememberNumber`), which keep their kind and digits.
 */
export function dumpYaml(value: unknown): string {
  const o = new Out();
  if (isMapping(value) && !isEmptyContainer(value)) emitMapping(o, value, 0);
  else if (Array.isArray(value) && value.length) emitSequence(o, value, 0);
  else {
    emitScalar(o, value, 2);
    o.lineBreak();
    o.write('...');
  }
  o.lineBreak();
  return o.parts.join('');
}

const PY_BOOL: ScalarTag = {
  tag: 'tag:yaml.org,2002:bool',
  default: true,
  test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (s: string) => /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(s),
  stringify: (item: Scalar) => (item.value ? 'true' : 'false'),
};

type Tags = Exclude<NonNullable<Parameters<typeof parseDocument>[1]>['customTags'], null | undefined | ((t: never) => unknown)>;

const PY_FLOAT: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: RESOLVES_TO_NON_STRING[1]!,
  resolve: (str: string) => {
    const t = str.replaceAll('_', '').toLowerCase();
    if (t.endsWith('.nan')) return Number.NaN;
    if (t.endsWith('.inf')) return t.startsWith('-') ? -Infinity : Infinity;
    if (t.includes(':')) {
      const neg = t.startsWith('-');
      const v = t
        .replace(/^[-+]/, '')
        .split(':')
        .reduce((acc, part) => acc * 60 + Number(part), 0);
      return neg ? -v : v;
    }
    return Number(t);
  },
};

/** PyYAML's int: `0b1`, `017` (octal), `0x1f`, `1:30` (base 60) and decimals without a leading zero (`08` is a string). */
const PY_INT: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: RESOLVES_TO_NON_STRING[2]!,
  resolve: (str: string) => {
    const t = str.replaceAll('_', '');
    const neg = t.startsWith('-');
    const u = t.replace(/^[-+]/, '');
    let v: number;
    if (u.includes(':')) v = u.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
    else if (/^0[bx]/i.test(u)) v = Number(u);
    else if (u.length > 1 && u.startsWith('0')) v = Number(`0o${u.slice(1)}`);
    else v = Number(u);
    return neg ? -v : v;
  },
};

function customTags(tags: Tags): Tags {
  const replaced = ['tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:int'];
  const kept = tags.filter((t) => typeof t === 'string' || !replaced.includes(t.tag));
  return [...kept, PY_BOOL, PY_FLOAT, PY_INT];
}

/** A YAML syntax error: the message and the 1-based line and column in the YAML text. */
export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
  constructor(
    message: string,
    /** 1-based line in the YAML text. */
    readonly line: number,
    /** 1-based column in the YAML text. */
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * Reads YAML 1.1 as PyYAML's `safe_load` does, except that timestamps stay strings. Floats with
 * integral values (`1.0`) and big integers are recorded (see `rememberNumber`) so that writers
 * give them back as they were. Throws {@link YamlSyntaxError}.
 */
export function loadYaml(text: string): unknown {
  const doc = parseDocument(text, { version: '1.1', customTags, uniqueKeys: false, prettyErrors: false, intAsBigInt: false });
  const err = doc.errors[0];
  if (err) throw toSyntaxError(err, text);
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (/[0-9][.eE]|[0-9]{16}/.test(text)) recordNumbers(doc.contents, value);
  return value;
}

const DECIMAL_INT = /^[-+]?(?:0|[1-9][0-9_]*)$/;

/** Walks the YAML nodes beside their JavaScript value and records the numbers JavaScript cannot keep. */
function recordNumbers(node: YamlNode | null | undefined, value: unknown): void {
  if (node === null || node === undefined || isAlias(node) || value === null || typeof value !== 'object') return;
  const record = (child: unknown, container: object, key: string | number) => {
    if (!isScalar(child) || typeof child.value !== 'number' || child.type !== 'PLAIN' || typeof child.source !== 'string') return;
    const v = child.value;
    if (!Number.isInteger(v)) return;
    const src = child.source;
    if (RESOLVES_TO_NON_STRING[1]!.test(src)) rememberNumber(container, key, formatFloat(v));
    else if (!Number.isSafeInteger(v) && DECIMAL_INT.test(src)) rememberNumber(container, key, BigInt(src.replaceAll('_', '').replace(/^\+/, '')).toString());
  };
  if (isSeq(node) && Array.isArray(value)) {
    node.items.forEach((item, i) => {
      record(item, value, i);
      recordNumbers(item as YamlNode, value[i]);
    });
  } else if (isMap(node) && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (!Object.hasOwn(obj, key)) continue;
      record(pair.value, obj, key);
      recordNumbers(pair.value as YamlNode, obj[key]);
    }
  }
}

/** A lexeme that says "float" for an integral value (`1.0`, `1e+16`). */
function formatFloat(v: number): string {
  const s = formatNumber(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function toSyntaxError(err: YAMLError, text: string): YamlSyntaxError {
  let line = 1;
  let column = 1;
  if (err.linePos) {
    line = err.linePos[0].line;
    column = err.linePos[0].col;
  } else if (err.pos) {
    const before = text.slice(0, err.pos[0]);
    line = before.split('\n').length;
    column = err.pos[0] - before.lastIndexOf('\n');
  }
  const first = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return new YamlSyntaxError(first, line, column);
}
