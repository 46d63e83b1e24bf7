/** Reading a percent script into a notebook. */
import { cloneJson, copyNumberLexemes, escapeRegExp, isJsonObject, type JsonObject, NbgitError, type Notebook } from '@nbgit/core';
import {
  assembleNotebook,
  defaultLanguage,
  detachCellExtras,
  detachNotebookExtras,
  JUPYTER_LANGUAGES,
  parseHeader,
  restoreCellLanguages,
  scriptLanguage,
  splitCellMagic,
  updateMetadataFilters,
  usualLanguageName,
} from '@nbgit/text';
import { type Grammar, grammarFor, isMarker, readCell, type TextCell } from './cells.js';
import { isMagic } from './magics.js';
import { type LineAt, pep8LinesBetweenCells } from './pep8.js';
import { removeSpelling } from './spelling.js';
import { StringParser } from './strings.js';

/** Options of {@link fromPercent}. */
export interface FromPercentOptions {
  /** File name, for error messages; its extension is the script's extension unless `extension` is given. */
  file?: string;
  /** Script extension (`.py`, `.R`...). Default: from `file`, else `.py`. */
  extension?: string;
  /**
   * Uncomment commented magics (`# %matplotlib`). Default: true, except for files that look
   * like Hydrogen scripts (no header, `# %%` markers and uncommented magics), as jupytext guesses.
   */
  commentMagics?: boolean;
}

const BLANK = /^\s*$/;

function extensionOf(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : undefined;
}

/** jupytext's guess: a headerless script with markers and uncommented magics is a Hydrogen script. */
function looksLikeHydrogen(lines: readonly string[], g: Grammar, language: string): boolean {
  const c = escapeRegExp(g.comment);
  const dp = new RegExp(`^${c}( %%|%%)$`);
  const dps = new RegExp(`^${c}( %%|%%)\\s`);
  const nb = new RegExp(`^${c}( <codecell>| In\\[[0-9 ]*\\]:?)`);
  const parser = new StringParser(g.ext === '.r' || g.ext === '.R' ? 'R' : 'python');
  let markers = 0;
  let magics = 0;
  for (const line of lines) {
    parser.readLine(line);
    if (parser.isQuoted()) continue;
    if (dp.test(line) || dps.test(line) || nb.test(line)) markers++;
    if (!line.startsWith(g.comment) && isMagic(line, language)) magics++;
  }
  return markers >= 1 && magics > 0;
}

/** Language context of the notebook-level step that gives cells in other languages their `%%lang` magic back. */
export interface LanguageContext {
  main: string | undefined;
  hasKernelLanguage: boolean;
  customMagics: string[];
}

/**
 * The per-cell end of reading: applies the `nbgit` extras (`tail`, restored metadata) and puts
 * back a cell magic for a cell marked `language="R"` in a notebook of another language.
 */
export function finishCell(cell: TextCell, lang: LanguageContext): { cell: TextCell; extras: ReturnType<typeof detachCellExtras> } {
  const held = holdExtras(cell.metadata);
  const main = lang.main ?? 'python';
  const language = cell.metadata.language;
  if (typeof language === 'string') {
    if (language === main) delete cell.metadata.language;
    else if (usualLanguageName(language) !== main && (JUPYTER_LANGUAGES.has(language) || lang.customMagics.includes(language))) {
      delete cell.metadata.language;
      const magic = main !== 'csharp' ? '%%' : '#!';
      if ('magic_args' in cell.metadata) {
        const args = cell.metadata.magic_args;
        delete cell.metadata.magic_args;
        cell.source = `${magic}${language} ${typeof args === 'string' ? args : JSON.stringify(args)}\n${cell.source}`;
      } else cell.source = `${magic}${language}\n${cell.source}`;
    }
  }
  const extras = applyExtras(cell, held);
  return { cell, extras };
}

/** Takes the `nbgit` entry out of cell metadata, to apply after the cell-language step. */
function holdExtras(metadata: JsonObject): JsonObject {
  const held: JsonObject = {};
  if ('nbgit' in metadata) {
    held.nbgit = metadata.nbgit!;
    delete metadata.nbgit;
  }
  return held;
}

/** Applies a held `nbgit` entry: whole source, tail, restored metadata keys. */
function applyExtras(cell: TextCell, held: JsonObject): ReturnType<typeof detachCellExtras> {
  const extras = detachCellExtras(held);
  if (extras.source !== undefined) cell.source = extras.source;
  else if (extras.tail !== undefined) cell.source += extras.tail;
  Object.assign(cell.metadata, held);
  copyNumberLexemes(held, cell.metadata);
  return extras;
}

