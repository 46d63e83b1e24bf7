/**
 * `fromIpynb` and `toIpynb`: read a notebook into nbformat's own JSON shape, and write it
 * back byte for byte. What the writer must remember about the file (its text, layout and
 * style) is kept with the notebook object as a private class field, never in the user's
 * data (see {@link Remembered}).
 */
import {
  type Cell,
  checkNotebook,
  deepestPath,
  formatPath,
  isJsonObject,
  type JsonObject,
  type JsonPath,
  MAX_DEPTH,
  NbgitError,
  type Notebook,
  type Position,
  positionAt,
} from '@nbgit/core';
import { cellLayouts } from './cell-layouts.js';
import { assignIds } from './ids.js';
import {
  type ContainerLayout,
  countOf,
  holdsSpecialNumbers,
  indexOfKey,
  isArrayLayout,
  isLayout,
  layoutFromRecord,
  type ParsedJson,
  parseJson,
  startOf,
  valueAt,
  valueEndAt,
  valueStartAt,
} from './json.js';
import { upgradeV3, v3Cells } from './upgrade.js';
import { Ctx, JUPYTER_STYLE, recordValues, type Style, unchangedBetween, unchangedSince, Writer } from './writer.js';

/** What `fromIpynb` remembers about a file. */
export interface FileLayout {
  text: string;
  /**
   * True when the file is exactly what Jupyter writes for its data: then writing in
   * Jupyter's layout reproduces it, and no per-node layout is kept (the fast path).
   * For a file read with `JSON.parse`, known once {@link recorded} ran.
   */
  canonical: boolean;
  /** True for a file read with `JSON.parse` (then {@link recorded} gives its record of values). */
  native?: boolean;
  /**
   * For a file read with `JSON.parse`, every value of the notebook as read
   * ({@link recordValues}), made on the first write: while the notebook still equals it,
   * the writer gives back `text` as it is.
   */
  snapshot?: unknown[];
  /** For a file read with `JSON.parse`, the cells as read, to find their node layouts later. */
  cells?: unknown[];
  /** For a Jupyter-layout file, where each cell's record starts in `snapshot` (and where the last ends). */
  cellStarts?: number[];
  /** For a Jupyter-layout file, the text of a cell read from it that did not change (see {@link cellTextOf}). */
  cellText?: ((cell: unknown) => string | undefined) | null;
  /** Layout of the top-level object (made when first needed; see {@link rootLayout}). */
  root?: ContainerLayout;
  byObject?: WeakMap<object, ContainerLayout>;
  /** The file's style (made with the node layout when the file is not canonical). */
  style?: Style;
  /** Text before the top-level value (a byte order mark, whitespace). */
  leading?: string;
}

/** A file layout with its node layout made. */
type NodeLayout = FileLayout & { root: ContainerLayout; style: Style; leading: string };

/** Returns the object it is given, so that a subclass can give that object a private field. */
class Given {
  constructor(o: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: the object is given private state.
    return o;
  }
}

/**
 * What `fromIpynb` remembers about a notebook, kept with the notebook object as a private
 * class field: as invisible as a WeakMap entry (no key, symbol or copy shows it; JSON,
 * `structuredClone` and spreads leave it), but without the cost a WeakMap has here: V8's
 * young-generation collections keep every WeakMap value alive, and the record of a notebook
 * read holds all its strings, so each notebook read and dropped would be copied to the old
 * generation first. A WeakMap remains for objects that take no new field.
 */
class Remembered extends Given {
  #layout: FileLayout;
  private constructor(o: object, layout: FileLayout) {
    super(o);
    this.#layout = layout;
  }
  static get(o: object): FileLayout | undefined {
    if (typeof o !== 'object' || o === null) return undefined;
    return #layout in o ? (o as Remembered).#layout : fallback.get(o);
  }
  static set(o: object, layout: FileLayout): void {
    if (#layout in o) (o as Remembered).#layout = layout;
    else if (Object.isExtensible(o)) new Remembered(o, layout);
    else fallback.set(o, layout);
  }
}

const fallback = new WeakMap<object, FileLayout>();
const layouts = { get: Remembered.get, set: Remembered.set };

/** Jupyter's layout without the final newline (as older Jupyter versions and some tools leave files). */
const NO_FINAL_NEWLINE: Style = { ...JUPYTER_STYLE, trailer: '' };

/** The layout `fromIpynb` recorded for `nb`, if it read it. */
export function layoutOf(nb: object): FileLayout | undefined {
  return layouts.get(nb);
}

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
function nodeLayout(layout: FileLayout): NodeLayout {
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
 * written (a reader that only reads pays `JSON.parse` and one scan for those lexemes; see
 * {@link recorded}). `undefined` when the lossless parser must read the text (it is not
 * JSON, holds such lexemes, or is not an object).
 */
function readNative(text: string): JsonObject | undefined {
  const first = text.charCodeAt(0);
  if (first !== 123 && first !== 32 && first !== 10 && first !== 13 && first !== 9) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value) || holdsSpecialNumbers(text, value)) return undefined;
  return value;
}

