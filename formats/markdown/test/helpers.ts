// Notebook comparisons for the markdown tests.
import { type Cell, isJsonObject, type JsonObject, joinSource, type Notebook, sortedCopy } from '@nbgit/core';
import { filterMetadata, IGNORED_CELL_METADATA } from '@nbgit/text';

/** A value with object keys sorted, for order-insensitive comparison. */
export const sorted: (v: unknown) => unknown = sortedCopy;

/** Everything a text format must keep: version, metadata, and per cell type, id, metadata, source, attachments. */
export function lossless(nb: Notebook): string {
  return JSON.stringify(
    sorted({
      nbformat: nb.nbformat,
      nbformat_minor: nb.nbformat_minor,
      metadata: nb.metadata,
      cells: nb.cells.map((c: Cell) => ({
        type: c.cell_type,
        id: c.id,
        metadata: c.metadata,
        source: joinSource(c.source),
        attachments: (c as { attachments?: unknown }).attachments,
      })),
    }),
  );
}

/** Cell types, sources and metadata (not ids, not notebook metadata). */
export function cellsOf(nb: Notebook): string {
  return JSON.stringify(
    nb.cells.map((c) =>
      sorted({ type: c.cell_type, metadata: c.metadata, source: joinSource(c.source), attachments: (c as { attachments?: unknown }).attachments }),
    ),
  );
}

const IGNORE = IGNORED_CELL_METADATA.map((k) => `-${k}`).join(',');

/**
 * jupytext's `compare_notebooks` (as its tests call it): same cells in order with the same type,
 * source (or the expected source plus one trailing blank line) and metadata once jupytext's
 * ignored keys are removed; notebook metadata through the default filter, `jupytext` removed.
 * Returns a description of the first difference, or undefined.
 */
export function jupytextDifference(actual: Notebook, expected: Notebook): string | undefined {
  if (actual.cells.length !== expected.cells.length) return `cell count ${actual.cells.length} != ${expected.cells.length}`;
  for (let i = 0; i < actual.cells.length; i++) {
    const a = actual.cells[i]!;
    const e = expected.cells[i]!;
    if (a.cell_type !== e.cell_type) return `cell ${i}: type ${a.cell_type} != ${e.cell_type}`;
    const as = joinSource(a.source);
    const es = joinSource(e.source);
    if (as !== es && !(as.startsWith(es) && /^\n\s*$/.test(as.slice(es.length)))) return `cell ${i}: source ${JSON.stringify(as)} != ${JSON.stringify(es)}`;
    const am = JSON.stringify(sorted(filterMetadata(a.metadata, undefined, IGNORE)));
    const em = JSON.stringify(sorted(filterMetadata(e.metadata, undefined, IGNORE)));
    if (am !== em) return `cell ${i}: metadata ${am} != ${em}`;
  }
  const strip = (m: JsonObject) => {
    const f = filterMetadata(m, isJsonObject(m.jupytext) ? m.jupytext.notebook_metadata_filter : undefined, 'jupytext,kernelspec,kernel_info,orphan,tocdepth');
    delete f.jupytext;
    return JSON.stringify(sorted(f));
  };
  if (strip(actual.metadata) !== strip(expected.metadata)) return `notebook metadata ${strip(actual.metadata)} != ${strip(expected.metadata)}`;
  return undefined;
}
