/**
 * Builders of cells and notebooks for tests, with the keys nbformat 4 gives them (code cells
 * with `execution_count: null` and `outputs: []`, every cell with `metadata: {}`). `extra`
 * adds or replaces keys (`id`, `metadata`, `outputs`, `attachments`...).
 */
import { type Cell, joinSource, type Notebook, type Output } from '@nbgit/core';

/** Keys a test cell adds or replaces. */
export type CellExtra = Partial<Cell> & { outputs?: Output[]; execution_count?: number | null; [key: string]: unknown };

/** The notebook metadata of a Python 3 kernel, as Jupyter writes it. */
export const PYTHON_KERNEL = { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } };

/** A code cell (keys in nbformat's sorted order; `extra.id` in its place). */
export function code(source: string | string[], extra: CellExtra = {}): Cell {
  const { id, ...rest } = extra;
  return { cell_type: 'code', execution_count: null, ...(id === undefined ? {} : { id }), metadata: {}, outputs: [], source, ...rest } as Cell;
}

/** A markdown cell. */
export function md(source: string | string[], extra: CellExtra = {}): Cell {
  const { id, ...rest } = extra;
  return { cell_type: 'markdown', ...(id === undefined ? {} : { id }), metadata: {}, source, ...rest } as Cell;
}

/** A raw cell. */
export function raw(source: string | string[], extra: CellExtra = {}): Cell {
  const { id, ...rest } = extra;
  return { cell_type: 'raw', ...(id === undefined ? {} : { id }), metadata: {}, source, ...rest } as Cell;
}

/** A notebook of nbformat 4.`minor` (cell ids only from 4.5, as nbformat has them). */
export function nb(cells: Cell[], minor = 5, metadata: Record<string, unknown> = {}): Notebook {
  return {
    cells: minor >= 5 ? cells : cells.map(({ id: _, ...c }) => c as Cell),
    metadata: metadata as Notebook['metadata'],
    nbformat: 4,
    nbformat_minor: minor,
  };
}

/**
 * A 4.5 notebook of partial cells: each a code cell unless it says otherwise, with id `c<i>`,
 * `metadata: {}` and an empty source unless it has them.
 */
export function numbered(cells: Partial<Cell>[], metadata: Record<string, unknown> = {}): Notebook {
  return {
    cells: cells.map((c, i) => ({
      cell_type: 'code',
      metadata: {},
      source: '',
      id: `c${i}`,
      ...(c.cell_type === 'code' || c.cell_type === undefined ? { outputs: [], execution_count: null } : {}),
      ...c,
    })) as Cell[],
    metadata: metadata as Notebook['metadata'],
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** A stream output (stdout unless `name` says otherwise). */
export function stream(text: string | string[], name = 'stdout'): Output {
  return { name, output_type: 'stream', text } as Output;
}

/** Cells as a text format's default mode promises them: type, source and attachments (an empty `{}` counts as none). */
export function cellsOf(nb: Notebook): unknown[] {
  return nb.cells.map((c: Cell) => {
    const a = 'attachments' in c ? c.attachments : undefined;
    return [c.cell_type, joinSource(c.source), a && Object.keys(a).length ? a : null];
  });
}

/** The notebook without outputs and execution counts (what text formats do not carry), sources as one string. */
export function inputsOnly(nb: Notebook): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((c) =>
      c.cell_type === 'code' ? { ...c, source: joinSource(c.source), outputs: [], execution_count: null } : { ...c, source: joinSource(c.source) },
    ),
  } as Notebook;
}

/**
 * A small three-way merge as git gives the merge driver: the ipynb texts of the base (`O`),
 * ours (`A`: the first cell edited, `x = 10`) and theirs (`B`: the second, `y = 3`), two code
 * cells with ids, indented as Jupyter writes. Merged: `x = 10`, `y = 3`.
 */
export function smallMerge(): { O: string; A: string; B: string } {
  const nb = (a: string, b: string) =>
    `${JSON.stringify(
      {
        cells: [a, b].map((s, i) => ({ cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source: [s] })),
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    )}\n`;
  return { O: nb('x = 1', 'y = 2'), A: nb('x = 10', 'y = 2'), B: nb('x = 1', 'y = 3') };
}

/** Options of {@link imageHeavyNotebook}. */
export interface ImageHeavyOptions {
  /** Code cells with one 15 kB image each (default 1200: about 18 MB, over the 16 MB of nbgit's large-input paths). */
  cells?: number;
  /** The `text/plain` line beside each image (default `<Figure>`). */
  plain?: string;
  /** Every how many cells one gets `{ collapsed: true }` metadata (default: none). */
  collapsedEvery?: number;
  /** Append a code cell holding conflict markers and a markdown cell (default false). */
  tail?: boolean;
  /** The notebook's metadata (default: the Python 3 kernelspec). */
  metadata?: Record<string, unknown>;
}

/**
 * A notebook in Jupyter's layout (one-space indent, as `JSON.stringify(nb, null, 1)`) of code
 * cells with a base64-like image each: for the paths nbgit takes on large inputs.
 */
export function imageHeavyNotebook(options: ImageHeavyOptions = {}): { notebook: Notebook; text: string } {
  const png = `${'iVBORw0KGgo'.padEnd(15_000, 'A')}\n`;
  const every = options.collapsedEvery;
  const cells: object[] = [];
  for (let i = 0; i < (options.cells ?? 1200); i++)
    cells.push({
      cell_type: 'code',
      execution_count: i,
      id: `c${i}`,
      metadata: every !== undefined && i % every === 0 ? { collapsed: true } : {},
      outputs: [{ data: { 'image/png': png, 'text/plain': [options.plain ?? '<Figure>'] }, metadata: {}, output_type: 'display_data' }],
      source: [`x = ${i}\n`, 'plot(x)'],
    });
  if (options.tail) {
    cells.push({
      cell_type: 'code',
      execution_count: null,
      id: 'k',
      metadata: {},
      outputs: [],
      source: ['<<<<<<< HEAD\n', 'a\n', '=======\n', 'b\n', '>>>>>>> o'],
    });
    cells.push({ cell_type: 'markdown', id: 'm', metadata: {}, source: ['# end'] });
  }
  const notebook = { cells, metadata: options.metadata ?? PYTHON_KERNEL, nbformat: 4, nbformat_minor: 5 };
  return { notebook: notebook as unknown as Notebook, text: `${JSON.stringify(notebook, null, 1)}\n` };
}
