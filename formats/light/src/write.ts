/** Writing a notebook as a light script. */
import { type Cell, checkNotebook, copyNumberLexemes, isJsonObject, type JsonObject, joinSource, jsonEqual, type Notebook } from '@nbgit/core';
import { finishCell, type LanguageContext, type LineAt, linesAfter, merged, pep8LinesBetweenCells, scriptTop } from '@nbgit/percent';
import { type CellExtras, cellExtrasOf, defaultLanguage, filterCellMetadata, scriptExtension, scriptLanguage } from '@nbgit/text';
import { type LightGrammar, type Lines, lightGrammar, readLightCell } from './cells.js';
import { type Attempt, type CellText, composite, type ExportContext, exportCell, hasKeys, LIGHT_LAYOUT_KEYS, placeCell } from './exporter.js';
import { applyCellExtras, holdCellExtras } from './read.js';

/** Options of {@link toLight}. */
export interface ToLightOptions {
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

const FORMAT_VERSION = '1.5';

function obj(v: unknown): JsonObject {
  return isJsonObject((v ?? null) as never) ? (v as JsonObject) : {};
}

function without(m: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(m)) if (!keys.includes(k)) out[k] = v;
  copyNumberLexemes(m, out);
  return out;
}

const ATTEMPTS: Attempt[] = [true, false].flatMap((cellMagic) => [
  { explicit: false, tail: false, meta: 0 as const, cellMagic },
  { explicit: true, tail: false, meta: 0 as const, cellMagic },
  { explicit: true, tail: true, meta: 0 as const, cellMagic },
]);
const LAST_RESORT: Attempt = { explicit: true, tail: false, meta: 0, cellMagic: false, sourceExtra: true };

interface WriteContext extends ExportContext {
  reader: LightGrammar;
  lang: LanguageContext;
}

/** Reads back a placed cell followed by the rest of the file; true when it gives the cell back. */
function readsBack(w: WriteContext, cell: Cell, expected: JsonObject, placed: { lines: string[]; blanks: number }, following: LineAt, rest: number): boolean {
  const last = rest === 0;
  const seq: Lines = last
    ? composite(placed.lines, Math.max(0, placed.blanks - 1), () => undefined, 0)
    : composite(placed.lines, placed.blanks, following, rest);
  const r = readLightCell(w.reader, seq, 0);
  if (r.invalid || (last ? r.next < seq.length : r.next !== placed.lines.length + placed.blanks)) return false;
  const read = r.cell;
  const held = holdCellExtras(read.metadata);
  finishCell(read, w.lang);
  if (w.lossless) for (const k of LIGHT_LAYOUT_KEYS) delete read.metadata[k];
  const x = applyCellExtras(read, held);
  if (read.cell_type !== cell.cell_type || read.source !== joinSource(cell.source)) return false;
  const attachments = 'attachments' in cell ? cell.attachments : undefined;
  if (w.lossless || hasKeys(attachments)) {
    if (!jsonEqual(x.attachments, attachments)) return false;
  }
  if (w.lossless) return jsonEqual(read.metadata, cell.metadata);
  return jsonEqual(without(read.metadata, LIGHT_LAYOUT_KEYS), without(expected, LIGHT_LAYOUT_KEYS));
}

/** Plans one cell: jupytext's text when it reads back, else the first of nbgit's variants that does. */
function planCell(
  w: WriteContext,
  cell: Cell,
  expected: JsonObject,
  visible: JsonObject,
  extras: CellExtras,
  following: LineAt,
  rest: number,
): { lines: string[]; blanks: number } {
  const asked = cell.metadata.lines_to_next_cell;
  const layouts: (undefined | null)[] = typeof asked === 'number' ? [undefined, null] : [undefined];
  for (const base of [...ATTEMPTS, LAST_RESORT]) {
    for (const layout of layouts) {
      for (const meta of [0, 1, 2] as const) {
        const t: CellText = exportCell(w, cell, visible, extras, { ...base, meta });
        const placed = placeCell(w.g, t, following, layout);
        if (readsBack(w, cell, expected, placed, following, rest)) return placed;
      }
    }
  }
  return placeCell(w.g, exportCell(w, cell, visible, extras, ATTEMPTS[0]!), following);
}

