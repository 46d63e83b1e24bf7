/** Positions of values in a file, for located errors. */
import { type JsonPath, type Position, positionAt } from '@nbgit/core';
import { type ContainerLayout, countOf, indexOfKey, isArrayLayout, isLayout, startOf, valueAt, valueStartAt } from './layout.js';

/** Line and column of the value at `path` in a file (of the deepest container on the path that the file has). */
export function locateIn(text: string, root: ContainerLayout, path: JsonPath): Position {
  let l = root;
  let offset = startOf(root);
  for (const key of path) {
    const i = typeof key === 'number' ? (isArrayLayout(l) && key < countOf(l) ? key : -1) : isArrayLayout(l) ? -1 : indexOfKey(l, key);
    if (i === -1) break;
    offset = valueStartAt(l, i);
    const v = valueAt(l, i);
    if (!isLayout(v)) break;
    l = v;
  }
  return positionAt(text, offset);
}
