/**
 * Sources in the notebook's own form. Jupyter stores a cell's source as a list of lines
 * (each keeping its line break); some tools store one string. An edit keeps the form the
 * cell had, so that the file changes no more than the text did.
 */
import { type Cell, joinSource, type MultilineString, NbgitError, type Notebook, splitLines } from '@nbgit/core';

/** A source as given to an operation: text, or a list of pieces joined as they are. */
export type SourceInput = string | readonly string[];

/** The text of a source given as a string or a list (joined without separators, as nbformat does). */
export function sourceText(source: SourceInput, where = 'source'): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s) => typeof s === 'string')) return source.join('');
  throw new NbgitError('EOP', `${where} must be a string or a list of strings`);
}

/**
 * The form new sources take in this notebook: `'string'` when its cells store multi-line
 * sources as one string (and none as a list), otherwise Jupyter's list of lines.
 */
export function sourceFormOf(nb: Notebook): 'list' | 'string' {
  let strings = 0;
  for (const c of nb.cells) {
    if (Array.isArray(c.source)) return 'list';
    if (typeof c.source === 'string' && c.source.includes('\n')) strings++;
  }
  return strings > 0 ? 'string' : 'list';
}

/** `text` stored in `form`: a list of lines (Python's `splitlines(True)`), or the string. */
export function storedSource(text: string, form: 'list' | 'string'): MultilineString {
  return form === 'string' ? text : splitLines(text);
}

/**
 * Sets a cell's source to `text` in the form the cell has (a list or a string). Returns
 * false, touching nothing, when the cell already holds that text.
 */
export function setCellText(cell: Cell, text: string, fallback: 'list' | 'string'): boolean {
  if (joinSource(cell.source) === text) return false;
  // a one-line string says nothing of the form (Jupyter writes `["x = 1"]`, others `"x = 1"`)
  const form = Array.isArray(cell.source) ? 'list' : typeof cell.source === 'string' && /[\n\r]/.test(cell.source) ? 'string' : fallback;
  cell.source = storedSource(text, form);
  return true;
}
