// Small builders for diff tests.
import type { Cell, Notebook, Output } from '@nbgit/core';

/** A code cell. */
export function code(source: string | string[], extra: Partial<Cell> & { outputs?: Output[]; execution_count?: number | null } = {}): Cell {
  return { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source, ...extra } as Cell;
}
/** A markdown cell. */
export function md(source: string | string[], extra: Partial<Cell> = {}): Cell {
  return { cell_type: 'markdown', metadata: {}, source, ...extra } as Cell;
}
/** A notebook. */
export function nb(cells: Cell[], minor = 5, metadata: Record<string, unknown> = {}): Notebook {
  return { cells, metadata, nbformat: 4, nbformat_minor: minor } as Notebook;
}
/** A stdout stream output. */
export function stdout(text: string | string[]): Output {
  return { name: 'stdout', output_type: 'stream', text } as Output;
}
