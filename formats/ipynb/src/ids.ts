/** Deterministic ids for nbformat 4.5, made now ({@link ensureIds}) or when first read ({@link deferIds}). */
import { assignCellIds, type Cell, IdAllocator, joinSource, type MultilineString, type Notebook } from '@nbgit/core';
import { CellOrigin, originRecord } from './origins.js';

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

/** The cells whose ids {@link deferIds} put off, with their types and sources as they were then; `ids` once made. */
interface Deferred {
  cells: Cell[];
  types: string[];
  sources: MultilineString[];
  reserved: string[];
  ids?: string[];
}

/** The ids of a deferred notebook, made once; each cell that still has its deferred id then holds it as a plain member. */
function made(d: Deferred): string[] {
  if (d.ids !== undefined) return d.ids;
  const alloc = new IdAllocator(d.reserved);
  const ids = d.types.map((t, i) => alloc.allocate(t, joinSource(d.sources[i])));
  d.ids = ids;
  for (let i = 0; i < d.cells.length; i++) {
    const cell = d.cells[i]!;
    const own = Object.getOwnPropertyDescriptor(cell, 'id');
    // redefining a member keeps its place among the keys
    if (own?.get === getId && own.configurable) Object.defineProperty(cell, 'id', { value: ids[i], writable: true, enumerable: true, configurable: true });
  }
  // what made them is not needed again (a cell kept alone no longer keeps the others)
  d.cells = [];
  d.types = [];
  d.sources = [];
  d.reserved = [];
  return ids;
}

/** The deferred id of `cell`, where to find it. */
function deferredOf(cell: object): CellOrigin | undefined {
  const r = originRecord(cell);
  return r instanceof CellOrigin ? r : undefined;
}

function getId(this: object): string | undefined {
  const r = deferredOf(this);
  return r?.deferred === undefined ? undefined : made(r.deferred as Deferred)[r.index];
}

function setId(this: object, value: string): void {
  const r = deferredOf(this);
  if (r?.deferred === undefined) return;
  const ids = made(r.deferred as Deferred);
  // a cell sealed before its ids were made keeps the accessor, which then gives what was set
  if (Object.getOwnPropertyDescriptor(this, 'id')?.get === getId) ids[r.index] = value;
  else (this as Cell).id = value;
}

const ACCESSOR = { get: getId, set: setId, enumerable: true, configurable: true };

/**
 * For cells just made by the upgrade of nbformat 3 cells (`records[i]` the {@link CellOrigin}
 * of `cells[i]`): gives each cell without an id the one {@link assignIds} would, made when one
 * of them is first read or set (a reader that never looks at them, such as a tool writing an
 * nbformat 3 file back as nbformat 3, never pays for hashing the sources). Every id read is
 * the one `assignIds(cells)` would have given at this call, from the cells, types and sources
 * as they are now, whatever changes later (the source arrays are copied). The member `id`
 * takes the place among a cell's keys that `assignIds` gives it: an accessor until the ids are
 * made, then a plain member.
 */
export function deferIds(cells: Cell[], records: CellOrigin[]): void {
  const reserved: string[] = [];
  const d: Deferred = { cells: [], types: [], sources: [], reserved };
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (typeof c.id === 'string') {
      reserved.push(c.id);
      continue;
    }
    const r = records[i]!;
    r.deferred = d;
    r.index = d.cells.length;
    d.cells.push(c);
    d.types.push(c.cell_type);
    const s = c.source;
    d.sources.push(Array.isArray(s) ? s.slice() : s);
    Object.defineProperty(c, 'id', ACCESSOR);
  }
}
