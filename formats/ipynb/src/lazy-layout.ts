/**
 * The fast path of reading: a notebook is read with native `JSON.parse`, and the parts of
 * its layout the writer needs (the record of its values, its node layout, its style, the
 * text of each unchanged cell) are made only when first needed.
 */
import { checkNotebook, isJsonObject, type JsonObject } from '@nbgit/core';
import { cellLayouts } from './cell-layouts.js';
import { Ctx } from './context.js';
import { type ParsedJson, parseJson } from './json.js';
import { jupyterCellText } from './jupyter-cells.js';
import type { ContainerLayout } from './layout.js';
import { layoutFromRecord } from './layout-from-record.js';
import { UNSURE, walkNotebook } from './native-check.js';
import type { FileLayout, NodeLayout } from './remembered.js';
import { type Found, holdsSpecialNumbers, textHoldsSpecial } from './special-numbers.js';
import { detectStyle, JUPYTER_STYLE, NO_FINAL_NEWLINE } from './style.js';
import { recordValues, unchangedBetween } from './value-record.js';

/** The node layout of a file, parsing it now if the fast path skipped that (for positions). */
export function rootLayout(layout: FileLayout): ContainerLayout | undefined {
  if (layout.root === undefined) layout.root = parseLayout(layout).layout;
  return layout.root;
}

/** The node layout of a file's text: from the record of its values when there is one, or by the lossless parser. */
function parseLayout(layout: FileLayout): Omit<ParsedJson, 'value'> {
  return (layout.native ? layoutFromRecord(layout.text, recorded(layout).snapshot) : undefined) ?? parseJson(layout.text);
}

/**
 * The layout of every node of a file read with `JSON.parse`, made now (the writer needs
 * it once the notebook changed) from the text and the record of the values read.
 */
export function nodeLayout(layout: FileLayout): NodeLayout {
  if (layout.style === undefined || layout.leading === undefined || layout.root === undefined) {
    const parsed = parseLayout(layout);
    const root = parsed.layout!;
    layout.root = root;
    layout.byObject = cellLayouts(layout.cells ?? [], root);
    layout.style = detectStyle(layout.text, root, parsed.valueEnd);
    layout.leading = layout.text.slice(0, parsed.valueStart);
  }
  return layout as NodeLayout;
}

/**
 * The fast path: a notebook without number lexemes that JavaScript would lose (most are)
 * is read with native `JSON.parse`, and nothing more is done until the notebook is
 * written (a reader that only reads pays `JSON.parse`, one walk of what it gave and, for
 * some, one scan of the text for those lexemes; see {@link recorded}). With `check`, the
 * notebook also passes `checkNotebook` (`legacy` as that takes it). `undefined` when the
 * lossless parser must read the text (it is not JSON, holds such lexemes, is nested deeper
 * than `MAX_DEPTH`, is not an object, or fails the check: its error then says where).
 */
export function readNative(text: string, check: boolean, legacy: boolean): JsonObject | undefined {
  const first = text.charCodeAt(0);
  if (first !== 123 && first !== 32 && first !== 10 && first !== 13 && first !== 9) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  if (check) {
    // nbformat 4 (the usual case): the check and the walk for numbers in one pass
    const found = walkNotebook(value);
    if (found !== UNSURE) return textHoldsSpecial(text, found as Found) ? undefined : value;
  }
  if (holdsSpecialNumbers(text, value)) return undefined;
  return !check || checksOut(value, legacy) ? value : undefined;
}

/** True when a notebook passes {@link checkNotebook} (its depth is bounded already). */
function checksOut(nb: JsonObject, legacy: boolean): boolean {
  try {
    checkNotebook(nb, { legacy, depth: false });
    return true;
  } catch {
    return false;
  }
}

/**
 * For a file read with `JSON.parse`: the record of its values, where each cell's record
 * starts, and whether the text is exactly Jupyter's layout, made on the first write from
 * the text (read again natively: the notebook given back may have changed since), or when
 * a large text is read (see {@link LARGE_TEXT}).
 */
export function recorded(layout: FileLayout): FileLayout & { snapshot: unknown[] } {
  if (layout.snapshot !== undefined) return layout as FileLayout & { snapshot: unknown[] };
  return record(layout, JSON.parse(layout.text) as JsonObject);
}

/**
 * Texts of at least this many characters are recorded when read (from the notebook read,
 * whose strings the record then shares), not on the first write from a second parse of the
 * text: that parse would hold a second copy of every string (a 300 MB notebook of images
 * would take 300 MB more). Below it, a reader that only reads pays no record.
 */
export const LARGE_TEXT = 16 << 20;

