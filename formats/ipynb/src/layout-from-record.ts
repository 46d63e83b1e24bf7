/**
 * The layout of a text read with `JSON.parse`, made from the text's token positions and a
 * record of the values read (see value-record.ts), without building any value again.
 */
import type { ParsedJson } from './json.js';
import type { ContainerLayout } from './layout.js';

/** Marks an array in a value record (see `recordValues` in value-record.ts); its length follows. Private: no user value is it. */
export const ARRAY_MARK = Object.freeze({ array: true });

const MISMATCH = Object.freeze({ mismatch: true });

/**
 * The layout {@link parseJson} gives for valid JSON `text`, made from the text's token
 * positions and a record of the values `JSON.parse` read from it (`recordValues`: every
 * value in walk order, an object as its key list, an array as {@link ARRAY_MARK} and its
 * length), so that no value is built again: about twice as fast. `undefined` when the text
 * and the record part ways (an object with integer-like keys, which JavaScript puts
 * first, or a key twice): then {@link parseJson} is the way.
 */
export function layoutFromRecord(text: string, snap: unknown[]): Omit<ParsedJson, 'value'> | undefined {
  let i = 0;
  let r = 0;
  let nextBackslash = text.indexOf('\\');
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  /** Moves past the string token at `i`; true when it holds an escape. */
  const skipString = (): boolean => {
    let j = i + 1;
    let escaped = false;
    let q = text.indexOf('"', j);
    for (;;) {
      if (nextBackslash !== -1 && nextBackslash < j) nextBackslash = text.indexOf('\\', j);
      if (nextBackslash !== -1 && nextBackslash < q) {
        escaped = true;
        j = nextBackslash + 2;
        nextBackslash = text.indexOf('\\', j);
        if (q < j) q = text.indexOf('"', j);
        continue;
      }
      i = q + 1;
      return escaped;
    }
  };
  const expect = (c: number) => {
    if (text.charCodeAt(i) !== c) throw MISMATCH;
    i++;
  };
  const value = (): unknown => {
    const x = snap[r++];
    const c = text.charCodeAt(i);
    if (typeof x !== 'object' || x === null) {
      if (typeof x === 'string') {
        if (c !== 34) throw MISMATCH;
        skipString();
      } else if (c === 34 || c === 123 || c === 91) throw MISMATCH;
      else if (c === 116 || c === 110) i += 4;
      else if (c === 102) i += 5;
      else {
        i++;
        for (;;) {
          const d = text.charCodeAt(i);
          if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
          else break;
        }
      }
      return x;
    }
    if (x === ARRAY_MARK) {
      const layout: ContainerLayout = [1, i, 0];
      expect(91);
      ws();
      const n = snap[r++] as number;
      for (let k = 0; k < n; k++) {
        if (k > 0) {
          expect(44);
          ws();
        }
        const vs = i;
        const v = value();
        layout.push(null, vs, i, v);
        ws();
      }
      expect(93);
      layout[2] = i;
      return layout;
    }
    if (!Array.isArray(x)) throw MISMATCH;
    const layout: ContainerLayout = [0, i, 0];
    expect(123);
    ws();
    for (let k = 0; k < x.length; k++) {
      if (k > 0) {
        expect(44);
        ws();
      }
      const key = x[k] as string;
      const ks = i;
      if (text.charCodeAt(ks) !== 34) throw MISMATCH;
      if (skipString()) {
        if (JSON.parse(text.slice(ks, i)) !== key) throw MISMATCH;
      } else if (i - ks - 2 !== key.length || !text.startsWith(key, ks + 1)) throw MISMATCH;
      ws();
      expect(58);
      ws();
      const vs = i;
      const v = value();
      layout.push(key, vs, i, v);
      ws();
    }
    expect(125);
    layout[2] = i;
    return layout;
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    ws();
    const valueStart = i;
    const layout = value();
    if (!Array.isArray(layout) || r !== snap.length) return undefined;
    return { layout, valueStart, valueEnd: i };
  } catch (e) {
    if (e === MISMATCH) return undefined;
    throw e;
  }
}
