/**
 * One cell as a light script writes it (jupytext's LightScriptCellExporter), with nbgit's
 * variants for cells whose jupytext text would not read back: explicit `# +`/`# -` markers,
 * trailing blank lines in `nbgit={"tail": ...}`, metadata as JSON or in `nbgit.metadata`, and
 * as a last resort the source in `nbgit={"source": ...}`.
 */
import { type Cell, copyNumberLexemes, escapeRegExp, isJsonObject, type JsonObject, joinSource } from '@nbgit/core';
import { commentMagics, isActive, type LineAt, markerOptionsText, merged, pep8LinesBetweenCells } from '@nbgit/percent';
import { attachCellExtras, type CellExtras, commentLines, JUPYTEXT_CELL_METADATA, pythonJson, sameLanguage, splitCellMagic } from '@nbgit/text';
import { escapeCodeStart, type LightGrammar, type Lines, needExplicitMarker, readLightCell } from './cells.js';

/** Cell metadata that the light layout itself encodes (jupytext's layout keys, plus `endofcell` and `comment_questions`). */
export const LIGHT_LAYOUT_KEYS: readonly string[] = [...JUPYTEXT_CELL_METADATA, 'endofcell', 'comment_questions'];

/** What the exporter needs to know about the notebook. */
export interface ExportContext {
  g: LightGrammar;
  /** The grammar jupytext's exporter reads a cell with to decide on explicit markers (the extension's language). */
  probe: LightGrammar;
  lossless: boolean;
  /** Default cell language, as the writer sees it. */
  language: string;
  customMagics: string[];
  /** Write metadata as one JSON object (`jupytext.cell_metadata_json`). */
  json: boolean;
}

/** One way of writing a cell. */
export interface Attempt {
  /** Explicit `# +` / `# -` markers even where jupytext writes none. */
  explicit: boolean;
  /** Trailing blank lines of the source go to `nbgit.tail`. */
  tail: boolean;
  /** 0: jupytext's options; 1: one JSON object; 2: the cell's metadata in `nbgit.metadata`. */
  meta: 0 | 1 | 2;
  /** Move a first-line `%%lang` magic to the marker (`language="R"`), as jupytext does. */
  cellMagic: boolean;
  /** Last resort: the source in `nbgit.source`, the body empty. */
  sourceExtra?: boolean;
}

/** A cell's text before the blank lines that follow it. */
export interface CellText {
  lines: string[];
  /** The cell is written as code (jupytext's `is_code()` after export). */
  isCode: boolean;
  /** `lines_to_next_cell` asked by the cell, or undefined for PEP 8. */
  linesToNext: number | undefined;
  /** `lines_to_end_of_cell_marker` of the cell. */
  linesToEnd: number | undefined;
}

function nonEmpty(o: JsonObject): boolean {
  return Object.keys(o).length > 0;
}

function useTripleQuotes(unfiltered: JsonObject): boolean {
  const m = unfiltered.cell_marker;
  if (typeof m !== 'string') return false;
  if (m === '"""' || m === "'''") return true;
  if (!m.includes(',')) return false;
  const [left, right] = m.split(',', 2) as [string, string];
  return left.slice(0, 3) === right.slice(-3) && ['"""', "'''"].includes(left.slice(0, 3));
}

function endOfCellMarker(source: readonly string[], comment: string): string {
  let marker = '-';
  for (;;) {
    const re = new RegExp(`^${escapeRegExp(comment)}( )${marker}\\s*$`);
    if (source.some((l) => re.test(l))) marker += '-';
    else return marker;
  }
}

