/**
 * Cell ids of the merged notebook: nbformat 4.5 and later need a unique valid id on every
 * cell; earlier versions have none, and the merge adds none.
 */
import { CELL_ID_PATTERN, type Cell, contentId, joinSource } from '@nbgit/core';
import { withId } from './cell.js';

/** The first nbformat 4 minor version with cell ids. */
export const FIRST_MINOR_WITH_IDS = 5;

/**
 * Makes the cells' ids right for nbformat `4.minor`: from 4.5 every cell gets a unique valid
 * id; below, ids are removed from cells that are not one of `keep` (local's own cells keep
 * their bytes, whatever they hold).
 */
export function fixIds(cells: Cell[], minor: number, keep: ReadonlySet<Cell>): void {
  if (minor >= FIRST_MINOR_WITH_IDS) uniqueIds(cells);
  else for (let i = 0; i < cells.length; i++) if (cells[i]!.id !== undefined && !keep.has(cells[i]!)) cells[i] = withId(cells[i]!, undefined);
}

/** Gives every cell a unique valid id: the first occurrence keeps its own, others get a content-derived one. */
function uniqueIds(cells: Cell[]): void {
  const taken = new Set<string>();
  const needs: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const id = cells[i]!.id;
    if (typeof id === 'string' && CELL_ID_PATTERN.test(id) && !taken.has(id)) taken.add(id);
    else needs.push(i);
  }
  for (const i of needs) {
    const c = cells[i]!;
    const baseId = contentId(c.cell_type, joinSource(c.source));
    let id = baseId;
    for (let n = 2; taken.has(id); n++) id = `${baseId}-${n}`;
    taken.add(id);
    cells[i] = withId(c, id);
  }
}
