/**
 * One cell as a percent-script fragment (`# %% [markdown]` and its source, no header), in the
 * notebook's language, and such a fragment read back: how `nbgit cells show --as percent`
 * prints a cell and `nbgit cells set` reads one.
 */
import { type Cell, cloneJson, joinSource, NbgitError, type Notebook } from '@nbgit/core';
import { readText, writeText } from './text.js';

/** The percent-script text of one cell (no header), in the notebook's language. */
export function cellAsPercent(nb: Notebook, cell: Cell): string {
  const one = { nbformat: 4, nbformat_minor: nb.nbformat_minor, metadata: pickKernel(nb), cells: [{ ...cloneJson(cell), outputs: [], execution_count: null }] };
  if (cell.cell_type !== 'code') delete (one.cells[0] as Record<string, unknown>).outputs;
  if (cell.cell_type !== 'code') delete (one.cells[0] as Record<string, unknown>).execution_count;
  return withoutHeader(writeText(one as Notebook, 'auto:percent'));
}

function pickKernel(nb: Notebook): Notebook['metadata'] {
  const m: Notebook['metadata'] = {};
  for (const k of ['kernelspec', 'language_info', 'jupytext'] as const) if (nb.metadata?.[k] !== undefined) m[k] = nb.metadata[k]!;
  return m;
}

/** A percent script without its `# ---` header block and the blank lines after it. */
function withoutHeader(text: string): string {
  const lines = text.split('\n');
  const m = /^(\S+) ---$/.exec(lines[0] ?? '');
  if (!m) return text;
  let i = lines.indexOf(lines[0]!, 1);
  if (i === -1) return text;
  i++;
  while (i < lines.length && lines[i] === '') i++;
  return lines.slice(i).join('\n');
}

/** True when text starts with a percent marker line (`# %%`, `// %%`, `-- %%`, `%%`...). */
export function looksLikePercentCell(text: string): boolean {
  return /^\s*(?:#|\/\/|--|%|;+)?\s*%%/.test(text);
}

/** The cell a percent-script fragment holds (one cell), read in the notebook's language. */
export function readPercentCell(nb: Notebook, text: string, file: string): { source: string; type: Cell['cell_type'] } {
  const header = writeText({ nbformat: 4, nbformat_minor: nb.nbformat_minor, metadata: pickKernel(nb), cells: [] } as Notebook, 'auto:percent');
  const read = readText(`${header.endsWith('\n') ? header : `${header}\n`}\n${text}`, 'auto:percent', { file });
  const cells = read.cells.filter((c, i) => !(i === 0 && joinSource(c.source) === '' && read.cells.length > 1));
  if (cells.length !== 1) throw new NbgitError('EUSAGE', `expected one percent cell, found ${cells.length}`, { file });
  return { source: joinSource(cells[0]!.source), type: cells[0]!.cell_type };
}
