/** The state a batch of operations works on. */
import { type Cell, type CodeCell, cloneJson, IdAllocator, type JsonObject, type Notebook } from '@nbgit/core';
import { hasCellIds, resolveCell } from './address.js';
import type { CellOperation, CellType, OperationResult, Placement } from './operation-types.js';
import { sourceFormOf, storedSource } from './source.js';

/** The state a batch works on: the notebook's cells, or copies of those it changes (a dry run). */
export class Session {
  readonly cells: Cell[];
  private readonly copies = new Set<Cell>();
  readonly ids: IdAllocator | undefined;
  readonly form: 'list' | 'string';

  constructor(
    readonly nb: Notebook,
    readonly dry: boolean,
  ) {
    this.cells = dry ? nb.cells.slice() : nb.cells;
    this.ids = hasCellIds(nb) ? new IdAllocator(nb.cells.flatMap((c) => (typeof c.id === 'string' ? [c.id] : []))) : undefined;
    this.form = sourceFormOf(nb);
  }

  /** The cell at `i`, ready to be changed (in a dry run: a copy, made once). */
  writable(i: number): Cell {
    const c = this.cells[i]!;
    if (!this.dry || this.copies.has(c)) return c;
    const copy = cloneJson(c);
    this.copies.add(copy);
    this.cells[i] = copy;
    return copy;
  }

  /** A new cell of `type` holding `text`, with an id when the notebook has ids. */
  newCell(type: CellType, text: string, metadata: JsonObject): Cell {
    const source = storedSource(text, this.form);
    const id = this.ids?.allocate(type, text);
    // keys in the order Jupyter writes them (sorted)
    if (type === 'code') return { cell_type: 'code', execution_count: null, ...(id === undefined ? {} : { id }), metadata, outputs: [], source } as CodeCell;
    return { cell_type: type, ...(id === undefined ? {} : { id }), metadata, source } as Cell;
  }

  result(op: CellOperation['op'], index: number, changed: boolean): OperationResult {
    const id = index >= 0 ? this.cells[index]!.id : undefined;
    return { op, index, ...(typeof id === 'string' ? { id } : {}), changed };
  }

  /** Where a placement puts a cell in the current list. */
  position(p: Placement): number {
    if (p.before !== undefined) return resolveCell(this.cells, p.before);
    if (p.after !== undefined) return resolveCell(this.cells, p.after) + 1;
    return p.at === 'start' ? 0 : this.cells.length;
  }
}