/**
 * Reads back one cell as the writer laid it out: its lines, `blanks` blank lines, then the
 * following lines (undefined for the last cell of the file). Used by the writer to check
 * that a cell round-trips. Undefined when the lines do not form exactly one cell.
 */
export function readOneForCheck(
  g: Grammar,
  lines: readonly string[],
  blanks: number,
  following: LineAt | undefined,
  lang: LanguageContext,
): TextCell | undefined {
  const arr: string[] = [...lines];
  if (following) {
    for (let k = 0; k < blanks; k++) arr.push('');
    const f0 = following(0);
    if (f0 !== undefined) arr.push(f0);
  } else {
    for (let k = 0; k < blanks - 1; k++) arr.push('');
  }
  const extra: LineAt | undefined = following ? (k) => following(k + 1) : undefined;
  const r = readCell(g, arr, 0, verbatimOf, extra);
  if (following ? r.next !== lines.length + blanks : r.next !== arr.length) return undefined;
  const out = finishCell(r.cell, lang).cell;
  if (r.invalid) return undefined;
  return out;
}

/**
 * Reads back one cell from its exact lines `span` (marker, body, and the blank lines before the
 * next cell), followed by the following lines (undefined for the last cell of the file). Used by
 * the writer to check a recorded spelling. Undefined when the lines do not form exactly one cell.
 */
export function readSpanForCheck(g: Grammar, span: readonly string[], following: LineAt | undefined, lang: LanguageContext): TextCell | undefined {
  if (span.length === 0) return undefined;
  const arr: string[] = [...span];
  if (following) {
    const f0 = following(0);
    if (f0 !== undefined) arr.push(f0);
  }
  const extra: LineAt | undefined = following ? (k) => following(k + 1) : undefined;
  const r = readCell(g, arr, 0, verbatimOf, extra);
  if (r.next !== span.length || r.invalid) return undefined;
  return finishCell(r.cell, lang).cell;
}

function verbatimOf(metadata: JsonObject): boolean {
  const x = metadata.nbgit;
  return isJsonObject(x ?? null) && (x as JsonObject).verbatim === true;
}

/** Where the parts of a percent script are, as {@link readPercent} found them (to compare with what the writer writes). */
export interface ReadLayout {
  /** The script's extension. */
  ext: string;
  /** The file's lines, CRLF line ends read as LF, without the final newline. */
  lines: string[];
  /** The file started with a byte order mark (not part of the lines). */
  bom: boolean;
  /** Every line of the file ended with CRLF. */
  crlf: boolean;
  /** The file ended with a newline (or was empty). */
  finalNewline: boolean;
  /** Index of the first line of the first cell (after the header and its blank line). */
  cellsStart: number;
  /** For each notebook cell, the index of its first line; -1 for the raw cell read from the header. */
  starts: number[];
  /** For each notebook cell, whether its first line is a marker. */
  markers: boolean[];
  /** Magics were read uncommented because the file looks like a Hydrogen script (no option or metadata said so). */
  hydrogen: boolean;
  /** The header has nbgit's lossless entry. */
  lossless: boolean;
}

/**
 * Reads a percent script into a notebook, and says where each part was. The reading side of
 * `fromPercent`, without the record of the script's spelling (see spelling.ts).
 */