/** {@link recorded}, from `value`: what `JSON.parse` reads from the layout's text (when read, or read again). */
export function record(layout: FileLayout, value: JsonObject): FileLayout & { snapshot: unknown[] } {
  const { text } = layout;
  // About one value per 16 bytes of a notebook; the record grows if there are more (a large
  // text is mostly long strings: a smaller start).
  const rec = { slots: new Array<unknown>(Math.min(text.length >> 4, 1 << 20)), n: 0, safe: true, cellStarts: [] as number[] };
  recordValues(value, Ctx.Root, rec);
  rec.slots.length = rec.n;
  layout.snapshot = rec.slots;
  layout.cellStarts = rec.cellStarts;
  // Jupyter's layout is a question for nbformat 4 files only (others are written in their own layout).
  if (rec.safe && value.nbformat === 4 && Array.isArray(value.cells) && text.startsWith('{\n "cells": [')) {
    // Jupyter ends the file with a newline; older versions did not.
    const end = text.endsWith('}\n') ? text.length - 1 : text.endsWith('}') ? text.length : -1;
    if (end !== -1) layout.canonical = isStringified(text, end, value);
  }
  if (layout.canonical) {
    layout.style = text.endsWith('\n') ? JUPYTER_STYLE : NO_FINAL_NEWLINE;
    layout.leading = '';
  }
  return layout as FileLayout & { snapshot: unknown[] };
}

/**
 * True when `text.slice(0, end)` is `JSON.stringify(value, null, 1)`. A large text is
 * compared cell by cell (each cell written as it sits in the list), so that no second text
 * of the whole notebook is made.
 */
export function isStringified(text: string, end: number, value: JsonObject): boolean {
  const cells = value.cells;
  if (end < LARGE_TEXT || !Array.isArray(cells) || cells.length === 0 || Object.keys(value)[0] !== 'cells') {
    const out = JSON.stringify(value, null, 1);
    return out.length === end && (end === text.length ? text : text.slice(0, end)) === out;
  }
  const head = '{\n "cells": [\n  ';
  if (!text.startsWith(head)) return false;
  let at = head.length;
  for (let k = 0; k < cells.length; k++) {
    const s = jupyterCellText(cells[k] as JsonObject);
    if (!text.startsWith(s, at)) return false;
    at += s.length;
    const sep = k + 1 < cells.length ? ',\n  ' : '\n ]';
    if (!text.startsWith(sep, at)) return false;
    at += sep.length;
  }
  // the rest: the other members, as they follow an empty list
  const rest = JSON.stringify({ ...value, cells: [] }, null, 1).slice('{\n "cells": []'.length);
  return at + rest.length === end && text.startsWith(rest, at);
}

/**
 * For a Jupyter-layout file: a function giving the file's text for a cell read from it
 * that did not change (the record of the cell still matches), so that a notebook with a
 * few changed cells is written without writing the others again. `undefined` when the
 * file's cells cannot be found in its text that way (a cell that is not an object).
 */
export function cellTextOf(layout: FileLayout): ((cell: unknown) => string | undefined) | undefined {
  if (layout.cellText !== undefined) return layout.cellText ?? undefined;
  layout.cellText = null;
  const { text, cells, cellStarts, snapshot } = layout;
  if (cells === undefined || cellStarts === undefined || snapshot === undefined) return undefined;
  // In Jupyter's layout a cell is `{}` or runs from `{` to the first line that is `  }`
  // (strings hold no raw line break, and deeper lines are indented further); cells are
  // separated by `,\n  `, and the list starts at `[\n  ` and ends at `\n ]`.
  const spans: number[] = [];
  let at = text.indexOf('[') + 4;
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k];
    if (typeof c !== 'object' || c === null || Array.isArray(c) || text.charCodeAt(at) !== 123) return undefined;
    const end = text.startsWith('{}', at) ? at + 2 : text.indexOf('\n  }', at) + 4;
    if (end < 4) return undefined;
    spans.push(at, end);
    at = end + 4;
  }
  if (cells.length > 0 && !text.startsWith('\n ]', at - 4)) return undefined;
  const index = new Map<unknown, number>();
  for (let k = cells.length - 1; k >= 0; k--) index.set(cells[k], k);
  const cellText = (cell: unknown): string | undefined => {
    const k = index.get(cell);
    if (k === undefined || !unchangedBetween(cell, snapshot, cellStarts[k]!, cellStarts[k + 1]!)) return undefined;
    return text.slice(spans[2 * k]!, spans[2 * k + 1]!);
  };
  layout.cellText = cellText;
  return cellText;
}
