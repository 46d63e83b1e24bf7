/**
 * The argument schemas (zod) and value conversions shared by the tools of `nbgit mcp`'s server
 * (mcp-server.ts).
 */
import type { ParamValue } from '@nbgit/cells';
import { z } from 'zod';

export type Result = { content: { type: 'text'; text: string }[]; isError?: boolean; structuredContent?: Record<string, unknown> };

export const cellRef = z
  .union([z.number().int(), z.string().min(1)])
  .describe('a cell: its index (0-based; negative counts from the end), its id, or a unique prefix of its id');
export const path = z.string().min(1).describe('notebook path, relative to the server root');
export const version = z.string().optional().describe('the version notebook_read returned; the edit is refused if the file changed since');
export const placement = {
  before: cellRef.optional().describe('put the cell before this cell'),
  after: cellRef.optional().describe('put the cell after this cell'),
  at: z.enum(['start', 'end']).optional().describe('put the cell at the start or the end'),
};
export const cellType = z.enum(['code', 'markdown', 'raw']);

/** Marks a key while zod reads the record: zod leaves out a key `__proto__`, a name papermill injects like any other. */
const KEY = '\u0000key:';

/** Parameter names to values, every key kept (`__proto__`, `constructor`... are names like others); the schema shows a record. */
export const parameterRecord = z
  .preprocess(
    (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [`${KEY}${k}`, x])) : v),
    z.record(z.string(), z.unknown()),
  )
  .transform((r) => Object.fromEntries(Object.entries(r).map(([k, x]) => [k.slice(KEY.length), x])));

/** JSON with bigints as numbers (or strings when too large). */
export function json(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? (Number.isSafeInteger(Number(x)) ? Number(x) : x.toString()) : x), 2);
}

/** A JSON value from a client as a parameter value: integral numbers are ints. */
export function paramValue(v: unknown): ParamValue {
  if (Array.isArray(v)) return v.map(paramValue);
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, paramValue(x)]));
  return v as ParamValue;
}
