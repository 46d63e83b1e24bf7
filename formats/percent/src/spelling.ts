/**
 * The spelling record: how a percent script was written where it differs from what `toPercent`
 * writes, so that `toPercent(fromPercent(text))` gives the text back byte for byte (also after a
 * trip through `.ipynb`), while notebooks that never were text are written exactly as jupytext
 * writes them.
 *
 * It is notebook metadata, `metadata.nbgit.percent`, made by `fromPercent` only when the script
 * deviates from the writer's output, and consumed (never written as metadata) by `toPercent`:
 *
 * ```json
 * "nbgit": {"percent": {
 *   "bom": true,              // the file starts with a byte order mark
 *   "eol": "\r\n",            // every line ends with CRLF
 *   "final_newline": false,   // the file does not end with a newline
 *   "hydrogen": true,         // magics stay uncommented and cell magics stay in the cell
 *   "marker": "#%%",          // how `<comment> %%` is spelled on marker lines
 *   "text_representation": {...}, // the header's jupytext.text_representation (dropped in .ipynb)
 *   "header_blank_lines": 0,  // blank lines between the header and the first cell
 *   "header": ["# ---", ...], // the lines before the first cell, as written (when more than that differs)
 *   "cells": {"3": {"marker": "# In[3]:", "lines": {"1": "x = 1"}}, "0": {"marker": null}}
 * }}
 * ```
 *
 * `cells` is keyed by the cell's index in the notebook. `marker` is the cell's first line as
 * written (`null`: the first cell had no marker); `lines` maps line numbers after the marker
 * (0-based, blank lines before the next cell included) to their text; `text` replaces all those
 * lines when their number differs. The writer uses a recorded spelling only while it still reads
 * back to the same notebook: a cell edited since keeps the writer's own spelling.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '@nbgit/core';

/** The metadata key under `nbgit` that holds a percent script's spelling. */
export const SPELLING_KEY = 'percent';

/** How one cell was written, where it differs from the writer's output. */
export interface CellSpelling {
  /** The first line as written; `null` when the (first) cell had no marker line. */
  marker?: string | null;
  /** Lines after the marker (0-based, blank lines before the next cell included) written differently. */
  lines?: Record<string, string>;
  /** All lines after the marker, when their number differs from the writer's. */
  text?: string[];
}

/** How a script was written, where it differs from the writer's output. */
export interface Spelling {
  bom?: true;
  eol?: '\r\n';
  final_newline?: false;
  hydrogen?: true;
  marker?: string;
  text_representation?: JsonObject;
  header_blank_lines?: number;
  header?: string[];
  cells?: Record<string, CellSpelling>;
}

function stringArray(v: JsonValue | undefined): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** The spelling record of a notebook's metadata, validated; undefined when there is none. */
export function spellingOf(metadata: JsonObject): Spelling | undefined {
  const nbgit = metadata.nbgit;
  if (!isJsonObject(nbgit ?? null)) return undefined;
  const v = (nbgit as JsonObject)[SPELLING_KEY];
  if (!isJsonObject(v ?? null)) return undefined;
  const r = v as JsonObject;
  const s: Spelling = {};
  if (r.bom === true) s.bom = true;
  if (r.eol === '\r\n') s.eol = '\r\n';
  if (r.final_newline === false) s.final_newline = false;
  if (r.hydrogen === true) s.hydrogen = true;
  if (typeof r.marker === 'string' && r.marker.includes('%%') && !/[\r\n]/.test(r.marker)) s.marker = r.marker;
  if (isJsonObject(r.text_representation ?? null)) s.text_representation = r.text_representation as JsonObject;
  if (typeof r.header_blank_lines === 'number' && Number.isInteger(r.header_blank_lines) && r.header_blank_lines >= 0 && r.header_blank_lines < 100)
    s.header_blank_lines = r.header_blank_lines;
  const header = stringArray(r.header);
  if (header) s.header = header;
  if (isJsonObject(r.cells ?? null)) {
    const cells: Record<string, CellSpelling> = {};
    for (const [k, c] of Object.entries(r.cells as JsonObject)) {
      if (!/^(0|[1-9][0-9]*)$/.test(k) || !isJsonObject(c ?? null)) continue;
      const cj = c as JsonObject;
      const cs: CellSpelling = {};
      if (typeof cj.marker === 'string' || cj.marker === null) cs.marker = cj.marker;
      const text = stringArray(cj.text);
      if (text) cs.text = text;
      else if (isJsonObject(cj.lines ?? null)) {
        const lines: Record<string, string> = {};
        for (const [n, l] of Object.entries(cj.lines as JsonObject)) if (/^(0|[1-9][0-9]*)$/.test(n) && typeof l === 'string') lines[n] = l;
        cs.lines = lines;
      }
      cells[k] = cs;
    }
    s.cells = cells;
  }
  return s;
}

