/**
 * `patchNotebook`: applies a {@link NotebookDiff} to the notebook it was made from.
 */
import { type Cell, checkNotebook, isJsonObject, type JsonObject, type JsonValue, joinSource, NbgitError, type Notebook, type Output } from '@nbgit/core';
import { isMultiline, newSideOf, oldSideOf } from './text.js';
import type { CellChanges, KeyChange, NotebookDiff, OutputEntry } from './types.js';

/**
 * Applies a diff made by `diffNotebooks(a, b)` to `a` and returns the new notebook. With no
 * ignore option, the result deep-equals `b` (multi-line strings keep b's string-or-list
 * layout). Nothing in `a` is modified; the result shares unchanged cells and values with `a`.
 *
 * @param a - The notebook the diff was made from.
 * @param diff - The diff.
 * @returns The patched notebook.
 * @throws NbgitError (`ESCHEMA`) when the diff does not fit `a`: a cell or output index out of
 *   range, or a source whose old lines are not `a`'s.
 */
export function patchNotebook(a: Notebook, diff: NotebookDiff): Notebook {
  checkNotebook(a, { name: 'patchNotebook' });
  if (diff?.format !== 'nbgit-diff' || diff.version !== 1) {
    throw new NbgitError('ESCHEMA', 'not an nbgit diff (expected format "nbgit-diff", version 1)');
  }
  if (!Array.isArray(a?.cells)) throw new NbgitError('ENOTNOTEBOOK', 'notebook has no "cells" list', { path: 'cells' });
  const cells: Cell[] = [];
  for (const e of diff.cells) {
    switch (e.op) {
      case 'added':
        cells.push(e.cell);
        break;
      case 'removed':
        cellAt(a, e.a);
        break;
      case 'unchanged': {
        const cell = cellAt(a, e.a);
        cells.push(e.layout === undefined ? cell : patchCell(cell, e.layout, e.a));
        break;
      }
      case 'modified':
        cells.push(patchCell(cellAt(a, e.a), e.changes, e.a));
        break;
      default:
        throw new NbgitError('ESCHEMA', `unknown cell entry op ${JSON.stringify((e as { op: unknown }).op)}`, { path: 'cells' });
    }
  }
  const result = applyKeyChanges(a as unknown as JsonObject, diff.notebook, '') as unknown as Notebook;
  const out: Notebook = { ...result, cells };
  return reorder(out, a as unknown as JsonObject, 'cells');
}

function cellAt(a: Notebook, i: number): Cell {
  const cell = Number.isInteger(i) ? a.cells[i] : undefined;
  if (cell === undefined) {
    throw new NbgitError('ESCHEMA', `diff refers to cell ${i}, but the notebook has ${a.cells.length} cells`, { path: `cells[${i}]` });
  }
  return cell;
}

/** Keeps `key` where it was in `like` (object spread moves it to the end otherwise). */
function reorder<T extends object>(value: T, like: JsonObject, key: string): T {
  const keys = Object.keys(like);
  if (keys[keys.length - 1] === key || !keys.includes(key)) return value;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (Object.hasOwn(value, k)) out[k] = (value as Record<string, unknown>)[k];
  for (const k of Object.keys(value)) if (!Object.hasOwn(out, k)) out[k] = (value as Record<string, unknown>)[k];
  return out as T;
}

function patchCell(cell: Cell, ch: CellChanges, index: number): Cell {
  const c: Record<string, unknown> = { ...cell };
  const where = `cells[${index}]`;
  if (ch.cell_type) c.cell_type = ch.cell_type.new;
  if (ch.id) {
    if (ch.id.new === undefined) delete c.id;
    else c.id = ch.id.new;
  }
  if (ch.source) {
    const old = c.source;
    if (!isMultiline(old)) throw new NbgitError('ESCHEMA', `${where}.source is not text`, { path: `${where}.source` });
    const expected = oldSideOf(ch.source);
    const actual = joinSource(old);
    if (expected !== actual) {
      throw new NbgitError('ESCHEMA', `diff does not fit ${where}.source: its old lines differ from the notebook's`, { path: `${where}.source` });
    }
    c.source = newSideOf(old, ch.source);
  }
  if (ch.execution_count) {
    if (ch.execution_count.new === undefined) delete c.execution_count;
    else c.execution_count = ch.execution_count.new;
  }
  if (ch.outputs) c.outputs = patchOutputs(Array.isArray(c.outputs) ? (c.outputs as Output[]) : [], ch.outputs, where);
  if (ch.metadata) c.metadata = applyKeyChanges(isJsonObject(c.metadata) ? c.metadata : {}, ch.metadata, `${where}.metadata`);
  if (ch.attachments) c.attachments = applyKeyChanges(isJsonObject(c.attachments) ? c.attachments : {}, ch.attachments, `${where}.attachments`);
  let out = c;
  if (ch.other) out = applyKeyChanges(c as JsonObject, ch.other, where);
  return out as unknown as Cell;
}

function patchOutputs(old: Output[], entries: OutputEntry[], where: string): Output[] {
  const at = (i: number) => {
    const output = Number.isInteger(i) ? old[i] : undefined;
    if (output === undefined) {
      throw new NbgitError('ESCHEMA', `diff refers to ${where}.outputs[${i}], but the cell has ${old.length} outputs`, { path: `${where}.outputs[${i}]` });
    }
    return output;
  };
  const out: Output[] = [];
  for (const e of entries) {
    if (e.op === 'unchanged') out.push(at(e.a));
    else if (e.op === 'added') out.push(e.output);
    else if (e.op === 'modified') {
      at(e.a);
      out.push(e.new);
    } else if (e.op === 'removed') at(e.a);
  }
  return out;
}

/**
 * Applies key changes to an object, copying only the objects along changed paths.
 * A change with an empty path replaces (or removes) the value itself.
 */
function applyKeyChanges(root: JsonObject, changes: readonly KeyChange[], where: string): JsonObject {
  let result: JsonValue | undefined = root;
  const copied = new Set<object>();
  const own = (obj: JsonObject): JsonObject => {
    if (copied.has(obj)) return obj;
    const copy = { ...obj };
    copied.add(copy);
    return copy;
  };
  for (const change of changes) {
    const path = change.path;
    const last = path.at(-1);
    if (last === undefined) {
      result = change.op === 'removed' ? undefined : change.new;
      continue;
    }
    if (!isJsonObject(result)) throw new NbgitError('ESCHEMA', `diff does not fit ${where || 'the notebook'}: not an object`, { path: where });
    result = own(result);
    let parent: JsonObject = result;
    for (const [k, step] of path.slice(0, -1).entries()) {
      const child = parent[step];
      if (!isJsonObject(child)) {
        throw new NbgitError('ESCHEMA', `diff does not fit ${where}${where ? '.' : ''}${path.slice(0, k + 1).join('.')}: not an object`, { path: where });
      }
      const copy = own(child);
      parent[step] = copy;
      parent = copy;
    }
    if (change.op === 'removed') delete parent[last];
    else parent[last] = change.new;
  }
  return result as JsonObject;
}
