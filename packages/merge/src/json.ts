/**
 * Three-way merge of JSON values (metadata), key by key and recursively.
 *
 * Objects merge per key; lists of unique strings or numbers (`tags`) merge as sets; any other
 * value is atomic: changed on one side, taken; changed identically, taken once; changed
 * differently, local's value and a conflict (or, for a *volatile* key, a decision). A merged
 * value equal to local's is local's own object, so the writer keeps its bytes.
 */
import { type JsonValue, jsonEqual } from '@nbgit/core';

export { jsonEqual };

/** A value changed differently on both sides. */
export interface ValueConflict {
  /** Path from the merged value's root, dot-separated keys. */
  path: string[];
  /** Local's value (undefined: deleted). */
  local: JsonValue | undefined;
  /** Remote's value (undefined: deleted). */
  remote: JsonValue | undefined;
  /** True when the key is volatile: resolved to local without a conflict. */
  volatile: boolean;
}

/** The result of {@link mergeJson}. */
export interface MergeJsonResult {
  /** The merged value; undefined when the key is deleted. */
  value: JsonValue | undefined;
  /** Values changed differently on both sides (local's value was taken). */
  conflicts: ValueConflict[];
}

function isObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A list of unique strings/numbers (a set in list form, such as `tags`). */
function isSetLike(v: unknown): v is Array<string | number> {
  if (!Array.isArray(v)) return false;
  const seen = new Set<unknown>();
  for (const x of v) {
    if ((typeof x !== 'string' && typeof x !== 'number') || seen.has(x)) return false;
    seen.add(x);
  }
  return true;
}

/**
 * Merges three JSON values. `volatile` names keys *at this level* that are taken whole from
 * local when both sides changed them differently, without a conflict.
 *
 * @param base - The ancestor's value (undefined: absent).
 * @param local - Local's value (undefined: absent or deleted).
 * @param remote - Remote's value (undefined: absent or deleted).
 * @param volatile - Top-level keys resolved to local without a conflict.
 */
export function mergeJson(
  base: JsonValue | undefined,
  local: JsonValue | undefined,
  remote: JsonValue | undefined,
  volatile: ReadonlySet<string> = new Set(),
): MergeJsonResult {
  const conflicts: ValueConflict[] = [];
  const value = merge(base, local, remote, [], conflicts, volatile);
  return { value, conflicts };
}

function merge(
  base: JsonValue | undefined,
  local: JsonValue | undefined,
  remote: JsonValue | undefined,
  path: string[],
  conflicts: ValueConflict[],
  volatile: ReadonlySet<string> | undefined,
): JsonValue | undefined {
  if (jsonEqual(local, remote)) return local;
  if (jsonEqual(local, base)) return remote;
  if (jsonEqual(remote, base)) return local;
  if (isObject(local) && isObject(remote) && (base === undefined || isObject(base))) {
    const b = base ?? {};
    const out: Record<string, JsonValue> = {};
    let same = true; // out equals local, member by member
    const visit = (k: string) => {
      const isVolatile = volatile?.has(k) === true;
      let v: JsonValue | undefined;
      if (isVolatile) {
        const lv = local[k];
        const rv = remote[k];
        const bv = b[k];
        if (jsonEqual(lv, rv) || jsonEqual(rv, bv)) v = lv;
        else if (jsonEqual(lv, bv)) v = rv;
        else {
          v = lv;
          conflicts.push({ path: [...path, k], local: lv, remote: rv, volatile: true });
        }
      } else v = merge(b[k], local[k], remote[k], [...path, k], conflicts, undefined);
      if (v !== local[k]) same = false;
      if (v !== undefined) out[k] = v;
    };
    for (const k of Object.keys(local)) visit(k);
    for (const k of Object.keys(remote)) if (!Object.hasOwn(local, k)) visit(k);
    return same ? local : out;
  }
  if (isSetLike(local) && isSetLike(remote) && (base === undefined || isSetLike(base))) {
    const b = new Set<unknown>(base ?? []);
    const l = new Set<unknown>(local);
    const r = new Set<unknown>(remote);
    const out: Array<string | number> = [];
    for (const x of local) if (!(b.has(x) && !r.has(x))) out.push(x);
    for (const x of remote) if (!b.has(x) && !l.has(x)) out.push(x);
    return jsonEqual(out, local) ? local : out;
  }
  conflicts.push({ path, local, remote, volatile: false });
  return local;
}
