/**
 * Parameter values with Python's types. JavaScript has one number type, Python two: a
 * parameter `1.0` is a float and must be written `1.0`, a parameter `1` an int. Here an int
 * is a `bigint` (exact at any size) or an integral `number`; a float is a non-integral
 * `number` or a {@link ParamFloat} (which keeps `1.0` a float).
 */
import { NbgitError, pythonFloat } from '@nbgit/core';
import { parse as parseYamlText } from 'yaml';

/** A float whose value may be integral (`1.0`). */
export class ParamFloat {
  constructor(readonly value: number) {}
  toJSON(): number | string {
    return Number.isFinite(this.value) ? this.value : String(this.value);
  }
}

/** A parameter value: what YAML and JSON hold, with Python's int/float distinction. */
export type ParamValue = null | boolean | number | bigint | string | ParamFloat | ParamValue[] | { [key: string]: ParamValue };

/** A parameter value as Python's `str()` writes a number: `1`, `1.0`, `1e-05`, `nan`, `inf`. */
export function pythonNumber(v: number | bigint | ParamFloat): string {
  if (typeof v === 'bigint') return v.toString();
  const float = v instanceof ParamFloat;
  const n = float ? v.value : v;
  if (!float && Number.isSafeInteger(n)) return Object.is(n, -0) ? '0' : String(n);
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  return pythonFloat(n);
}

/** True when `v` is an int in Python's terms. */
export function isInt(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v));
}

const DIGITS = String.raw`\d(?:_?\d)*`;
const INT = new RegExp(String.raw`^\s*[+-]?${DIGITS}\s*$`);
const FLOAT = new RegExp(String.raw`^\s*[+-]?(?:(?:${DIGITS}\.(?:${DIGITS})?|\.${DIGITS}|${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)\s*$`, 'i');

/**
 * A `-p NAME VALUE` value as papermill types it: `True`, `False` and `None`; then what
 * Python's `int()` accepts (`42`, `-7`, `1_000`); then what `float()` accepts (`0.5`, `1e-3`,
 * `inf`, `nan`); anything else is the string itself.
 */
export function resolveType(value: string): ParamValue {
  if (value === 'True') return true;
  if (value === 'False') return false;
  if (value === 'None') return null;
  if (INT.test(value)) return BigInt(value.trim().replace(/_/g, ''));
  if (FLOAT.test(value)) {
    const t = value.trim().replace(/_/g, '').toLowerCase();
    const sign = t.startsWith('-') ? -1 : 1;
    const bare = t.replace(/^[+-]/, '');
    if (bare.startsWith('inf')) return new ParamFloat(sign * Number.POSITIVE_INFINITY);
    if (bare === 'nan') return new ParamFloat(Number.NaN);
    return new ParamFloat(Number(t));
  }
  return value;
}

/** A YAML value with ints as bigints and floats as {@link ParamFloat}s. */
function fromYaml(v: unknown): ParamValue {
  if (typeof v === 'number') return new ParamFloat(v);
  if (v === undefined) return null;
  if (v === null || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(fromYaml);
  if (v instanceof Uint8Array) return String.fromCharCode(...v);
  if (v instanceof Set) return [...v].map(fromYaml);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), fromYaml(x)]));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, fromYaml(x)]));
  return String(v);
}

/**
 * Parameters from YAML text as papermill reads `-y` and `-f`: YAML 1.1 as PyYAML's safe
 * loader reads it (`yes`/`no` are booleans, `010` is 8), without dates (papermill's
 * `NoDatesSafeLoader`: `2024-01-01` stays a string). Empty text gives no parameters; a
 * document that is not a mapping is an `EPARAM` error naming `file`.
 */
export function parseYamlParameters(text: string, options: { file?: string } = {}): Record<string, ParamValue> {
  let doc: unknown;
  try {
    doc = parseYamlText(text, {
      version: '1.1',
      intAsBigInt: true,
      uniqueKeys: false,
      customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
    });
  } catch (e) {
    const m = e as { message?: string; linePos?: { line: number; col: number }[] };
    const pos = m.linePos?.[0];
    const first = String(m.message ?? e)
      .split('\n')[0]!
      .replace(/ at line \d+, column \d+:?$/, '');
    // the yaml library reports its own recursion limit as the stack's RangeError
    const what = /Maximum call stack size exceeded/.test(first) ? 'nested too deeply to read' : first;
    throw new NbgitError('EPARAM', `invalid YAML: ${what}`, {
      file: options.file,
      ...(pos ? { position: { line: pos.line, column: pos.col } } : {}),
      cause: e,
    });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new NbgitError('EPARAM', 'parameters YAML must be a mapping of names to values', { file: options.file });
  return fromYaml(doc) as Record<string, ParamValue>;
}
