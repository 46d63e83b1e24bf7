/**
 * nbformat 4 -> 3, as Jupyter's nbformat downgrades (`nbformat.v4.convert.downgrade`): the
 * cells go into a worksheet, `source`/`execution_count` of code cells become `input`/
 * `prompt_number` (with `language` and `collapsed`), a one-line markdown cell starting with
 * `#` becomes a heading cell, outputs get v3 names (`pyout`, `pyerr`, `stream`) and short keys
 * (`text`, `html`, `png`, ...), ids and attachments go, and `orig_nbformat` leaves the metadata.
 *
 * Unlike nbformat's, it is exact for a notebook that was nbformat 3: every cell and output
 * still equal to what the upgrade made of a v3 one is that v3 object itself (so the writer
 * keeps its bytes), a changed cell keeps its v3 kind (a heading edited stays a heading, a
 * markdown cell stays markdown) and language, and the worksheets and file layout are those
 * of the v3 notebook given as `like`.
 */
import { isJsonObject, type JsonObject, type JsonValue, joinSource, jsonEqual, type Notebook, sameItems, sortedKeys, splitLines } from '@nbgit/core';
import { upgradedFrom } from './origins.js';
import { withLayoutOf } from './remembered.js';
import { upgradeCell, upgradeOutput, v3Cells } from './upgrade.js';

/** Options of {@link downgradeV3}. */
export interface DowngradeOptions {
  /**
   * The nbformat 3 notebook the result stands for (usually `upgradedFrom` of one input):
   * its worksheets, top-level key order and file layout are the result's.
   */
  like?: JsonObject;
  /** The v3 cell or output a v4 one was upgraded from (default: {@link upgradedFrom}). */
  originOf?: (x: object) => JsonObject | undefined;
}

const SHORT: Record<string, string> = {
  'text/plain': 'text',
  'text/html': 'html',
  'image/svg+xml': 'svg',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'text/latex': 'latex',
  'application/json': 'json',
  'application/javascript': 'javascript',
  'application/pdf': 'pdf',
};

