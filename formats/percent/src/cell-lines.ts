/**
 * One cell of a percent script: its marker line (`# %% title [markdown] key=value`) and its body
 * (code with marker-like lines escaped and magics commented, or commented markdown), written
 * with one {@link Strategy} and one {@link MetadataEncoding}.
 */
import { type Cell, copyNumberLexemes, type JsonObject, joinSource } from '@nbgit/core';
import { attachCellExtras, type CellExtras, commentLines, formatCellOptions, isValidMetadataKey, pythonJson, sameLanguage, splitCellMagic } from '@nbgit/text';
import { type Grammar, isActive, merged } from './cells.js';
import { commentMagics } from './magics.js';
import { StringParser } from './strings.js';

/** What writing a cell needs to know of the notebook and of how the script will be read. */
export interface WriteContext {
  g: Grammar;
  ext: string;
  lossless: boolean;
  nbMetadata: JsonObject;
  /** Default language as the writer sees it (from the notebook's metadata). */
  language: string;
  /** Main language the reader will use (from the header it will read). */
  readerMain: string | undefined;
  readerHasKernelLanguage: boolean;
  customMagics: string[];
  cellMarkers: string | undefined;
  json: boolean;
  /** Hydrogen spelling: magics uncommented, cell magics kept in the cell. */
  hydrogen: boolean;
}

/**
 * How a cell's body is written, one step of the search in `cell-plan.ts`: each departs from
 * jupytext's layout only as far as reading the cell back needs.
 */
export interface Strategy {
  /** What the step is, for readers of the table. */
  name: string;
  /** Body written as is: no magics commented, no string tracking (only marker-like lines escaped). */
  verbatim: boolean;
  /** Trailing blank lines moved to the `tail` extra. */
  tail: boolean;
  /** Move a first-line `%%lang` magic to the marker (`language="R"`), as jupytext does. */
  cellMagic: boolean;
  /** Last resort: the source travels in `nbgit.source`, the body stays empty. */
  sourceExtra?: boolean;
}

/**
 * Where the cell's metadata goes: `options`, the marker's `key=value` pairs (or JSON when a key
 * needs it, or the notebook asks for JSON); `json`, one JSON object with the title inside it;
 * `extras`, all of it in the `nbgit` entry's `metadata`.
 */
export type MetadataEncoding = 'options' | 'json' | 'extras';

/** The marker line options: `%`-depth, title, `[type]`, then metadata (key=value or JSON). Shared with light scripts' `# +` lines. */
export function markerOptionsText(meta: JsonObject, json: boolean, jsonTitle: boolean): string {
  const m = merged(meta);
  const text: string[] = [];
  if (!jsonTitle && 'title' in m) {
    text.push(String(m.title));
    delete m.title;
  }
  if ('cell_depth' in m && typeof m.cell_depth === 'number') {
    text.unshift('%'.repeat(m.cell_depth));
    delete m.cell_depth;
  }
  if ('cell_type' in m) {
    const region = m.region_name;
    text.push(`[${String(region ?? m.cell_type)}]`);
    delete m.region_name;
    delete m.cell_type;
  }
  return formatCellOptions(text.join(' '), m, { json });
}

/**
 * A markdown or raw cell's lines: commented, or between the notebook's `cell_markers` (`"""`) when
 * those can hold it. A line whose commented form would read as a cell marker is written uncommented
 * (readers keep such lines as they are).
 */
function markdownToText(ctx: WriteContext, source: string[], cellMarker: string | undefined): string[] {
  const markers = cellMarker ?? ctx.cellMarkers;
  if (markers) {
    let left: string;
    let right: string;
    let m = markers;
    if (m.includes(',')) {
      const i = m.indexOf(',');
      left = m.slice(0, i);
      right = m.slice(i + 1);
    } else {
      left = `${m}\n`;
      if (m.startsWith('r') || m.startsWith('R')) m = m.slice(1);
      right = `\n${m}`;
    }
    if (
      (left.slice(0, 3) === right.slice(-3) || (['r', 'R'].includes(left.slice(0, 1)) && left.slice(1, 4) === right.slice(-3))) &&
      ['"""', "'''"].includes(right.slice(-3))
    ) {
      if (!['r', 'R'].includes(left.slice(0, 1)) && source.join('\n').includes('\\')) left = `r${left}`;
      const out = [...source];
      out[0] = left + out[0];
      out[out.length - 1] = out[out.length - 1] + right;
      return out.join('\n').split('\n');
    }
  }
  const g = ctx.g;
  return source.map((l) => {
    if (l && g.markerIfCommented.test(l) && !l.startsWith(g.comment)) return l;
    if (!l) return g.suffix ? `${g.comment} ${g.suffix}` : g.comment;
    return g.suffix ? `${g.comment} ${l} ${g.suffix}` : `${g.comment} ${l}`;
  });
}

/** Escapes, in code, marker-like lines: one more comment level (`# %%` -> `# # %%`). */
function escapeCode(ctx: WriteContext, lines: string[], language: string, verbatim: boolean): string[] {
  const g = ctx.g;
  const out = [...lines];
  const parser = new StringParser(verbatim ? undefined : language);
  for (let i = 0; i < out.length; i++) {
    const l = out[i]!;
    if (!parser.isQuoted() && g.markerLike.test(l)) {
      const body = l.trimStart();
      out[i] = `${l.slice(0, l.length - body.length)}${g.comment} ${body}`;
    }
    parser.readLine(l);
  }
  return out;
}

