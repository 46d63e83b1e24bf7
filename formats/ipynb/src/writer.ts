/**
 * The JSON writer behind `toIpynb`.
 *
 * With a layout (the notebook was read by `fromIpynb`), every object or array whose
 * content did not change is written as its original bytes, and a changed one is written
 * in the file's own style (indent, line ending, key separator, key order), reusing the
 * original bytes of its unchanged members. Without a layout it writes exactly what
 * Jupyter (nbformat) writes: indent 1, keys sorted by code point, `": "` and `","`
 * separators, non-ASCII unescaped, Python's float repr.
 */
import { splitLines } from '@nbgit/core';
import { type ContainerLayout, isLayout } from './json.js';

/** The whitespace style of a file. */
export interface Style {
  /** One indent level (`' '` for Jupyter; `''` when the file has no line breaks). */
  indent: string;
  /** Line ending between members (`'\n'`, `'\r\n'`, or `''` for compact files). */
  eol: string;
  /** Between a key and its value: `': '` or `':'`. */
  colon: string;
  /** Text after the top-level value (Jupyter: `'\n'`). */
  trailer: string;
}

/** Jupyter's own style. */
export const JUPYTER_STYLE: Style = { indent: ' ', eol: '\n', colon: ': ', trailer: '\n' };

/** Python's `repr` of a float, which is what Python's json writes. */
export function pythonFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return Object.is(n, -0) ? '-0.0' : String(n);
  const exp = n.toExponential(); // shortest round-trip digits, e.g. "-1.2345e-7"
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp);
  if (!m) return String(n);
  const [, sign, d0, rest = '', e] = m;
  const digits = d0! + rest;
  const x = Number(e);
  if (x >= -4 && x < 16) {
    if (x < 0) return `${sign}0.${'0'.repeat(-x - 1)}${digits}`;
    const intPart = digits.slice(0, x + 1).padEnd(x + 1, '0');
    const frac = digits.slice(x + 1);
    return `${sign}${intPart}.${frac || '0'}`;
  }
  const mant = rest ? `${d0}.${rest}` : d0;
  const ax = Math.abs(x);
  return `${sign}${mant}e${x < 0 ? '-' : '+'}${ax < 10 ? `0${ax}` : ax}`;
}

/** A number as nbformat would write it: integers as integers, other floats as Python's repr. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return Object.is(n, -0) ? '0' : String(n);
  return pythonFloat(n);
}

/** True when Python's json could have written `lexeme` for `value` (as an int or a float). */
function isPythonNumber(lexeme: string, value: number): boolean {
  if (lexeme === formatNumber(value) || lexeme === pythonFloat(value)) return true;
  if (Number.isInteger(value) && Math.abs(value) < 1e16 && lexeme === `${Object.is(value, -0) ? '-0' : String(value)}.0`) return true;
  return /^-?[1-9][0-9]{15,}$/.test(lexeme);
}

/** Compares code points (Python's sort order for keys), not UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-U+DFFF) encode code points above U+FFFF: they sort after U+E000-U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (compareCodePoints(keys[i - 1]!, keys[i]!) > 0) return false;
  return true;
}

/** Where a value sits in a notebook, for nbformat's splitting of multi-line strings. */
export const enum Ctx {
  Other,
  Root,
  Cells,
  Cell,
  Outputs,
  Output,
  Bundle,
  Attachments,
  /** A string here is split into lines. */
  Split,
}

const SPLIT_MIMES = new Set(['application/javascript', 'image/svg+xml']);

function childCtx(ctx: Ctx, key: string | number, parent: unknown): Ctx {
  switch (ctx) {
    case Ctx.Root:
      return key === 'cells' ? Ctx.Cells : Ctx.Other;
    case Ctx.Cells:
      return Ctx.Cell;
    case Ctx.Cell:
      if (key === 'source') return Ctx.Split;
      if (key === 'outputs') return Ctx.Outputs;
      if (key === 'attachments') return Ctx.Attachments;
      return Ctx.Other;
    case Ctx.Outputs:
      return Ctx.Output;
    case Ctx.Output: {
      const type = (parent as { output_type?: unknown }).output_type;
      if (key === 'text' && type === 'stream') return Ctx.Split;
      if (key === 'data' && (type === 'execute_result' || type === 'display_data')) return Ctx.Bundle;
      return Ctx.Other;
    }
    case Ctx.Attachments:
      return Ctx.Bundle;
    case Ctx.Bundle:
      return typeof key === 'string' && (key.startsWith('text/') || SPLIT_MIMES.has(key)) ? Ctx.Split : Ctx.Other;
    default:
      return Ctx.Other;
  }
}

/** Writes JSON values, reusing the bytes of a layout where the values did not change. */
export class Writer {
  private readonly text: string;
  private readonly style: Style;
  private readonly byObject: WeakMap<object, ContainerLayout> | undefined;
  private readonly indents: string[] = [''];
  /** Canonical mode: Jupyter's layout; only number lexemes Python would also write are kept. */
  private readonly canonical: boolean;

  constructor(text: string, style: Style, byObject?: WeakMap<object, ContainerLayout>, canonical = false) {
    this.text = text;
    this.style = style;
    this.byObject = byObject;
    this.canonical = canonical;
  }

  private indent(depth: number): string {
    let s = this.indents[depth];
    if (s === undefined) {
      s = this.style.indent.repeat(depth);
      this.indents[depth] = s;
    }
    return s;
  }

