/**
 * Numbers as Python writes them, and numbers that remember how they were written.
 *
 * JavaScript has one number type: `1.0` and `1` are the same value, and integers beyond
 * 2^53 lose digits. Python (and so Jupyter) keeps floats and ints apart and ints exact.
 * Readers that see such a lexeme (`1.0`, `1e5`, `12345678901234567890`) record it with
 * {@link rememberNumber} against the object or array holding it; writers ask
 * {@link numberLexeme} (or {@link pythonNumberAt}) and write it back as Python would, as
 * long as the value there is still the same number. The record lives in a WeakMap: the
 * notebook data stays plain JSON.
 */

/** Python's `repr` of a float, which is what Python's json and PyYAML write (`1.0`, `1e-05`, `1e+16`). */
export function pythonFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return Object.is(n, -0) ? '-0.0' : `${n}.0`;
  const exp = n.toExponential(); // shortest round-trip digits, e.g. "-1.2345e-7"
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp);
  if (!m) return String(n);
  const [, sign, d0, rest = '', e] = m;
  const digits = d0! + rest;
  const x = Number(e);
  if (x >= -4 && x < 16) {
    if (x < 0) return `${sign}0.${'0'.repeat(-x - 1)}${digits}`;
    const intPart = digits.slice(0, x + 1).padEnd(x + 1, '0');
    const frac = digits.slice(x + 1);
    return `${sign}${intPart}.${frac || '0'}`;
  }
  const mant = rest ? `${d0}.${rest}` : d0;
  const ax = Math.abs(x);
  return `${sign}${mant}e${x < 0 ? '-' : '+'}${ax < 10 ? `0${ax}` : ax}`;
}

/** A number as Python's json writes it when nothing else is known: integral values as ints, others as float repr. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return Object.is(n, -0) ? '0' : String(n);
  return pythonFloat(n);
}

const lexemes = new WeakMap<object, Map<string | number, string>>();
let inUse = false;

/** True when `lexeme` is a number JavaScript cannot tell apart from another kind or value (a float with an integral value, an integer beyond 2^53, or a number beyond the range of a double). */
export function isSpecialNumberLexeme(lexeme: string, value: number): boolean {
  if (Number.isInteger(value)) return /[.eE]/.test(lexeme) || !Number.isSafeInteger(value);
  // a number too large for a double (`1e400`): JSON.parse makes it Infinity, which is not JSON
  return !Number.isFinite(value) && !Number.isNaN(value) && /^-?[0-9]/.test(lexeme);
}

/** Records that `container[key]` was written as `lexeme` (only worth it when {@link isSpecialNumberLexeme}). */
export function rememberNumber(container: object, key: string | number, lexeme: string): void {
  let m = lexemes.get(container);
  if (m === undefined) {
    m = new Map();
    lexemes.set(container, m);
  }
  m.set(key, lexeme);
  inUse = true;
}

/** The lexeme recorded for `container[key]`, if the value there is still that number. */
export function numberLexeme(container: object, key: string | number): string | undefined {
  if (!inUse) return undefined;
  const lex = lexemes.get(container)?.get(key);
  if (lex === undefined) return undefined;
  return Number(lex) === (container as Record<string | number, unknown>)[key] ? lex : undefined;
}

/** True when some number under `container` (directly) has a recorded lexeme. Cheap when none was ever recorded. */
export function hasNumberLexemes(container: object): boolean {
  return inUse && lexemes.has(container);
}

/**
 * `container[key]` (a number) as Python would write it: a recorded float stays a float
 * (`1.0`, `100000.0`), a recorded big integer keeps its digits, anything else as
 * {@link formatNumber}. A number beyond the range of a double (`1e400`) keeps its lexeme:
 * `Infinity` is not JSON.
 */
export function pythonNumberAt(container: object, key: string | number, value: number): string {
  const lex = numberLexeme(container, key);
  if (lex !== undefined) return /[.eE]/.test(lex) && Number.isFinite(value) ? pythonFloat(value) : lex;
  return formatNumber(value);
}

/** Copies the recorded lexemes of `from` to `to` (for readers that build a new object from parsed data). */
export function copyNumberLexemes(from: object, to: object): void {
  const m = lexemes.get(from);
  if (m !== undefined) for (const [k, v] of m) rememberNumber(to, k, v);
}

/**
 * A deep copy of a JSON value (objects, arrays, scalars) that keeps the recorded number
 * lexemes, so a copy of notebook data still writes `1.0` and big integers as they were read.
 * Use it instead of `structuredClone` / `JSON.parse(JSON.stringify(...))` on notebook data.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  let out: unknown;
  if (Array.isArray(value)) out = value.map(cloneJson);
  else {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === '__proto__') Object.defineProperty(o, k, { value: cloneJson(v), writable: true, enumerable: true, configurable: true });
      else o[k] = cloneJson(v);
    }
    out = o;
  }
  if (inUse) copyNumberLexemes(value as object, out as object);
  return out as T;
}
