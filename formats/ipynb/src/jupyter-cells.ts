/**
 * A notebook text in Jupyter's layout (`JSON.stringify(nb, null, 1)` and a newline, as
 * nbformat writes it), read cell by cell: a command that changes a few parts of a large
 * notebook (strip, the clean filter) parses one cell at a time and gives back the text of
 * every other cell as it is, instead of holding the whole parsed notebook, the record of
 * its values and its new text at once.
 */
import { checkNotebook, isJsonObject, type JsonObject } from '@nbgit/core';
import { jupyterCellTexts } from './cell-texts.js';
import { Ctx } from './context.js';
import { nativeSafe } from './native-safe.js';

/** How a Jupyter-layout text starts when it has cells (they follow). */
export const JUPYTER_HEAD = '{\n "cells": [\n  ';
/** Between two cells of a Jupyter-layout text. */
export const JUPYTER_SEP = ',\n  ';
/** `JSON.stringify({cells: [], ...}, null, 1)` up to the members after the cells. */
const EMPTY_HEAD = '{\n "cells": []';

/** A Jupyter-layout text split around its cells (see {@link jupyterText}). */
export interface JupyterText {
  /** The notebook's other members, with `cells: []` first (read from the text after the cells). */
  rest: JsonObject;
  /** Where the cells end in the text (the `\n ]` that closes the list starts there). */
  cellsEnd: number;
  /** Where the text after the cells list starts (`,\n "metadata": ...`, to the end). */
  restStart: number;
  /** `'\n'` when the text ends with a newline (Jupyter's), else `''`. */
  trailer: string;
}

/** Where the cell that starts at `at` ends (after its `}`), or -1 when no cell in Jupyter's layout starts there. */
function cellEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== 123) return -1;
  if (text.charCodeAt(at + 1) === 125) return at + 2;
  // strings hold no raw line break and deeper lines are indented further: the first line
  // that is `  }` closes the cell
  const e = text.indexOf('\n  }', at);
  return e === -1 ? -1 : e + 4;
}

/**
 * For a text in Jupyter's layout with at least one cell: where its cells end, and its other
 * members (read and checked: they must be what `JSON.stringify` writes as nbformat would).
 * `undefined` for any other text (the caller reads it whole). The cells themselves are
 * checked one by one as {@link jupyterCells} reads them.
 */
export function jupyterText(text: string): JupyterText | undefined {
  if (!text.startsWith(JUPYTER_HEAD)) return undefined;
  let at = JUPYTER_HEAD.length;
  for (;;) {
    const end = cellEnd(text, at);
    if (end === -1) return undefined;
    if (text.startsWith(JUPYTER_SEP, end)) {
      at = end + JUPYTER_SEP.length;
      continue;
    }
    if (!text.startsWith('\n ]', end)) return undefined;
    const restStart = end + 3;
    const trailer = text.endsWith('}\n') ? '\n' : '';
    const rest = restOf(text.slice(restStart, text.length - trailer.length));
    return rest === undefined ? undefined : { rest, cellsEnd: end, restStart, trailer };
  }
}

/** The other members of a notebook from the text after its cells list (without a final newline), when they are what `JSON.stringify` writes as nbformat would. */
function restOf(restText: string): JsonObject | undefined {
  let rest: unknown;
  try {
    rest = JSON.parse(`{"cells":[]${restText}`);
  } catch {
    return undefined;
  }
  if (!isJsonObject(rest) || rest.nbformat !== 4 || Object.keys(rest)[0] !== 'cells' || !nativeSafe(rest, Ctx.Root)) return undefined;
  if (JSON.stringify(rest, null, 1) !== EMPTY_HEAD + restText) return undefined;
  return rest;
}

/** A notebook text's cells, each parsed on its own as {@link jupyterCells} reads them (`undefined`: read the text whole), and its other members. */
export interface JupyterSource {
  rest: JsonObject;
  /** `'\n'` when the text ends with a newline (Jupyter's), else `''`. */
  trailer: string;
  /** The text after the cells list (`,\n "metadata": ...}` and the trailer). */
  tail: string;
  /** Each cell's value and its text as it sits in the list. */
  cells: Iterable<{ value: JsonObject; text: string } | undefined>;
}

/**
 * For a text in Jupyter's layout with at least one cell, given whole or as a function that
 * reads it in pieces (then twice: the members after the cells first, then the cells, and the
 * text is never held whole): its cells, one at a time, and its other members. `undefined`
 * for any other text (the caller reads it whole).
 */
