import { hasNumberLexemes, numberLexeme, pythonNumberAt } from './numbers.js';

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

/** Options of {@link jsonText}. */
export interface JsonTextOptions {
  /** Object keys in sorted order (default: in their order). */
  sortKeys?: boolean;
  /** Spaces per level, as `JSON.stringify(v, null, indent)` (default 0: one line). */
  indent?: number;
  /** One-line separators between items and after keys (default `[',', ':']`; Python's `[', ', ': ']`). */
  separators?: [string, string];
  /** Where the value is (`container[key]`), so that a number there keeps how it was written. */
  at?: { container: object; key: string | number };
}

/**
 * JSON text of a value, for people and tools, with each number written as the notebook wrote
 * it (`pythonNumberAt`: `1.0` stays `1.0`, integers beyond 2^53 keep their digits;
 * `JSON.stringify` writes `1` and rounds them). Everything else, numbers nothing was recorded
 * for included, as `JSON.stringify` writes it (`undefined` keys left out, `null` in arrays).
 * Linear in the size of the value.
 */
export function jsonText(value: unknown, options: JsonTextOptions = {}): string {
  const at = options.at;
  if (typeof value === 'number')
    return at !== undefined && numberLexeme(at.container, at.key) !== undefined ? pythonNumberAt(at.container, at.key, value) : JSON.stringify(value);
  const seps = options.separators;
  if (!options.sortKeys && (options.indent || seps === undefined || (seps[0] === ',' && seps[1] === ':'))) {
    const text = viaStringify(value, options.indent ?? 0);
    if (text !== undefined) return text;
  }
  const out: string[] = [];
  const step = options.indent ? ' '.repeat(options.indent) : '';
  const [itemSep, keySep] = step ? [',', ': '] : (seps ?? [',', ':']);
  const write = (v: unknown, container: object | undefined, key: string | number, pad: string): boolean => {
    if (v === null) out.push('null');
    else if (typeof v === 'number')
      out.push(container !== undefined && numberLexeme(container, key) !== undefined ? pythonNumberAt(container, key, v) : JSON.stringify(v));
    else if (typeof v === 'string' || typeof v === 'boolean') out.push(JSON.stringify(v));
    else if (typeof v !== 'object') return false;
    else {
      const inner = pad + step;
      const open = (c: string) => out.push(step ? `${c}\n${inner}` : c);
      const sep = step ? `,\n${inner}` : itemSep;
      if (Array.isArray(v)) {
        if (v.length === 0) out.push('[]');
        else {
          open('[');
          for (let i = 0; i < v.length; i++) {
            if (i > 0) out.push(sep);
            if (!write(v[i], v, i, inner)) out.push('null');
          }
          out.push(step ? `\n${pad}]` : ']');
        }
      } else {
        const keys = Object.keys(v);
        if (options.sortKeys) keys.sort();
        const rec = v as Record<string, unknown>;
        let n = 0;
        for (const k of keys) {
          const x = rec[k];
          if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
          if (n++ === 0) open('{');
          else out.push(sep);
          out.push(JSON.stringify(k), keySep);
          write(x, v, k, inner);
        }
        out.push(n === 0 ? '{}' : step ? `\n${pad}}` : '}');
      }
    }
    return true;
  };
  if (!write(value, at?.container, at?.key ?? '', '')) return 'null';
  return out.join('');
}

/**
 * {@link jsonText} in JSON.stringify's layout, by the engine's own writer (several times
 * faster on large values): recorded numbers become unique placeholder strings, replaced by
 * their text afterwards. Undefined when a placeholder could not be told apart from the data.
 */
function viaStringify(value: unknown, indent: number): string | undefined {
  const texts: string[] = [];
  const mark = `\u0000nbgit-number-${Math.random().toString(36).slice(2)}`;
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      if (typeof v === 'number' && typeof this === 'object' && this !== null && hasNumberLexemes(this)) {
        const k = Array.isArray(this) ? Number(key) : key;
        if (numberLexeme(this, k) !== undefined) {
          texts.push(pythonNumberAt(this, k, v));
          return mark;
        }
      }
      return v;
    },
    indent,
  );
  if (text === undefined || texts.length === 0) return text;
  const quoted = JSON.stringify(mark);
  const parts = text.split(quoted);
  if (parts.length !== texts.length + 1) return undefined;
  // parts.length === texts.length + 1 (checked above)
  let out = parts[0] ?? '';
  for (const [i, t] of texts.entries()) out += t + parts[i + 1]!;
  return out;
}
