/**
 * The writer's fast path: the cells whose jupytext layout is known to read back without reading
 * it back. `planCell` writes each cell with jupytext's layout and reads it back, trying other
 * layouts until one gives the same cell; for most cells of real notebooks the first one does, and
 * the rules below say exactly when (each rule names the reader step it makes harmless):
 *
 * - a `.py` script of a Python notebook with magics commented, no Hydrogen spelling, no
 *   `cell_markers`, default (not lossless) mode;
 * - a code or markdown cell without extras (id, attachments) and without the keys that steer the
 *   layout (`language`, `active`, `run_control`, `cell_type`, `title`, jupytext's layout keys...);
 *   its marker line's options, parsed as the reader parses them, give its metadata back;
 * - code: no marker-like line and no `%%` outside strings, and magics only where the reader takes
 *   their commented form back ({@link commentMagicsExactly}; {@link CODE_SUSPECT} finds the lines
 *   to look at), so the cell ends only at the next marker and every line reads back; the last line
 *   is not blank (the reader drops trailing blank lines);
 * - markdown: no line the reader could take for a marker once commented ({@link MARKDOWN_SUSPECT}).
 *
 * Anything else goes through `planCell`. The property test checks that both give the same text.
 */
import { type Cell, type JsonObject, joinSource, jsonEqual } from '@nbgit/core';
import { attachCellExtras, type CellExtras, commentLines, isValidMetadataKey } from '@nbgit/text';
import { markerOptionsText, type WriteContext } from './cell-lines.js';
import type { CellPlan } from './cell-plan.js';
import { isMarker, markerOptions, merged } from './cells.js';
import { isMagic } from './magics.js';
import { type LineAt, pep8LinesBetweenCells } from './pep8.js';
import { StringParser } from './strings.js';

/**
 * Lines (of the whole source, `m` flag) that a code-cell reader step may change or stop at: a
 * superset of the magic patterns (`magics.ts`: `%x`, `!x`, `?x`, `x = !ls`, `x?`, `ls`/`cd`...)
 * and of marker-like lines (`cells.ts`: `# %%`, `<codecell>`, `In[ ]`), at any comment depth.
 */
