/**
 * What text notebooks keep beyond jupytext: the `nbgit` entry, and deterministic cell ids.
 *
 * jupytext stores cell metadata on marker lines and notebook metadata in the YAML header, but
 * has no place for a cell's id or attachments, nor for the notebook's `nbformat_minor`. nbgit
 * reserves one key, `nbgit`, for them:
 *
 * - on a cell's marker line (or region/fence line): `nbgit={"id": "a1b2c3d4", "attachments": {...}}`,
 *   written last. Fields: `id` (only when the reader would not derive the same id, see
 *   {@link explicitIdIndexes}), `attachments` (markdown/raw cells), `metadata` (cell metadata keys
 *   restored verbatim on read: a genuine `nbgit` key, or jupytext layout keys such as
 *   `lines_to_next_cell` whose value the layout alone would not give back), `tail` (trailing
 *   blank lines of the source that the layout cannot show, appended on read) and `verbatim`
 *   (the body is the source as is, see the format's spec);
 * - in the header, as `jupyter: nbgit:` with fields `nbformat`, `nbformat_minor`, `fields` (other
 *   top-level notebook keys), `metadata` (a genuine notebook `nbgit` key) and `coding` (`metadata` or
 *   `added`: whether the script's `coding: utf-8` line is the notebook's `jupytext.encoding`).
 *
 * Readers always decode `nbgit`; writers emit it when it carries something. Everything else a
 * lossless writer keeps (language_info, ExecuteTime, collapsed, widgets...) is plain metadata,
 * written where jupytext would write it if its filters let it through.
 */
import {
  assignCellIds,
  type Cell,
  copyNumberLexemes,
  IdAllocator,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinSource,
  type Notebook,
  numberLexeme,
  rememberNumber,
} from '@nbgit/core';

/** The reserved metadata key. */
export const NBGIT_KEY = 'nbgit';

/** What a cell's `nbgit` entry carries. */
export interface CellExtras {
  /** The cell id, when the reader would not derive it. */
  id?: string;
  /** Markdown/raw cell attachments. */
  attachments?: JsonObject;
  /** Metadata keys restored verbatim on read. */
  metadata?: JsonObject;
  /** Text appended to the source as read: trailing blank or whitespace-only lines the layout cannot show. */
  tail?: string;
  /** The cell body is written as is (only marker-like lines escaped): no magics, string tracking or code-start escapes. */
  verbatim?: boolean;
  /** The whole source, when no layout of the body reads back exactly (the body is then left empty). */
  source?: string;
}

/** What the notebook's `nbgit` entry (under `jupyter:`) carries. */
export interface NotebookExtras {
  nbformat?: number;
  nbformat_minor?: number;
  /** Other top-level notebook keys. */
  fields?: JsonObject;
  /** Notebook metadata keys restored verbatim on read. */
  metadata?: JsonObject;
  /**
   * Where the script's `coding: utf-8` line comes from: `'metadata'` (the notebook's
   * `jupytext.encoding`) or `'added'` (the writer added it, as it does for non-Python notebooks
   * with non-ASCII text). Without it readers guess: the standard line is layout when the text
   * has non-ASCII characters.
   */
  coding?: 'metadata' | 'added';
}

/** `metadata` (a copy) plus `from[key]`, keeping the recorded kind of the numbers copied. */
function withKey(metadata: JsonObject | undefined, from: JsonObject, key: string): JsonObject {
  const out: JsonObject = { ...(metadata ?? {}) };
  if (metadata) copyNumberLexemes(metadata, out);
  out[key] = from[key]!;
  const lexeme = numberLexeme(from, key);
  if (lexeme !== undefined) rememberNumber(out, key, lexeme);
  return out;
}

function compact<T extends object>(o: T): T | undefined {
  const out: Record<string, unknown> = {};
  // an empty `attachments` is data (Jupyter writes `"attachments": {}`): the writers pass it only in lossless mode
  for (const [k, v] of Object.entries(o)) if (v !== undefined && (k === 'attachments' || !(isJsonObject(v) && Object.keys(v).length === 0))) out[k] = v;
  return Object.keys(out).length ? (out as T) : undefined;
}

