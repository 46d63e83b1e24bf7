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
import { compareCodePoints, formatNumber, type JsonObject, pythonFloat, pythonNumberAt, splitLines } from '@nbgit/core';
import { Ctx, childCtx } from './context.js';
import { jupyterCellText } from './jupyter-cells.js';
import { isSorted } from './key-order.js';
import { type ContainerLayout, countOf, endOf, isArrayLayout, isLayout, keyAt, keysOf, startOf, valueAt, valueEndAt, valueStartAt } from './layout.js';
import { nativeSafe } from './native-safe.js';
import type { Style } from './style.js';

/** True when Python's json could have written `lexeme` for `value` (as an int or a float). */
function isPythonNumber(lexeme: string, value: number): boolean {
  if (lexeme === formatNumber(value) || lexeme === pythonFloat(value)) return true;
  if (Number.isInteger(value) && Math.abs(value) < 1e16 && lexeme === `${Object.is(value, -0) ? '-0' : String(value)}.0`) return true;
  return /^-?[1-9][0-9]{15,}$/.test(lexeme);
}

function allStrings(value: unknown[]): boolean {
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/**
 * `JSON.stringify(value, null, indent)` as parts, made as they are taken: for an object whose
 * first member is a non-empty `cells` list, written with indent 1 (Jupyter's), one part per
 * cell (as that cell sits in the list) and the parts around them; otherwise one part.
 */
export function* stringifiedParts(value: unknown, indent: string): Generator<string> {
  const cells = (value as { cells?: unknown }).cells;
  if (indent !== ' ' || !Array.isArray(cells) || cells.length === 0 || Object.keys(value as object)[0] !== 'cells') {
    yield JSON.stringify(value, null, indent);
    return;
  }
  yield '{\n "cells": [\n  ';
  for (let k = 0; k < cells.length; k++) {
    // one flat string per cell (see jupyterCellText)
    yield jupyterCellText(cells[k] as JsonObject);
    if (k + 1 < cells.length) yield ',\n  ';
  }
  // the other members, as they follow an empty list
  yield `\n ]${JSON.stringify({ ...(value as object), cells: [] }, null, 1).slice('{\n "cells": []'.length)}`;
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
    const parts = this.serializeParts(value, layout, ctx, false) as string[];
    return parts.length === 1 ? parts[0]! : parts.join('');
  }

  /**
   * {@link serialize} as parts whose concatenation is its string (a large notebook's text is
   * never made as one string: unchanged parts are slices of the file's text, and a notebook
   * written as `JSON.stringify` would write it is written cell by cell, unless not `split`).
   */
  serializeParts(value: unknown, layout: ContainerLayout | undefined, ctx: Ctx, split = true): Iterable<string> {
    if (layout === undefined && this.cellText === undefined && this.style.eol === '\n' && nativeSafe(value, ctx))
      return split ? stringifiedParts(value, this.style.indent) : [JSON.stringify(value, null, this.style.indent)];
    this.out = [];
    this.write(value, layout, 0, ctx);
    const parts = this.out;
    this.out = [];
    return parts;
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
