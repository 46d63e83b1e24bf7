/** Checking an operation read from JSON, with an `EOP` error that says what is wrong. */
import { isJsonObject, type JsonValue, NbgitError } from '@nbgit/core';
import type { CellRef } from './address.js';
import type { CellOperation } from './operation-types.js';
import { type SourceInput, sourceText } from './source.js';

const OPS: Record<CellOperation['op'], readonly string[]> = {
  set: ['cell', 'source'],
  insert: ['type', 'source', 'tags', 'metadata', 'before', 'after', 'at'],
  delete: ['cell'],
  move: ['cell', 'before', 'after', 'at'],
  split: ['cell', 'line'],
  join: ['cells'],
  type: ['cell', 'type'],
  tags: ['cell', 'add', 'remove'],
  metadata: ['cell', 'path', 'value', 'delete'],
  clear: ['cells'],
};
const REQUIRED: Record<CellOperation['op'], readonly string[]> = {
  set: ['cell', 'source'],
  insert: [],
  delete: ['cell'],
  move: ['cell'],
  split: ['cell', 'line'],
  join: ['cells'],
  type: ['cell', 'type'],
  tags: ['cell'],
  metadata: ['cell', 'path'],
  clear: [],
};
const TYPES: readonly string[] = ['code', 'markdown', 'raw'];

/** Throws an `EOP` error. */
export function bad(reason: string): never {
  throw new NbgitError('EOP', reason);
}

function isRef(v: unknown): v is CellRef {
  return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && v !== '');
}

function checkStrings(v: unknown, what: string): void {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) bad(`${what} must be a list of strings`);
}

/** True when `v` is JSON a notebook can hold (no undefined, functions, NaN or non-plain objects). */
function isJson(v: unknown, depth = 0): boolean {
  if (depth > 200) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  if (typeof v !== 'object' || (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null)) return false;
  return Object.values(v as object).every((x) => isJson(x, depth + 1));
}

/**
 * Checks that `value` is a well-formed {@link CellOperation} (as read from JSON: an agent's
 * or a file's), throwing an `EOP` {@link NbgitError} that says what is wrong.
 */
export function checkOperation(value: unknown): asserts value is CellOperation {
  if (!isJsonObject(value as JsonValue)) bad('an operation is an object with an "op" key');
  const o = value as Record<string, unknown>;
  const op = o.op as CellOperation['op'];
  if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) bad(`unknown operation ${JSON.stringify(o.op)} (operations: ${Object.keys(OPS).join(', ')})`);
  const allowed = OPS[op];
  for (const k of Object.keys(o)) if (k !== 'op' && !allowed.includes(k)) bad(`${op}: unknown key "${k}" (keys: ${allowed.join(', ')})`);
  for (const k of REQUIRED[op]) if (o[k] === undefined) bad(`${op}: "${k}" is required`);
  if (o.cell !== undefined && !isRef(o.cell)) bad(`${op}: "cell" is an index (a whole number) or an id (a string), not ${JSON.stringify(o.cell)}`);
  for (const k of ['before', 'after']) if (o[k] !== undefined && !isRef(o[k])) bad(`${op}: "${k}" is an index or an id, not ${JSON.stringify(o[k])}`);
  const places = ['before', 'after', 'at'].filter((k) => o[k] !== undefined);
  if (places.length > 1) bad(`${op}: give one of "before", "after" and "at", not ${places.join(' and ')}`);
  if (o.at !== undefined && o.at !== 'start' && o.at !== 'end') bad(`${op}: "at" is "start" or "end", not ${JSON.stringify(o.at)}`);
  if (o.source !== undefined) sourceText(o.source as SourceInput, `${op}: "source"`);
  if (o.type !== undefined && !TYPES.includes(o.type as string)) bad(`${op}: "type" is code, markdown or raw, not ${JSON.stringify(o.type)}`);
  if (o.cells !== undefined && (!Array.isArray(o.cells) || !o.cells.every(isRef))) bad(`${op}: "cells" is a list of indexes or ids`);
  if (op === 'join' && (o.cells as unknown[]).length < 2) bad('join: "cells" names at least two cells');
  if (op === 'split' && (typeof o.line !== 'number' || !Number.isInteger(o.line))) bad(`split: "line" is a line number, not ${JSON.stringify(o.line)}`);
  for (const k of ['tags', 'add', 'remove']) if (o[k] !== undefined) checkStrings(o[k], `${op}: "${k}"`);
  for (const t of [...((o.tags as string[]) ?? []), ...((o.add as string[]) ?? []), ...((o.remove as string[]) ?? [])])
    if (t === '' || t.includes(',')) bad(`${op}: tag ${JSON.stringify(t)}: a tag is a non-empty string without commas (nbformat)`);
  if (o.metadata !== undefined && !(isJsonObject(o.metadata as JsonValue) && isJson(o.metadata))) bad(`${op}: "metadata" must be a JSON object`);
  if (op === 'metadata') {
    const path = typeof o.path === 'string' ? o.path.split('.') : o.path;
    if (!Array.isArray(path) || path.length === 0 || !path.every((k) => typeof k === 'string' && k !== ''))
      bad(`metadata: "path" is a key path ("a.b") or a list of keys, not ${JSON.stringify(o.path)}`);
    if (o.delete !== undefined && typeof o.delete !== 'boolean') bad('metadata: "delete" is true or false');
    if (o.delete === true && o.value !== undefined) bad('metadata: give "value" or "delete", not both');
    if (o.delete !== true && (o.value === undefined || !isJson(o.value))) bad('metadata: "value" is required and must be JSON (or give "delete": true)');
  }
}