/** `metadata` (a copy) with an `nbgit` entry last when `extras` carries anything; a genuine `nbgit` key moves into `nbgit.metadata`. */
function attachExtras<X extends { metadata?: JsonObject }>(metadata: JsonObject, extras: X): JsonObject {
  const out: JsonObject = { ...metadata };
  copyNumberLexemes(metadata, out);
  const x: X = { ...extras };
  if (NBGIT_KEY in out) {
    x.metadata = withKey(x.metadata, out, NBGIT_KEY);
    delete out[NBGIT_KEY];
  }
  const c = compact(x);
  if (c) out[NBGIT_KEY] = c as unknown as JsonObject;
  return out;
}

/** Removes `nbgit` from `metadata` (in place): `read` takes its own fields, then `nbgit.metadata` is restored. */
function detachExtras<X extends { metadata?: JsonObject }>(metadata: JsonObject, read: (v: JsonObject, x: X) => void): X {
  const v = metadata[NBGIT_KEY];
  if (v === undefined) return {} as X;
  delete metadata[NBGIT_KEY];
  if (!isJsonObject(v)) return { metadata: { [NBGIT_KEY]: v } } as unknown as X;
  const x = {} as X;
  read(v, x);
  if (isJsonObject(v.metadata)) {
    x.metadata = v.metadata;
    Object.assign(metadata, v.metadata);
    copyNumberLexemes(v.metadata, metadata);
  }
  return x;
}

/**
 * The metadata to write for a cell: `visible` plus, when `extras` carries anything, an `nbgit`
 * entry last. A genuine `nbgit` key of `visible` moves into `nbgit.metadata`. Returns a new object.
 */
export function attachCellExtras(visible: JsonObject, extras: CellExtras): JsonObject {
  return attachExtras(visible, extras);
}

/** The reading side of {@link attachCellExtras}: removes `nbgit` from `metadata` (in place) and returns what it carried. */
export function detachCellExtras(metadata: JsonObject): CellExtras {
  return detachExtras<CellExtras>(metadata, (v, x) => {
    if (typeof v.id === 'string') x.id = v.id;
    if (isJsonObject(v.attachments)) x.attachments = v.attachments;
    if (typeof v.tail === 'string') x.tail = v.tail;
    if (v.verbatim === true) x.verbatim = true;
    if (typeof v.source === 'string') x.source = v.source;
  });
}

/** Notebook metadata to write: `metadata` plus an `nbgit` entry when `extras` carries anything. Returns a new object. */
export function attachNotebookExtras(metadata: JsonObject, extras: NotebookExtras): JsonObject {
  return attachExtras(metadata, extras);
}

/** The reading side of {@link attachNotebookExtras}: removes `nbgit` from `metadata` (in place), restoring `nbgit.metadata`. */
export function detachNotebookExtras(metadata: JsonObject): NotebookExtras {
  return detachExtras<NotebookExtras>(metadata, (v, x) => {
    if (typeof v.nbformat === 'number') x.nbformat = v.nbformat;
    if (typeof v.nbformat_minor === 'number') x.nbformat_minor = v.nbformat_minor;
    if (isJsonObject(v.fields)) x.fields = v.fields;
    if (v.coding === 'metadata' || v.coding === 'added') x.coding = v.coding;
  });
}

/** The notebook-level extras a lossless writer records: nbformat version when not 4.5, and unknown top-level keys. */
export function notebookExtrasOf(nb: { nbformat: number; nbformat_minor: number; [key: string]: unknown }): NotebookExtras {
  const x: NotebookExtras = {};
  if (nb.nbformat !== 4) x.nbformat = nb.nbformat;
  if (nb.nbformat_minor !== 5) x.nbformat_minor = nb.nbformat_minor;
  const fields: JsonObject = {};
  for (const [k, v] of Object.entries(nb)) if (!['nbformat', 'nbformat_minor', 'metadata', 'cells'].includes(k)) fields[k] = v as JsonValue;
  copyNumberLexemes(nb, fields);
  if (Object.keys(fields).length) x.fields = fields;
  return x;
}

