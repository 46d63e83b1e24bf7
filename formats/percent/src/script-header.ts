/**
 * The part of a script that comes before its cells, shared by the script formats (percent,
 * light): the `#!` and coding lines, the YAML header with the notebook metadata (filtered as
 * jupytext filters it, or complete with nbgit's extras in lossless mode) and a first raw cell
 * `---\n...\n---` written inside it.
 */
import { type Cell, cloneJson, isJsonObject, type JsonObject, type JsonValue, joinSource, NbgitError, type Notebook } from '@nbgit/core';
import {
  attachNotebookExtras,
  defaultLanguage,
  explicitIdIndexes,
  filterNotebookMetadata,
  formatHeader,
  notebookExtrasOf,
  rewriteFormats,
  scriptLanguage,
} from '@nbgit/text';

/** Options of {@link scriptTop}. */
export interface ScriptTopOptions {
  /** Script extension with its dot. */
  ext: string;
  /** Keep all notebook metadata and nbgit's extras in the header. */
  lossless: boolean;
  /** jupytext's format name (`percent`, `light`) and version, for `text_representation` and `jupytext.formats`. */
  formatName: string;
  formatVersion: string;
  /** Write jupytext's `text_representation` block. */
  textRepresentation?: boolean;
  /** With it, also write this `jupytext_version`. */
  jupytextVersion?: string;
  /** A recorded `text_representation` block to write when the notebook has none. */
  recordedTextRepresentation?: JsonObject;
  /** Called with the cloned metadata before anything is read from it (percent removes its spelling record). */
  prepare?: (metadata: JsonObject) => void;
}

/** What {@link scriptTop} found and wrote. */
export interface ScriptTop {
  /** The notebook metadata as the writer sees it (a copy, with jupytext's entry cleaned). */
  metadata: JsonObject;
  /** `metadata.jupytext` (or `{}`). */
  jupytext: JsonObject;
  /** The notebook's default cell language for this extension. */
  language: string;
  /** `jupytext.custom_cell_magics`, split. */
  customMagics: string[];
  /** `#!` and coding lines. */
  pre: string[];
  /** The header lines (commented), `[]` when there is none. */
  header: string[];
  /** The metadata written in the header (what a reader will see). */
  headerMeta: JsonObject;
  /** The cells written after the header (without a first raw cell written inside it). */
  cells: Cell[];
  /** Index in the notebook of `cells[0]`. */
  offset: number;
  /** `lines_to_next_cell` of a first raw cell written in the header. */
  headerLinesToNext: number | undefined;
  /** Notebook indexes of the cells whose id must be written (lossless mode). */
  ids: Set<number>;
}

function obj(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v ?? null) ? (v as JsonObject) : {};
}

/** True for a `lines_to_next_cell` the layout can show: a small count of blank lines. */
export function isBlankCount(v: JsonValue | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1000;
}

