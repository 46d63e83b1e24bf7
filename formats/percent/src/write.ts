/** Writing a notebook as a percent script. */
import { type Cell, copyNumberLexemes, isJsonObject, type JsonObject, type JsonValue, joinSource, jsonEqual, type Notebook } from '@nbgit/core';
import {
  attachCellExtras,
  type CellExtras,
  commentLines,
  defaultLanguage,
  filterCellMetadata,
  formatCellOptions,
  isValidMetadataKey,
  JUPYTEXT_CELL_METADATA,
  parseHeader,
  pythonJson,
  rewriteFormats,
  sameLanguage,
  scriptExtension,
  splitCellMagic,
} from '@nbgit/text';
import { type Grammar, grammarFor, isActive, merged } from './cells.js';
import { commentMagics } from './magics.js';
import { type LineAt, pep8LinesBetweenCells } from './pep8.js';
import { finishCell, type LanguageContext, readOneForCheck, readPercent, readSpanForCheck } from './read.js';
import { isBlankCount, scriptTop } from './script-header.js';
import {
  type CellSpelling,
  removeSpelling,
  respellMarker,
  type Spelling,
  spelledLines,
  spellingOf,
  withoutSpelling,
  withoutTextRepresentation,
} from './spelling.js';
import { StringParser } from './strings.js';

/** Options of {@link toPercent}. */
export interface ToPercentOptions {
  /**
   * Script extension (`.py`, `.R`, `.jl`...). Default: the notebook's own, as jupytext's `auto`
   * chooses it from `language_info` / `kernelspec`, else `.py`.
   */
  extension?: string;
  /** Keep what jupytext's default filters drop (language_info, ExecuteTime, ids...) so the notebook reads back exactly. */
  lossless?: boolean;
  /** Write jupytext's `text_representation` block (extension, format name and version) in the header. */
  textRepresentation?: boolean;
  /** With {@link textRepresentation}, also write this `jupytext_version`. */
  jupytextVersion?: string;
}

const FORMAT_VERSION = '1.3';

function obj(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v ?? null) ? (v as JsonObject) : {};
}