/**
 * Which cells need their id written so that a reader, which derives ids with `assignCellIds`
 * (content hashes, `-2`, `-3` for repeats, never reusing an id already present), gets every id
 * back. Cells without an id are never listed. Usually empty for notebooks whose ids nbgit made.
 * Linear in practice: each pass is linear, and passes stop once nothing changes (at most 4; then
 * every id is listed, which is always correct).
 */
export function explicitIdIndexes(cells: readonly Cell[]): Set<number> {
  const explicit = new Set<number>();
  for (let pass = 0; pass < 4; pass++) {
    const ids = new IdAllocator();
    for (const i of explicit) ids.reserve(cells[i]!.id as string);
    let changed = false;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (explicit.has(i) || typeof c.id !== 'string') continue;
      const id = ids.allocate(c.cell_type, joinSource(c.source));
      if (id !== c.id) {
        explicit.add(i);
        changed = true;
      }
    }
    if (!changed) return explicit;
  }
  for (let i = 0; i < cells.length; i++) if (typeof cells[i]!.id === 'string') explicit.add(i);
  return explicit;
}

/** Gives every cell without an id a deterministic one (see `assignCellIds` in ids.ts). Mutates and returns the cells. */
export function assignTextCellIds<C extends Cell>(cells: C[]): C[] {
  return assignCellIds(cells);
}

/** A cell as a text format read it: its type, final source and metadata (extras detached). */
export interface TextReadCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string;
  metadata: JsonObject;
}

/**
 * The notebook a text format read: `metadata`, the version and top-level fields of `nbExtras`
 * (4.5 by default), the cells as nbformat has them (code cells with no outputs) with the id and
 * attachments of their extras, and, from 4.5 on, ids for the cells that have none.
 */
export function assembleNotebook(metadata: JsonObject, nbExtras: NotebookExtras, cells: readonly TextReadCell[], extrasOf: readonly CellExtras[]): Notebook {
  const nb: Notebook = { cells: [], metadata, nbformat: nbExtras.nbformat ?? 4, nbformat_minor: nbExtras.nbformat_minor ?? 5 };
  if (nbExtras.fields) {
    Object.assign(nb, nbExtras.fields);
    copyNumberLexemes(nbExtras.fields, nb);
  }
  nb.cells = cells.map((c, i) => {
    const x = extrasOf[i]!;
    let cell: Cell;
    if (c.cell_type === 'code') cell = { cell_type: 'code', execution_count: null, metadata: c.metadata, outputs: [], source: c.source };
    else {
      cell = { cell_type: c.cell_type, metadata: c.metadata, source: c.source } as Cell;
      if (x.attachments) (cell as { attachments?: unknown }).attachments = x.attachments;
    }
    if (x.id !== undefined) cell.id = x.id;
    return cell;
  });
  if (nb.nbformat > 4 || (nb.nbformat === 4 && nb.nbformat_minor >= 5)) assignTextCellIds(nb.cells);
  return nb;
}

/**
 * The extras a text writer records for a cell: its id when `explicitId` (see
 * {@link explicitIdIndexes}), and the attachments of a markdown or raw cell (an empty `{}`
 * only when `lossless`).
 */
export function cellExtrasOf(cell: Cell, explicitId: boolean, lossless: boolean): CellExtras {
  const extras: CellExtras = {};
  if (explicitId && typeof cell.id === 'string') extras.id = cell.id;
  const attachments = cell.cell_type !== 'code' && 'attachments' in cell ? (cell.attachments as JsonObject | undefined) : undefined;
  if (attachments && (lossless || Object.keys(attachments).length > 0)) extras.attachments = attachments;
  return extras;
}
