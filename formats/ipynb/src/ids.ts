/** Deterministic ids for nbformat 4.5. */
import { assignCellIds, type Cell, type Notebook } from '@nbgit/core';

/** Adds deterministic ids to the cells that lack one. */
export function assignIds(cells: Cell[]): Cell[] {
  return assignCellIds(cells);
}

/**
 * Makes `nb` an nbformat 4.5 notebook with an id on every cell: missing ids are derived
 * from the cell's type and source (the same notebook always gets the same ids), existing
 * ids are kept. Mutates and returns `nb`.
 */
export function ensureIds(nb: Notebook): Notebook {
  assignCellIds(nb.cells);
  if (nb.nbformat === 4 && nb.nbformat_minor < 5) nb.nbformat_minor = 5;
  return nb;
}