const HEADING = /^(#+)\s*(.*)$/s;

/**
 * The nbformat 3 notebook for an nbformat 4 one (see the module comment). Returns a v3
 * object typed as a notebook, as `fromIpynb(text, {legacy: 'keep'})` does; `toIpynb` writes
 * it. The input is not changed.
 */
export function downgradeV3(nb: Notebook, options: DowngradeOptions = {}): Notebook {
  const like = options.like;
  const originOf = options.originOf ?? upgradedFrom;
  const likeCells = like === undefined ? [] : v3Cells(like);
  const language = likeCells.find((c) => c.cell_type === 'code' && typeof c.language === 'string')?.language ?? 'python';
  const cells = nb.cells.map((c) => downgradeCell(c as unknown as JsonObject, originOf, language as string));
  const metadata: JsonObject = { ...(nb.metadata ?? {}) };
  delete metadata.orig_nbformat;
  delete metadata.orig_nbformat_minor;
  // what the upgrade took out of the metadata, back from the v3 notebook (or nbformat's default name)
  for (const k of ['name', 'signature']) if (!(k in metadata) && isJsonObject(like?.metadata) && k in like.metadata) metadata[k] = like.metadata[k]!;
  if (!('name' in metadata)) metadata.name = '';
  const worksheets = likeWorksheets(like, likeCells, cells);
  const out: Record<string, unknown> = {};
  const order = like === undefined ? ['metadata', 'nbformat', 'nbformat_minor', 'worksheets'] : Object.keys(like);
  for (const k of order) out[k] = undefined;
  for (const [k, v] of Object.entries(nb)) if (k !== 'cells' && k !== 'nbformat' && k !== 'nbformat_minor' && k !== 'metadata') out[k] = v;
  out.metadata = jsonEqual(metadata, like?.metadata) ? like!.metadata : metadata;
  out.nbformat = 3;
  out.nbformat_minor = typeof like?.nbformat_minor === 'number' ? like.nbformat_minor : 0;
  out.worksheets = worksheets;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  const result = out as unknown as Notebook;
  return like === undefined ? result : withLayoutOf(result, like);
}

/** The cells placed in `like`'s worksheets: each v3 cell of `like` in its own, a new cell in the one of the cell before it. */
function likeWorksheets(like: JsonObject | undefined, likeCells: readonly JsonObject[], cells: readonly JsonObject[]): JsonValue[] {
  const sheets = like !== undefined && Array.isArray(like.worksheets) ? like.worksheets.filter(isJsonObject) : [];
  if (sheets.length === 0) return [{ cells: cells as JsonValue[], metadata: {} }];
  const sheetOf = new Map<JsonObject, number>();
  let k = 0;
  sheets.forEach((ws, i) => {
    for (const c of Array.isArray(ws.cells) ? ws.cells : []) if (isJsonObject(c) && likeCells[k] === c) sheetOf.set(likeCells[k++]!, i);
  });
  const lists: JsonValue[][] = sheets.map(() => []);
  let current = 0;
  for (const c of cells) {
    current = sheetOf.get(c) ?? current;
    lists[current]!.push(c);
  }
  return sheets.map((ws, i) => {
    const same = Array.isArray(ws.cells) && sameItems(lists[i]!, ws.cells);
    return same ? ws : { ...ws, cells: lists[i]! };
  });
}

/** True when `v4` is what upgrading the v3 object `v3` gives (ids aside). */
function upgradesTo(v3: JsonObject, v4: JsonObject, upgrade: (o: JsonObject) => JsonObject): boolean {
  const up = upgrade(v3);
  const keys = new Set([...Object.keys(up), ...Object.keys(v4)]);
  keys.delete('id');
  for (const k of keys) if (!jsonEqual(up[k], v4[k])) return false;
  return true;
}

function downgradeCell(cell: JsonObject, originOf: (x: object) => JsonObject | undefined, language: string): JsonObject {
  const origin = originOf(cell);
  if (origin !== undefined && upgradesTo(origin, cell, upgradeCell)) return origin;
  const metadata: JsonObject = isJsonObject(cell.metadata) ? { ...cell.metadata } : {};
  const text = joinSource(cell.source as string | string[] | undefined);
  // the shape of the v3 text: the origin's, or lines as nbformat 3 writes them
  const shaped = (t: string, was: JsonValue | undefined): JsonValue => (typeof was === 'string' ? t : splitLines(t));
  const out: JsonObject = {};
  if (cell.cell_type === 'code') {
    out.cell_type = 'code';
    out.collapsed = typeof metadata.collapsed === 'boolean' ? metadata.collapsed : false;
    delete metadata.collapsed;
    out.input = shaped(text, origin?.input);
    out.language = typeof origin?.language === 'string' ? origin.language : language;
    out.metadata = metadata;
    const outputs = Array.isArray(cell.outputs) ? cell.outputs : [];
    out.outputs = outputs.map((o) => (isJsonObject(o) ? downgradeOutput(o, originOf) : o));
    const count = cell.execution_count;
    if (count !== null || (origin !== undefined && 'prompt_number' in origin)) out.prompt_number = count ?? null;
  } else if (cell.cell_type === 'markdown' && isHeading(text, origin)) {
    const [, hashes, title] = HEADING.exec(text)!;
    out.cell_type = 'heading';
    out.level = hashes!.length;
    out.metadata = metadata;
    out.source = shaped(title!, origin?.source);
  } else {
    out.cell_type = cell.cell_type ?? 'raw';
    out.metadata = metadata;
    out.source = shaped(text, origin?.source);
  }
  // keys nbformat 4 does not know, as the cell has them
  for (const [k, v] of Object.entries(cell)) if (!(k in out) && !V4_CELL_KEYS.has(k)) out[k] = v;
  return sortedKeys(out);
}

const V4_CELL_KEYS = new Set(['id', 'cell_type', 'metadata', 'source', 'outputs', 'execution_count', 'attachments']);

/** A markdown cell is a v3 heading when it was one, or (a new cell) when nbformat would make it one: one line starting with `#`. */
function isHeading(text: string, origin: JsonObject | undefined): boolean {
  if (text.includes('\n') || !HEADING.test(text)) return false;
  return origin === undefined ? true : origin.cell_type === 'heading';
}

function downgradeOutput(o: JsonObject, originOf: (x: object) => JsonObject | undefined): JsonObject {
  const origin = originOf(o);
  if (origin !== undefined && upgradesTo(origin, o, upgradeOutput)) return origin;
  const type = o.output_type;
  if (type === 'execute_result' || type === 'display_data') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(o)) if (k !== 'data' && k !== 'execution_count' && k !== 'output_type' && k !== 'metadata') out[k] = v;
    out.output_type = type === 'execute_result' ? 'pyout' : 'display_data';
    if (type === 'execute_result') out.prompt_number = (o.execution_count as JsonValue | undefined) ?? null;
    for (const [mime, v] of Object.entries(isJsonObject(o.data) ? o.data : {})) out[SHORT[mime] ?? mime] = mime === 'application/json' ? JSON.stringify(v) : v;
    const meta: JsonObject = {};
    for (const [mime, v] of Object.entries(isJsonObject(o.metadata) ? o.metadata : {})) meta[SHORT[mime] ?? mime] = v;
    out.metadata = meta;
    return sortedKeys(out);
  }
  if (type === 'error') return sortedKeys({ ...o, output_type: 'pyerr' });
  if (type === 'stream') {
    const { name, ...rest } = o;
    return sortedKeys({ ...rest, stream: name ?? 'stdout' });
  }
  return o;
}

/**
 * `nb`, made from `read` (a notebook `fromIpynb` returned), in the version of the file `read`
 * came from: when `fromIpynb` upgraded that file from nbformat 3, the nbformat 3 notebook
 * ({@link downgradeV3} like that file: cells still as read keep their bytes); otherwise `nb`
 * itself. What a tool writes back over a file it read keeps the file's version.
 */
export function inReadVersion(nb: Notebook, read: Notebook): Notebook {
  const like = upgradedFrom(read);
  return like === undefined ? nb : downgradeV3(nb, { like });
}
