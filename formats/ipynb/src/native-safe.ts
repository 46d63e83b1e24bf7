/** When native `JSON.stringify` can write a value for the writer (the fast path). */
import { hasNumberLexemes } from '@nbgit/core';
import { Ctx, childCtx } from './context.js';
import { isSorted } from './key-order.js';

/**
 * True when native `JSON.stringify` writes `value` exactly as nbformat would: every
 * object's keys already in code point order, no string where nbformat splits lines, and
 * only numbers that JavaScript and Python format alike. A walk that builds no strings, so
 * checking and then writing natively is several times faster than writing in JavaScript.
 */
export function nativeSafe(value: unknown, ctx: Ctx): boolean {
  switch (typeof value) {
    case 'string':
      return ctx !== Ctx.Split;
    case 'number':
      if (Number.isInteger(value)) return Math.abs(value) < 1e16 && !Object.is(value, -0);
      if (!Number.isFinite(value)) return false;
      {
        const a = Math.abs(value);
        return a >= 1e-4 && a < 1e16;
      }
    case 'boolean':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (hasNumberLexemes(value)) return false;
  if (Array.isArray(value)) {
    if (ctx === Ctx.Other) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v === 'string') continue;
        if (!nativeSafe(v, Ctx.Other)) return false;
      }
      return true;
    }
    for (let i = 0; i < value.length; i++) if (!nativeSafe(value[i], childCtx(ctx, i, value))) return false;
    return true;
  }
  const keys = Object.keys(value);
  if (!isSorted(keys)) return false;
  const obj = value as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    if (v === undefined) return false;
    if (typeof v === 'string' && ctx === Ctx.Other) continue;
    if (!nativeSafe(v, ctx === Ctx.Other ? ctx : childCtx(ctx, keys[i]!, value))) return false;
  }
  return true;
}
