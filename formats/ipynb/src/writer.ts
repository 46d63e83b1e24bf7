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
import { formatNumber, hasNumberLexemes, pythonFloat, pythonNumberAt, splitLines } from '@nbgit/core';
import {
  ARRAY_MARK,
  type ContainerLayout,
  countOf,
  endOf,
  isArrayLayout,
  isLayout,
  keyAt,
  keysOf,
  startOf,
  valueAt,
  valueEndAt,
  valueStartAt,
} from './json.js';

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
  /** In compact files (`eol` empty), what follows each `,` (Python's `json.dumps`: `' '`). */
  space?: string;
}

/** Jupyter's own style. */
export const JUPYTER_STYLE: Style = { indent: ' ', eol: '\n', colon: ': ', trailer: '\n' };

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
  for (let i = 1; i < keys.length; i++) {
    const a = keys[i - 1]!;
    const b = keys[i]!;
    // UTF-16 order equals code point order unless a surrogate meets U+E000-U+FFFF.
    if (a < b && a.charCodeAt(0) < 0xd800 && b.charCodeAt(0) < 0xd800) continue;
    if (compareCodePoints(a, b) > 0) return false;
  }
  return true;
}

/**
 * True when native `JSON.stringify` writes `value` exactly as nbformat would: every
 * object's keys already in code point order, no string where nbformat splits lines, and
 * only numbers that JavaScript and Python format alike. A walk that builds no strings, so
 * checking and then writing natively is several times faster than writing in JavaScript.
 */
export function nativeSafe(value: unknown, ctx: Ctx): boolean {
  switch (typeof value) {
    case 'string':
      return ctx !== Ctx.Split;
    case 'number':
      if (Number.isInteger(value)) return Math.abs(value) < 1e16 && !Object.is(value, -0);
      if (!Number.isFinite(value)) return false;
      {
        const a = Math.abs(value);
        return a >= 1e-4 && a < 1e16;
      }
    case 'boolean':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (hasNumberLexemes(value)) return false;
  if (Array.isArray(value)) {
    if (ctx === Ctx.Other) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v === 'string') continue;
        if (!nativeSafe(v, Ctx.Other)) return false;
      }
      return true;
    }
    for (let i = 0; i < value.length; i++) if (!nativeSafe(value[i], childCtx(ctx, i, value))) return false;
    return true;
  }
  const keys = Object.keys(value);
  if (!isSorted(keys)) return false;
  const obj = value as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    if (v === undefined) return false;
    if (typeof v === 'string' && ctx === Ctx.Other) continue;
    if (!nativeSafe(v, ctx === Ctx.Other ? ctx : childCtx(ctx, keys[i]!, value))) return false;
  }
  return true;
}

/** A record of values being taken: `slots[0..n)` (preallocated, written by index: cheaper than growing by push). */
export interface ValueRecord {
  slots: unknown[];
  n: number;
  /** Stays true while every value recorded is {@link nativeSafe} at its place. */
  safe: boolean;
  /** Where the record of each cell starts, and (last) where the record of the cells ends. */
  cellStarts?: number[];
  /** Key lists recorded so far, by length (a few of each): objects with the same keys share one. */
  keyLists?: string[][][];
}

/** `keys`, or an equal key list recorded before (most objects of a notebook repeat a few key lists). */
function sharedKeys(rec: ValueRecord, keys: string[]): string[] {
  const n = keys.length;
  if (n > 16) return keys;
  let lists = rec.keyLists;
  if (lists === undefined) {
    lists = [];
    rec.keyLists = lists;
  }
  let seen = lists[n];
  if (seen === undefined) {
    seen = [];
    lists[n] = seen;
  }
  next: for (let j = 0; j < seen.length; j++) {
    const k = seen[j]!;
    for (let i = 0; i < n; i++) if (k[i] !== keys[i]) continue next;
    return k;
  }
  if (seen.length < 4) seen.push(keys);
  return keys;
}

/**
 * Records every value under `value` (data from `JSON.parse`) in `rec`, in walk order: an
 * array as {@link ARRAY_MARK} and its length, an object as the list of its keys (a JSON
 * value in a record is never an array), a primitive as itself; and finds, on the way,
 * whether {@link nativeSafe} holds. Strings are immutable, so a record costs one slot per
 * value, and {@link unchangedSince} can later tell cheaply and exactly whether the data
 * still equals what was recorded.
 */