/**
 * For a file read with `JSON.parse`: the record of its values, where each cell's record
 * starts, and whether the text is exactly Jupyter's layout, made on the first write from
 * the text (read again natively: the notebook given back may have changed since).
 */
function recorded(layout: FileLayout): FileLayout & { snapshot: unknown[] } {
  if (layout.snapshot !== undefined) return layout as FileLayout & { snapshot: unknown[] };
  const { text } = layout;
  const value = JSON.parse(text) as JsonObject;
  // About one value per 16 bytes of a notebook; the record grows if there are more.
  const rec = { slots: new Array<unknown>(text.length >> 4), n: 0, safe: true, cellStarts: [] as number[] };
  recordValues(value, Ctx.Root, rec);
  rec.slots.length = rec.n;
  layout.snapshot = rec.slots;
  layout.cellStarts = rec.cellStarts;
  // Jupyter's layout is a question for nbformat 4 files only (others are written in their own layout).
  if (rec.safe && value.nbformat === 4 && Array.isArray(value.cells) && text.startsWith('{\n "cells": [')) {
    // Jupyter ends the file with a newline; older versions did not.
    const end = text.endsWith('}\n') ? text.length - 1 : text.endsWith('}') ? text.length : -1;
    if (end !== -1) {
      const out = JSON.stringify(value, null, 1);
      layout.canonical = out.length === end && (end === text.length ? text : text.slice(0, end)) === out;
    }
  }
  if (layout.canonical) {
    layout.style = text.endsWith('\n') ? JUPYTER_STYLE : NO_FINAL_NEWLINE;
    layout.leading = '';
  }
  return layout as FileLayout & { snapshot: unknown[] };
}

/**
 * For a Jupyter-layout file: a function giving the file's text for a cell read from it
 * that did not change (the record of the cell still matches), so that a notebook with a
 * few changed cells is written without writing the others again. `undefined` when the
 * file's cells cannot be found in its text that way (a cell that is not an object).
 */
function cellTextOf(layout: FileLayout): ((cell: unknown) => string | undefined) | undefined {
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

/**
 * Makes `copy` write like `original` did: `toIpynb(copy)` keeps the original bytes of
 * every part of `copy` that equals the original file. Use it after copying a notebook
 * (`structuredClone`, spread) that `fromIpynb` read. Returns `copy`.
 */
export function withLayoutOf<T extends object>(copy: T, original: object): T {
  const l = layouts.get(original);
  if (l !== undefined && copy !== original) layouts.set(copy, l);
  return copy;
}

/** Options of {@link fromIpynb}. */
export interface FromIpynbOptions {
  /** File name for error messages. */
  file?: string;
  /**
   * What to do with notebooks older than nbformat 4: `'upgrade'` (the default) upgrades
   * nbformat 3 to 4 as Jupyter does and rejects older ones; `'keep'` returns any JSON
   * object as it is, for tools (like strip) that must keep old files in their format.
   */
  legacy?: 'upgrade' | 'keep';
  /**
   * Check what nbgit relies on (the default, true): a notebook whose spine (cells, their
   * types, sources, outputs) breaks nbformat throws a located `ESCHEMA` error. `false` for
   * validation, which reports every problem instead; the depth limit (`MAX_DEPTH`) holds
   * either way.
   */
  check?: boolean;
}

/** Options of {@link toIpynb}. */
export interface ToIpynbOptions {
  /** Ignore the file's layout and write exactly as Jupyter does (what `nbgit fmt` writes). */
  canonical?: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 bytes keeping a byte order mark; throws a located error on invalid UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    let i = 0;
    // find the first invalid sequence for the message
    while (i < bytes.length) {
      const b = bytes[i]!;
      const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (len === 0) break;
      let ok = i + len <= bytes.length;
      for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
      if (!ok) break;
      i += len;
    }
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, i));
    throw new NbgitError('EJSON', `invalid UTF-8 at byte ${i}`, { file, position: positionAt(before, before.length) });
  }
}

function colonOf(text: string, l: ContainerLayout): string | undefined {
  if (isArrayLayout(l) || countOf(l) === 0) return undefined;
  const vs = valueStartAt(l, 0);
  let j = vs - 1;
  while (j > startOf(l) && text[j] !== '"') j--;
  return text.slice(j + 1, vs);
}

