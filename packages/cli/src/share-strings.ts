/**
 * Holding two or three versions of one notebook in memory once: a notebook without its file
 * layout, and strings of one version made those of another where they are equal (merge).
 */
import { type JsonObject, jsonEqual, type Notebook } from '@nbgit/core';

/** A copy of an nbformat 4 notebook's root object: it has no file layout (the text goes with the original). */
export function withoutLayout(nb: Notebook): Notebook {
  return nb.nbformat === 4 ? { ...nb } : nb;
}

/** Strings shorter than this are not worth sharing (the walk compares the others). */
const SHARED_LENGTH = 256;

/** Gives `nb` the strings of `like` where they are equal at the same place; returns `nb`. */
export function shareStrings(nb: Notebook, like: Notebook): Notebook {
  if (!Array.isArray(nb.cells) || !Array.isArray(like.cells) || nb === like) return nb;
  const shareCell = cellSharer(like);
  const mine = nb.cells as unknown[];
  for (let i = 0; i < mine.length; i++) {
    const c = mine[i];
    if (typeof c === 'object' && c !== null) shareCell(c as Record<string, unknown>, i);
  }
  return nb;
}

/**
 * {@link shareStrings} cell by cell: a function giving the `i`th cell of another version of
 * `like` the strings of its cell with the same id (else the `i`th), where they are equal at the
 * same place (for a notebook read cell by cell).
 */
export function cellSharer(like: Notebook): (cell: Record<string, unknown>, i: number) => undefined {
  const cells = (Array.isArray(like.cells) ? like.cells : []) as unknown[];
  const byId = new Map<unknown, unknown>();
  for (const c of cells) if (typeof c === 'object' && c !== null && typeof (c as { id?: unknown }).id === 'string') byId.set((c as { id: string }).id, c);
  return (c, i) => {
    const id = c.id;
    const other = (typeof id === 'string' ? byId.get(id) : undefined) ?? cells[i];
    if (typeof other === 'object' && other !== null && other !== c) share(c, other as Record<string, unknown>, 0);
    return undefined;
  };
}

function share(a: Record<string, unknown> | unknown[], b: Record<string, unknown> | unknown[], depth: number): void {
  if (depth > 32 || Array.isArray(a) !== Array.isArray(b)) return;
  const keys = Array.isArray(a) ? undefined : Object.keys(a);
  const n = keys === undefined ? Math.min(a.length as number, (b as unknown[]).length) : keys.length;
  for (let i = 0; i < n; i++) {
    const k = keys === undefined ? i : keys[i]!;
    if (keys !== undefined && !Object.hasOwn(b, k)) continue;
    const x = (a as Record<string | number, unknown>)[k];
    const y = (b as Record<string | number, unknown>)[k];
    if (typeof x === 'string') {
      if (typeof y === 'string' && x.length >= SHARED_LENGTH && x === y) (a as Record<string | number, unknown>)[k] = y;
    } else if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null)
      share(x as Record<string, unknown>, y as Record<string, unknown>, depth + 1);
  }
}

/**
 * {@link cellSharer} for a version only read (a diff's second side): a cell equal to its cell
 * in `like` is given as that cell, to be held instead (both versions then hold one object).
 */
export function cellReuser(like: Notebook): (cell: JsonObject, i: number) => JsonObject | undefined {
  const cells = (Array.isArray(like.cells) ? like.cells : []) as unknown[];
  const byId = new Map<unknown, unknown>();
  for (const c of cells) if (typeof c === 'object' && c !== null && typeof (c as { id?: unknown }).id === 'string') byId.set((c as { id: string }).id, c);
  const shareCell = cellSharer(like);
  return (c, i) => {
    const id = c.id;
    const other = (typeof id === 'string' ? byId.get(id) : undefined) ?? cells[i];
    if (other !== undefined && jsonEqual(c, other)) return other as JsonObject;
    shareCell(c, i);
    return undefined;
  };
}
