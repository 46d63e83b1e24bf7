/**
 * Conflict markers left in cell sources after a merge, and nbgit's conflict flag
 * (`metadata.nbgit.conflicts`, set by the merge driver on every conflicted cell).
 *
 * A marker line is one that starts with 7 or more `<` or `>` (git's `<<<<<<< ours` /
 * `>>>>>>> theirs`; longer with `conflict-marker-size`), followed by nothing or by a space
 * or tab and a label. The `=======` and `|||||||` lines are not counted: `=======` also
 * underlines Markdown headings.
 */
import { isJsonObject } from '@nbgit/core';

/** A cell whose source still has conflict markers (see {@link findConflictMarkers}). */
export interface ConflictMarkers {
  /** Index of the cell, from 0 (counting on across nbformat 3 worksheets), as `nbgit diff` numbers cells. */
  cell: number;
  /** The cell's `cell_type` (`'?'` when it has none). */
  cellType: string;
  /** The cell's id, when it has a string one. */
  id?: string;
  /** Line of the first marker in the cell's source, from 1. */
  line: number;
  /** How many marker lines the source has. */
  markers: number;
  /** True when the cell also carries `metadata.nbgit.conflicts`. */
  flagged: boolean;
}

const MARKER = /^(?:<{7,}|>{7,})(?:[ \t][^\r\n]*)?$/gm;

/** The source of a cell as the file has it (a string or a list of strings); v3 code cells use `input`. */
function sourceOf(cell: Record<string, unknown>): unknown {
  return Object.hasOwn(cell, 'source') ? cell.source : cell.input;
}

const mayHold = (s: string): boolean => s.includes('<<<<<<<') || s.includes('>>>>>>>');

/**
 * Cheap test first: false when no line can be a marker line (no 7 `<` or `>` in a row).
 * A list of lines is checked item by item; items that do not end a line are joined first.
 */
function mayHaveMarkers(source: unknown): boolean {
  if (typeof source === 'string') return mayHold(source);
  if (!Array.isArray(source)) return false;
  for (let i = 0; i < source.length; i++) {
    const part = source[i];
    if (typeof part !== 'string') continue;
    if (mayHold(part)) return true;
    if (i < source.length - 1 && !part.endsWith('\n')) return mayHold(source.filter((p) => typeof p === 'string').join(''));
  }
  return false;
}

/** The marker lines of a source: the line of the first one (from 1) and their number; undefined when none. */
function scanSource(source: unknown): { line: number; markers: number } | undefined {
  if (!mayHaveMarkers(source)) return undefined;
  const text = typeof source === 'string' ? source : (source as unknown[]).filter((p) => typeof p === 'string').join('');
  let first = -1;
  let markers = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m !== null; m = MARKER.exec(text)) {
    if (first === -1) first = m.index;
    markers++;
  }
  if (markers === 0) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < first; i = text.indexOf('\n', i + 1)) line++;
  return { line, markers };
}

/** True when the source (a string or list of strings) has a `<<<<<<<` or `>>>>>>>` marker line. */
export function hasConflictMarkers(source: unknown): boolean {
  return scanSource(source) !== undefined;
}

/** True when a cell carries nbgit's conflict flag, `metadata.nbgit.conflicts`. */
export function hasConflictFlag(cell: unknown): boolean {
  if (!isJsonObject(cell) || !isJsonObject(cell.metadata)) return false;
  const ns = cell.metadata.nbgit;
  return isJsonObject(ns) && Object.hasOwn(ns, 'conflicts');
}

/**
 * The cells of a notebook (nbformat 4 `cells`, or nbformat 2/3 worksheets) whose source
 * still has conflict markers, in order. Pure and linear in the size of the sources; cells
 * without seven `<` or `>` in a row are skipped at once.
 */
export function findConflictMarkers(nb: object): ConflictMarkers[] {
  const root = nb as Record<string, unknown>;
  const lists: unknown[][] = [];
  if (Array.isArray(root.cells)) lists.push(root.cells);
  else if (Array.isArray(root.worksheets)) for (const ws of root.worksheets) if (isJsonObject(ws) && Array.isArray(ws.cells)) lists.push(ws.cells);
  const found: ConflictMarkers[] = [];
  let index = 0;
  for (const cells of lists) {
    for (const cell of cells) {
      const n = index++;
      if (!isJsonObject(cell)) continue;
      const hit = scanSource(sourceOf(cell));
      if (hit === undefined) continue;
      const m: ConflictMarkers = {
        cell: n,
        cellType: typeof cell.cell_type === 'string' ? cell.cell_type : '?',
        line: hit.line,
        markers: hit.markers,
        flagged: hasConflictFlag(cell),
      };
      if (typeof cell.id === 'string') m.id = cell.id;
      found.push(m);
    }
  }
  return found;
}

/** The key {@link strip} removes from a cell once its conflict markers are gone (keep it with `keepMetadataKeys`). */
export const CONFLICT_FLAG_KEY = 'cell.metadata.nbgit.conflicts';