/** The lines of a cell for one attempt (jupytext's `cell_to_text`), and the extras they carry. */
export function exportCell(ctx: ExportContext, cell: Cell, visible: JsonObject, baseExtras: CellExtras, a: Attempt): CellText {
  const g = ctx.g;
  const extras: CellExtras = { ...baseExtras };
  let src = joinSource(cell.source);
  if (a.tail) {
    const m = /(?:\n[^\S\n]*)*$/.exec(src);
    let cut = m ? m.index : src.length;
    if (/^[^\S\n]*$/.test(src.slice(0, cut))) cut = 0;
    if (cut < src.length) {
      extras.tail = src.slice(cut);
      src = src.slice(0, cut);
    }
  }
  if (a.sourceExtra) {
    extras.source = src;
    src = '';
  }
  let source = src.split('\n');
  let unfiltered = cell.metadata;
  const meta: JsonObject = a.meta === 2 ? {} : merged(visible);
  let cellType: string = cell.cell_type;
  let magicLanguage: string | undefined;
  if (a.cellMagic) {
    const magic = splitCellMagic(source[0] ?? '', ctx.language, ctx.customMagics);
    if (magic) {
      source = source.slice(1);
      if (magic.args) meta.magic_args = magic.args;
      meta.language = magic.language;
      magicLanguage = magic.language;
    }
  }
  if (source.length === 0) source = [''];
  const ownLanguage = a.meta !== 2 && typeof cell.metadata.language === 'string' ? cell.metadata.language : undefined;
  const language = magicLanguage ?? ownLanguage ?? ctx.language;
  const ltn = cell.metadata.lines_to_next_cell;
  const lte = cell.metadata.lines_to_end_of_cell_marker;
  const hasActiveTag = (m: JsonObject) => Array.isArray(m.tags) && m.tags.some((t) => typeof t === 'string' && t.startsWith('active-'));
  if (cell.cell_type === 'raw' && !('active' in meta) && !hasActiveTag(meta)) meta.active = '';
  if (!ctx.lossless && a.meta !== 2 && 'endofcell' in unfiltered) meta.endofcell = unfiltered.endofcell!;
  if (ctx.language === 'go' && language === 'go')
    source = source.map((l) => l.replace(/^(\/\/\s*)*(%%\s*$|%%\s+-.*$)/, (_m, a1: string | undefined, a2: string) => `${a1 ?? ''}//gonb:${a2}`));
  if (a.explicit && cellType === 'markdown') meta.cell_type = 'markdown';

  const markdownToText = (lines: string[]): string[] => {
    const markers = typeof unfiltered.cell_marker === 'string' ? unfiltered.cell_marker : undefined;
    if (markers) {
      let left: string;
      let right: string;
      let m = markers;
      if (m.includes(',')) [left, right] = [m.slice(0, m.indexOf(',')), m.slice(m.indexOf(',') + 1)];
      else {
        left = `${m}\n`;
        if (m.startsWith('r') || m.startsWith('R')) m = m.slice(1);
        right = `\n${m}`;
      }
      if (
        (left.slice(0, 3) === right.slice(-3) || (['r', 'R'].includes(left[0] ?? '') && left.slice(1, 4) === right.slice(-3))) &&
        ['"""', "'''"].includes(right.slice(-3))
      ) {
        const out = [...lines];
        out[0] = left + out[0];
        out[out.length - 1] = out[out.length - 1] + right;
        return out.join('\n').split('\n');
      }
    }
    let out = lines;
    if (isActive(g.ext, meta)) out = commentMagics([...lines], language, g.commentMagics, cellType === 'code');
    return commentLines(out, g.comment, g.suffix);
  };

  // jupytext's is_code(): markdown cells with metadata (or triple quotes) are written as code-like regions
  const isCodeFirst = (): boolean => {
    if ((cellType === 'markdown' && nonEmpty(meta)) || useTripleQuotes(unfiltered)) {
      if (isActive(g.ext, meta)) {
        meta.cell_type = cellType;
        source = markdownToText(source);
        cellType = 'code';
        unfiltered = { ...unfiltered };
        delete unfiltered.cell_marker;
      }
      return true;
    }
    return cellType === 'code' || (cellType === 'raw' && ('active' in meta || hasActiveTag(meta)));
  };
  if (cellType !== 'code' && !nonEmpty(meta) && useTripleQuotes(unfiltered)) meta.cell_type = cellType;
  const withExtras = () => {
    const out = attachCellExtras(meta, a.meta === 2 ? { ...extras, metadata: merged(extras.metadata, visible) } : extras);
    // an empty `attachments: {}` is kept too (attachCellExtras leaves empty objects out)
    if (extras.attachments && !nonEmpty(extras.attachments))
      out.nbgit = { ...(isJsonObject(out.nbgit ?? null) ? (out.nbgit as JsonObject) : {}), attachments: {} };
    return out;
  };
  const nbgitOnly = () => nonEmpty(withExtras());

  if (!isCodeFirst()) {
    if (nbgitOnly()) {
      // a markdown cell with extras is written as a `# + [markdown]` region
      meta.cell_type = cellType;
      source = markdownToText(source);
      cellType = 'code';
    } else return { lines: markdownToText(source), isCode: false, linesToNext: num(ltn), linesToEnd: num(lte) };
  }
  // code_to_text
  const active = isActive(g.ext, meta, sameLanguage(language, ctx.language));
  let body = escapeCodeStart(g, [...source], language);
  const commentQuestions = 'comment_questions' in meta ? Boolean(meta.comment_questions) : true;
  delete meta.comment_questions;
  if (active) body = commentMagics(body, language, g.commentMagics, commentQuestions);
  else body = markdownToText(body);
  const all = withExtras();
  const explicitStart = (): boolean => {
    if (nonEmpty(all)) return true;
    if (source.every((l) => l.startsWith(g.comment))) return true;
    return readLightCell(ctx.probe, { length: body.length, at: (i) => body[i]! }, 0).next < body.length;
  };
  if (a.explicit || (active && commentQuestions && needExplicitMarker(source, language, g.commentMagics)) || explicitStart()) {
    all.endofcell = endOfCellMarker(body, g.comment);
  }
  if (!nonEmpty(all)) return { lines: body, isCode: true, linesToNext: num(ltn), linesToEnd: num(lte) };
  const endofcell = String(all.endofcell);
  if (endofcell === '-') delete all.endofcell;
  // the `nbgit` entry stays last
  if ('nbgit' in all) {
    const x = all.nbgit!;
    delete all.nbgit;
    all.nbgit = x;
  }
  let options: string;
  if (a.meta === 1) {
    const head: JsonObject = {};
    for (const k of ['cell_depth', 'cell_type', 'region_name']) if (k in all) head[k] = all[k]!;
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(all)) if (!(k in head)) rest[k] = v;
    copyNumberLexemes(all, rest);
    options = [markerOptionsText(head, false, true), nonEmpty(rest) ? pythonJson(rest) : ''].filter(Boolean).join(' ');
  } else {
    const odd = Object.keys(all).some((k) => !/^[a-zA-Z0-9_.@/-]+$/.test(k) && k !== 'incorrectly_encoded_metadata');
    options = markerOptionsText(all, ctx.json || odd, false);
  }
  const start = [g.comment, '+'];
  if (options) start.push(options);
  return { lines: [start.join(' '), ...body, `${g.comment} ${endofcell}`], isCode: true, linesToNext: num(ltn), linesToEnd: num(lte) };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1000 ? v : undefined;
}

