/**
 * Where each cell of a file is in its text: the node layout of every cell (nbformat 4's
 * `cells`, or the cells of each nbformat 3 worksheet, in order), by cell object, so that a
 * cell written again, moved or not, keeps its bytes.
 */
import { type ContainerLayout, countOf, indexOfKey, isArrayLayout, isLayout, valueAt } from './layout.js';

/** Layouts of the cells (as read) by cell object, so moved cells keep their bytes. */
export function cellLayouts(cells: unknown[], root: ContainerLayout): WeakMap<object, ContainerLayout> {
  const map = new WeakMap<object, ContainerLayout>();
  const lists: ContainerLayout[] = [];
  const i = indexOfKey(root, 'cells');
  const cl = i === -1 ? undefined : valueAt(root, i);
  if (isLayout(cl)) lists.push(cl);
  else {
    // nbformat 3: the cells of each worksheet, in order
    const w = indexOfKey(root, 'worksheets');
    const wl = w === -1 ? undefined : valueAt(root, w);
    if (isLayout(wl) && isArrayLayout(wl)) {
      for (let k = 0; k < countOf(wl); k++) {
        const ws = valueAt(wl, k);
        const c = isLayout(ws) && !isArrayLayout(ws) ? indexOfKey(ws, 'cells') : -1;
        const l = c === -1 ? undefined : valueAt(ws as ContainerLayout, c);
        if (isLayout(l)) lists.push(l);
      }
    }
  }
  let k = 0;
  for (const list of lists) {
    for (let j = 0; j < countOf(list) && k < cells.length; j++, k++) {
      const l = valueAt(list, j);
      const c = cells[k];
      if (isLayout(l) && typeof c === 'object' && c !== null && !Array.isArray(c)) map.set(c, l);
    }
  }
  return map;
}