const CODE_SUSPECT = /^[\s#]*[%!?]|=\s*[%!]|%%|\?\s*$|<codecell>|In\[|^[\s#]*(?:cat|cd|cp|mv|rm|rmdir|mkdir|copy|ddir|echo|ls|ldir|ren)(?:\s|$)/m;

/** Markdown lines whose commented form could read as a marker (`markerIfCommented`, the reader's `start`/`alt`). */
const MARKDOWN_SUSPECT = /%%|<codecell>|In\[/;

/** A last line the reader's trailing-blank-lines rule would drop (`BLANK` in `cells.ts`). */
const BLANK_END = /(?:^|\n)\r?$/;

/** Cell metadata keys that steer the layout or the reading: such cells take the verified path. */
const STEERING = new Set([
  'language',
  'active',
  'run_control',
  'cell_type',
  'region_name',
  'title',
  'cell_depth',
  'magic_args',
  'nbgit',
  'incorrectly_encoded_metadata',
  'skipline',
  'noskipline',
  'cell_marker',
  'lines_to_next_cell',
  'lines_to_end_of_cell_marker',
]);

let everyCellVerified = false;

/** Runs `fn` with the fast path off (every cell read back): for tests that compare both paths. */
export function withEveryCellVerified<T>(fn: () => T): T {
  const before = everyCellVerified;
  everyCellVerified = true;
  try {
    return fn();
  } finally {
    everyCellVerified = before;
  }
}

/** True when the notebook-level settings allow the fast path at all. */
export function fastPathApplies(ctx: WriteContext): boolean {
  return (
    !everyCellVerified &&
    !ctx.lossless &&
    !ctx.hydrogen &&
    ctx.ext === '.py' &&
    ctx.g.comment === '#' &&
    ctx.g.suffix === '' &&
    ctx.g.commentMagics &&
    ctx.g.defaultLanguage === 'python' &&
    ctx.language === 'python' &&
    ctx.cellMarkers === undefined
  );
}

function steers(metadata: JsonObject): boolean {
  for (const k in metadata) {
    if (STEERING.has(k)) return true;
    if (k === 'tags') {
      const tags = metadata.tags;
      if (Array.isArray(tags) && tags.some((t) => typeof t === 'string' && t.startsWith('active-'))) return true;
    }
  }
  return false;
}

/** The marker line `cellLines` writes for these marker metadata (JUPYTEXT strategy, `options` encoding, no extras). */
function markerLine(ctx: WriteContext, meta: JsonObject, indent: string): string {
  const hasOdd = Object.keys(meta).some((k) => !isValidMetadataKey(k) && k !== 'incorrectly_encoded_metadata');
  const options = markerOptionsText(attachCellExtras(meta, {}), hasOdd || ctx.json, false);
  return commentLines([options.startsWith('%') || !options ? `%%${options}` : `%% ${options}`], indent + ctx.g.comment, ctx.g.suffix)[0]!;
}

/**
 * Per write (its context): the marker lines of unindented cells without metadata, code and
 * markdown, the same for most cells of a notebook; made once rather than per cell.
 */
const plainMarkers = new WeakMap<WriteContext, { code: string; markdown: string }>();

function plainMarker(ctx: WriteContext, markdown: boolean): string {
  let m = plainMarkers.get(ctx);
  if (!m) {
    m = { code: markerLine(ctx, {}, ''), markdown: markerLine(ctx, { cell_type: 'markdown' }, '') };
    plainMarkers.set(ctx, m);
  }
  return markdown ? m.markdown : m.code;
}

/** True when the reader reads `marker` back to `visible` (and `cellType` for a markdown cell). */
function markerReadsBack(ctx: WriteContext, marker: string, visible: JsonObject, markdown: boolean): boolean {
  const o = markerOptions(ctx.g, marker);
  if (o.invalid) return false;
  const got = merged(o.metadata);
  if (markdown) {
    if (got.cell_type !== 'markdown') return false;
    delete got.cell_type;
  }
  return jsonEqual(got, visible);
}

/** The cell's plan when the fast path's rules hold (the same plan as `planCell`'s), else undefined. */
export function fastPlan(ctx: WriteContext, cell: Cell, visible: JsonObject, extras: CellExtras, following: LineAt): CellPlan | undefined {
  if (cell.cell_type !== 'code' && cell.cell_type !== 'markdown') return undefined;
  for (const _ in extras) return undefined;
  if (steers(cell.metadata)) return undefined;
  const src = joinSource(cell.source);
  const empty = Object.keys(visible).length === 0;
  let lines: string[];
  if (cell.cell_type === 'code') {
    if (src !== '' && BLANK_END.test(src)) return undefined;
    const body = src === '' ? [] : src.split('\n');
    const first = body[0] ?? '';
    const indent = first.trim() ? /^(\s*)/.exec(first)![1]! : '';
    const triple = src.includes('"""') || src.includes("'''");
    if ((triple || CODE_SUSPECT.test(src)) && !commentMagicsExactly(ctx, body, triple)) return undefined;
    const marker = empty && indent === '' ? plainMarker(ctx, false) : markerLine(ctx, merged(visible), indent);
    if (!empty && !markerReadsBack(ctx, marker, visible, false)) return undefined;
    body.unshift(marker);
    lines = body;
  } else {
    if (MARKDOWN_SUSPECT.test(src)) return undefined;
    let marker: string;
    if (empty) marker = plainMarker(ctx, true);
    else {
      const meta = merged(visible);
      meta.cell_type = 'markdown';
      marker = markerLine(ctx, meta, '');
    }
    if (!empty && !markerReadsBack(ctx, marker, visible, true)) return undefined;
    lines = [marker];
    for (const l of src === '' ? [''] : src.split('\n')) lines.push(l ? `# ${l}` : '#');
  }
  return { lines, linesToNext: undefined, blanks: pep8LinesBetweenCells(lines, following, ctx.ext) };
}

/**
 * Comments the magics of a code cell's lines in place, as `commentMagics` does, when the reader is
 * known to give each line back; false to leave the cell to the verified path. Line by line (outside
 * strings, which both sides skip alike): a marker-like line, `%%` or a magic with a continuation
 * (`\\`) or an `escape`/`noescape` comment goes to the verified path; any other magic is written
 * `# magic` when the reader's `isMagic` takes that commented form for a magic too (then it removes
 * exactly that comment level), but not in a cell with triple quotes (a commented line would change
 * what the reader's string tracker sees); other lines stay as they are, for writer and reader.
 * The cell must end outside any string, or the reader would not see the next marker.
 */
function commentMagicsExactly(ctx: WriteContext, lines: string[], triple: boolean): boolean {
  const parser = triple ? new StringParser('python') : undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const quoted = parser?.isQuoted() === true;
    parser?.readLine(l);
    if (quoted || !CODE_SUSPECT.test(l)) continue;
    if (l.includes('%%') || ctx.g.markerLike.test(l) || isMarker(ctx.g, l)) return false;
    if (!isMagic(l, 'python', true, true)) continue;
    if (triple || NOT_SIMPLE.test(l)) return false;
    const body = l.trimStart();
    const commented = `${l.slice(0, l.length - body.length)}# ${body}`;
    if (!isMagic(commented, 'python', true, true)) return false;
    lines[i] = commented;
  }
  return parser === undefined || !parser.isQuoted();
}

/** A magic's continuation, or jupytext's `escape` / `noescape` comment. */
const NOT_SIMPLE = /\\\s*$|escape/;
