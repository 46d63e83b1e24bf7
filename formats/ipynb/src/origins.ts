/**
 * What an nbformat 3 notebook was before `fromIpynb` upgraded it: the v3 notebook, cell or
 * output each upgraded object was made from, so that a tool can write a notebook back in the
 * version it had (`downgradeV3`), with the bytes of every part it did not change. Kept with
 * each upgraded object as a private class field given to it when it is made ({@link madeFrom}):
 * no key, copy or JSON shows it, as with a WeakMap, but a WeakMap entry costs ~1 us an object
 * here (V8's young-generation collections keep WeakMap values alive, see remembered.ts), more
 * than the whole upgrade; a field given to an empty object costs what one more key does.
 */
import type { JsonObject } from '@nbgit/core';

/** What the upgrade records for a cell: the v3 cell, and, while its id is deferred, where to find it (see ids.ts). */
export class CellOrigin {
  deferred: object | undefined = undefined;
  index = -1;
  constructor(readonly origin: JsonObject) {}
}

type Record = JsonObject | CellOrigin;

/**
 * Returns the object it is given, so that a subclass can give that object a private field (as
 * `Given` in remembered.ts does; a base of its own keeps the construction of each monomorphic:
 * sharing one made the reads of nbformat 4 notebooks after a v3 one slower).
 */
class GivenOrigin {
  constructor(o: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: the object is given private state.
    return o;
  }
}

/** An object made by the upgrade, with what it was made from. */
class Upgraded extends GivenOrigin {
  #from: Record;
  private constructor(o: object, from: Record) {
    super(o);
    this.#from = from;
  }
  /** A new empty object made from `from`. */
  static made(from: Record): JsonObject {
    return new Upgraded({}, from) as unknown as JsonObject;
  }
  static set(o: object, from: Record): void {
    if (#from in o) (o as Upgraded).#from = from;
    else if (Object.isExtensible(o)) new Upgraded(o, from);
    else fallback.set(o, from);
  }
  static get(o: object): Record | undefined {
    if (typeof o !== 'object' || o === null) return undefined;
    return #from in o ? (o as Upgraded).#from : fallback.get(o);
  }
}

const fallback = new WeakMap<object, Record>();

/** A new empty object, recorded as made by the upgrade from `original` (a v3 object, or a cell's {@link CellOrigin}). */
export function madeFrom(original: Record): JsonObject {
  return Upgraded.made(original);
}

/** Records that the existing object `upgraded` was made from the nbformat 3 object `original`. */
export function recordOrigin(upgraded: object, original: Record): void {
  Upgraded.set(upgraded, original);
}

/** What the upgrade recorded for `x`. */
export function originRecord(x: object): Record | undefined {
  return Upgraded.get(x);
}

/**
 * The nbformat 3 object (notebook, cell or output) that `fromIpynb` upgraded into `x`, or
 * undefined when `x` was not made by an upgrade. The v3 notebook keeps its file layout:
 * `toIpynb` gives back its bytes.
 */
export function upgradedFrom(x: object): JsonObject | undefined {
  const r = Upgraded.get(x);
  return r instanceof CellOrigin ? r.origin : r;
}
