/**
 * One walk for an nbformat 4 notebook read natively: whether it surely passes
 * `checkNotebook` (its spine has the types nbformat gives it), and what its numbers need
 * from the text scan of special-numbers.ts, with its depth bounded, in a single pass over
 * what `JSON.parse` gave. `for...in` on parsed objects reads each member without a lookup
 * by name (`checkNotebook`'s lookups meet cells of many shapes, which V8 serves slowly), and
 * the strings of a source are looked at once. It answers only what it is sure of: anything
 * else (a spine that breaks nbformat, a shape it does not know) is {@link UNSURE}, and the
 * caller checks the usual way, whose errors say where.
 */
import { MAX_DEPTH } from '@nbgit/core';
import { type Found, NONE, numbersIn, REFUSE, tally } from './special-numbers.js';

/** The walk does not know: check the usual way. */
export const UNSURE = 3;

// Levels of containers allowed below each level of a notebook's spine (the notebook is level 1).
const BELOW_ROOT = MAX_DEPTH - 1;
const BELOW_CELL = MAX_DEPTH - 3;
const BELOW_CELL_MEMBER = MAX_DEPTH - 4;
const BELOW_OUTPUT = MAX_DEPTH - 5;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a non-negative safe integer or null (an execution count). */
const isCount = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);

/** True for an array of strings. */
function allStrings(v: unknown[]): boolean {
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

/** True for nbformat's multiline string: a string or an array of strings. */
const isMultiline = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && allStrings(v));

/** What a member's value `x` holds, `left` levels of containers being allowed below its container. */
function member(x: unknown, left: number): Found {
  if (typeof x === 'object') return x === null ? NONE : left === 0 ? REFUSE : numbersIn(x, left - 1);
  if (typeof x === 'number') {
    if (Number.isSafeInteger(x)) tally.integral++;
    else if (Number.isInteger(x) || !Number.isFinite(x)) return REFUSE;
  }
  return NONE;
}

/** True for a mime bundle `checkNotebook` takes: an object whose values are multiline strings (JSON mime types aside). */
function isBundle(b: unknown): boolean {
  if (!isObject(b)) return false;
  for (const mime in b) {
    if (!Object.hasOwn(b, mime) || mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'))) continue;
    if (!isMultiline(b[mime])) return false;
  }
  return true;
}

function output(o: unknown): number {
  if (!isObject(o)) return UNSURE;
  const type = o.output_type;
  if (type === 'stream') {
    if (typeof o.name !== 'string' || !isMultiline(o.text)) return UNSURE;
  } else if (type === 'display_data' || type === 'execute_result') {
    if (!isBundle(o.data) || (o.metadata !== undefined && !isObject(o.metadata))) return UNSURE;
    if (type === 'execute_result' && o.execution_count !== undefined && !isCount(o.execution_count)) return UNSURE;
  } else if (type === 'error') {
    if (typeof o.ename !== 'string' || typeof o.evalue !== 'string' || !Array.isArray(o.traceback) || !allStrings(o.traceback)) return UNSURE;
  } else return UNSURE;
  return numbersIn(o, BELOW_OUTPUT);
}

function cell(c: unknown): number {
  if (!isObject(c)) return UNSURE;
  const type = c.cell_type;
  const code = type === 'code';
  if (!code && type !== 'markdown' && type !== 'raw') return UNSURE;
  let found: number = NONE;
  let metadata = false;
  let source = false;
  let outputs = !code;
  for (const k in c) {
    const x = c[k];
    let r: number = NONE;
    if (k === 'source') {
      if (!isMultiline(x)) return UNSURE;
      source = true;
    } else if (k === 'metadata') {
      if (!isObject(x)) return UNSURE;
      metadata = true;
      r = numbersIn(x, BELOW_CELL_MEMBER);
    } else if (k === 'cell_type') continue;
    else if (k === 'id') {
      if (typeof x !== 'string') return UNSURE;
    } else if (code && k === 'outputs') {
      if (!Array.isArray(x)) return UNSURE;
      outputs = true;
      for (let i = 0; i < x.length; i++) {
        const o = output(x[i]);
        if (o === UNSURE || o === REFUSE) return o;
        r |= o;
      }
    } else if (code && k === 'execution_count') {
      if (!isCount(x)) return UNSURE;
      if (x !== null) tally.integral++;
    } else if (!code && k === 'attachments') {
      if (!isObject(x)) return UNSURE;
      for (const name in x) if (Object.hasOwn(x, name) && !isBundle(x[name])) return UNSURE;
      r = numbersIn(x, BELOW_CELL_MEMBER);
    } else r = member(x, BELOW_CELL);
    if (r === UNSURE || r === REFUSE) return r;
    found |= r;
  }
  return metadata && source && outputs ? found : UNSURE;
}

/**
 * Walks an nbformat 4 notebook that `JSON.parse` read: {@link UNSURE} when it may not pass
 * `checkNotebook`, or else what {@link numbersIn} would answer for it (`tally.integral`
 * counts its integral members), for `textHoldsSpecial`.
 */
export function walkNotebook(nb: Record<string, unknown>): number {
  tally.integral = 0;
  const minor = nb.nbformat_minor;
  const cells = nb.cells;
  if (nb.nbformat !== 4 || !(typeof minor === 'number' && Number.isSafeInteger(minor) && minor >= 0) || !isObject(nb.metadata) || !Array.isArray(cells))
    return UNSURE;
  if ('worksheets' in nb) return UNSURE;
  let found: number = NONE;
  for (const k in nb) {
    if (k === 'cells') continue;
    const r = member(nb[k], BELOW_ROOT);
    if (r === REFUSE) return r;
    found |= r;
  }
  for (let i = 0; i < cells.length; i++) {
    const r = cell(cells[i]);
    if (r === UNSURE || r === REFUSE) return r;
    found |= r;
  }
  return found;
}