export function recordValues(value: unknown, ctx: Ctx, rec: ValueRecord): void {
  const slots = rec.slots;
  if (typeof value !== 'object' || value === null) {
    slots[rec.n++] = value;
    if (rec.safe && (typeof value === 'string' ? ctx === Ctx.Split : typeof value !== 'boolean' && value !== null && !nativeSafe(value, ctx))) rec.safe = false;
    return;
  }
  if (Array.isArray(value)) {
    const n = value.length;
    slots[rec.n++] = ARRAY_MARK;
    slots[rec.n++] = n;
    if (ctx === Ctx.Cells && rec.cellStarts !== undefined) {
      for (let i = 0; i < n; i++) {
        rec.cellStarts.push(rec.n);
        recordValues(value[i], Ctx.Cell, rec);
      }
      rec.cellStarts.push(rec.n);
      return;
    }
    if (ctx === Ctx.Cells || ctx === Ctx.Outputs || ctx === Ctx.Attachments) {
      for (let i = 0; i < n; i++) recordValues(value[i], childCtx(ctx, i, value), rec);
      return;
    }
    // The members of any other array are in no particular place (lines of a split string, data).
    for (let i = 0; i < n; i++) {
      const v = value[i];
      if (typeof v === 'string') slots[rec.n++] = v;
      else recordValues(v, Ctx.Other, rec);
    }
    return;
  }
  const keys = sharedKeys(rec, Object.keys(value));
  if (rec.safe && !isSorted(keys)) rec.safe = false;
  slots[rec.n++] = keys;
  const obj = value as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    const c = ctx === Ctx.Other ? ctx : childCtx(ctx, keys[i]!, value);
    if (typeof v === 'string') {
      slots[rec.n++] = v;
      if (c === Ctx.Split) rec.safe = false;
    } else recordValues(v, c, rec);
  }
}

/**
 * True when `value` still equals what {@link recordValues} recorded in `snap`: the same
 * keys in the same order, the same kinds of containers (plain objects and arrays), equal
 * primitives, and no number lexemes recorded since. Then it writes exactly as the recorded
 * data did. A walk that allocates nothing.
 */
export function unchangedSince(value: unknown, snap: unknown[]): boolean {
  const at = { i: 0 };
  return !prototypePolluted() && sameAsRecord(value, snap, at) && at.i === snap.length;
}

/** {@link unchangedSince} for a value whose record is `snap[from..to)` (a cell's). */
export function unchangedBetween(value: unknown, snap: unknown[], from: number, to: number): boolean {
  const at = { i: from };
  return !prototypePolluted() && sameAsRecord(value, snap, at) && at.i === to;
}