/**
 * jupytext's `remove_eoc_marker` and blank-line count: drops a `# -` end marker made redundant by
 * the next cell's `# +` (or the end of the file), else puts PEP 8's blank lines before it.
 * Returns the lines and the blank lines that follow them.
 */
export function placeCell(g: LightGrammar, t: CellText, following: LineAt, linesToNextOverride?: number | null): { lines: string[]; blanks: number } {
  let lines = t.lines;
  let linesToNext = linesToNextOverride === null ? undefined : (linesToNextOverride ?? t.linesToNext);
  if (t.isCode && lines[lines.length - 1] === `${g.comment} -`) {
    const next = following(0);
    if (next === undefined || next.startsWith(`${g.comment} +`)) {
      lines = lines.slice(0, -1);
      if (t.linesToEnd && (linesToNext === undefined || t.linesToEnd > linesToNext)) linesToNext = t.linesToEnd;
    } else {
      let blanks = t.linesToEnd;
      if (blanks === undefined) blanks = pep8LinesBetweenCells(lines.slice(0, -1), following, g.ext) < 2 ? 0 : 2;
      lines = [...lines.slice(0, -1), ...new Array<string>(blanks).fill(''), lines[lines.length - 1]!];
    }
  }
  return { lines, blanks: linesToNext ?? pep8LinesBetweenCells(lines, following, g.ext) };
}

/** The lines `lines`, `blanks` blank lines, then `following` (of `followingLength` lines), as one sequence. */
export function composite(lines: readonly string[], blanks: number, following: LineAt, followingLength: number): Lines {
  const a = lines.length;
  const b = a + blanks;
  return { length: b + followingLength, at: (i) => (i < a ? lines[i]! : i < b ? '' : following(i - b)!) };
}

/** True when `v` is a JSON object with keys. */
export function hasKeys(v: unknown): boolean {
  return isJsonObject((v ?? null) as never) && Object.keys(v as object).length > 0;
}
