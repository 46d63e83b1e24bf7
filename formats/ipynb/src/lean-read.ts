/**
 * Reading a notebook in exactly Jupyter's layout cell by cell, from its text in pieces and
 * without its file layout: a reader that holds another version of the notebook can give each
 * cell that version's equal strings as it is read, so that the notebook read costs only what
 * differs (a merge's remote side, a diff's second file), and its text is never held whole.
 */
import type { JsonObject, Notebook } from '@nbgit/core';
import { jupyterCellTexts } from './cell-texts.js';
import { Ctx } from './context.js';
import { jupyterCellText } from './jupyter-cells.js';
import { UNSURE, walkNotebook } from './native-check.js';
import { nativeSafe } from './native-safe.js';
import { REFUSE } from './special-numbers.js';

/**
 * For the text (given in pieces, e.g. as a file is read) of an nbformat 4 notebook in exactly
 * Jupyter's layout (indent 1, keys sorted, a final newline): what `fromIpynb` reads from it,
 * without its file layout (`toIpynb` writes it as Jupyter does), read cell by cell; `each` is given every cell object as it is parsed (it may make strings in it
 * equal ones it holds, or return an equal cell it holds, which the notebook then holds instead). `undefined` for any other text (then read it with `fromIpynb`, which
 * says where it is wrong if it is). Each cell's text and the text around the cells are checked
 * to be what Jupyter writes for what they read (`JSON.stringify(value, null, 1)` nested), so
 * the text is exactly that of the notebook returned: it holds no number lexeme `JSON.parse`
 * would lose (`JSON.stringify` writes none for the numbers the walk of fromIpynb's fast path
 * lets through), and that walk is made.
 */
export function readJupyterLayout(pieces: Iterable<string>, each?: (cell: JsonObject, index: number) => JsonObject | undefined): Notebook | undefined {
  const texts = jupyterCellTexts(pieces);
  try {
    const cells: unknown[] = [];
    let r = texts.next();
    for (; !r.done; r = texts.next()) {
      const cellText = r.value;
      const cell: unknown = JSON.parse(cellText);
      if (JSON.stringify(cell, null, 1).replaceAll('\n', '\n  ') !== cellText) return undefined;
      const held = each !== undefined && typeof cell === 'object' && cell !== null && !Array.isArray(cell) ? each(cell as JsonObject, cells.length) : undefined;
      cells.push(held ?? cell);
    }
    const tail = r.value;
    if (tail === undefined) return undefined;
    const nb = JSON.parse(`{"cells":[]${tail}`) as JsonObject;
    if (jupyterTailText(nb) !== tail) return undefined;
    nb.cells = cells as JsonObject[];
    // what fromIpynb's fast path asks of what JSON.parse gave
    const found = walkNotebook(nb);
    return found === UNSURE || found === REFUSE ? undefined : (nb as unknown as Notebook);
  } catch {
    // not JSON where the layout says a value is (or the pieces could not be read)
    return undefined;
  } finally {
    // pieces not taken are not read (a file being read is closed)
    texts.return(undefined);
  }
}

/** The text after the cells list of a notebook in Jupyter's layout whose other members are `nb`'s (`,\n "metadata": ...}` and the final newline). */
export function jupyterTailText(nb: JsonObject): string {
  return `${JSON.stringify({ ...nb, cells: [] }, null, 1).slice(EMPTY_HEAD.length)}\n`;
}

const EMPTY_HEAD = '{\n "cells": []';

/** A notebook of one cell, for the walk of a cell read alone. */
const probe: { nbformat: number; nbformat_minor: number; metadata: JsonObject; cells: unknown[] } = { nbformat: 4, nbformat_minor: 0, metadata: {}, cells: [] };

/**
 * The cell whose text {@link jupyterCellTexts} gave, when the text is exactly what Jupyter
 * writes for it (keys sorted, numbers as Python writes them: what `toIpynb` writes for the
 * cell, wherever it is written) and the cell is one `fromIpynb` reads as `JSON.parse` gives
 * it; `undefined` for any other text.
 */
export function parseJupyterCell(text: string): JsonObject | undefined {
  try {
    const cell: unknown = JSON.parse(text);
    if (typeof cell !== 'object' || cell === null || Array.isArray(cell) || !nativeSafe(cell, Ctx.Cell)) return undefined;
    if (jupyterCellText(cell as JsonObject) !== text) return undefined;
    probe.cells[0] = cell;
    const found = walkNotebook(probe);
    return found === UNSURE || found === REFUSE ? undefined : (cell as JsonObject);
  } catch {
    // not JSON, or nested too deeply for JSON.stringify
    return undefined;
  } finally {
    probe.cells.length = 0;
  }
}

/**
 * The other members of a notebook (`cells` first, empty) from the text {@link jupyterCellTexts}
 * returned, when it is exactly what Jupyter writes for them (as {@link parseJupyterCell}) and
 * they are what `fromIpynb` reads as `JSON.parse` gives them; `undefined` for any other text.
 */
export function parseJupyterTail(tail: string): JsonObject | undefined {
  try {
    const nb: unknown = JSON.parse(`{"cells":[]${tail}`);
    if (typeof nb !== 'object' || nb === null || Array.isArray(nb) || !nativeSafe(nb, Ctx.Root)) return undefined;
    if (jupyterTailText(nb as JsonObject) !== tail) return undefined;
    const found = walkNotebook(nb as JsonObject);
    return found === UNSURE || found === REFUSE ? undefined : (nb as JsonObject);
  } catch {
    return undefined;
  }
}
