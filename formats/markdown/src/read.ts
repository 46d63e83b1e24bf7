/** Reading jupytext markdown into a notebook. */
import { type Cell, cloneJson, copyNumberLexemes, isJsonObject, type JsonObject, NbgitError, type Notebook } from '@nbgit/core';
import {
  assignTextCellIds,
  defaultLanguage,
  detachCellExtras,
  detachNotebookExtras,
  NBGIT_KEY,
  parseHeader,
  restoreCellLanguages,
  updateMetadataFilters,
} from '@nbgit/text';
import { readCells, type TextCell } from './cells.js';
import { BLANK, splitText, unescapeRegionLine } from './grammar.js';
import { BlockStructure } from './structure.js';

/** Options of {@link fromMarkdown}. */
export interface FromMarkdownOptions {
  /** File name used in error messages. */
  file?: string;
  /**
   * Keep cell options that cannot be read as jupytext does (as `incorrectly_encoded_metadata`)
   * instead of throwing an `ESYNTAX` error that points at them. Default false.
   */
  lenient?: boolean;
  /** Extra cell magics that name a language (jupytext's `custom_cell_magics`). */
  customCellMagics?: readonly string[];
}

/**
 * Reads a jupytext markdown notebook (`md` format): the YAML header, fenced code cells,
 * markdown between them, and `<!-- #region -->` / `<!-- #raw -->` regions. Cell text is cut
 * from the input as it is (nothing is re-serialised). Cells get deterministic ids. Pure.
 *
 * @param text The markdown text.
 * @param options File name for errors, leniency, custom cell magics.
 * @returns The notebook (nbformat 4.5 unless the file records another version).
 * @throws NbgitError `ESYNTAX` with file, line and column: a broken YAML header, unreadable cell options.
 */
export function fromMarkdown(input: string, options: FromMarkdownOptions = {}): Notebook {
  // A file whose every line ends in CRLF (git's autocrlf on Windows) is read as LF, as jupytext does.
  // nbgit never writes such a file: its structure lines always end in a bare LF.
  const text = isCrlfFile(input) ? input.replaceAll('\r\n', '\n') : input;
  // a byte order mark before a header, fence or region is the file's; before plain text it is the
  // first cell's (as jupytext reads it: Python's utf-8 codec keeps U+FEFF)
  const bom = /^\ufeff(---|```|~~~|<!--)/.test(text) ? 1 : 0;
  const { lines, starts } = splitText(text.slice(bom));
  const hidden = hiddenHeader(lines);
  const header = hidden
    ? { ...parseHeader(lines.slice(hidden.start), { comment: '', file: options.file, firstLine: hidden.start + 1 }), end: hidden.end }
    : parseHeader(lines, { comment: '', file: options.file });
  const metadata: JsonObject = header.metadata;
  const cells: Cell[] = [];
  let pos = header.end;
  if (header.found) {
    let headerGap = 1;
    if (pos < lines.length) {
      if (BLANK.test(lines[pos]!)) pos++;
      else headerGap = 0;
    } else headerGap = 0;
    if (header.rootLines.length) {
      cells.push({ cell_type: 'raw', metadata: headerGap === 1 ? {} : { lines_to_next_cell: headerGap }, source: `---\n${header.rootLines.join('\n')}\n---` });
    }
  }
  const lossless = isJsonObject(metadata[NBGIT_KEY]);
  const structure = new BlockStructure(text.slice(bom), lines, starts);
  const jt = isJsonObject(metadata.jupytext) ? metadata.jupytext : {};
  const textCells = readCells(lines, pos, structure, { mainLanguage: defaultLanguage(metadata, '.md'), splitAtHeading: jt.split_at_heading === true });
  let sawJson = false;
  for (const tc of textCells) {
    if (tc.invalid && !options.lenient) {
      throw new NbgitError('ESYNTAX', tc.invalid.reason, { file: options.file, position: { line: tc.start + 1, column: tc.invalid.column + 1 } });
    }
    if (tc.json && !Object.keys(tc.metadata).some((k) => k === NBGIT_KEY)) sawJson = true;
    cells.push(toCell(lines, tc));
  }
  const jupytextBefore = cloneJson(metadata.jupytext);
  restoreCellLanguages(metadata, cells as { metadata: JsonObject; source: string }[], '.md', options.customCellMagics ?? []);
  for (const cell of cells) {
    const x = detachCellExtras(cell.metadata);
    if (x.id !== undefined) cell.id = x.id;
    if (x.attachments !== undefined) (cell as { attachments?: JsonObject }).attachments = x.attachments;
  }
  if (lossless) {
    if (jupytextBefore === undefined) delete metadata.jupytext;
    else metadata.jupytext = jupytextBefore;
  } else {
    const keys = new Set<string>();
    for (const c of cells) for (const k of Object.keys(c.metadata)) keys.add(k);
    updateMetadataFilters(metadata, header.hasJupyter, keys);
    if (sawJson) {
      if (!isJsonObject(metadata.jupytext)) metadata.jupytext = {};
      const j = metadata.jupytext as JsonObject;
      if (!('cell_metadata_json' in j)) j.cell_metadata_json = true;
    }
  }
  const nbExtras = detachNotebookExtras(metadata);
  const nb: Notebook = { cells, metadata, nbformat: nbExtras.nbformat ?? 4, nbformat_minor: nbExtras.nbformat_minor ?? 5 };
  if (nbExtras.fields) Object.assign(nb, nbExtras.fields);
  if (nb.nbformat > 4 || (nb.nbformat === 4 && nb.nbformat_minor >= 5)) assignTextCellIds(cells);
  return nb;
}

function toCell(lines: readonly string[], tc: TextCell): Cell {
  let content = lines.slice(tc.from, tc.to);
  if (tc.kind === 'region') content = content.map(unescapeRegionLine);
  const source = content.join('\n');
  const metadata: JsonObject = { ...tc.metadata };
  copyNumberLexemes(tc.metadata, metadata);
  if (tc.linesToNextCell !== 1) metadata.lines_to_next_cell = tc.linesToNextCell;
  if (tc.kind === 'fence' && tc.language) metadata.language = tc.language;
  if (tc.cellType === 'code') return { cell_type: 'code', execution_count: null, metadata, outputs: [], source };
  if (tc.cellType === 'raw') return { cell_type: 'raw', metadata, source };
  return { cell_type: 'markdown', metadata, source };
}

/** True when the text has line ends and every one of them is CRLF. */
export function isCrlfFile(text: string): boolean {
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (text.charCodeAt(i - 1) !== 13) return false;
    lf++;
  }
  return lf > 0;
}

/**
 * jupytext's `hide_notebook_metadata`: the header inside an HTML comment (`<!--`, blank, `---`
 * ... `---`, blank, `-->`). Returns where the `---` header starts and the line after `-->`.
 */
function hiddenHeader(lines: readonly string[]): { start: number; end: number } | undefined {
  if (!lines[0]?.trim().startsWith('<!--') || lines[0].includes('-->')) return undefined;
  let k = 1;
  while (k < lines.length && BLANK.test(lines[k]!)) k++;
  if (!/^---\s*$/.test(lines[k] ?? '')) return undefined;
  const h = parseHeader(lines.slice(k), { comment: '' });
  if (!h.found) return undefined;
  let j = k + h.end;
  while (j < lines.length && BLANK.test(lines[j]!)) j++;
  if (!lines[j]?.includes('-->')) return undefined;
  return { start: k, end: j + 1 };
}
