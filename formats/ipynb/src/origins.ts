/**
 * What an nbformat 3 notebook was before `fromIpynb` upgraded it: the v3 notebook, cell or
 * output each upgraded object was made from. Kept beside the objects (a WeakMap: no key,
 * copy or JSON shows it), so that a tool can write a notebook back in the version it had
 * (`downgradeV3`), with the bytes of every part it did not change.
 */
import type { JsonObject } from '@nbgit/core';

const origins = new WeakMap<object, JsonObject>();

/** Records that `upgraded` was made from the nbformat 3 object `original`. */
export function recordOrigin(upgraded: object, original: JsonObject): void {
  origins.set(upgraded, original);
}

/**
 * The nbformat 3 object (notebook, cell or output) that `fromIpynb` upgraded into `x`, or
 * undefined when `x` was not made by an upgrade. The v3 notebook keeps its file layout:
 * `toIpynb` gives back its bytes.
 */
export function upgradedFrom(x: object): JsonObject | undefined {
  return origins.get(x);
}
