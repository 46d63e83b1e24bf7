/**
 * Keys given twice in a notebook file. JSON readers (Python's json, so nbformat and Jupyter,
 * and `JSON.parse`) keep the last value of a key given twice and drop the others silently;
 * `validateNotebook` reports each such key, with where it is given again.
 */
import { formatPath, type JsonPath, type Position, positionAt } from '@nbgit/core';
import { type ContainerLayout, countOf, isArrayLayout, isLayout, keyAt, valueAt, valueStartAt } from './layout.js';

/** A key given again in an object of a file. */
export interface DuplicateKey {
  /** JSON path of the key given again (`cells[0].metadata.tags`). */
  path: string;
  /** Where the value given first and the one given again (the one readers keep) start. */
  first: Position;
  again: Position;
}

/**
 * The number of keys written in JSON `text` (valid JSON): string tokens followed by a colon.
 * Jumps from string to string with `indexOf` (a quote after an odd run of backslashes is
 * inside a string).
 */
export function countKeyTokens(text: string): number {
  let keys = 0;
  let i = text.indexOf('"');
  while (i !== -1) {
    let end = text.indexOf('"', i + 1);
    for (;;) {
      if (end === -1) return keys;
      let b = end - 1;
      while (text.charCodeAt(b) === 92) b--;
      if (((end - 1 - b) & 1) === 0) break;
      end = text.indexOf('"', end + 1);
    }
    let k = end + 1;
    let c = text.charCodeAt(k);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++k);
    if (c === 58) keys++;
    i = text.indexOf('"', k);
  }
  return keys;
}

/** The number of object members in a JSON value (a walk without recursion). */
export function countMembers(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) if (typeof x[i] === 'object' && x[i] !== null) stack.push(x[i]);
      continue;
    }
    for (const k of Object.keys(x)) {
      n++;
      const v = (x as Record<string, unknown>)[k];
      if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return n;
}

/**
 * The keys given twice in the file whose text is `text` and lossless layout `root`, in file
 * order. `value` is what was read from it: when it holds as many members as the text has
 * keys (the usual case, found with one scan of the text), there are none, and `root` is not
 * asked for.
 */
export function duplicateKeys(text: string, value: unknown, root: () => ContainerLayout | undefined): DuplicateKey[] {
  if (countKeyTokens(text) === countMembers(value)) return [];
  const top = root();
  if (top === undefined) return [];
  const found: DuplicateKey[] = [];
  const stack: Array<[ContainerLayout, JsonPath]> = [[top, []]];
  while (stack.length > 0) {
    const [l, path] = stack.pop()!;
    const n = countOf(l);
    const seen = isArrayLayout(l) ? undefined : new Map<string, number>();
    const children: Array<[ContainerLayout, JsonPath]> = [];
    for (let i = 0; i < n; i++) {
      const key = isArrayLayout(l) ? i : keyAt(l, i);
      if (seen !== undefined) {
        const before = seen.get(key as string);
        if (before !== undefined)
          found.push({ path: formatPath([...path, key]), first: positionAt(text, valueStartAt(l, before)), again: positionAt(text, valueStartAt(l, i)) });
        seen.set(key as string, i);
      }
      const v = valueAt(l, i);
      if (isLayout(v)) children.push([v, [...path, key]]);
    }
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
  }
  return found;
}
