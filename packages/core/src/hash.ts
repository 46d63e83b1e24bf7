/**
 * Canonical hashing of cells, outputs and metadata.
 *
 * Values are serialised with fast-json-stable-stringify (sorted keys, no whitespace), with
 * multi-line strings joined first, so `["a\n", "b"]` and `"a\nb"` hash alike. The hash is
 * a pure-JavaScript 106-bit digest (two 53-bit cyrb53 lanes) written as 27 hex digits:
 * collisions are not a practical concern, and it works in a browser.
 */
import stringify from 'fast-json-stable-stringify';
import { type Cell, joinSource } from './notebook.js';

/** 53-bit string hash (cyrb53), seedable. */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Hex digest of a string: two 53-bit lanes, 27 hex digits. */
export function hashString(text: string): string {
  return cyrb53(text, 0).toString(16).padStart(14, '0') + cyrb53(text, 0x9e3779b9).toString(16).padStart(14, '0').slice(1);
}

/** Canonical JSON text of a value: sorted keys, no whitespace. */
export function canonicalJson(value: unknown): string {
  return stringify(value);
}

/** Hash of any JSON value, independent of key order. */
export function hashValue(value: unknown): string {
  return hashString(canonicalJson(value));
}

const MULTILINE_MIMES = /^text\/|^application\/javascript$|^image\/svg\+xml$/;

function normaliseBundle(bundle: unknown): unknown {
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) return bundle;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bundle)) {
    out[k] = Array.isArray(v) && MULTILINE_MIMES.test(k) && v.every((x) => typeof x === 'string') ? v.join('') : v;
  }
  return out;
}

/** An output with its multi-line strings joined, for hashing and comparison. */
export function normaliseOutput(output: unknown): unknown {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return output;
  const o = output as Record<string, unknown>;
  const out: Record<string, unknown> = { ...o };
  if (o.output_type === 'stream' && Array.isArray(o.text)) out.text = (o.text as string[]).join('');
  if ('data' in o) out.data = normaliseBundle(o.data);
  return out;
}

/** Hash of one output (multi-line strings joined). */
export function hashOutput(output: unknown): string {
  return hashValue(normaliseOutput(output));
}

/** What {@link hashCell} looks at. */
export interface HashCellOptions {
  /** Leave outputs and execution count out of the hash. */
  ignoreOutputs?: boolean;
  /** Leave cell metadata out of the hash. */
  ignoreMetadata?: boolean;
  /** Leave the cell id out of the hash (the default: ids are identity, not content). */
  includeId?: boolean;
}

/** Hash of a cell's source only (with its type). Cheap, and what alignment matches on first. */
export function hashSource(cell: Cell): string {
  return hashString(`${cell.cell_type}\u0000${joinSource(cell.source)}`);
}

/** Canonical hash of a cell: type, source, metadata, outputs, attachments; id excluded by default. */
export function hashCell(cell: Cell, options: HashCellOptions = {}): string {
  const c: Record<string, unknown> = { cell_type: cell.cell_type, source: joinSource(cell.source) };
  if (!options.ignoreMetadata) c.metadata = cell.metadata;
  if (options.includeId && cell.id !== undefined) c.id = cell.id;
  if (cell.cell_type === 'code') {
    if (!options.ignoreOutputs) {
      c.outputs = (cell.outputs ?? []).map(normaliseOutput);
      c.execution_count = cell.execution_count;
    }
  } else if (cell.attachments) {
    const a: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(cell.attachments)) a[k] = normaliseBundle(v);
    c.attachments = a;
  }
  return hashValue(c);
}