interface Ctx {
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

interface CellPlan {
  lines: string[];
  /** Explicit blank lines after the cell (metadata `lines_to_next_cell`), or undefined for PEP 8. */
  linesToNext: number | undefined;
  /** The blank lines the plan was checked with, when known. */
  blanks?: number;
}

function splitSourceLines(src: string): string[] {
  return src.split('\n');
}

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

function markdownToText(ctx: Ctx, source: string[], cellMarker: string | undefined, escapeMarkers: boolean): string[] {
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
  if (!escapeMarkers) return commentLines(source, g.comment, g.suffix);
  // A line whose commented form would be read as a cell marker is written uncommented (readers keep such lines as they are).
  return source.map((l) => {
    if (l && g.markerIfCommented.test(l) && !l.startsWith(g.comment)) return l;
    if (!l) return g.suffix ? `${g.comment} ${g.suffix}` : g.comment;
    return g.suffix ? `${g.comment} ${l} ${g.suffix}` : `${g.comment} ${l}`;
  });
}

/** Escapes, in code, marker-like lines: one more comment level (`# %%` -> `# # %%`). */
function escapeCode(ctx: Ctx, lines: string[], language: string, verbatim: boolean): string[] {
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

interface Attempt {
  /** Body written as is. */
  verbatim: boolean;
  /** Trailing blank lines moved to the `tail` extra. */
  tail: boolean;
  /** 0: key=value (or JSON when needed); 1: JSON with the title inside; 2: all metadata in `nbgit.metadata`. */
  meta: 0 | 1 | 2;
  /** Escape markers (nbgit) or not (exactly jupytext). */
  escape: boolean;
  /** Move a first-line `%%lang` magic to the marker (`language="R"`), as jupytext does. */
  cellMagic: boolean;
  /** Last resort: the source travels in `nbgit.source`, the body stays empty. */
  sourceExtra?: boolean;
}

/** Builds a cell's lines for one attempt. */
function cellLines(ctx: Ctx, cell: Cell, visible: JsonObject, baseExtras: CellExtras, a: Attempt): { lines: string[]; extras: CellExtras } {
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
  let lines = src === '' ? [''] : splitSourceLines(src);
  // with a.meta === 2 the cell's metadata is in nbgit.metadata and must not steer the layout
  const meta: JsonObject = a.meta === 2 ? {} : merged(visible);
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
  // with a.meta === 2 the cell's own metadata travels in nbgit.metadata: its `language` key is not a cell language then
  const cellLanguage = language ?? (a.meta !== 2 && typeof cell.metadata.language === 'string' ? cell.metadata.language : ctx.language);
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
  if (a.meta === 2) {
    // the cell's own metadata goes to nbgit.metadata; the marker keeps only what the writer added
    extras.metadata = merged(extras.metadata, visible);
    options = markerOptionsText(withExtras(meta), false, false);
  } else if (a.meta === 1) {
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
    let body = a.escape ? escapeCode(ctx, lines, cellLanguage, a.verbatim) : [...lines];
    if (!a.verbatim && g.commentMagics) body = commentMagics(body, cellLanguage, true, true);
    if (lines.length === 1 && lines[0] === '') return { lines: marker, extras };
    return { lines: [...marker, ...body], extras };
  }
  const cellMarker = typeof cell.metadata.cell_marker === 'string' ? cell.metadata.cell_marker : undefined;
  return { lines: [...marker, ...markdownToText(ctx, lines, cellMarker, a.escape)], extras };
}

function withoutLayoutKeys(m: JsonObject, keep: boolean): JsonObject {
  if (keep) return m;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(m)) if (!JUPYTEXT_CELL_METADATA.includes(k)) out[k] = v;
  copyNumberLexemes(m, out);
  return out;
}

const ATTEMPTS: Attempt[] = [true, false].flatMap((cellMagic) => [
  { verbatim: false, tail: false, meta: 0 as const, escape: true, cellMagic },
  { verbatim: false, tail: true, meta: 0 as const, escape: true, cellMagic },
  { verbatim: true, tail: false, meta: 0 as const, escape: true, cellMagic },
  { verbatim: true, tail: true, meta: 0 as const, escape: true, cellMagic },
]) as Attempt[];
const LAST_RESORT: Attempt = { verbatim: false, tail: false, meta: 0, escape: true, cellMagic: false, sourceExtra: true };

/**
 * Plans one cell: tries the jupytext layout first and checks by reading it back (with the
 * following line and the blank lines the layout will use); falls back to the `tail` and
 * `verbatim` extras and to other metadata encodings only when reading back would change the cell.
 */
function planCell(ctx: Ctx, cell: Cell, expectedMeta: JsonObject, visible: JsonObject, extras: CellExtras, following: LineAt, last: boolean): CellPlan {
  const ltn = cell.metadata.lines_to_next_cell;
  // a count of blank lines the layout can show (anything else travels in nbgit.metadata in lossless mode)
  const asked = isBlankCount(ltn) ? ltn : undefined;
  const src = joinSource(cell.source);
  // the blank lines the cell asks for, else (when those cannot be read back) PEP 8's, keeping the value in nbgit.metadata
  const layouts = asked === undefined ? [undefined] : [asked, undefined];
  const attempts = ctx.hydrogen ? ATTEMPTS.filter((x) => !x.cellMagic) : ATTEMPTS;
  for (const [base, linesToNextMeta] of [...attempts.flatMap((x) => layouts.map((l) => [x, l] as const)), ...layouts.map((l) => [LAST_RESORT, l] as const)]) {
    const layoutExtras: CellExtras =
      linesToNextMeta === asked || !ctx.lossless ? extras : { ...extras, metadata: merged(extras.metadata, { lines_to_next_cell: asked! }) };
    for (const meta of [0, 1, 2] as const) {
      const a = { ...base, meta };
      const built = cellLines(ctx, cell, visible, layoutExtras, a);
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
          const again = cellLines(ctx, cell, visible, { ...layoutExtras, metadata: merged(layoutExtras.metadata, missing) }, a);
          return { lines: again.lines, linesToNext: linesToNextMeta };
        }
      }
      if (jsonEqual(got, want)) return { lines: built.lines, linesToNext: linesToNextMeta, blanks: n };
    }
  }
  // Nothing reads back exactly (e.g. a `%%` code line in a language whose comment is `%`): write it as jupytext does.
  return {
    lines: cellLines(ctx, cell, visible, extras, { verbatim: false, tail: false, meta: 0, escape: true, cellMagic: !ctx.hydrogen }).lines,
    linesToNext: asked,
  };
}

/** The writer's output in parts: lines before the first cell, then each cell's lines and the blank lines after it. */
interface Written {
  /** `#!` and coding lines, the header, and the blank lines after it. */
  top: string[];
  /** Per cell (from `offset`): its lines, then `blanks` blank lines. */
  chunks: { lines: string[]; blanks: number }[];
  /** Index in the notebook of the cell of `chunks[0]` (1 when the first raw cell went into the header). */
  offset: number;
  /** The grammar used (its comment string, for respelling markers). */
  g: Grammar;
}

/** The file's lines (without the final newline) for a written notebook. */
function linesOf(w: Written): string[] {
  const out: string[] = [...w.top];
  for (const ch of w.chunks) {
    for (const l of ch.lines) out.push(l);
    for (let k = 0; k < ch.blanks; k++) out.push('');
  }
  // the file ends with one newline: the last blank line written is that newline
  if (out.length && out[out.length - 1] === '' && w.chunks.length && w.chunks[w.chunks.length - 1]!.blanks > 0) out.pop();
  return out;
}

