/** Test helpers: where each cell of a notebook's text starts and ends, and what an edit changed. */

/** The `[start, end)` offsets of each element of the top-level `"cells"` list of notebook JSON text. */
export function cellSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const stack: string[] = [];
  let lastKey: string | undefined;
  let cellsDepth = -1;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const s = text.slice(i + 1, j);
      let k = j + 1;
      while (' \t\r\n'.includes(text[k]!)) k++;
      if (stack.length === 1 && text[k] === ':') lastKey = s;
      i = j;
      continue;
    }
    if (c === '{' || c === '[') {
      if (c === '[' && stack.length === 1 && lastKey === 'cells' && cellsDepth === -1) cellsDepth = stack.length + 1;
      stack.push(c);
      if (cellsDepth !== -1 && stack.length === cellsDepth + 1) start = i;
    } else if (c === '}' || c === ']') {
      if (cellsDepth !== -1 && stack.length === cellsDepth + 1) spans.push([start, i + 1]);
      if (stack.length === cellsDepth) cellsDepth = -2;
      stack.pop();
    }
  }
  return spans;
}

/** The region of `before` that differs from `after`: `[start, end)` in `before` (empty when equal). */
export function changedRegion(before: string, after: string): [number, number] {
  if (before === after) return [before.length, before.length];
  const n = Math.min(before.length, after.length);
  let p = 0;
  while (p < n && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let q = 0;
  while (q < n - p && before.charCodeAt(before.length - 1 - q) === after.charCodeAt(after.length - 1 - q)) q++;
  return [p, before.length - q];
}

/**
 * Asserts (returning a message, or undefined when fine) that the only bytes of `before`
 * that `after` changed lie between the end of cell `k - 1` and the start of cell `k + 1`.
 */
export function onlyCellChanged(before: string, after: string, k: number): string | undefined {
  const spans = cellSpans(before);
  const [a, b] = changedRegion(before, after);
  if (a === b && before.length === after.length) return undefined;
  const lo = k > 0 ? spans[k - 1]![1] : 0;
  const hi = k + 1 < spans.length ? spans[k + 1]![0] : before.length;
  if (a < lo || b > hi) return `changed bytes ${a}-${b} reach outside cell ${k} (${lo}-${hi})`;
  return undefined;
}
