// Shared helpers of the percent tests: notebook comparison in the forms the spec promises.
import type { Cell, JsonObject, Notebook } from '@nbgit/core';
import { joinSource, sortedCopy } from '@nbgit/core';

/**
 * Cell metadata that jupytext's default filter drops and nbgit keeps only in lossless mode: UI state,
 * timings, and jupytext's own layout keys (the layout shows them when it can).
 */
export const FILTERED_CELL_KEYS = [
  'autoscroll',
  'collapsed',
  'scrolled',
  'trusted',
  'execution',
  'ExecuteTime',
  'lines_to_next_cell',
  'cell_marker',
  'lines_to_end_of_cell_marker',
  'skipline',
  'noskipline',
];

/** A notebook without outputs and execution counts (what text formats cannot carry), sources joined. */
export function inputsOf(nb: Notebook, options: { ids?: boolean } = {}): unknown {
  return {
    ...nb,
    cells: nb.cells.map((c: Cell) => {
      const o: Record<string, unknown> = { ...c, source: joinSource(c.source) };
      if (c.cell_type === 'code') {
        o.outputs = [];
        o.execution_count = null;
      }
      if (!options.ids) delete o.id;
      return o;
    }),
  };
}

/** Cells as the default mode promises them: type, source, attachments, metadata minus jupytext's filtered keys. */
export function defaultModeCells(nb: Notebook): unknown[] {
  return nb.cells.map((c) => {
    const metadata: JsonObject = { ...c.metadata };
    for (const k of FILTERED_CELL_KEYS) delete metadata[k];
    if (Array.isArray(metadata.tags) && metadata.tags.length === 0) delete metadata.tags;
    const o: Record<string, unknown> = { cell_type: c.cell_type, source: joinSource(c.source), metadata };
    if (c.attachments) o.attachments = c.attachments;
    return o;
  });
}

/** The JSON value with object keys in sorted order, so key order does not matter in comparisons. */
export const sorted: (v: unknown) => unknown = sortedCopy;

/**
 * The notebook without the record of its script's spelling (`metadata.nbgit.percent`, made by
 * `fromPercent` when a script is not spelled as `toPercent` writes it), for comparing notebooks.
 */
export function withoutSpelling(nb: Notebook): Notebook {
  const nbgit = nb.metadata.nbgit;
  if (!nbgit || typeof nbgit !== 'object' || Array.isArray(nbgit) || !('percent' in nbgit)) return nb;
  const rest: JsonObject = { ...nbgit };
  delete rest.percent;
  const metadata: JsonObject = { ...nb.metadata };
  if (Object.keys(rest).length) metadata.nbgit = rest;
  else delete metadata.nbgit;
  return { ...nb, metadata };
}