/**
 * A cell's lines written with one strategy and one metadata encoding (see `cell-plan.ts` for the
 * order they are tried in), and the extras the `nbgit` entry of its marker carries.
 */
export function cellLines(
  ctx: WriteContext,
  cell: Cell,
  visible: JsonObject,
  baseExtras: CellExtras,
  a: Strategy,
  encoding: MetadataEncoding,
): { lines: string[]; extras: CellExtras } {
  const g = ctx.g;
  const extras: CellExtras = { ...baseExtras };
  let src = joinSource(cell.source);
  if (a.tail) {
    const m = /(?:\n[^\S\n]*)*$/.exec(src);
    let cut = m ? m.index : src.length;
    // a whitespace-only source moves entirely
    if (/^[^\S\n]*$/.test(src.slice(0, cut))) cut = 0;
    if (cut < src.length) {
      extras.tail = src.slice(cut);
      src = src.slice(0, cut);
    }
  }
  if (a.verbatim) extras.verbatim = true;
  if (a.sourceExtra) {
    extras.source = src;
    src = '';
  }
  let lines = src === '' ? [''] : src.split('\n');
  // encoded in nbgit.metadata, the cell's metadata must not steer the layout
  const meta: JsonObject = encoding === 'extras' ? {} : merged(visible);
  let language: string | undefined;
  {
    const magic = a.cellMagic ? splitCellMagic(lines[0] ?? '', ctx.language, ctx.customMagics) : undefined;
    if (magic) {
      lines = lines.slice(1);
      if (magic.args) meta.magic_args = magic.args;
      language = magic.language;
      meta.language = magic.language;
    }
  }
  // encoded in nbgit.metadata, the cell's own `language` key is not a cell language
  const cellLanguage = language ?? (encoding !== 'extras' && typeof cell.metadata.language === 'string' ? cell.metadata.language : ctx.language);
  if (cell.cell_type === 'raw' && !('active' in meta) && !(Array.isArray(meta.tags) && meta.tags.some((t) => typeof t === 'string' && t.startsWith('active-'))))
    meta.active = '';
  if (ctx.language === 'go' && cellLanguage === 'go')
    lines = lines.map((l) => l.replace(/^(\/\/\s*)*(%%\s*$|%%\s+-.*$)/, (_m, a1: string | undefined, a2: string) => `${a1 ?? ''}//gonb:${a2}`));
  const active = isActive(ctx.ext, meta, sameLanguage(cellLanguage, ctx.language));
  if (cell.cell_type === 'raw' && meta.active === '') delete meta.active;
  const isCode =
    cell.cell_type === 'code' ||
    (cell.cell_type === 'raw' && ('active' in meta || (Array.isArray(meta.tags) && meta.tags.some((t) => typeof t === 'string' && t.startsWith('active-')))));
  if (!isCode) meta.cell_type = cell.cell_type;

  // metadata encoding
  const withExtras = (m: JsonObject) => attachCellExtras(m, extras);
  let options: string;
  const hasOdd = Object.keys(meta).some((k) => !isValidMetadataKey(k) && k !== 'incorrectly_encoded_metadata');
  if (encoding === 'extras') {
    // the cell's own metadata goes to nbgit.metadata; the marker keeps only what the writer added
    extras.metadata = merged(extras.metadata, visible);
    options = markerOptionsText(withExtras(meta), false, false);
  } else if (encoding === 'json') {
    const m = withExtras(meta);
    const head: JsonObject = {};
    for (const k of ['cell_depth', 'cell_type', 'region_name']) if (k in m) head[k] = m[k]!;
    const body: JsonObject = {};
    for (const [k, v] of Object.entries(m)) if (!(k in head)) body[k] = v;
    copyNumberLexemes(m, body);
    const prefix = markerOptionsText(head, false, true);
    options = [prefix, Object.keys(body).length ? pythonJson(body) : ''].filter(Boolean).join(' ');
  } else {
    options = markerOptionsText(withExtras(meta), hasOdd || ctx.json, false);
  }
  let indent = '';
  if (isCode && active && lines.length && lines[0]!.trim()) indent = /^(\s*)/.exec(lines[0]!)![1]!;
  const marker = commentLines([options.startsWith('%') || !options ? `%%${options}` : `%% ${options}`], indent + g.comment, g.suffix);
  if (isCode && active) {
    let body = escapeCode(ctx, lines, cellLanguage, a.verbatim);
    if (!a.verbatim && g.commentMagics) body = commentMagics(body, cellLanguage, true, true);
    if (lines.length === 1 && lines[0] === '') return { lines: marker, extras };
    return { lines: [...marker, ...body], extras };
  }
  const cellMarker = typeof cell.metadata.cell_marker === 'string' ? cell.metadata.cell_marker : undefined;
  return { lines: [...marker, ...markdownToText(ctx, lines, cellMarker)], extras };
}
