/**
 * Removal of strip keys (`metadata.collapsed`, `cell.metadata.ExecuteTime`) the way
 * nbstripout's `pop_recursive` does, with keys grouped by their first segment so that an
 * object holding none of them is skipped at once. Changed objects are copies.
 */
import { isJsonObject } from '@nbgit/core';

type Obj = Record<string, unknown>;

/**
 * Removes `key` from `obj` the way nbstripout's `pop_recursive` does: the whole key if
 * present (so keys containing dots work), else the part before the first dot names a
 * nested object to look in. Returns a changed copy, or undefined when nothing was there.
 */
function popPath(obj: Obj, key: string): Obj | undefined {
  if (Object.hasOwn(obj, key)) {
    const copy: Obj = { ...obj };
    delete copy[key];
    return copy;
  }
  const dot = key.indexOf('.');
  if (dot === -1) return undefined;
  const head = key.slice(0, dot);
  if (!Object.hasOwn(obj, head)) return undefined;
  const child = obj[head];
  if (!isJsonObject(child)) return undefined;
  const inner = popPath(child, key.slice(dot + 1));
  if (inner === undefined) return undefined;
  const copy: Obj = { ...obj };
  copy[head] = inner;
  return copy;
}

/**
 * Strip keys of one namespace that share their first segment (`metadata` in
 * `metadata.collapsed`), so a cell with empty metadata is skipped at once.
 */
export interface KeyGroup {
  head: string;
  /** The keys (without namespace), in the order given. */
  keys: string[];
  /** What follows `head.` in each key (undefined when the key has no dot). */
  rests: (string | undefined)[];
  /** The keys as a set: an object without any of them as its own key has none to remove whole. */
  whole: Set<string>;
  /**
   * Every key of `head`'s object that a rest can remove or descend into (the rests, and
   * what comes before the first dot of each): an object without any of them is left as it is.
   */
  inner: Set<string>;
}

/** Groups keys by their first segment. */
export function group(keys: string[]): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const key of keys) {
    const dot = key.indexOf('.');
    const head = dot === -1 ? key : key.slice(0, dot);
    let g = groups.get(head);
    if (!g) {
      g = { head, keys: [], rests: [], whole: new Set(), inner: new Set() };
      groups.set(head, g);
    }
    g.keys.push(key);
    g.whole.add(key);
    const rest = dot === -1 ? undefined : key.slice(dot + 1);
    g.rests.push(rest);
    // popPath looks for the whole rest, else for the part before its first dot.
    if (rest !== undefined) {
      g.inner.add(rest);
      const d = rest.indexOf('.');
      if (d !== -1) g.inner.add(rest.slice(0, d));
    }
  }
  return [...groups.values()];
}

/** True when `o` has no own key. */
export function isEmptyObject(o: Obj): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return false;
  return true;
}

/** True when one of the own keys of `o` is in `keys` (a walk over the object's few keys, not over the set). */
function hasAnyKey(o: Obj, keys: Set<string>): boolean {
  for (const k in o) if (keys.has(k) && Object.hasOwn(o, k)) return true;
  return false;
}

/**
 * Removes the keys of `groups` from `obj` (each as {@link popPath} does), calling
 * `removed` with each key found. Returns `obj` itself when none was there.
 */
export function popKeys(obj: Obj, groups: KeyGroup[], removed: ((key: string) => void) | undefined): Obj {
  let cur = obj;
  for (const g of groups) {
    // A key present as a whole (keys may contain dots) is removed as a whole...
    let whole: Set<number> | undefined;
    if (hasAnyKey(cur, g.whole)) {
      for (let i = 0; i < g.keys.length; i++) {
        const key = g.keys[i]!;
        if (!Object.hasOwn(cur, key)) continue;
        const copy: Obj = { ...cur };
        delete copy[key];
        cur = copy;
        removed?.(key);
        whole ??= new Set();
        whole.add(i);
      }
    }
    // ...the others are looked for inside `head` (skipped at once when none of its keys can match).
    const child = Object.hasOwn(cur, g.head) ? cur[g.head] : undefined;
    if (!isJsonObject(child) || !hasAnyKey(child, g.inner)) continue;
    let inner: Obj = child;
    for (let i = 0; i < g.keys.length; i++) {
      const rest = g.rests[i];
      if (rest === undefined || whole?.has(i)) continue;
      const next = popPath(inner, rest);
      if (next === undefined) continue;
      inner = next;
      removed?.(g.keys[i]!);
    }
    if (inner !== child) {
      cur = { ...cur, [g.head]: inner };
      // nbgit's own entry goes when nothing is left in it (nbstripout leaves other emptied parents)
      if (g.head === 'nbgit' && isEmptyObject(inner)) delete cur[g.head];
    }
  }
  return cur;
}