export function jupyterSource(input: string | (() => Iterable<string>)): JupyterSource | undefined {
  if (typeof input === 'string') {
    const layout = jupyterText(input);
    if (layout === undefined) return undefined;
    return { rest: layout.rest, trailer: layout.trailer, tail: input.slice(layout.restStart), cells: withTexts(input, jupyterCells(input, layout)) };
  }
  let tail: string | undefined;
  try {
    const texts = jupyterCellTexts(input());
    for (let r = texts.next(); ; r = texts.next()) {
      if (r.done) {
        tail = r.value;
        break;
      }
    }
  } catch {
    // the pieces could not be read
    return undefined;
  }
  if (tail === undefined) return undefined;
  const trailer = tail.endsWith('}\n') ? '\n' : '';
  const rest = restOf(tail.slice(0, tail.length - trailer.length));
  return rest === undefined ? undefined : { rest, trailer, tail, cells: cellsOf(input, tail) };
}

function* withTexts(text: string, cells: Iterable<JupyterCell | undefined>): Generator<{ value: JsonObject; text: string } | undefined> {
  for (const c of cells) yield c === undefined ? undefined : { value: c.value, text: text.slice(c.start, c.end) };
}

/** The cells of a text read again in pieces; one `undefined` when it is not as first read (its text after the cells is not `tail`). */
function* cellsOf(read: () => Iterable<string>, tail: string): Generator<{ value: JsonObject; text: string } | undefined> {
  try {
    const texts = jupyterCellTexts(read());
    for (let r = texts.next(); ; r = texts.next()) {
      if (r.done) {
        if (r.value !== tail) yield undefined;
        return;
      }
      const value = cellValue(r.value);
      yield value === undefined ? undefined : { value, text: r.value };
      if (value === undefined) {
        texts.return(undefined);
        return;
      }
    }
  } catch {
    yield undefined;
  }
}

/** A cell read by {@link jupyterCells}: its value and where its text is (`text.slice(start, end)`). */
export interface JupyterCell {
  value: JsonObject;
  start: number;
  end: number;
}

/**
 * The cells of a text {@link jupyterText} accepted, each parsed on its own, in order. A cell
 * whose text is not exactly what nbformat writes for its value (in Jupyter's layout, with
 * keys sorted, sources as lists of lines and numbers Python writes alike) is given as
 * `undefined`, and the caller must then read the text whole.
 */
export function* jupyterCells(text: string, layout: JupyterText): Generator<JupyterCell | undefined> {
  let at = JUPYTER_HEAD.length;
  while (at < layout.cellsEnd) {
    const end = cellEnd(text, at);
    const value = cellValue(text.slice(at, end));
    if (value === undefined) {
      yield undefined;
      return;
    }
    yield { value, start: at, end };
    at = end + JUPYTER_SEP.length;
  }
}

/** The cell a cell's text holds, when the text is exactly what nbformat writes for it (see {@link jupyterCells}). */
function cellValue(slice: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(slice);
  } catch {
    return undefined;
  }
  // a cell nested too deeply for JSON.stringify is read whole (whose error says where)
  try {
    return isJsonObject(value) && nativeSafe(value, Ctx.Cell) && jupyterCellText(value) === slice ? value : undefined;
  } catch {
    // RangeError
    return undefined;
  }
}

/** A cell's text in Jupyter's layout as it sits in the cells list (for a cell nbformat would write as `JSON.stringify` does). */
export function jupyterCellText(cell: JsonObject): string {
  // written where it sits (two levels down), not indented after: one flat string (what
  // `replaceAll` gives is a tree of a few pieces per line, several times the text's size)
  const s = JSON.stringify({ cells: [cell] }, null, 1);
  return s.slice(IN_LIST.length, s.length - AFTER_LIST.length);
}

/** Around a cell in `JSON.stringify({cells: [cell]}, null, 1)`. */
const IN_LIST = '{\n "cells": [\n  ';
const AFTER_LIST = '\n ]\n}';

/** The text after the cells list (`,\n "metadata": ...}`) of a notebook whose other members are `rest` (as {@link JupyterText.rest}). */
export function jupyterRestText(rest: JsonObject): string {
  return JSON.stringify({ ...rest, cells: [] }, null, 1).slice(EMPTY_HEAD.length);
}

/**
 * True when `text` is exactly what `toIpynb(fromIpynb(text, {legacy: 'keep'}), {canonical: true})`
 * gives (a notebook in Jupyter's layout, a final newline), checked cell by cell: the notebook
 * is never parsed whole (nor its text held, when given as a function reading it in pieces:
 * see {@link jupyterSource}). False for any other text, and for one `fromIpynb` would refuse (it
 * says why). For large texts: on a small one, reading it is as cheap.
 */
export function inJupyterFormat(text: string | (() => Iterable<string>)): boolean {
  const source = jupyterSource(text);
  if (source === undefined || source.trailer !== '\n') return false;
  const one: unknown[] = [];
  const probe = { ...source.rest, cells: one };
  try {
    for (const cell of source.cells) {
      if (cell === undefined) return false;
      one[0] = cell.value;
      checkNotebook(probe, { legacy: true });
    }
  } catch {
    return false;
  }
  return true;
}
