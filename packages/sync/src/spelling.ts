/**
 * The records of how a text file was spelled (`metadata.nbgit.percent`: a percent script's
 * markers, line ending, byte order mark; jupytext's `jupytext.text_representation`) belong to
 * the text, never to the notebook: these helpers take them off a notebook read from text, put
 * an existing text file's records on a notebook about to be written over it, and update a
 * notebook from its text without them.
 */
import { copyNumberLexemes, isJsonObject, type JsonObject, type Notebook } from '@nbgit/core';
import { inReadVersion, withLayoutOf } from '@nbgit/ipynb';
import { updateNotebook } from './update.js';

/** `nb` without jupytext's `text_representation`, and `jupytext` when nothing else is left in it. */
function withoutTextRepresentation(nb: Notebook): Notebook {
  const j = nb.metadata.jupytext;
  if (!isJsonObject(j ?? null) || !('text_representation' in (j as object))) return nb;
  const copy = { ...(j as Record<string, unknown>) };
  copyNumberLexemes(j as object, copy);
  delete copy.text_representation;
  const metadata = { ...nb.metadata };
  copyNumberLexemes(nb.metadata, metadata);
  if (Object.keys(copy).length) metadata.jupytext = copy as JsonObject;
  else delete metadata.jupytext;
  return { ...nb, metadata };
}

/** `nb` without `metadata.nbgit.percent` (how a percent script was spelled), and `nbgit` when nothing else is left in it. */
function withoutSpellingRecord(nb: Notebook): Notebook {
  const nbgit = nb.metadata.nbgit;
  if (!isJsonObject(nbgit ?? null) || !('percent' in (nbgit as object))) return nb;
  const rest = { ...(nbgit as Record<string, unknown>) };
  delete rest.percent;
  const metadata = { ...nb.metadata };
  copyNumberLexemes(nb.metadata, metadata);
  if (Object.keys(rest).length) metadata.nbgit = rest as JsonObject;
  else delete metadata.nbgit;
  return { ...nb, metadata };
}

/** `nb` (read from text) without the records of how the text was spelled; `nb` itself when it has none. */
export function withoutTextRecords(nb: Notebook): Notebook {
  return withoutSpellingRecord(withoutTextRepresentation(nb));
}

/**
 * `nb` with the spelling records of `previous`, a text file's notebook (what that file holds
 * now), so that writing `nb` over the file keeps its spelling (CRLF, `#%%` markers, a jupytext
 * version header). `nb` itself when `previous` has none.
 */
export function withTextRecordsOf(nb: Notebook, previous: Notebook): Notebook {
  const record = isJsonObject(previous.metadata.nbgit ?? null) ? (previous.metadata.nbgit as Record<string, unknown>).percent : undefined;
  const pj = previous.metadata.jupytext;
  const representation = isJsonObject(pj ?? null) ? (pj as Record<string, unknown>).text_representation : undefined;
  if (record === undefined && representation === undefined) return nb;
  const metadata = { ...nb.metadata };
  copyNumberLexemes(nb.metadata, metadata);
  if (record !== undefined) metadata.nbgit = { ...(isJsonObject(metadata.nbgit ?? null) ? (metadata.nbgit as object) : {}), percent: record } as JsonObject;
  if (representation !== undefined)
    metadata.jupytext = {
      ...(isJsonObject(metadata.jupytext ?? null) ? (metadata.jupytext as object) : {}),
      text_representation: representation,
    } as JsonObject;
  return { ...nb, metadata };
}

/**
 * jupytext's `--update`: `previous` (an .ipynb notebook) with the cells of `fresh`, a notebook
 * read from a text file in `format` (see {@link withoutTextRecords}), keeping the outputs, ids
 * and metadata of the cells that did not change; writes like `previous` did, in its nbformat
 * version (a notebook read from nbformat 3 is given back as nbformat 3; 4.0-4.4 get no ids).
 */
export function updateFromText(previous: Notebook, fresh: Notebook, format: string): Notebook {
  return inReadVersion(withLayoutOf(updateNotebook(previous, fresh, format === 'percent' ? { spellingKey: 'percent' } : {}), previous), previous);
}