/**
 * Notebook metadata without `jupytext.text_representation` (and without `jupytext` when nothing
 * else is in it). That block describes the text file, not the notebook: jupytext and
 * `nbgit convert` drop it on the way to `.ipynb`, so it is part of a script's spelling.
 * Returns `metadata` itself when it has no such block.
 */
export function withoutTextRepresentation(metadata: JsonObject): JsonObject {
  const j = metadata.jupytext;
  if (!isJsonObject(j ?? null) || !('text_representation' in (j as JsonObject))) return metadata;
  const jupytext: JsonObject = { ...(j as JsonObject) };
  delete jupytext.text_representation;
  const out: JsonObject = { ...metadata };
  if (Object.keys(jupytext).length) out.jupytext = jupytext;
  else delete out.jupytext;
  return out;
}

/** Removes the spelling record from notebook metadata (in place), and `nbgit` when nothing else is left in it. */
export function removeSpelling(metadata: JsonObject): void {
  const nbgit = metadata.nbgit;
  if (!isJsonObject(nbgit ?? null) || !(SPELLING_KEY in (nbgit as JsonObject))) return;
  const rest: JsonObject = { ...(nbgit as JsonObject) };
  delete rest[SPELLING_KEY];
  if (Object.keys(rest).length) metadata.nbgit = rest;
  else delete metadata.nbgit;
}

/** Notebook metadata without the spelling record (a copy when there was one). */
export function withoutSpelling(metadata: JsonObject): JsonObject {
  const nbgit = metadata.nbgit;
  if (!isJsonObject(nbgit ?? null) || !(SPELLING_KEY in (nbgit as JsonObject))) return metadata;
  const out: JsonObject = { ...metadata };
  removeSpelling(out);
  return out;
}

/** Stores a spelling record in notebook metadata (in place); false when a non-object `nbgit` key leaves no room. */
export function storeSpelling(metadata: JsonObject, spelling: Spelling): boolean {
  const nbgit = metadata.nbgit;
  if (nbgit !== undefined && !isJsonObject(nbgit)) return false;
  metadata.nbgit = { ...((nbgit as JsonObject | undefined) ?? {}), [SPELLING_KEY]: spelling as unknown as JsonObject };
  return true;
}

/**
 * The lines of a cell as `spelling` writes them, from the writer's lines `canonical` (marker line
 * first when `hasMarker`, then the body and the blank lines before the next cell). Undefined when
 * the record does not fit these lines.
 */
export function spelledLines(canonical: readonly string[], hasMarker: boolean, cell: CellSpelling): string[] | undefined {
  const rest = hasMarker ? canonical.slice(1) : [...canonical];
  let first: string[] = hasMarker ? [canonical[0]!] : [];
  if (cell.marker === null) first = [];
  else if (typeof cell.marker === 'string') first = [cell.marker];
  if (cell.text) return [...first, ...cell.text];
  if (cell.lines) {
    const out = [...rest];
    for (const [n, l] of Object.entries(cell.lines)) {
      const k = Number(n);
      if (k >= out.length) return undefined;
      out[k] = l;
    }
    return [...first, ...out];
  }
  return [...first, ...rest];
}

/** Spells the `<comment> %%` of a writer's marker line as `marker` (`#%%`); undefined when the line is no such marker. */
export function respellMarker(line: string, comment: string, marker: string): string | undefined {
  const indent = /^\s*/.exec(line)![0];
  const canonical = `${comment} %%`;
  if (!line.startsWith(canonical, indent.length)) return undefined;
  return indent + marker + line.slice(indent.length + canonical.length);
}
