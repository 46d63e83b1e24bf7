/**
 * A recorded spelling applied to the writer's lines (see `spelling.ts` for the record): a cell's
 * own lines, the file's marker spelling, the header as it was, each kept only while it reads back
 * to the same notebook.
 */
import { type Cell, type JsonObject, joinSource, jsonEqual } from '@nbgit/core';
import { parseHeader } from '@nbgit/text';
import type { WriteContext } from './cell-lines.js';
import { withoutLayoutKeys } from './cell-plan.js';
import type { Grammar } from './cells.js';
import type { LineAt } from './pep8.js';
import { type LanguageContext, readSpanForCheck } from './read.js';
import { type CellSpelling, respellMarker, type Spelling, spelledLines } from './spelling.js';

/**
 * The lines of one cell as the spelling records them (the cell's own record, else the file's
 * marker spelling), when they read back to the same cell; undefined to keep the writer's lines.
 */
export function spellCell(
  ctx: WriteContext,
  cell: Cell,
  expected: JsonObject,
  chunk: { lines: string[]; blanks: number },
  last: boolean,
  first: boolean,
  spelling: Spelling,
  record: CellSpelling | undefined,
  following: LineAt,
  lang: LanguageContext,
): string[] | undefined {
  const n = last ? Math.max(0, chunk.blanks - 1) : chunk.blanks;
  const canonical = [...chunk.lines];
  for (let k = 0; k < n; k++) canonical.push('');
  let base = canonical;
  if (spelling.marker) {
    const m = respellMarker(canonical[0]!, ctx.g.comment, spelling.marker);
    if (m !== undefined) base = [m, ...canonical.slice(1)];
  }
  const candidates: string[][] = [];
  if (record && (record.marker !== null || first)) {
    const s = spelledLines(base, true, record);
    if (s) candidates.push(s);
  }
  if (base !== canonical) candidates.push(base);
  const src = joinSource(cell.source);
  for (const span of candidates) {
    const read = readSpanForCheck(ctx.g, span, last ? undefined : following, lang);
    if (!read || read.cell_type !== cell.cell_type || read.source !== src) continue;
    // the metadata the writer's own lines promise, or the cell's whole metadata (a script may carry keys the filters drop)
    const got = withoutLayoutKeys(read.metadata, ctx.lossless);
    if (jsonEqual(got, withoutLayoutKeys(expected, ctx.lossless)) || jsonEqual(got, withoutLayoutKeys(cell.metadata, ctx.lossless))) return span;
  }
  return undefined;
}

/**
 * True when `recorded` (the lines before the first cell) is a header and its blank line: what it
 * reads to is checked with the whole file (see `toPercent`).
 */
export function isHeader(recorded: readonly string[], g: Grammar): boolean {
  try {
    const h = parseHeader(recorded, { comment: g.comment, suffix: g.suffix });
    const rest = recorded.slice(h.end);
    return rest.length === 0 || (rest.length === 1 && /^\s*$/.test(rest[0]!.startsWith(g.comment) ? rest[0]!.slice(g.comment.length) : rest[0]!));
  } catch {
    return false;
  }
}