export function readPercent(text: string, options: FromPercentOptions = {}): { nb: Notebook; layout: ReadLayout } {
  let ext = options.extension ?? extensionOf(options.file) ?? '.py';
  if (!ext.startsWith('.')) ext = `.${ext}`;
  const lang = scriptLanguage(ext);
  if (!lang) throw new NbgitError('EUSAGE', `no script language is known for the extension ${JSON.stringify(ext)}`, { file: options.file });
  // a file whose every line ends with CRLF (a Windows checkout) reads like jupytext reads it, with LF
  // line ends; in other files a `\r` before `\n` belongs to the source (nbgit writes CRLF sources so)
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  if (crlf) text = text.replaceAll('\r\n', '\n');
  const lines = text === '' ? [] : text.split('\n');
  const finalNewline = text === '' || text.endsWith('\n');
  if (text.endsWith('\n')) lines.pop();

  const header = parseHeader(lines, { comment: lang.comment, suffix: lang.commentSuffix, file: options.file });
  const metadata = header.metadata;
  const nbExtras = detachNotebookExtras(metadata);
  // a spelling record is never read from text (the writer consumes it): `fromPercent` makes it from the file itself
  removeSpelling(metadata);
  // the standard coding line of a non-Python script with non-ASCII text is layout (writers add it), not metadata
  const j0 = isJsonObject(metadata.jupytext ?? null) ? (metadata.jupytext as JsonObject) : undefined;
  const layoutCoding =
    nbExtras.coding === 'added' ||
    (nbExtras.coding === undefined &&
      j0?.encoding === `${lang.comment} -*- coding: utf-8 -*-` &&
      (defaultLanguage(metadata, ext) ?? lang.language) !== 'python' &&
      /[^\x00-\x7f]/.test(text));
  if (j0 && layoutCoding) {
    delete j0.encoding;
    if (!Object.keys(j0).length) delete metadata.jupytext;
  }
  const language = defaultLanguage(metadata, ext) ?? lang.language;
  const jupytext = isJsonObject(metadata.jupytext ?? null) ? (metadata.jupytext as JsonObject) : {};
  let commentMagics = options.commentMagics;
  let hydrogen = false;
  if (commentMagics === undefined) {
    if (typeof jupytext.comment_magics === 'boolean') commentMagics = jupytext.comment_magics;
    else {
      hydrogen = !header.hasJupyter && looksLikeHydrogen(lines, grammarFor(ext, language), language);
      commentMagics = !hydrogen;
    }
  }
  const g = grammarFor(ext, language, commentMagics);
  const customMagics = typeof jupytext.custom_cell_magics === 'string' ? jupytext.custom_cell_magics.split(',') : [];

  const cells: TextCell[] = [];
  const starts: number[] = [];
  const markers: boolean[] = [];
  let pos = header.end;
  if (header.found) {
    let blank = 0;
    if (pos < lines.length && BLANK.test(lines[pos]!.startsWith(lang.comment) ? lines[pos]!.slice(lang.comment.length) : lines[pos]!)) {
      blank = 1;
      pos++;
    }
    if (header.rootLines.length) {
      const expected = pep8LinesBetweenCells(['---'], (k) => lines[pos + k], ext);
      cells.push({
        cell_type: 'raw',
        source: ['---', ...header.rootLines, '---'].join('\n'),
        metadata: blank === expected ? {} : { lines_to_next_cell: blank },
      });
      starts.push(-1);
      markers.push(false);
    }
  }
  const cellsStart = pos;
  let json = false;
  while (pos < lines.length) {
    starts.push(pos);
    markers.push(isMarker(g, lines[pos]!));
    const r = readCell(g, lines, pos, verbatimOf);
    if (r.invalid) {
      throw new NbgitError('ESYNTAX', r.invalid.reason, { file: options.file, position: { line: r.invalid.line + 1, column: r.invalid.column } });
    }
    // the JSON form says `cell_metadata_json` only when nothing else required it (keys that cannot be written as key=value)
    if (r.json && Object.keys(r.cell.metadata).every((k) => /^[a-zA-Z0-9_.@/-]+$/.test(k))) json = true;
    cells.push(r.cell);
    pos = r.next;
  }

  const held = cells.map((c) => holdExtras(c.metadata));
  const jupytextBefore = cloneJson(metadata.jupytext);
  restoreCellLanguages(metadata, cells, ext, customMagics);
  const extrasOf = cells.map((c, i) => applyExtras(c, held[i]!));
  const keys = new Set<string>();
  for (const c of cells) for (const k of Object.keys(c.metadata)) keys.add(k);
  // a file written losslessly (its header has an `nbgit` entry) carries the notebook's metadata as it is
  const losslessFile = nbExtras.nbformat !== undefined || nbExtras.nbformat_minor !== undefined;
  if (losslessFile) {
    // the notebook's jupytext entry as it was (no main_language added for a notebook without kernelspec)
    if (jupytextBefore === undefined) delete metadata.jupytext;
    else metadata.jupytext = jupytextBefore;
  } else updateMetadataFilters(metadata, header.hasJupyter, keys);
  if (json && !losslessFile && !header.hasJupyter) {
    if (!isJsonObject(metadata.jupytext ?? null)) metadata.jupytext = {};
    const j = metadata.jupytext as JsonObject;
    if (!('cell_metadata_json' in j)) j.cell_metadata_json = true;
  }

  const nb = assembleNotebook(metadata, nbExtras, cells, extrasOf);
  return { nb, layout: { ext, lines, bom, crlf, finalNewline, cellsStart, starts, markers, hydrogen, lossless: losslessFile } };
}

export { splitCellMagic };
