/**
 * The search for a cell's layout: the table of named strategies, tried in order, each checked by
 * reading the cell back (with the line that follows it and the blank lines the layout will use)
 * until one gives back the same cell. The first is jupytext's own layout, so a cell jupytext
 * writes faithfully is written exactly as jupytext writes it.
 */
import { type Cell, copyNumberLexemes, type JsonObject, joinSource, jsonEqual } from '@nbgit/core';
import { type CellExtras, JUPYTEXT_CELL_METADATA } from '@nbgit/text';
import { cellLines, type MetadataEncoding, type Strategy, type WriteContext } from './cell-lines.js';
import { merged } from './cells.js';
import { type LineAt, pep8LinesBetweenCells } from './pep8.js';
import { readOneForCheck } from './read.js';
import { isBlankCount } from './script-header.js';

/** jupytext's layout: escaped marker-like lines, commented magics, a `%%lang` magic on the marker. */
const JUPYTEXT: Strategy = { name: 'jupytext', verbatim: false, tail: false, cellMagic: true };
/** jupytext's layout with a first-line `%%lang` magic kept in the body (Hydrogen scripts keep it there). */
const JUPYTEXT_NO_MAGIC: Strategy = { ...JUPYTEXT, name: 'jupytext, cell magic in the body', cellMagic: false };

/** The strategies in the order they are tried (each with the cell's blank lines, then PEP 8's). */
const STRATEGIES: readonly Strategy[] = [
  JUPYTEXT,
  { name: 'trailing blank lines in the tail extra', verbatim: false, tail: true, cellMagic: true },
  { name: 'verbatim body', verbatim: true, tail: false, cellMagic: true },
  { name: 'verbatim body, tail extra', verbatim: true, tail: true, cellMagic: true },
  JUPYTEXT_NO_MAGIC,
  { name: 'tail extra, cell magic in the body', verbatim: false, tail: true, cellMagic: false },
  { name: 'verbatim body, cell magic in the body', verbatim: true, tail: false, cellMagic: false },
  { name: 'verbatim body, tail extra, cell magic in the body', verbatim: true, tail: true, cellMagic: false },
];

/** When nothing else reads back: the source in the `nbgit` entry, the body empty. */
const LAST_RESORT: Strategy = { name: 'source in the nbgit entry', verbatim: false, tail: false, cellMagic: false, sourceExtra: true };

/** The metadata encodings, in the order each strategy tries them. */
const ENCODINGS: readonly MetadataEncoding[] = ['options', 'json', 'extras'];

/** A cell's planned lines. */
export interface CellPlan {
  lines: string[];
  /** Explicit blank lines after the cell (metadata `lines_to_next_cell`), or undefined for PEP 8. */
  linesToNext: number | undefined;
  /** The blank lines the plan was checked with, when known. */
  blanks?: number;
}

export function withoutLayoutKeys(m: JsonObject, keep: boolean): JsonObject {
  if (keep) return m;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(m)) if (!JUPYTEXT_CELL_METADATA.includes(k)) out[k] = v;
  copyNumberLexemes(m, out);
  return out;
}

/**
 * Plans one cell: tries the jupytext layout first and checks by reading it back (with the
 * following line and the blank lines the layout will use); falls back to the `tail` and
 * `verbatim` extras and to other metadata encodings only when reading back would change the cell.
 */
export function planCell(
  ctx: WriteContext,
  cell: Cell,
  expectedMeta: JsonObject,
  visible: JsonObject,
  extras: CellExtras,
  following: LineAt,
  last: boolean,
): CellPlan {
  const ltn = cell.metadata.lines_to_next_cell;
  // a count of blank lines the layout can show (anything else travels in nbgit.metadata in lossless mode)
  const asked = isBlankCount(ltn) ? ltn : undefined;
  const src = joinSource(cell.source);
  // the blank lines the cell asks for, else (when those cannot be read back) PEP 8's, keeping the value in nbgit.metadata
  const layouts = asked === undefined ? [undefined] : [asked, undefined];
  const strategies = ctx.hydrogen ? STRATEGIES.filter((x) => !x.cellMagic) : STRATEGIES;
  for (const [strategy, linesToNextMeta] of [
    ...strategies.flatMap((x) => layouts.map((l) => [x, l] as const)),
    ...layouts.map((l) => [LAST_RESORT, l] as const),
  ]) {
    const layoutExtras: CellExtras =
      linesToNextMeta === asked || !ctx.lossless ? extras : { ...extras, metadata: merged(extras.metadata, { lines_to_next_cell: asked! }) };
    for (const encoding of ENCODINGS) {
      const built = cellLines(ctx, cell, visible, layoutExtras, strategy, encoding);
      const n = linesToNextMeta ?? pep8LinesBetweenCells(built.lines, following, ctx.ext);
      const read = readOneForCheck(ctx.g, built.lines, n, last ? undefined : following, {
        main: ctx.readerMain,
        hasKernelLanguage: ctx.readerHasKernelLanguage,
        customMagics: ctx.customMagics,
      });
      if (!read) continue;
      if (read.cell_type !== cell.cell_type || read.source !== src) continue;
      const got = withoutLayoutKeys(read.metadata, ctx.lossless);
      const want = withoutLayoutKeys(expectedMeta, ctx.lossless);
      if (ctx.lossless) {
        // keys the layout does not give back go to nbgit.metadata
        const missing: JsonObject = {};
        for (const [k, v] of Object.entries(want)) if (!jsonEqual(got[k], v)) missing[k] = v;
        copyNumberLexemes(want, missing);
        const extra = Object.keys(got).filter((k) => !(k in want));
        if (extra.length === 0 && Object.keys(missing).length && Object.keys(missing).every((k) => JUPYTEXT_CELL_METADATA.includes(k))) {
          const again = cellLines(ctx, cell, visible, { ...layoutExtras, metadata: merged(layoutExtras.metadata, missing) }, strategy, encoding);
          return { lines: again.lines, linesToNext: linesToNextMeta };
        }
      }
      if (jsonEqual(got, want)) return { lines: built.lines, linesToNext: linesToNextMeta, blanks: n };
    }
  }
  // Nothing reads back exactly (e.g. a `%%` code line in a language whose comment is `%`): write it as jupytext does.
  return {
    lines: cellLines(ctx, cell, visible, extras, ctx.hydrogen ? JUPYTEXT_NO_MAGIC : JUPYTEXT, 'options').lines,
    linesToNext: asked,
  };
}