/** The lines of chunk `i` in the file (blank lines after it included; the last one without the final newline). */
export function chunkSpan(w: Written, i: number): string[] {
  const ch = w.chunks[i]!;
  const last = i === w.chunks.length - 1;
  const n = last ? Math.max(0, ch.blanks - 1) : ch.blanks;
  const out = [...ch.lines];
  for (let k = 0; k < n; k++) out.push('');
  return out;
}

/** Joins file lines into the text: `eol` between lines, and a final newline unless `finalNewline` is false. */
function joinLines(lines: readonly string[], eol = '\n', finalNewline = true): string {
  if (lines.length === 0) return '';
  const text = lines.join(eol);
  return finalNewline ? text + eol : text;
}

/**
 * Writes a notebook as a percent script. With default options the text is byte-identical to
 * what jupytext writes (`jupytext --to <ext>:percent`, without the version line); where jupytext
 * would lose part of a cell, nbgit writes a little more so the cell reads back exactly. With
 * `lossless: true` everything jupytext filters out is kept too (see the format's README).
 * A notebook read from a script by `fromPercent` carries the script's spelling where it
 * differs from this output (`metadata.nbgit.percent`, see the format's README): it is written
 * as that script again, as long as the spelling still reads back to the same notebook.
 */
export function toPercent(nb: Notebook, options: ToPercentOptions = {}): string {
  const spelling = spellingOf(nb.metadata);
  if (!spelling) return joinLines(linesOf(writeParts(nb, options)));
  const ext = normalExtension(nb, options);
  const lossless = options.lossless === true;
  const self = comparable({ ...nb, metadata: withoutSpelling(nb.metadata) }, ext, lossless);
  let canonical: string | undefined;
  let reference: Notebook | undefined;
  // the whole spelling, else all but the header's (a header edited since), else none
  const variants: Spelling[] = [spelling];
  if (spelling.header !== undefined || spelling.header_blank_lines !== undefined) {
    const { header: _h, header_blank_lines: _b, ...rest } = spelling;
    variants.push(rest);
  }
  for (const sp of variants) {
    const text = (sp.bom ? '\uFEFF' : '') + joinLines(linesOf(writeParts(nb, options, sp)), sp.eol ?? '\n', sp.final_newline !== false);
    // the spelled script must read back to the notebook, or to what the writer's own script reads back to
    // (the spelling must not change the Hydrogen guess, the header's blank line...)
    const read = comparable(readPercent(text, { extension: ext }).nb, ext, lossless);
    if (jsonEqual(read, self)) return text;
    canonical ??= joinLines(linesOf(writeParts(nb, options)));
    if (text === canonical) return text;
    reference ??= comparable(readPercent(canonical, { extension: ext }).nb, ext, lossless);
    if (jsonEqual(read, reference)) return text;
  }
  return canonical ?? joinLines(linesOf(writeParts(nb, options)));
}

/**
 * A notebook as the spelling must keep it: all of it but `jupytext.text_representation` and (but
 * in lossless mode) jupytext's layout keys, which belong to the text, and with
 * `jupytext.formats` paired as the writer pairs it.
 */
function comparable(nb: Notebook, ext: string, lossless: boolean): Notebook {
  // jupytext's layout keys (cell_marker, lines_to_next_cell...) are the text's, unless written losslessly
  const cells = nb.cells.map((c) => ({ ...c, source: joinSource(c.source), metadata: withoutLayoutKeys(c.metadata, lossless) }) as Cell);
  return { ...nb, cells, metadata: pairedAsWritten(withoutTextRepresentation(nb.metadata), ext, lossless) };
}

/** `metadata` with `jupytext.formats` rewritten as the writer rewrites it (`py:light` -> `py:percent`), when it would. */
function pairedAsWritten(metadata: JsonObject, ext: string, lossless: boolean): JsonObject {
  const j = metadata.jupytext;
  if (lossless || !isJsonObject(j ?? null) || typeof (j as JsonObject).formats !== 'string') return metadata;
  const formats = rewriteFormats((j as JsonObject).formats as string, ext);
  return formats === (j as JsonObject).formats ? metadata : { ...metadata, jupytext: { ...(j as JsonObject), formats } };
}

function normalExtension(nb: Notebook, options: ToPercentOptions): string {
  const ext = options.extension ?? scriptExtension(nb.metadata) ?? '.py';
  return ext.startsWith('.') ? ext : `.${ext}`;
}

/**
 * Writes a notebook in parts (the `toPercent` layout), with `spelling` applied where it still
 * reads back to the same cells. Exported for `fromPercent`, which compares a script with it.
 */
