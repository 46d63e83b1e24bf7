/**
 * Deterministic cell ids. nbformat 4.5 ids are 1-64 characters of `[a-zA-Z0-9-_]`.
 * Jupyter makes random ones; nbgit derives them from the cell's type and source, so the
 * same notebook always gets the same ids, and a cell keeps its id when other cells are
 * added or removed. Equal cells are told apart by their order (`<hash>-2`, `<hash>-3`).
 */
import { cyrb53 } from './hash.js';
import { type Cell, joinSource } from './notebook.js';

/** Pattern a valid nbformat cell id matches. */
export const CELL_ID_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;

/** The base id of a cell: 8 hex digits of a hash of its type and source. */
export function contentId(cellType: string, source: string): string {
  return cyrb53(`${cellType}\u0000${source}`).toString(16).padStart(14, '0').slice(-8);
}

/**
 * Ids handed out one cell at a time, as {@link assignCellIds} does: the content id, or the
 * first free `<base>-2`, `<base>-3`, ... Remembers the next suffix per base, so many equal
 * cells cost linear time.
 */
export class IdAllocator {
  private readonly taken: Set<string>;
  private readonly next = new Map<string, number>();

  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }

  /** Marks `id` as used. */
  reserve(id: string): void {
    this.taken.add(id);
  }

  /** The id a reader derives for a cell of this type and source, now marked as used. */
  allocate(cellType: string, source: string): string {
    const base = contentId(cellType, source);
    let id = base;
    if (this.taken.has(id)) {
      let n = this.next.get(base) ?? 2;
      do id = `${base}-${n++}`;
      while (this.taken.has(id));
      this.next.set(base, n);
    }
    this.taken.add(id);
    return id;
  }
}

/**
 * Assigns ids to the cells that lack one (or, with `all`, to every cell), deterministically,
 * never reusing an id already present. Mutates and returns the cells.
 */
export function assignCellIds<C extends Cell>(cells: C[], options: { all?: boolean } = {}): C[] {
  const ids = new IdAllocator();
  if (!options.all) for (const c of cells) if (typeof c.id === 'string') ids.reserve(c.id);
  for (const cell of cells) {
    if (!options.all && typeof cell.id === 'string') continue;
    cell.id = ids.allocate(cell.cell_type, joinSource(cell.source));
  }
  return cells;
}