function detectStyle(text: string, root: ContainerLayout, valueEnd: number): Style {
  let indent = JUPYTER_STYLE.indent;
  let eol = JUPYTER_STYLE.eol;
  let colon = JUPYTER_STYLE.colon;
  let space: string | undefined;
  if (countOf(root) > 0) {
    let first = startOf(root) + 1;
    while (' \t\r\n'.includes(text[first]!)) first++;
    const gap = text.slice(startOf(root) + 1, first);
    const nl = gap.lastIndexOf('\n');
    if (nl === -1) {
      eol = '';
      indent = '';
      if (countOf(root) > 1) {
        let j = valueEndAt(root, 0);
        while (text[j] !== ',') j++;
        let k = j + 1;
        while (' \t'.includes(text[k]!)) k++;
        space = text.slice(j + 1, k);
      }
    } else {
      eol = gap[nl - 1] === '\r' ? '\r\n' : '\n';
      indent = gap.slice(nl + 1);
    }
    let c = colonOf(text, root);
    if (c === undefined) {
      for (let i = 0; i < countOf(root) && c === undefined; i++) {
        const v = valueAt(root, i);
        if (isLayout(v)) c = colonOf(text, v);
      }
    }
    if (c !== undefined) colon = c;
  } else {
    const nl = text.indexOf('\n');
    if (nl > 0 && text[nl - 1] === '\r') eol = '\r\n';
  }
  return { indent, eol, colon, trailer: text.slice(valueEnd), ...(space ? { space } : {}) };
}

/** True when a notebook read natively passes {@link checkNotebook} (only its depth when `check` is false). */
function checksOut(nb: JsonObject, check: boolean, legacy: boolean): boolean {
  if (!check) return deepestPath(nb) === undefined;
  try {
    checkNotebook(nb, { legacy });
    return true;
  } catch {
    return false;
  }
}