export function writeParts(nb: Notebook, options: ToPercentOptions = {}, spelling?: Spelling): Written {
  const lossless = options.lossless === true;
  const ext = normalExtension(nb, options);
  const top0 = scriptTop(nb, {
    ext,
    lossless,
    formatName: 'percent',
    formatVersion: FORMAT_VERSION,
    textRepresentation: options.textRepresentation,
    jupytextVersion: options.jupytextVersion,
    recordedTextRepresentation: spelling?.text_representation,
    prepare: removeSpelling,
  });
  const { metadata, jupytext, language, customMagics, pre, header, headerMeta, cells, headerLinesToNext, ids } = top0;
  const hydrogen = spelling?.hydrogen === true;
  const commentMagicsOpt = hydrogen ? false : typeof jupytext.comment_magics === 'boolean' ? jupytext.comment_magics : true;
  const g = grammarFor(ext, language, commentMagicsOpt);

  // what the reader will see
  const readerKernel = obj(headerMeta.kernelspec);
  const readerMain = defaultLanguage(headerMeta, ext);
  const ctx: Ctx = {
    g,
    ext,
    lossless,
    nbMetadata: metadata,
    language,
    readerMain,
    readerHasKernelLanguage: 'language' in readerKernel,
    customMagics,
    cellMarkers: typeof jupytext.cell_markers === 'string' ? jupytext.cell_markers : undefined,
    json: jupytext.cell_metadata_json === true,
    hydrogen,
  };

  // cells, last to first (the blank lines after a cell depend on what follows)
  const offset = nb.cells.length - cells.length;
  const chunks: { lines: string[]; blanks: number }[] = new Array(cells.length);
  const following = (from: number): LineAt => {
    // lines after chunk `from - 1`, i.e. chunks[from...] with their blank lines
    let c = from;
    let base = 0;
    return (k) => {
      if (k < base) {
        c = from;
        base = 0;
      }
      while (c < chunks.length) {
        const ch = chunks[c]!;
        const len = ch.lines.length + ch.blanks;
        if (k < base + len) return k - base < ch.lines.length ? ch.lines[k - base] : '';
        base += len;
        c++;
      }
      return undefined;
    };
  };
  const lang: LanguageContext = { main: readerMain, hasKernelLanguage: ctx.readerHasKernelLanguage, customMagics };
  for (let i = cells.length - 1; i >= 0; i--) {
    const cell = cells[i]!;
    const visible = lossless ? withoutLayoutKeys(cell.metadata, false) : filterCellMetadata(cell.metadata, metadata, { keepInvalidKeys: true });
    const extras: CellExtras = {};
    if (ids.has(i + offset) && typeof cell.id === 'string') extras.id = cell.id;
    if ((cell.cell_type === 'markdown' || cell.cell_type === 'raw') && cell.attachments) extras.attachments = cell.attachments as JsonObject;
    const expected = lossless ? cell.metadata : visible;
    const plan = planCell(ctx, cell, expected, visible, extras, following(i + 1), i === cells.length - 1);
    const blanks = plan.linesToNext ?? plan.blanks ?? pep8LinesBetweenCells(plan.lines, following(i + 1), ext);
    chunks[i] = { lines: plan.lines, blanks };
    if (spelling) {
      const last = i === cells.length - 1;
      const spelled = spellCell(
        ctx,
        cell,
        expected,
        { lines: plan.lines, blanks },
        last,
        i === 0,
        spelling,
        spelling.cells?.[String(i + offset)],
        following(i + 1),
        lang,
      );
      if (spelled) chunks[i] = last ? { lines: spelled, blanks: 1 } : { lines: spelled, blanks: 0 };
    }
  }
  const top: string[] = [...pre, ...header];
  if (header.length) {
    const n = headerLinesToNext ?? pep8LinesBetweenCells(header, following(0), ext);
    for (let k = 0; k < n; k++) top.push('');
  }
  if (spelling?.header && isHeader(spelling.header, g)) return { top: [...spelling.header], chunks, offset, g };
  if (spelling?.header_blank_lines !== undefined && header.length) {
    while (top.length && top[top.length - 1] === '') top.pop();
    for (let k = 0; k < spelling.header_blank_lines; k++) top.push('');
  }
  return { top, chunks, offset, g };
}

/**
 * The lines of one cell as the spelling records them (the cell's own record, else the file's
 * marker spelling), when they read back to the same cell; undefined to keep the writer's lines.
 */
function spellCell(
  ctx: Ctx,
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
function isHeader(recorded: readonly string[], g: Grammar): boolean {
  try {
    const h = parseHeader(recorded, { comment: g.comment, suffix: g.suffix });
    const rest = recorded.slice(h.end);
    return rest.length === 0 || (rest.length === 1 && /^\s*$/.test(rest[0]!.startsWith(g.comment) ? rest[0]!.slice(g.comment.length) : rest[0]!));
  } catch {
    return false;
  }
}

export { finishCell };