/** True when `Object.prototype` has enumerable properties (then for-in would see them as keys of every object). */
function prototypePolluted(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

function sameAsRecord(value: unknown, snap: unknown[], at: { i: number }): boolean {
  const x = snap[at.i++];
  if (typeof value !== 'object' || value === null) return Object.is(value, x);
  if (hasNumberLexemes(value)) return false;
  if (Array.isArray(value)) {
    const n = value.length;
    if (x !== ARRAY_MARK || snap[at.i++] !== n || Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < n; i++) {
      const v = value[i];
      if (typeof v === 'string') {
        if (v !== snap[at.i++]) return false;
      } else if (!sameAsRecord(v, snap, at)) return false;
    }
    return true;
  }
  if (!Array.isArray(x) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  // for-in visits own keys in Object.keys order, then inherited enumerable ones, which
  // Object.prototype does not have (see prototypePolluted).
  let n = 0;
  for (const k in value) if (k !== x[n++]) return false;
  if (n !== x.length) return false;
  const obj = value as Record<string, unknown>;
  for (let i = 0; i < n; i++) {
    const v = obj[x[i] as string];
    if (typeof v === 'string') {
      if (v !== snap[at.i++]) return false;
    } else if (!sameAsRecord(v, snap, at)) return false;
  }
  return true;
}

function allStrings(value: unknown[]): boolean {
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/** Where a value sits in a notebook, for nbformat's splitting of multi-line strings. */
export enum Ctx {
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
  /** nbformat 3: the top level, `worksheets`, one worksheet, its `cells`, one cell, its `outputs`, one output. */
  RootV3,
  Worksheets,
  Worksheet,
  CellsV3,
  CellV3,
  OutputsV3,
  OutputV3,
}

const SPLIT_MIMES = new Set(['application/javascript', 'image/svg+xml']);

/** The output keys nbformat 3 splits into lines (`nbformat.v3.rwbase._multiline_outputs`). */
const V3_SPLIT_OUTPUT_KEYS = new Set(['text', 'html', 'svg', 'latex', 'javascript', 'json']);

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
    // nbformat 3, as `nbformat.v3.rwbase.split_lines` splits: a code cell's `input` and the
    // multi-line keys of its outputs, the `source` and `rendered` of every other cell
    case Ctx.RootV3:
      return key === 'worksheets' ? Ctx.Worksheets : Ctx.Other;
    case Ctx.Worksheets:
      return Ctx.Worksheet;
    case Ctx.Worksheet:
      return key === 'cells' ? Ctx.CellsV3 : Ctx.Other;
    case Ctx.CellsV3:
      return Ctx.CellV3;
    case Ctx.CellV3:
      if ((parent as { cell_type?: unknown }).cell_type === 'code') return key === 'input' ? Ctx.Split : key === 'outputs' ? Ctx.OutputsV3 : Ctx.Other;
      return key === 'source' || key === 'rendered' ? Ctx.Split : Ctx.Other;
    case Ctx.OutputsV3:
      return Ctx.OutputV3;
    case Ctx.OutputV3:
      return typeof key === 'string' && V3_SPLIT_OUTPUT_KEYS.has(key) ? Ctx.Split : Ctx.Other;
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

  /**
   * For a notebook read from a Jupyter-layout file: the text that file had for a cell,
   * when the cell is one read from it and did not change (which is exactly what the
   * writer would write for it in Jupyter's layout).
   */
  private readonly cellText: ((cell: unknown) => string | undefined) | undefined;

  constructor(text: string, style: Style, byObject?: WeakMap<object, ContainerLayout>, canonical = false, cellText?: (cell: unknown) => string | undefined) {
    this.text = text;
    this.style = style;
    this.byObject = byObject;
    this.canonical = canonical;
    this.cellText = cellText;
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
    const n = countOf(layout);
    if (isArrayLayout(layout)) {
      if (!Array.isArray(value) || value.length !== n) return false;
      for (let i = 0; i < n; i++) {
        const orig = valueAt(layout, i);
        const v = value[i];
        if (isLayout(orig)) {
          if (typeof v !== 'object' || v === null || !this.same(v, orig, ctx === Ctx.Other ? ctx : childCtx(ctx, i, value))) return false;
        } else if (!Object.is(v, orig)) return false;
      }
      return true;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    let count = 0;
    for (const k in value) {
      if (Object.hasOwn(value, k) && (value as Record<string, unknown>)[k] !== undefined) count++;
    }
    if (count !== n) return false;
    for (let i = 0; i < n; i++) {
      const k = keyAt(layout, i);
      if (!Object.hasOwn(value, k)) return false;
      const v = (value as Record<string, unknown>)[k];
      const orig = valueAt(layout, i);
      if (isLayout(orig)) {
        const c = ctx === Ctx.Other ? ctx : childCtx(ctx, k, value);
        if (typeof v === 'string' && c === Ctx.Split && isArrayLayout(orig)) {
          // A string where the file had a list of lines: the same if nbformat splits it into those lines.
          if (!this.same(splitLines(v), orig, Ctx.Other)) return false;
        } else if (typeof v !== 'object' || v === null || !this.same(v, orig, c)) return false;
      } else if (!Object.is(v, orig)) return false;
    }
    return true;
  }

  private out: string[] = [];

  /** Serialises `value` (the top level, at depth 0) to a string. */
  serialize(value: unknown, layout: ContainerLayout | undefined, ctx: Ctx): string {
    if (layout === undefined && this.cellText === undefined && this.style.eol === '\n' && nativeSafe(value, ctx))
      return JSON.stringify(value, null, this.style.indent);
    this.out = [];
    this.write(value, layout, 0, ctx);
    const s = this.out.join('');
    this.out = [];
    return s;
  }

  /** Writes `value` at nesting `depth`; `layout` is what the file had at this place, if anything. */
  private write(value: unknown, layout: ContainerLayout | undefined, depth: number, ctx: Ctx): void {
    const out = this.out;
    if (value === null) {
      out.push('null');
      return;
    }
    switch (typeof value) {
      case 'string':
        if (ctx === Ctx.Split) {
          const lines = splitLines(value);
          const l = layout !== undefined && isArrayLayout(layout) ? layout : undefined;
          if (l !== undefined && !this.canonical && this.same(lines, l, Ctx.Other)) out.push(this.text.slice(startOf(l), endOf(l)));
          else this.writeArray(lines, l, depth, Ctx.Other);
          return;
        }
        out.push(JSON.stringify(value));
        return;
      case 'number':
        out.push(formatNumber(value));
        return;
      case 'boolean':
        out.push(value ? 'true' : 'false');
        return;
      case 'object':
        break;
      default:
        throw new TypeError(`cannot write a ${typeof value} as JSON`);
    }
    if (this.byObject !== undefined && !Array.isArray(value)) {
      const own = this.byObject.get(value as object);
      if (own !== undefined) layout = own;
    }
    if (layout !== undefined && !this.canonical && this.same(value, layout, ctx)) out.push(this.text.slice(startOf(layout), endOf(layout)));
    else if (Array.isArray(value)) this.writeArray(value, layout !== undefined && isArrayLayout(layout) ? layout : undefined, depth, ctx);
    else this.writeObject(value as Record<string, unknown>, layout !== undefined && !isArrayLayout(layout) ? layout : undefined, depth, ctx);
  }

  private member(value: unknown, layout: ContainerLayout, index: number, depth: number, ctx: Ctx): void {
    const orig = valueAt(layout, index);
    // Primitive unchanged: its original lexeme.
    if (!isLayout(orig)) {
      if (Object.is(value, orig)) {
        const lexeme = this.text.slice(valueStartAt(layout, index), valueEndAt(layout, index));
        if (!this.canonical || (typeof value === 'number' && (isPythonNumber(lexeme, value) || !Number.isFinite(value)))) {
          // a number beyond a double's range (1e400) keeps its lexeme: Infinity is not JSON
          this.out.push(lexeme);
          return;
        }
        if (typeof value === 'number' && /[.eE]/.test(lexeme)) {
          // Python's json reads `1E+2` as the float 100.0 and writes it so
          this.out.push(pythonFloat(value));
          return;
        }
      }
      this.write(value, undefined, depth, ctx);
      return;
    }
    this.write(value, orig, depth, ctx);
  }

  /** Where member `i` of an object layout starts (its key's opening quote). */
  private memberStart(layout: ContainerLayout, i: number): number {
    let j = i === 0 ? startOf(layout) + 1 : valueEndAt(layout, i - 1);
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(j);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 44) j++;
      else return j;
    }
  }

  private writeArray(value: unknown[], layout: ContainerLayout | undefined, depth: number, ctx: Ctx): void {
    const out = this.out;
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    const { eol } = this.style;
    if (layout === undefined && eol !== '' && allStrings(value)) {
      // Native fast path: a list of strings is laid out by JSON.stringify exactly as Python
      // does; only the indentation of the enclosing depth has to be added.
      const flat = JSON.stringify(value, null, this.style.indent);
      const pad = this.indent(depth);
      out.push(pad === '' && eol === '\n' ? flat : flat.replaceAll('\n', eol + pad));
      return;
    }
    const inner = eol + this.indent(depth + 1);
    const sep = eol === '' ? `,${this.style.space ?? ''}` : `,${inner}`;
    out.push('[', inner);
    if (layout === undefined && ctx === Ctx.Cells && eol === '\n') {
      this.writeCells(value, depth);
      out.push(eol, this.indent(depth), ']');
      return;
    }
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(sep);
      const v = value[i];
      const c = ctx === Ctx.Other ? ctx : childCtx(ctx, i, value);
      if (layout !== undefined && i < countOf(layout)) this.member(v, layout, i, depth + 1, c);
      else if (typeof v === 'number') out.push(pythonNumberAt(value, i, v));
      else this.write(v, undefined, depth + 1, c);
    }
    out.push(eol, this.indent(depth), ']');
  }

  /**
   * The cells of a notebook without a layout: runs of cells that native JSON.stringify lays
   * out as nbformat does (the usual case) are written by one native call each.
   */
  private writeCells(cells: unknown[], depth: number): void {
    const out = this.out;
    const unit = this.style.indent;
    const pad = this.indent(depth);
    const sep = `,\n${this.indent(depth + 1)}`;
    const cellText = this.cellText;
    let i = 0;
    let kept = cellText?.(cells[0]);
    while (i < cells.length) {
      if (i > 0) out.push(sep);
      if (kept !== undefined) {
        out.push(kept);
        i++;
        kept = i < cells.length ? cellText?.(cells[i]) : undefined;
        continue;
      }
      let j = i;
      while (j < cells.length && nativeSafe(cells[j], Ctx.Cell)) {
        j++;
        kept = j < cells.length ? cellText?.(cells[j]) : undefined;
        if (kept !== undefined) break;
      }
      if (j > i) {
        const s = JSON.stringify(i === 0 && j === cells.length ? cells : cells.slice(i, j), null, unit);
        const body = s.slice(2 + unit.length, s.length - 2);
        out.push(pad === '' ? body : body.replaceAll('\n', `\n${pad}`));
        i = j;
      } else {
        this.write(cells[i], undefined, depth + 1, Ctx.Cell);
        i++;
        kept = i < cells.length ? cellText?.(cells[i]) : undefined;
      }
    }
  }

  private writeObject(value: Record<string, unknown>, layout: ContainerLayout | undefined, depth: number, ctx: Ctx): void {
    const out = this.out;
    let present = Object.keys(value);
    for (let i = 0; i < present.length; i++) {
      if (value[present[i]!] === undefined) {
        present = present.filter((k) => value[k] !== undefined);
        break;
      }
    }
    if (present.length === 0) {
      out.push('{}');
      return;
    }
    let keys: string[];
    let index: Map<string, number> | undefined;
    if (layout === undefined || this.canonical) {
      keys = isSorted(present) ? present : present.sort(compareCodePoints);
      if (layout !== undefined) {
        index = new Map();
        const lk = keysOf(layout);
        for (let i = 0; i < lk.length; i++) index.set(lk[i]!, i);
      }
    } else {
      index = new Map();
      const lk = keysOf(layout);
      for (let i = 0; i < lk.length; i++) index.set(lk[i]!, i);
      const kept = [...new Set(lk)].filter((k) => Object.hasOwn(value, k) && value[k] !== undefined);
      const added = present.filter((k) => !index!.has(k));
      keys = kept.concat(added);
      if (added.length > 0 && isSorted(lk)) keys.sort(compareCodePoints);
    }
    const { eol, colon } = this.style;
    const inner = eol + this.indent(depth + 1);
    const sep = eol === '' ? `,${this.style.space ?? ''}` : `,${inner}`;
    out.push('{', inner);
    for (let n = 0; n < keys.length; n++) {
      if (n > 0) out.push(sep);
      const k = keys[n]!;
      const v = value[k];
      const c = ctx === Ctx.Other ? ctx : childCtx(ctx, k, value);
      const i = index?.get(k);
      if (layout !== undefined && i !== undefined) {
        // Key and separator as they were, then the value.
        out.push(this.canonical ? JSON.stringify(k) + colon : this.text.slice(this.memberStart(layout, i), valueStartAt(layout, i)));
        this.member(v, layout, i, depth + 1, c);
      } else {
        out.push(JSON.stringify(k), colon);
        if (typeof v === 'number') out.push(pythonNumberAt(value, k, v));
        else this.write(v, undefined, depth + 1, c);
      }
    }
    out.push(eol, this.indent(depth), '}');
  }
}
