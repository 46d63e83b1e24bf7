/** nbstripout's Python semantics: truthiness, blank sources (`str.isspace`) and output size (`get_size`). */

/** Python's truthiness of a JSON value (`bool(x)`): empty strings, lists and objects are false. */
export function pythonTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Python's `str.isspace()` for one UTF-16 unit (what nbstripout's empty-cell test uses). */
function isPyWhitespace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** True when a cell source is blank as nbstripout sees it (only Python whitespace). */
export function isBlank(source: unknown): boolean {
  const parts = typeof source === 'string' ? [source] : Array.isArray(source) ? source : [];
  for (const p of parts) {
    if (typeof p !== 'string') return false;
    for (let i = 0; i < p.length; i++) if (!isPyWhitespace(p.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * nbstripout's output size (`get_size`): the length in code points of every string in the
 * value, lists and object values summed (keys not counted), other values by the length of
 * Python's `str()`. Stops counting once the total passes `cap`.
 */
export function outputSize(value: unknown, cap = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const visit = (v: unknown): void => {
    if (total > cap) return;
    if (typeof v === 'string') {
      let n = v.length;
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
          const d = v.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            n--;
            i++;
          }
        }
      }
      total += n;
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x);
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) if (Object.hasOwn(v, k)) visit((v as Record<string, unknown>)[k]);
    } else if (v === null)
      total += 4; // None
    else if (v === true)
      total += 4; // True
    else if (v === false)
      total += 5; // False
    else total += String(v).length;
  };
  visit(value);
  return total;
}
