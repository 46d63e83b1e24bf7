/**
 * YAML 1.1 read as PyYAML's `safe_load` reads it (`yes`/`on` are booleans, `0777` is octal),
 * except that timestamps stay strings, using the `yaml` package. Numbers JavaScript cannot keep
 * (`1.0`, big integers) are recorded so that writers give them back as they were.
 */

import { deepestPath, formatNumber, MAX_DEPTH, rememberNumber } from '@nbgit/core';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Scalar, type ScalarTag, type YAMLError, type Node as YamlNode } from 'yaml';
import { YAML_FLOAT, YAML_INT } from './yaml-resolve.js';

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
  test: YAML_FLOAT,
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
  test: YAML_INT,
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
  // Hostile headers get located errors, never a crash: nesting deeper than MAX_DEPTH (the
  // parser and every walker after it recurse), tags safe_load refuses (`!!python/object`),
  // and aliases that expand beyond 1000 nodes (an alias bomb).
  const deep = tooDeep(text);
  if (deep !== undefined) throw at(text, deep, `nested deeper than ${HEADER_MAX_DEPTH} levels (nbgit's limit for text headers)`);
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { version: '1.1', customTags, uniqueKeys: false, prettyErrors: false, intAsBigInt: false });
  } catch (e) {
    if (e instanceof RangeError) throw at(text, 0, `nested too deeply to read (nbgit's limit for text headers is ${HEADER_MAX_DEPTH} levels)`);
    throw e;
  }
  const err = doc.errors[0];
  if (err) throw toSyntaxError(err, text);
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag) {
    const e = toSyntaxError(tag, text);
    throw new YamlSyntaxError(`${e.message} (a header holds plain data: PyYAML's safe_load refuses such tags too)`, e.line, e.column);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    if (!(e instanceof ReferenceError || e instanceof RangeError)) throw e;
    const alias = /\*[^\s,\]}]/.exec(text);
    throw at(text, alias?.index ?? 0, 'YAML aliases expand to too many values (over 1000: an alias bomb?)');
  }
  if (deepestPath(value) !== undefined) throw at(text, 0, `aliases nest the values deeper than ${MAX_DEPTH} levels (nbgit's limit)`);
  if (/[0-9][.eE]|[0-9]{16}/.test(text)) recordNumbers(doc.contents, value);
  return value;
}

/** A {@link YamlSyntaxError} at `offset` of `text`. */
function at(text: string, offset: number, message: string): YamlSyntaxError {
  const before = text.slice(0, offset);
  return new YamlSyntaxError(message, before.split('\n').length, offset - before.lastIndexOf('\n'));
}

/**
 * How deep a text header's YAML may nest: below what the yaml library's recursive reader
 * survives with Node's default stack (about 850 levels), far above what any header holds.
 */
export const HEADER_MAX_DEPTH = 500;

/**
 * Where flow collections (`[`, `{`) or block sequence dashes on one line (`- - -`) nest
 * deeper than {@link HEADER_MAX_DEPTH}, or undefined. Quoted strings and comments are skipped.
 */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  let lineDashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      // to the closing quote (a doubled '' or an escaped \" stays inside)
      for (i++; i < text.length; i++) {
        if (c === '"' && text[i] === '\\') i++;
        else if (text[i] === c) {
          if (c === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
      lineDashes = 0;
    } else if (c === '[' || c === '{') {
      if (++depth > HEADER_MAX_DEPTH) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n') lineDashes = 0;
    else if (c === '-' && (text[i + 1] === ' ' || text[i + 1] === '\n') && ++lineDashes > HEADER_MAX_DEPTH) return i;
  }
  return undefined;
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
    if (YAML_FLOAT.test(src)) rememberNumber(container, key, formatFloat(v));
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

function toSyntaxError(err: Pick<YAMLError, 'message' | 'linePos' | 'pos'>, text: string): YamlSyntaxError {
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
  // the yaml library reports its own recursion limit as the RangeError's text
  if (/Maximum call stack size exceeded/.test(first))
    return new YamlSyntaxError(`nested too deeply to read (nbgit's limit for text headers is ${HEADER_MAX_DEPTH} levels)`, line, column);
  return new YamlSyntaxError(first, line, column);
}
