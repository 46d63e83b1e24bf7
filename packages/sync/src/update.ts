/**
 * Update mode (jupytext's `--update`): a notebook read from a text file (percent, markdown)
 * replaces the cells of the paired `.ipynb`, which keeps what text cannot carry.
 *
 * Cells are aligned with {@link alignCells}. For each cell of the incoming notebook:
 * - same type, source and text-visible metadata as its match: the previous cell object itself is
 *   reused (so `toIpynb` keeps its exact bytes: outputs, execution count, id, all metadata);
 * - matched but edited in place (similar source, or metadata edited in the text): the new
 *   source and metadata, with the previous cell's id, outputs, execution count (code cells),
 *   attachments and the metadata keys the text does not carry (jupytext's filtered keys);
 * - unmatched: the incoming cell as it is (its id made unique among the kept ids).
 * Notebook metadata: the incoming metadata plus the previous keys the text does not carry;
 * `nbformat`, `nbformat_minor` and other top-level keys come from the previous notebook.
 */
import {
  type Cell,
  checkNotebook,
  copyNumberLexemes,
  isJsonObject,
  type JsonObject,
  joinSource,
  jsonEqual,
  type Notebook,
  numberLexeme,
  rememberNumber,
  splitLines,
} from '@nbgit/core';
import { alignCells } from '@nbgit/diff';
import { DEFAULT_NOTEBOOK_METADATA, filterMetadata, IGNORED_CELL_METADATA, JUPYTEXT_CELL_METADATA } from '@nbgit/text';

function userFilter(metadata: JsonObject, key: 'notebook_metadata_filter' | 'cell_metadata_filter'): unknown {
  const j = metadata.jupytext;
  return isJsonObject(j ?? null) ? (j as JsonObject)[key] : undefined;
}

function withoutLayout(m: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(m)) if (!JUPYTEXT_CELL_METADATA.includes(k)) out[k] = v;
  copyNumberLexemes(m, out);
  return out;
}

/** The previous cell metadata the text could not carry, under the incoming notebook's filter. */
function hiddenCellMetadata(prev: JsonObject, filter: unknown): JsonObject {
  const visible = filterMetadata(prev, filter, IGNORED_CELL_METADATA.map((k) => `-${k}`).join(','), { keepInvalidKeys: true });
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(prev)) if (!(k in visible) && !JUPYTEXT_CELL_METADATA.includes(k)) out[k] = v;
  copyNumberLexemes(prev, out);
  return out;
}

/** The source in the previous cell's shape (list of lines when it used one). */
function shaped(source: string, like: Cell['source']): Cell['source'] {
  return Array.isArray(like) ? splitLines(source) : source;
}

/** Options of {@link updateNotebook}. */
export interface UpdateOptions {
  /**
   * The key under the notebook's `nbgit` metadata where the incoming text format records how
   * the text was spelled (`'percent'` for percent scripts, see @nbgit/percent). That record
   * describes the text, not the notebook: the result has none (neither `incoming`'s nor a
   * previous one an older nbgit left).
   */
  spellingKey?: string;
}

/**
 * Merges `incoming` (read from text) into `previous` (the paired notebook), keeping outputs,
 * execution counts, ids and filtered metadata of every cell that is unchanged or clearly the
 * same cell edited in place. Unchanged cells are the previous cell objects themselves. Pure:
 * neither argument is modified.
 *
 * @example
 * const updated = updateNotebook(fromIpynb(ipynbText), fromPercent(pyText), { spellingKey: 'percent' });
 * writeFile('x.ipynb', toIpynb(withLayoutOf(updated, previous)));
 */
