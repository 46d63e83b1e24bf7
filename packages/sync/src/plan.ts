/**
 * What `nbgit sync` does for one notebook and one text file of a pair, decided by content: both
 * files are compared with their last synced state (the text as it was after the last sync), not
 * by their timestamps.
 *
 * | notebook vs synced | text vs synced | result                                                    |
 * |--------------------|----------------|-----------------------------------------------------------|
 * | same               | same           | nothing to do                                             |
 * | same               | changed        | the notebook takes the text's cells (outputs kept)        |
 * | changed            | same           | the text is written again from the notebook               |
 * | changed            | changed        | three-way cell merge of the two edits; conflicts in cells |
 *
 * Pure: the caller reads the files and the synced state, and writes what the plan says.
 */
import { type Cell, isJsonObject, type JsonObject, type Notebook, sameItems } from '@nbgit/core';
import { withLayoutOf } from '@nbgit/ipynb';
import { type MergeConflict, mergeNotebooks } from '@nbgit/merge';
import { updateNotebook } from './update.js';

/** How a pair is read and written: the text format's reader and writer. */
export interface PairCodec {
  readText(text: string): Notebook;
  writeText(nb: Notebook): string;
}

/** The inputs of {@link planSync}. */
export interface SyncInput {
  /** The notebook, when the file exists. */
  notebook?: Notebook;
  /** The text file's content, when it exists. */
  text?: string;
  /** The text as it was after the last sync (or as committed), when known. */
  synced?: string;
}

/** What to do for one pair. */
export type SyncAction =
  | 'in-sync' // both files say the same
  | 'text-to-notebook' // the text changed: rebuild the notebook from it
  | 'notebook-to-text' // the notebook changed: write the text again
  | 'merge' // both changed: three-way merge
  | 'create-text' // no text file yet
  | 'create-notebook' // no notebook yet
  | 'undecided'; // both exist and differ, and no synced state says which changed

/** The plan for one pair. */
export interface SyncPlan {
  action: SyncAction;
  /** The notebook to write (when it changes). */
  notebook?: Notebook;
  /** The text to write (when it changes). */
  text?: string;
  /** Conflicts of a merge (marked inside the cells of `notebook` and `text`). */
  conflicts: MergeConflict[];
  /** 1-based numbers of the cells (in the text's order) where notebook and text differ. */
  differingCells: number[];
}

/** The text's cells put into `nb` (outputs, ids and hidden metadata of unchanged cells kept). */
function notebookFromText(nb: Notebook, textNb: Notebook): Notebook {
  const updated = updateNotebook(nb, textNb);
  return withLayoutOf({ ...updated, metadata: notebookMetadata(updated.metadata, nb.metadata) }, nb);
}

/**
 * Notebook metadata without what describes the text: nbgit's spelling records (`nbgit`) and
 * jupytext's `text_representation` (jupytext drops it from .ipynb files too), unless the
 * notebook itself had them.
 */
function notebookMetadata(metadata: JsonObject, own: JsonObject | undefined): JsonObject {
  const out = { ...metadata };
  if (own?.nbgit === undefined) delete out.nbgit;
  else out.nbgit = own.nbgit;
  const j = out.jupytext;
  const ownJ = own?.jupytext;
  if (isJsonObject(j ?? null) && (j as JsonObject).text_representation !== undefined) {
    const kept = isJsonObject(ownJ ?? null) ? (ownJ as JsonObject).text_representation : undefined;
    const copy = { ...(j as JsonObject) };
    if (kept === undefined) delete copy.text_representation;
    else copy.text_representation = kept;
    if (Object.keys(copy).length === 0) delete out.jupytext;
    else out.jupytext = copy;
  }
  return out;
}

/** Whether `updated` (from `updateNotebook(nb, ...)`) kept every cell of `nb` as it was. */
function sameCells(nb: Notebook, updated: Notebook): boolean {
  return sameItems(updated.cells, nb.cells);
}

