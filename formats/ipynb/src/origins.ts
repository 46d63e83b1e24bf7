/**
 * What an nbformat 3 notebook was before `fromIpynb` upgraded it: the v3 notebook, cell or
 * output each upgraded object was made from. Kept beside the objects (a WeakMap: no key,
 * copy or JSON shows it), so that a tool can write a notebook back in the version it had
 * (`downgradeV3`), with the bytes of every part it did not change.
 */
import type { JsonObject } from '@nbgit/core';

/** What the upgrade records for a cell whose id it defers: the v3 cell, and where its id is to be found (see ids.ts). */
export class CellOrigin {
  constructor(
    readonly origin: JsonObject,
    readonly deferred: object,
    readonly index: number,
  ) {}
}

const origins = new WeakMap<object, JsonObject | CellOrigin>();

/** Records that `upgraded` was made from the nbformat 3 object `original` (for a cell, maybe with its deferred id). */
export function recordOrigin(upgraded: object, original: JsonObject | CellOrigin): void {
  origins.set(upgraded, original);
}

/** What {@link recordOrigin} recorded for `x`. */
export function originRecord(x: object): JsonObject | CellOrigin | undefined {
  return origins.get(x);
}

/**
 * The nbformat 3 object (notebook, cell or output) that `fromIpynb` upgraded into `x`, or
 * undefined when `x` was not made by an upgrade. The v3 notebook keeps its file layout:
 * `toIpynb` gives back its bytes.
 */
export function upgradedFrom(x: object): JsonObject | undefined {
  const r = origins.get(x);
  return r instanceof CellOrigin ? r.origin : r;
}