/** The lines before a script's cells, and what the cell writer needs to know about the notebook. */
export function scriptTop(nb: Notebook, options: ScriptTopOptions): ScriptTop {
  const { ext, lossless } = options;
  const lang = scriptLanguage(ext);
  if (!lang) throw new NbgitError('EUSAGE', `no script language is known for the extension ${JSON.stringify(ext)}`);
  const comment = lang.comment;
  const suffix = lang.commentSuffix ?? '';
  const metadata = cloneJson(nb.metadata);
  options.prepare?.(metadata);
  let jupytext = obj(metadata.jupytext);
  if (typeof jupytext.formats === 'string' && !lossless) jupytext.formats = rewriteFormats(jupytext.formats, ext, options.formatName);

  // main language: dropped when the kernel says the same
  const mainLanguage = jupytext.main_language;
  const kernelLanguage = obj(metadata.kernelspec).language;
  const language = defaultLanguage(metadata, ext) ?? 'python';
  // (a lossless file keeps it: its reader takes the notebook's jupytext entry as it is)
  if (!lossless && mainLanguage !== undefined && mainLanguage === ((typeof kernelLanguage === 'string' && kernelLanguage) || lang.language))
    delete jupytext.main_language;
  const customMagics = typeof jupytext.custom_cell_magics === 'string' ? jupytext.custom_cell_magics.split(',') : [];

  // lines before the header
  const pre: string[] = [];
  let codingFromMetadata = false;
  let codingAdded = false;
  if (typeof jupytext.executable === 'string') {
    pre.push(`#!${jupytext.executable}`);
    delete jupytext.executable;
  }
  const autoCoding = `${comment} -*- coding: utf-8 -*-`;
  const nonAscii = language !== 'python' && nb.cells.some((c) => /[^\x00-\x7f]/.test(joinSource(c.source)));
  if (typeof jupytext.encoding === 'string') {
    pre.push(jupytext.encoding);
    // readers take the standard line as layout when the writer would add it anyway
    codingFromMetadata = jupytext.encoding === autoCoding && nonAscii;
    delete jupytext.encoding;
  } else if (nonAscii) {
    pre.push(autoCoding);
    codingAdded = true;
  }

  const ids = lossless ? explicitIdIndexes(nb.cells) : new Set<number>();

  // a first raw cell `---\n...\n---` becomes the header's root-level YAML
  let cells = nb.cells;
  let rootLines: string[] = [];
  let headerLinesToNext: number | undefined;
  const c0 = cells[0];
  if (c0 && c0.cell_type === 'raw') {
    const src = joinSource(c0.source);
    const lines = src.split('\n');
    const metaKeys = Object.keys(c0.metadata).filter((k) => k !== 'lines_to_next_cell');
    const exact =
      lines.length >= 2 &&
      /^---\s*$/.test(lines[0]!) &&
      /^---\s*$/.test(lines[lines.length - 1]!) &&
      !src.includes('\r') &&
      src === src.replace(/^[\n\t ]+|[\n\t ]+$/g, '') &&
      lines.slice(1, -1).every((l) => !/^---\s*$/.test(l) && !/^jupyter\s*:\s*$/.test(l)) &&
      metaKeys.length === 0 &&
      (c0.metadata.lines_to_next_cell === undefined || isBlankCount(c0.metadata.lines_to_next_cell)) &&
      !c0.attachments &&
      !ids.has(0);
    if (exact) {
      rootLines = lines.slice(1, -1);
      headerLinesToNext = typeof c0.metadata.lines_to_next_cell === 'number' ? c0.metadata.lines_to_next_cell : undefined;
      cells = cells.slice(1);
    }
  }

  // the script's version block, dropped on the way to .ipynb
  if (options.recordedTextRepresentation && !('text_representation' in jupytext)) jupytext.text_representation = cloneJson(options.recordedTextRepresentation);
  if (options.textRepresentation || options.jupytextVersion) {
    const tr: JsonObject = { extension: ext, format_name: options.formatName, format_version: options.formatVersion };
    if (options.jupytextVersion) tr.jupytext_version = options.jupytextVersion;
    jupytext.text_representation = tr;
  }
  if (Object.keys(jupytext).length) metadata.jupytext = jupytext;
  else delete metadata.jupytext;
  jupytext = obj(metadata.jupytext);

  let headerMeta: JsonObject;
  if (lossless) {
    // the `nbgit` entry always says the nbformat version: it also marks the file as written losslessly
    headerMeta = attachNotebookExtras(metadata, {
      ...notebookExtrasOf(nb),
      nbformat: nb.nbformat,
      nbformat_minor: nb.nbformat_minor,
      ...(codingFromMetadata ? { coding: 'metadata' as const } : codingAdded ? { coding: 'added' as const } : {}),
    });
  } else headerMeta = filterNotebookMetadata(metadata);
  const header = formatHeader(headerMeta, rootLines, { comment, suffix });
  return { metadata, jupytext, language, customMagics, pre, header, headerMeta, cells, offset: nb.cells.length - cells.length, headerLinesToNext, ids };
}