/**
 * Writes a notebook as a light script (jupytext's `py:light`; `R:light`, `jl:light`... for other
 * languages). With default options the text is byte-identical to what jupytext writes (without
 * the version line) wherever jupytext's text reads back to the same cells; where it would not,
 * the cell gets explicit `# +`/`# -` markers or nbgit's `nbgit={...}` extras so that it does.
 * With `lossless: true` everything jupytext filters out is kept too (as in the percent format).
 */
export function toLight(nb: Notebook, options: ToLightOptions = {}): string {
  checkNotebook(nb, { name: 'toLight' });
  const lossless = options.lossless === true;
  let ext = options.extension ?? scriptExtension(nb.metadata) ?? '.py';
  if (!ext.startsWith('.')) ext = `.${ext}`;
  const top = scriptTop(nb, {
    ext,
    lossless,
    formatName: 'light',
    formatVersion: FORMAT_VERSION,
    textRepresentation: options.textRepresentation,
    jupytextVersion: options.jupytextVersion,
  });
  const { metadata, jupytext, language, customMagics, pre, header, headerMeta, cells, offset, headerLinesToNext, ids } = top;
  const commentMagics = typeof jupytext.comment_magics === 'boolean' ? jupytext.comment_magics : true;
  const extLanguage = scriptLanguage(ext)!.language;
  const readerJupytext = obj(headerMeta.jupytext);
  const readerMain = defaultLanguage(headerMeta, ext);
  const w: WriteContext = {
    g: lightGrammar(ext, language, commentMagics)!,
    probe: lightGrammar(ext, extLanguage, commentMagics)!,
    reader: lightGrammar(ext, readerMain ?? extLanguage, typeof readerJupytext.comment_magics === 'boolean' ? readerJupytext.comment_magics : true)!,
    lossless,
    language,
    customMagics,
    json: jupytext.cell_metadata_json === true,
    lang: {
      main: readerMain,
      hasKernelLanguage: 'language' in obj(headerMeta.kernelspec),
      customMagics: typeof readerJupytext.custom_cell_magics === 'string' ? readerJupytext.custom_cell_magics.split(',') : [],
    },
  };

  // cells, last to first: the blank lines after a cell, and its end marker, depend on what follows
  const chunks: { lines: string[]; blanks: number }[] = new Array(cells.length);
  const lengths: number[] = new Array(cells.length + 1).fill(0);
  const following = (from: number): LineAt => linesAfter(chunks, from);
  for (let i = cells.length - 1; i >= 0; i--) {
    const cell = cells[i]!;
    const visible = lossless ? without(cell.metadata, LIGHT_LAYOUT_KEYS) : filterCellMetadata(cell.metadata, metadata, { keepInvalidKeys: true });
    const extras = cellExtrasOf(cell, ids.has(i + offset), lossless);
    if (lossless) {
      const layout: JsonObject = {};
      for (const k of LIGHT_LAYOUT_KEYS) if (k in cell.metadata) layout[k] = cell.metadata[k]!;
      copyNumberLexemes(cell.metadata, layout);
      if (Object.keys(layout).length) extras.metadata = merged(layout);
    }
    // the rest of the file, without its final newline
    const lastChunk = chunks[cells.length - 1];
    const finalNewline = lastChunk !== undefined && (lastChunk.blanks > 0 || lastChunk.lines[lastChunk.lines.length - 1] === '');
    const restLength = i === cells.length - 1 ? 0 : Math.max(0, lengths[i + 1]! - (finalNewline ? 1 : 0));
    const placed = planCell(w, cell, lossless ? cell.metadata : visible, visible, extras, following(i + 1), restLength);
    chunks[i] = placed;
    lengths[i] = lengths[i + 1]! + placed.lines.length + placed.blanks;
  }
  const out: string[] = [...pre, ...header];
  if (header.length) {
    const n = headerLinesToNext ?? pep8LinesBetweenCells(header, following(0), ext);
    for (let k = 0; k < n; k++) out.push('');
  }
  for (const ch of chunks) {
    for (const l of ch.lines) out.push(l);
    for (let k = 0; k < ch.blanks; k++) out.push('');
  }
  // the file ends with one newline: the last blank line written is that newline
  const last = chunks[chunks.length - 1];
  if (out.length && out[out.length - 1] === '' && (last === undefined ? header.length > 0 : last.blanks > 0)) out.pop();
  return out.length ? `${out.join('\n')}\n` : '';
}
