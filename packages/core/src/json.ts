/** Deep equality of JSON values: key order ignored, keys whose value is `undefined` count as absent. */
export function jsonEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(y)) return false;
  const ox = x as Record<string, unknown>;
  const oy = y as Record<string, unknown>;
  let n = 0;
  for (const k in ox) {
    if (!Object.hasOwn(ox, k) || ox[k] === undefined) continue;
    n++;
    if (!Object.hasOwn(oy, k) || !jsonEqual(ox[k], oy[k])) return false;
  }
  for (const k in oy) if (Object.hasOwn(oy, k) && oy[k] !== undefined) n--;
  return n === 0;
}
