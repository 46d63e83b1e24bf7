/**
 * A record of every value of a notebook as read (one slot per value), made on the first
 * write of a notebook read with `JSON.parse`: while the notebook still equals it, the
 * writer gives back the file's text as it is, and its cells' texts likewise.
 */
import { hasNumberLexemes } from '@nbgit/core';
import { Ctx, childCtx } from './context.js';
import { isSorted } from './key-order.js';
import { ARRAY_MARK } from './layout-from-record.js';
import { nativeSafe } from './native-safe.js';

/** A record of values being taken: `slots[0..n)` (preallocated, written by index: cheaper than growing by push). */
export interface ValueRecord {
  slots: unknown[];
  n: number;
  /** Stays true while every value recorded is {@link nativeSafe} at its place. */
  safe: boolean;
  /** Where the record of each cell starts, and (last) where the record of the cells ends. */
  cellStarts?: number[];
  /** Key lists recorded so far, by length (a few of each): objects with the same keys share one. */
  keyLists?: string[][][];
}

/** `keys`, or an equal key list recorded before (most objects of a notebook repeat a few key lists). */
function sharedKeys(rec: ValueRecord, keys: string[]): string[] {
  const n = keys.length;
  if (n > 16) return keys;
  let lists = rec.keyLists;
  if (lists === undefined) {
    lists = [];
    rec.keyLists = lists;
  }
  let seen = lists[n];
  if (seen === undefined) {
    seen = [];
    lists[n] = seen;
  }
  next: for (let j = 0; j < seen.length; j++) {
    const k = seen[j]!;
    for (let i = 0; i < n; i++) if (k[i] !== keys[i]) continue next;
    return k;
  }
  if (seen.length < 4) seen.push(keys);
  return keys;
}

/**
 * Records every value under `value` (data from `JSON.parse`) in `rec`, in walk order: an
 * array as {@link ARRAY_MARK} and its length, an object as the list of its keys (a JSON
 * value in a record is never an array), a primitive as itself; and finds, on the way,
 * whether {@link nativeSafe} holds. Strings are immutable, so a record costs one slot per
 * value, and {@link unchangedSince} can later tell cheaply and exactly whether the data
 * still equals what was recorded.
 */
export function recordValues(value: unknown, ctx: Ctx, rec: ValueRecord): void {
  const slots = rec.slots;
  if (typeof value !== 'object' || value === null) {
    slots[rec.n++] = value;
    if (rec.safe && (typeof value === 'string' ? ctx === Ctx.Split : typeof value !== 'boolean' && value !== null && !nativeSafe(value, ctx))) rec.safe = false;
    return;
  }
  if (Array.isArray(value)) {
    const n = value.length;
    slots[rec.n++] = ARRAY_MARK;
    slots[rec.n++] = n;
    if (ctx === Ctx.Cells && rec.cellStarts !== undefined) {
      for (let i = 0; i < n; i++) {
        rec.cellStarts.push(rec.n);
        recordValues(value[i], Ctx.Cell, rec);
      }
      rec.cellStarts.push(rec.n);
      return;
    }
    if (ctx === Ctx.Cells || ctx === Ctx.Outputs || ctx === Ctx.Attachments) {
      for (let i = 0; i < n; i++) recordValues(value[i], childCtx(ctx, i, value), rec);
      return;
    }
    // The members of any other array are in no particular place (lines of a split string, data).
    for (let i = 0; i < n; i++) {
      const v = value[i];
      if (typeof v === 'string') slots[rec.n++] = v;
      else recordValues(v, Ctx.Other, rec);
    }
    return;
  }
  const keys = sharedKeys(rec, Object.keys(value));
  if (rec.safe && !isSorted(keys)) rec.safe = false;
  slots[rec.n++] = keys;
  const obj = value as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    const c = ctx === Ctx.Other ? ctx : childCtx(ctx, keys[i]!, value);
    if (typeof v === 'string') {
      slots[rec.n++] = v;
      if (c === Ctx.Split) rec.safe = false;
    } else recordValues(v, c, rec);
  }
}

/**
 * True when `value` still equals what {@link recordValues} recorded in `snap`: the same
 * keys in the same order, the same kinds of containers (plain objects and arrays), equal
 * primitives, and no number lexemes recorded since. Then it writes exactly as the recorded
 * data did. A walk that allocates nothing.
 */
export function unchangedSince(value: unknown, snap: unknown[]): boolean {
  const at = { i: 0 };
  return !prototypePolluted() && sameAsRecord(value, snap, at) && at.i === snap.length;
}

/** {@link unchangedSince} for a value whose record is `snap[from..to)` (a cell's). */
export function unchangedBetween(value: unknown, snap: unknown[], from: number, to: number): boolean {
  const at = { i: from };
  return !prototypePolluted() && sameAsRecord(value, snap, at) && at.i === to;
}

/** True when `Object.prototype` has enumerable properties (then for-in would see them as keys of every object). */
function prototypePolluted(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

function sameAsRecord(value: unknown, snap: unknown[], at: { i: number }): boolean {
  const x = snap[at.i++];
  if (typeof value !== 'object' || value === null) return Object.is(value, x);
  if (hasNumberLexemes(value)) return false;
  if (Array.isArray(value)) {
    const n = value.length;
    if (x !== ARRAY_MARK || snap[at.i++] !== n || Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < n; i++) {
      const v = value[i];
      if (typeof v === 'string') {
        if (v !== snap[at.i++]) return false;
      } else if (!sameAsRecord(v, snap, at)) return false;
    }
    return true;
  }
  if (!Array.isArray(x) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  // for-in visits own keys in Object.keys order, then inherited enumerable ones, which
  // Object.prototype does not have (see prototypePolluted).
  let n = 0;
  for (const k in value) if (k !== x[n++]) return false;
  if (n !== x.length) return false;
  const obj = value as Record<string, unknown>;
  for (let i = 0; i < n; i++) {
    const v = obj[x[i] as string];
    if (typeof v === 'string') {
      if (v !== snap[at.i++]) return false;
    } else if (!sameAsRecord(v, snap, at)) return false;
  }
  return true;
}