/** 1-based cell numbers where `a` and `b` differ (by position, type and source). */
function differing(a: readonly Cell[], b: readonly Cell[]): number[] {
  const out: number[] = [];
  const src = (c: Cell | undefined) => (c === undefined ? undefined : `${c.cell_type}\0${Array.isArray(c.source) ? c.source.join('') : c.source}`);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (src(a[i]) !== src(b[i])) out.push(i + 1);
  return out;
}

/** The text of `nb` spelled as `previousText` was (its header block, jupytext's version lines). */
function textOf(nb: Notebook, codec: PairCodec, previous: Notebook | undefined): string {
  if (previous === undefined) return codec.writeText(nb);
  const metadata = { ...nb.metadata };
  if (previous.metadata.nbgit !== undefined) metadata.nbgit = previous.metadata.nbgit;
  const pj = previous.metadata.jupytext;
  const representation = isJsonObject(pj ?? null) ? (pj as JsonObject).text_representation : undefined;
  if (representation !== undefined)
    metadata.jupytext = { ...(isJsonObject(metadata.jupytext ?? null) ? (metadata.jupytext as JsonObject) : {}), text_representation: representation };
  return codec.writeText({ ...nb, metadata });
}

/** Decides what to do for one notebook/text pair. Throws the readers' typed errors. */
export function planSync(input: SyncInput, codec: PairCodec): SyncPlan {
  const { notebook, text, synced } = input;
  const none: SyncPlan = { action: 'in-sync', conflicts: [], differingCells: [] };
  if (notebook === undefined && text === undefined) return none;
  if (text === undefined) return { ...none, action: 'create-text', text: codec.writeText(notebook as Notebook) };
  const textNb = codec.readText(text);
  if (notebook === undefined) return { ...none, action: 'create-notebook', notebook: { ...textNb, metadata: notebookMetadata(textNb.metadata, undefined) } };

  const fromText = notebookFromText(notebook, textNb);
  if (sameCells(notebook, fromText)) return none;
  const differingCells = differing(notebook.cells, textNb.cells);

  if (synced === undefined) return { ...none, action: 'undecided', differingCells };
  const syncedNb = codec.readText(synced);
  const textChanged = synced !== text && !sameTextCells(syncedNb, textNb);
  const notebookChanged = !sameCells(notebook, notebookFromText(notebook, syncedNb));
  if (textChanged && !notebookChanged) return { ...none, action: 'text-to-notebook', notebook: fromText, differingCells };
  if (notebookChanged && !textChanged) return { ...none, action: 'notebook-to-text', text: textOf(notebook, codec, textNb), differingCells };
  // both changed: the synced state as the base of a three-way merge, in the notebook's own cells
  const base = notebookFromText(notebook, syncedNb);
  const result = mergeNotebooks({ base, local: notebook, remote: fromText });
  return { action: 'merge', notebook: result.notebook, text: textOf(result.notebook, codec, textNb), conflicts: result.conflicts, differingCells };
}

/** Whether two notebooks read from text have the same cells (type, source, metadata). */
function sameTextCells(a: Notebook, b: Notebook): boolean {
  if (a.cells.length !== b.cells.length) return false;
  return sameCells(a, updateNotebook(a, b));
}

/**
 * The cells (1-based, in the text's order) where `input.text`, a text file about to be
 * replaced, holds edits the notebook does not have: the text changed since it was last synced
 * (`input.synced`) in cells the notebook does not match. `undefined` when there are none, or
 * when the texts do not read (then they are no paired text to protect).
 */
export function unsyncedTextEdits(input: { notebook: Notebook; text: string; synced: string | undefined }, codec: PairCodec): number[] | undefined {
  if (input.synced === undefined || input.synced === input.text) return undefined;
  let plan: SyncPlan;
  try {
    plan = planSync(input, codec);
  } catch {
    return undefined;
  }
  return plan.action === 'text-to-notebook' || plan.action === 'merge' ? plan.differingCells : undefined;
}