/** Line and column of the value at `path` in a file (of the deepest container on the path that the file has). */
export function locateIn(text: string, root: ContainerLayout, path: JsonPath): Position {
  let l = root;
  let offset = startOf(root);
  for (const key of path) {
    const i = typeof key === 'number' ? (isArrayLayout(l) && key < countOf(l) ? key : -1) : isArrayLayout(l) ? -1 : indexOfKey(l, key);
    if (i === -1) break;
    offset = valueStartAt(l, i);
    const v = valueAt(l, i);
    if (!isLayout(v)) break;
    l = v;
  }
  return positionAt(text, offset);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Reads an .ipynb file. The result has nbformat's own JSON shape; multi-line strings stay
 * as the file had them. nbformat 4.0-4.5 is returned as it is, nbformat 3 is upgraded to
 * 4 as Jupyter does, other versions are rejected. Throws an {@link NbgitError} with file,
 * line and column on invalid JSON, an empty file, or JSON that is not a notebook.
 */
export function fromIpynb(input: string | Uint8Array, options: FromIpynbOptions = {}): Notebook {
  const { file } = options;
  const text = typeof input === 'string' ? input : decodeUtf8(input, file);
  const check = options.check ?? true;
  const keep = options.legacy === 'keep';
  const native = readNative(text);
  // What every command relies on, and a bounded depth for the walkers after this; a notebook
  // that fails goes to the lossless parser below, whose error says where in the file.
  if (native !== undefined && checksOut(native, check, keep)) {
    const nbformat = native.nbformat;
    if (nbformat === 4 && Array.isArray(native.cells)) {
      layouts.set(native, { text, canonical: false, native: true, cells: native.cells.slice() });
      return native as unknown as Notebook;
    }
    if (options.legacy === 'keep' && nbformat !== 4) {
      layouts.set(native, { text, canonical: false, native: true, cells: [] });
      return native as unknown as Notebook;
    }
    if (nbformat === 3) {
      // the v3 notebook keeps its layout: upgradedFrom(result) writes back as it was
      layouts.set(native, { text, canonical: false, native: true, cells: v3Cells(native) });
      const upgraded = upgradeV3(native);
      checkNotebook(upgraded, { file });
      return upgraded;
    }
    // Anything else is an error, located by the lossless parser's layout below.
  }
  const parsed = parseJson(text, file);
  const value = parsed.value;
  const at = (offset: number) => positionAt(text, offset);
  if (!isJsonObject(value)) {
    throw new NbgitError('ENOTNOTEBOOK', `expected a notebook (a JSON object), found ${typeName(value)}`, { file, position: at(parsed.valueStart) });
  }
  const root = parsed.layout!;
  const locate = (path: JsonPath) => locateIn(text, root, path);
  const checked = (nb: unknown, legacy: boolean) => {
    if (check) checkNotebook(nb, { file, locate, legacy });
  };
  const remember = () => {
    const cells = Array.isArray(value.cells) ? value.cells : v3Cells(value);
    layouts.set(value, {
      text,
      canonical: false,
      root,
      byObject: cellLayouts(cells, root),
      style: detectStyle(text, root, parsed.valueEnd),
      leading: text.slice(0, parsed.valueStart),
    });
  };
  const nbformat = value.nbformat;
  if (options.legacy === 'keep' && nbformat !== 4) {
    checked(value, true);
    remember();
    return value as unknown as Notebook;
  }
  if (nbformat === undefined) {
    throw new NbgitError('EVERSION', 'not a notebook: no "nbformat" key (nbformat 4 notebooks have "nbformat": 4 and a "cells" list)', {
      file,
      position: at(parsed.valueStart),
    });
  }
  if (nbformat === 3) {
    checkNotebook(value, { file, locate });
    remember();
    const upgraded = upgradeV3(value);
    checkNotebook(upgraded, { file });
    return upgraded;
  }
  if (nbformat !== 4) {
    const i = indexOfKey(root, 'nbformat');
    throw new NbgitError('EVERSION', `unsupported nbformat ${JSON.stringify(nbformat)}: nbgit reads nbformat 4 (and upgrades 3)`, {
      file,
      position: at(i === -1 ? parsed.valueStart : valueStartAt(root, i)),
    });
  }
  if (!Array.isArray(value.cells)) {
    const i = indexOfKey(root, 'cells');
    const reason = i === -1 ? 'notebook has no "cells" list' : `"cells" must be a list, found ${typeName(value.cells)}`;
    throw new NbgitError('ENOTNOTEBOOK', reason, { file, position: at(i === -1 ? parsed.valueStart : valueStartAt(root, i)), path: 'cells' });
  }
  checked(value, keep);
  remember();
  return value as unknown as Notebook;
}

/**
 * Writes a notebook as .ipynb text. A notebook read by {@link fromIpynb} keeps the bytes
 * of everything that did not change, and changed parts follow the file's own style. A new
 * notebook (or `{canonical: true}`) is written exactly as Jupyter writes it.
 */
export function toIpynb(nb: Notebook, options: ToIpynbOptions = {}): string {
  // a JSON writer: it relies on nothing but a bounded depth
  const deep = deepestPath(nb);
  if (deep !== undefined)
    throw new NbgitError('ELIMIT', `toIpynb: ${formatPath(deep)}: nested deeper than ${MAX_DEPTH} levels (nbgit's limit)`, { path: formatPath(deep) });
  const known = layouts.get(nb);
  if (known?.native) recorded(known);
  if (known?.snapshot !== undefined && unchangedSince(nb, known.snapshot)) {
    // Nothing changed since the file was read: its text is what the writer would give back.
    if (!options.canonical) return known.text;
    if (known.canonical) return known.style?.trailer === '\n' ? known.text : `${known.text}\n`;
  }
  if (options.canonical || known === undefined || known.canonical) {
    const source = options.canonical && known !== undefined && !known.canonical ? nodeLayout(known) : undefined;
    const cellText = known?.canonical ? cellTextOf(known) : undefined;
    const w = new Writer(source?.text ?? '', JUPYTER_STYLE, undefined, source !== undefined, cellText);
    const v3 = isV3(nb);
    // nbformat 3 as Jupyter wrote it then: IPython's v3 writer ended files without a newline,
    // nbformat's with one; a v3 file keeps which it had
    const trailer =
      v3 && known !== undefined ? (known.text.endsWith('\n') ? '\n' : '') : options.canonical || known === undefined ? '\n' : (known.style?.trailer ?? '\n');
    return w.serialize(nb, source?.root, v3 ? Ctx.RootV3 : Ctx.Root) + trailer;
  }
  const l = nodeLayout(known);
  const w = new Writer(l.text, l.style, l.byObject);
  return l.leading + w.serialize(nb, l.root, Ctx.Root) + l.style.trailer;
}

/** True for an nbformat 3 notebook object (its cells in worksheets), as `fromIpynb(text, {legacy: 'keep'})` returns it. */
function isV3(nb: Notebook): boolean {
  const o = nb as unknown as JsonObject;
  return o.nbformat === 3 && Array.isArray(o.worksheets);
}

/** Cells of a notebook as an array (for callers holding loosely typed data). */
export function cellsOf(nb: Notebook): Cell[] {
  return nb.cells;
}

export { assignIds };
