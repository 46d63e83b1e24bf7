/**
 * Line diffs of multi-line strings, and key-level diffs of JSON values.
 */
import {
  hasNumberLexemes,
  isJsonObject,
  type JsonValue,
  joinSource,
  jsonEqual,
  type MultilineString,
  numberLexeme,
  rememberNumber,
  sameItems,
  splitLines,
} from '@nbgit/core';
import { diffArrays } from 'diff';
import type { KeyChange, LineOp, TextDiff } from './types.js';

/** Largest number of differing lines Myers' algorithm searches before giving up (then: replace the middle). */
export const MAX_EDIT_LINES = 2000;

/** True when `value` is a string or a list of strings (nbformat's multi-line string). */
export function isMultiline(value: unknown): value is MultilineString {
  return typeof value === 'string' || (Array.isArray(value) && value.every((x) => typeof x === 'string'));
}

/** Removes every whitespace character (for whitespace-insensitive comparison). */
export function stripWhitespace(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Line diff of two lists of lines: common start and end trimmed, Myers' algorithm on the
 * middle (bounded by {@link MAX_EDIT_LINES}; past that the middle is one removal and one
 * addition). Equal runs carry the old lines; a removal always precedes the addition next to it.
 *
 * @param oldLines - Old lines (with line ends).
 * @param newLines - New lines.
 * @param options - `ignoreWhitespace`: lines equal once all whitespace is removed are equal.
 */
export function diffLines(oldLines: readonly string[], newLines: readonly string[], options: { ignoreWhitespace?: boolean } = {}): LineOp[] {
  const ws = options.ignoreWhitespace === true;
  const ka = ws ? oldLines.map(stripWhitespace) : (oldLines as string[]);
  const kb = ws ? newLines.map(stripWhitespace) : (newLines as string[]);
  let start = 0;
  const minLen = Math.min(ka.length, kb.length);
  while (start < minLen && ka[start] === kb[start]) start++;
  let endA = ka.length;
  let endB = kb.length;
  while (endA > start && endB > start && ka[endA - 1] === kb[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: LineOp[] = [];
  const push = (op: LineOp['op'], lines: readonly string[]) => {
    if (lines.length === 0) return;
    const last = ops[ops.length - 1];
    if (last !== undefined && last.op === op) {
      for (const l of lines) last.lines.push(l);
    } else ops.push({ op, lines: lines.slice() });
  };
  push('equal', oldLines.slice(0, start));
  const midA = ka.slice(start, endA);
  const midB = kb.slice(start, endB);
  if (midA.length === 0 || midB.length === 0) {
    push('removed', oldLines.slice(start, endA));
    push('added', newLines.slice(start, endB));
  } else {
    const changes = diffArrays(midA, midB, { maxEditLength: MAX_EDIT_LINES });
    if (changes === undefined) {
      push('removed', oldLines.slice(start, endA));
      push('added', newLines.slice(start, endB));
    } else {
      let i = start;
      let j = start;
      let pendingAdded: string[] = [];
      for (const c of changes) {
        if (c.added) {
          for (const l of newLines.slice(j, j + c.count)) pendingAdded.push(l);
          j += c.count;
        } else if (c.removed) {
          push('removed', oldLines.slice(i, i + c.count));
          i += c.count;
        } else {
          push('added', pendingAdded);
          pendingAdded = [];
          push('equal', oldLines.slice(i, i + c.count));
          i += c.count;
          j += c.count;
        }
      }
      push('added', pendingAdded);
    }
  }
  push('equal', oldLines.slice(endA));
  return ops;
}

/**
 * Diff of two multi-line strings, or `undefined` when they are identical (text and layout).
 * Under `ignoreWhitespace`, texts equal once whitespace is removed give `undefined`.
 *
 * @param oldValue - Old text (string or list of lines).
 * @param newValue - New text.
 */
export function diffText(oldValue: MultilineString, newValue: MultilineString, options: { ignoreWhitespace?: boolean } = {}): TextDiff | undefined {
  if (oldValue === newValue || (Array.isArray(oldValue) && Array.isArray(newValue) && sameItems(oldValue, newValue))) return undefined;
  const oldText = joinSource(oldValue);
  const newText = joinSource(newValue);
  if (options.ignoreWhitespace && stripWhitespace(oldText) === stripWhitespace(newText)) return undefined;
  const shape = shapeFor(oldValue, newValue, newText);
  const lines = diffLines(splitLines(oldText), splitLines(newText), options);
  return shape === undefined ? { lines } : { lines, shape };
}

/** The `shape` a patch needs to store `newValue` exactly, given the old value's layout. */
function shapeFor(oldValue: MultilineString, newValue: MultilineString, newText: string): TextDiff['shape'] {
  if (typeof newValue === 'string') return typeof oldValue === 'string' ? undefined : 'string';
  const canonical = splitLines(newText);
  if (sameItems(canonical, newValue)) {
    return Array.isArray(oldValue) ? undefined : 'lines';
  }
  return newValue.slice();
}

/** Applies a text diff's new side: the new text, stored like the old value unless `shape` says otherwise. */
export function newSideOf(oldValue: MultilineString, diff: TextDiff): MultilineString {
  let text = '';
  const parts: string[] = [];
  for (const op of diff.lines) if (op.op !== 'removed') for (const l of op.lines) parts.push(l);
  text = parts.join('');
  const shape = diff.shape;
  if (Array.isArray(shape)) return shape.slice();
  if (shape === 'string') return text;
  if (shape === 'lines') return splitLines(text);
  return typeof oldValue === 'string' ? text : splitLines(text);
}

/** The old text a text diff was made from. */
export function oldSideOf(diff: TextDiff): string {
  const parts: string[] = [];
  for (const op of diff.lines) if (op.op !== 'added') for (const l of op.lines) parts.push(l);
  return parts.join('');
}

/** True when a text diff changes the text (not only its layout). */
export function changesText(diff: TextDiff): boolean {
  return diff.lines.some((op) => op.op !== 'equal');
}

/**
 * Key-level changes from `oldValue` to `newValue` (either may be `undefined`: absent),
 * recursing into objects present on both sides. Appends to `out` and returns it. A number in
 * a change keeps how the notebook wrote it (`1.0`, big integers: core's number records, made
 * against the change object), for renderers.
 *
 * @param path - Path of the values (prefix of every change's path).
 * @param at - Where the values are (`old[key]`, `new[key]`), when they are inside objects.
 */
export function diffValues(
  oldValue: JsonValue | undefined,
  newValue: JsonValue | undefined,
  path: string[] = [],
  out: KeyChange[] = [],
  at?: { old?: object; new?: object; key: string },
): KeyChange[] {
  if (oldValue === undefined && newValue === undefined) return out;
  if (oldValue === undefined) {
    out.push(keep({ op: 'added', path, new: newValue as JsonValue }, at?.new, at?.key));
  } else if (newValue === undefined) {
    out.push(keep({ op: 'removed', path, old: oldValue }, at?.old, at?.key));
  } else if (isJsonObject(oldValue) && isJsonObject(newValue)) {
    for (const k of Object.keys(oldValue)) {
      if (Object.hasOwn(newValue, k)) diffValues(oldValue[k], newValue[k], [...path, k], out, { old: oldValue, new: newValue, key: k });
      else out.push(keep({ op: 'removed', path: [...path, k], old: oldValue[k] as JsonValue }, oldValue, k));
    }
    for (const k of Object.keys(newValue)) {
      if (!Object.hasOwn(oldValue, k)) out.push(keep({ op: 'added', path: [...path, k], new: newValue[k] as JsonValue }, newValue, k));
    }
  } else if (!jsonEqual(oldValue, newValue)) {
    out.push(keep(keep({ op: 'changed', path, old: oldValue, new: newValue }, at?.old, at?.key), at?.new, at?.key));
  }
  return out;
}

/** Records on `change` the lexeme of a number it holds (`1.0`, a big integer) that `container[key]` was written as. */
function keep<T extends KeyChange>(change: T, container: object | undefined, key: string | undefined): T {
  if (container === undefined || key === undefined || !hasNumberLexemes(container)) return change;
  const lexeme = numberLexeme(container, key);
  if (lexeme === undefined) return change;
  const c = change as { old?: unknown; new?: unknown };
  const value = (container as Record<string, unknown>)[key];
  if (c.old === value && 'old' in c) rememberNumber(change, 'old', lexeme);
  if (c.new === value && 'new' in c) rememberNumber(change, 'new', lexeme);
  return change;
}

export { jsonEqual };
