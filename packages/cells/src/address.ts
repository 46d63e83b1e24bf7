/**
 * Cell addresses. A cell is named by its index (a number, `#3`, or a string of digits; a
 * negative number counts from the end), by its id, or by a prefix of its id that no other
 * cell's id starts with. An exact id wins over an index (ids can be digits: nbstripout's
 * `"0"`, `"1"`... or a hex id with no letter), and an index over a prefix.
 */
import { type Cell, NbgitError, type Notebook } from '@nbgit/core';

/** How a cell is named: an index, or a string (an id, a unique id prefix, `#N` or digits for an index). */
export type CellRef = number | string;

/** Throws the `ECELL` error for `ref`. */
function noCell(reason: string): never {
  throw new NbgitError('ECELL', reason);
}

/** The index a number names in a list of `n` cells (negative: from the end), or an error. */
function indexFrom(i: number, n: number, shown: string): number {
  if (!Number.isInteger(i)) noCell(`cell ${shown}: an index is a whole number`);
  const k = i < 0 ? n + i : i;
  if (k < 0 || k >= n) noCell(`no cell ${shown}: the notebook has ${n} cell${n === 1 ? '' : 's'} (indexes 0-${n - 1})`);
  return k;
}

/**
 * The index of the cell `ref` names in `cells`. Throws an `ECELL` {@link NbgitError} when no
 * cell matches, or when an id prefix matches more than one cell (naming them).
 */
export function resolveCell(cells: readonly Cell[], ref: CellRef): number {
  const n = cells.length;
  if (typeof ref === 'number') return indexFrom(ref, n, String(ref));
  if (typeof ref !== 'string' || ref === '') noCell(`a cell is named by its index, its id or a prefix of its id, not ${JSON.stringify(ref)}`);
  if (/^#-?\d+$/.test(ref)) return indexFrom(Number(ref.slice(1)), n, ref);
  for (let i = 0; i < n; i++) if (cells[i]!.id === ref) return i;
  if (/^-?\d+$/.test(ref)) return indexFrom(Number(ref), n, ref);
  const matches: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = cells[i]!.id;
    if (typeof id === 'string' && id.startsWith(ref)) matches.push(i);
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const shown = matches.slice(0, 5).map((i) => `${cells[i]!.id} (cell ${i})`);
    noCell(`cell id prefix ${JSON.stringify(ref)} is ambiguous: ${shown.join(', ')}${matches.length > 5 ? `, and ${matches.length - 5} more` : ''}`);
  }
  const hasIds = cells.some((c) => typeof c.id === 'string');
  noCell(`no cell ${JSON.stringify(ref)}${hasIds ? ' (no id is or starts with it)' : ': this notebook has no cell ids (nbformat < 4.5); name cells by index'}`);
}

/** The cell `ref` names in `nb` (see {@link resolveCell}). */
export function findCell(nb: Notebook, ref: CellRef): { index: number; cell: Cell } {
  const index = resolveCell(nb.cells, ref);
  return { index, cell: nb.cells[index]! };
}

/** True when cells of this notebook carry ids (nbformat 4.5 and later). */
export function hasCellIds(nb: Notebook): boolean {
  return nb.nbformat > 4 || (nb.nbformat === 4 && nb.nbformat_minor >= 5);
}