  /** True when `value` equals what `layout` recorded (deep, early exit). */
  same(value: unknown, layout: ContainerLayout, ctx: Ctx): boolean {
    if (layout.array) {
      if (!Array.isArray(value) || value.length !== layout.values.length) return false;
      for (let i = 0; i < value.length; i++) {
        const orig = layout.values[i];
        const v = value[i];
        if (isLayout(orig)) {
          if (typeof v !== 'object' || v === null || !this.same(v, orig, ctx === Ctx.Other ? ctx : childCtx(ctx, i, value))) return false;
        } else if (!Object.is(v, orig)) return false;
      }
      return true;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const keys = layout.keys;
    let count = 0;
    for (const k in value) {
      if (Object.prototype.hasOwnProperty.call(value, k) && (value as Record<string, unknown>)[k] !== undefined) count++;
    }
    if (count !== keys.length) return false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!Object.prototype.hasOwnProperty.call(value, k)) return false;
      const v = (value as Record<string, unknown>)[k];
      const orig = layout.values[i];
      if (isLayout(orig)) {
        const c = ctx === Ctx.Other ? ctx : childCtx(ctx, k, value);
        if (typeof v === 'string' && c === Ctx.Split && orig.array) {
          // A string where the file had a list of lines: the same if nbformat splits it into those lines.
          if (!this.same(splitLines(v), orig, Ctx.Other)) return false;
        } else if (typeof v !== 'object' || v === null || !this.same(v, orig, c)) return false;
      } else if (!Object.is(v, orig)) return false;
    }
    return true;
  }

  /** Writes `value` at nesting `depth`; `layout` is what the file had at this place, if anything. */
  write(value: unknown, layout: ContainerLayout | undefined, depth: number, ctx: Ctx): string {
    if (value === null) return 'null';
    switch (typeof value) {
      case 'string':
        if (ctx === Ctx.Split) {
          const lines = splitLines(value);
          if (layout?.array && !this.canonical && this.same(lines, layout, Ctx.Other)) return this.text.slice(layout.start, layout.end);
          return this.writeArray(lines, layout?.array ? layout : undefined, depth, Ctx.Other);
        }
        return JSON.stringify(value);
      case 'number':
        return formatNumber(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        break;
      default:
        throw new TypeError(`cannot write a ${typeof value} as JSON`);
    }
    if (this.byObject !== undefined && !Array.isArray(value)) {
      const own = this.byObject.get(value as object);
      if (own !== undefined) layout = own;
    }
    if (layout !== undefined && !this.canonical && this.same(value, layout, ctx)) return this.text.slice(layout.start, layout.end);
    if (Array.isArray(value)) return this.writeArray(value, layout?.array ? layout : undefined, depth, ctx);
    return this.writeObject(value as Record<string, unknown>, layout && !layout.array ? layout : undefined, depth, ctx);
  }

  private member(value: unknown, orig: unknown, layout: ContainerLayout, index: number, depth: number, ctx: Ctx): string {
    // Primitive unchanged: its original lexeme.
    if (!isLayout(orig)) {
      if (Object.is(value, orig)) {
        const lexeme = this.text.slice(layout.valueStarts[index]!, layout.valueEnds[index]!);
        if (!this.canonical) return lexeme;
        if (typeof value === 'number' && isPythonNumber(lexeme, value)) return lexeme;
      }
      return this.write(value, undefined, depth, ctx);
    }
    return this.write(value, orig, depth, ctx);
  }

  private writeArray(value: unknown[], layout: ContainerLayout | undefined, depth: number, ctx: Ctx): string {
    if (value.length === 0) return '[]';
    const { eol } = this.style;
    const inner = eol + this.indent(depth + 1);
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const c = ctx === Ctx.Other ? ctx : childCtx(ctx, i, value);
      if (layout !== undefined && i < layout.values.length) parts.push(this.member(v, layout.values[i], layout, i, depth + 1, c));
      else parts.push(this.write(v, undefined, depth + 1, c));
    }
    return `[${inner}${parts.join(`,${inner}`)}${eol}${this.indent(depth)}]`;
  }

  private writeObject(value: Record<string, unknown>, layout: ContainerLayout | undefined, depth: number, ctx: Ctx): string {
    const present: string[] = [];
    for (const k in value) if (Object.prototype.hasOwnProperty.call(value, k) && value[k] !== undefined) present.push(k);
    if (present.length === 0) return '{}';
    let keys: string[];
    let index: Map<string, number> | undefined;
    if (layout === undefined || this.canonical) {
      keys = present.sort(compareCodePoints);
      if (layout !== undefined) {
        index = new Map();
        for (let i = 0; i < layout.keys.length; i++) index.set(layout.keys[i]!, i);
      }
    } else {
      index = new Map();
      for (let i = 0; i < layout.keys.length; i++) index.set(layout.keys[i]!, i);
      const kept = layout.keys.filter((k) => Object.prototype.hasOwnProperty.call(value, k) && value[k] !== undefined);
      const added = present.filter((k) => !index!.has(k));
      keys = kept.concat(added);
      if (added.length > 0 && isSorted(layout.keys)) keys.sort(compareCodePoints);
    }
    const { eol, colon } = this.style;
    const inner = eol + this.indent(depth + 1);
    const parts: string[] = [];
    for (const k of keys) {
      const v = value[k];
      const c = ctx === Ctx.Other ? ctx : childCtx(ctx, k, value);
      const i = index?.get(k);
      if (layout !== undefined && i !== undefined) {
        const orig = layout.values[i];
        // Key and separator as they were, then the value.
        const head = this.canonical ? JSON.stringify(k) + colon : this.text.slice(layout.memberStarts[i]!, layout.valueStarts[i]!);
        parts.push(head + this.member(v, orig, layout, i, depth + 1, c));
      } else {
        parts.push(JSON.stringify(k) + colon + this.write(v, undefined, depth + 1, c));
      }
    }
    return `{${inner}${parts.join(`,${inner}`)}${eol}${this.indent(depth)}}`;
  }
}
