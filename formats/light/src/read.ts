/** Reading a light script into a notebook. */
import { cloneJson, copyNumberLexemes, isJsonObject, type JsonObject, NbgitError, type Notebook } from '@nbgit/core';
import { pep8LinesBetweenCells, type TextCell } from '@nbgit/percent';
import {
  assembleNotebook,
  type CellExtras,
  defaultLanguage,
  detachCellExtras,
  detachNotebookExtras,
  parseHeader,
  restoreCellLanguages,
  scriptLanguage,
  updateMetadataFilters,
} from '@nbgit/text';
import { arrayLines, type LightGrammar, lightGrammar, readLightCell } from './cells.js';
import { LIGHT_LAYOUT_KEYS } from './exporter.js';

/** Options of {@link fromLight}. */
export interface FromLightOptions {
  /** File name, for error messages; its extension is the script's extension unless `extension` is given. */
  file?: string;
  /** Script extension (`.py`, `.R`, `.jl`...). Default: from `file`, else `.py`. */
  extension?: string;
}

function extensionOf(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : undefined;
}

/** The extension to use: `options.extension`, else the file's, else `.py`, with its dot. */
export function lightExtension(options: { file?: string; extension?: string }): string {
  const ext = options.extension ?? extensionOf(options.file) ?? '.py';
  return ext.startsWith('.') ? ext : `.${ext}`;
}

/** Applies a cell's `nbgit` entry (held apart during the language step): whole source, tail, restored metadata. */
export function applyCellExtras(cell: TextCell, held: JsonObject): CellExtras {
  const extras = detachCellExtras(held);
  if (extras.source !== undefined) cell.source = extras.source;
  else if (extras.tail !== undefined) cell.source += extras.tail;
  Object.assign(cell.metadata, held);
  copyNumberLexemes(held, cell.metadata);
  return extras;
}

/** Takes the `nbgit` entry out of cell metadata. */
export function holdCellExtras(metadata: JsonObject): JsonObject {
  const held: JsonObject = {};
  if ('nbgit' in metadata) {
    held.nbgit = metadata.nbgit!;
    delete metadata.nbgit;
  }
  return held;
}

/**
 * Reads a light script (jupytext's `py:light`, and the same format for every script language
 * jupytext knows) into a notebook, as jupytext reads it, plus nbgit's `nbgit` extras. Cells get
 * deterministic ids. A script without a header is read as light (a paragraph per cell). Throws
 * an `ESYNTAX` `NbgitError` with the file, line and column for an invalid YAML header and for
 * marker-line metadata that is clearly broken JSON, and `EUSAGE` for an unknown extension.
 */
export function fromLight(text: string, options: FromLightOptions = {}): Notebook {
  const ext = lightExtension(options);
  const lang = scriptLanguage(ext);
  if (!lang) throw new NbgitError('EUSAGE', `no script language is known for the extension ${JSON.stringify(ext)}`, { file: options.file });
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  // a file whose every line ends with CRLF reads like jupytext reads it; elsewhere a `\r` belongs to the source
  if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text)) text = text.replaceAll('\r\n', '\n');
  const lines = text === '' ? [] : text.split('\n');
  if (text.endsWith('\n')) lines.pop();

  const header = parseHeader(lines, { comment: lang.comment, suffix: lang.commentSuffix, file: options.file });
  const metadata = header.metadata;
  const nbExtras = detachNotebookExtras(metadata);
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
  const commentMagics = typeof jupytext.comment_magics === 'boolean' ? jupytext.comment_magics : true;
  const g = lightGrammar(ext, language, commentMagics) as LightGrammar;
  const customMagics = typeof jupytext.custom_cell_magics === 'string' ? jupytext.custom_cell_magics.split(',') : [];

  const cells: TextCell[] = [];
  let pos = header.end;
  if (header.found) {
    let blank = 0;
    if (pos < lines.length && /^\s*$/.test(lines[pos]!.startsWith(lang.comment) ? lines[pos]!.slice(lang.comment.length) : lines[pos]!)) {
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
    }
  }
  const L = arrayLines(lines);
  let json = false;
  while (pos < lines.length) {
    const r = readLightCell(g, L, pos);
    if (r.invalid) throw new NbgitError('ESYNTAX', r.invalid.reason, { file: options.file, position: { line: r.invalid.line + 1, column: r.invalid.column } });
    if (r.json) json = true;
    cells.push(r.cell);
    pos = r.next;
  }
  return notebookOf(cells, metadata, nbExtras, { ext, hasJupyter: header.hasJupyter, customMagics, json, layoutKeys: LIGHT_LAYOUT_KEYS });
}

/** The notebook-level steps of reading a script: cell languages, extras, filters, ids. */
export function notebookOf(
  cells: TextCell[],
  metadata: JsonObject,
  nbExtras: ReturnType<typeof detachNotebookExtras>,
  o: { ext: string; hasJupyter: boolean; customMagics: string[]; json: boolean; layoutKeys?: readonly string[] },
): Notebook {
  const held = cells.map((c) => holdCellExtras(c.metadata));
  const jupytextBefore = cloneJson(metadata.jupytext);
  restoreCellLanguages(metadata, cells, o.ext, o.customMagics);
  // a file written losslessly (its header has an `nbgit` entry) carries the notebook's metadata as it is:
  // what the layout says (blank lines, end markers) is layout there, and the cell's own keys are in its extras
  const losslessFile = nbExtras.nbformat !== undefined || nbExtras.nbformat_minor !== undefined;
  if (losslessFile && o.layoutKeys) for (const c of cells) for (const k of o.layoutKeys) delete c.metadata[k];
  const extrasOf = cells.map((c, i) => applyCellExtras(c, held[i]!));
  const keys = new Set<string>();
  for (const c of cells) for (const k of Object.keys(c.metadata)) keys.add(k);
  if (losslessFile) {
    if (jupytextBefore === undefined) delete metadata.jupytext;
    else metadata.jupytext = jupytextBefore;
  } else updateMetadataFilters(metadata, o.hasJupyter, keys);
  if (o.json && !losslessFile && !o.hasJupyter) {
    if (!isJsonObject(metadata.jupytext ?? null)) metadata.jupytext = {};
    const j = metadata.jupytext as JsonObject;
    if (!('cell_metadata_json' in j)) j.cell_metadata_json = true;
  }
  const nb = assembleNotebook(metadata, nbExtras, cells, extrasOf);
  return nb;
}