export function updateNotebook(previous: Notebook, incoming: Notebook, options: UpdateOptions = {}): Notebook {
  checkNotebook(previous, { name: 'updateNotebook: previous' });
  checkNotebook(incoming, { name: 'updateNotebook: incoming' });
  const { matches } = alignCells(previous.cells, incoming.cells);
  const matchOf = new Int32Array(incoming.cells.length).fill(-1);
  for (const m of matches) matchOf[m.b] = m.a;
  const cellFilter = userFilter(incoming.metadata, 'cell_metadata_filter');

  const cells: Cell[] = [];
  const ids = new Set<string>();
  const pending: Cell[] = [];
  incoming.cells.forEach((inc, j) => {
    const i = matchOf[j]!;
    const prev = i >= 0 ? previous.cells[i] : undefined;
    if (!prev || prev.cell_type !== inc.cell_type) {
      const cell: Cell = { ...inc };
      if (prev && typeof prev.id === 'string') cell.id = prev.id;
      cells.push(cell);
      if (typeof cell.id === 'string' && !(prev && cell.id === prev.id)) pending.push(cell);
      else if (typeof cell.id === 'string') ids.add(cell.id);
      return;
    }
    const hidden = hiddenCellMetadata(prev.metadata, cellFilter);
    const incSource = joinSource(inc.source);
    const prevVisible = withoutLayout(
      filterMetadata(prev.metadata, cellFilter, IGNORED_CELL_METADATA.map((k) => `-${k}`).join(','), { keepInvalidKeys: true }),
    );
    const incVisible = withoutLayout(inc.metadata);
    for (const k of Object.keys(hidden)) delete incVisible[k];
    if (incSource === joinSource(prev.source) && jsonEqual(incVisible, withoutLayout(prevVisible)) && sameOrMissing(inc.metadata, prev.metadata)) {
      cells.push(prev);
      if (typeof prev.id === 'string') ids.add(prev.id);
      return;
    }
    // the text's layout keys (lines_to_next_cell...) too: without them the notebook would not
    // write the edited text back
    const metadata = overlay(hidden, inc.metadata);
    const cell = { ...prev, source: shaped(incSource, prev.source), metadata } as Cell;
    if (inc.cell_type !== 'code' && inc.attachments) (cell as { attachments?: unknown }).attachments = inc.attachments;
    cells.push(cell);
    if (typeof cell.id === 'string') ids.add(cell.id);
  });
  // the result keeps previous's nbformat: before 4.5, nbformat has no cell ids
  const withIds = !(previous.nbformat === 4 && typeof previous.nbformat_minor === 'number' && previous.nbformat_minor < 5);
  for (const cell of pending) {
    if (!withIds) {
      delete cell.id;
      continue;
    }
    let id = cell.id as string;
    for (let n = 2; ids.has(id); n++) id = `${cell.id}-${n}`;
    cell.id = id;
    ids.add(id);
  }

  // notebook metadata: incoming plus what the text could not carry
  const nbFilter = userFilter(incoming.metadata, 'notebook_metadata_filter');
  const visible = filterMetadata(previous.metadata, nbFilter, DEFAULT_NOTEBOOK_METADATA.join(','));
  const kept: JsonObject = {};
  for (const [k, v] of Object.entries(previous.metadata)) if (!(k in visible)) kept[k] = v;
  copyNumberLexemes(previous.metadata, kept);
  const metadata = overlay(kept, incoming.metadata);
  if (options.spellingKey !== undefined) {
    // how the text was spelled describes the text, never the notebook: neither side's record is kept
    const before = isJsonObject(previous.metadata.nbgit ?? null) ? (previous.metadata.nbgit as JsonObject) : undefined;
    const after = isJsonObject(incoming.metadata.nbgit ?? null) ? (incoming.metadata.nbgit as JsonObject) : undefined;
    if (before || after) {
      const rest = overlay(before ?? {}, after ?? {});
      delete rest[options.spellingKey];
      if (Object.keys(rest).length) metadata.nbgit = rest;
      else delete metadata.nbgit;
    }
  }
  const j = metadata.jupytext;
  if (isJsonObject(j ?? null) && 'text_representation' in (j as JsonObject)) {
    const copy = { ...(j as JsonObject) };
    delete copy.text_representation;
    if (Object.keys(copy).length) metadata.jupytext = copy;
    else delete metadata.jupytext;
  }
  const sameMetadata = jsonEqual(metadata, previous.metadata);
  return { ...previous, metadata: sameMetadata ? previous.metadata : metadata, cells };
}

/** `{ ...under, ...over }`, each number keeping the kind (`1.0`, big integer) it has on the side it came from. */
function overlay(under: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...under, ...over };
  for (const k of Object.keys(out)) {
    const lexeme = numberLexeme(Object.hasOwn(over, k) ? over : under, k);
    if (lexeme !== undefined) rememberNumber(out, k, lexeme);
  }
  return out;
}

function sameOrMissing(inc: JsonObject, prev: JsonObject): boolean {
  // keys the text carried (incoming) must equal the previous ones, layout keys aside
  for (const [k, v] of Object.entries(inc)) if (!JUPYTEXT_CELL_METADATA.includes(k) && !jsonEqual(v, prev[k])) return false;
  return true;
}
