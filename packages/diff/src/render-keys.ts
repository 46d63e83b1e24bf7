/** Key-level changes (metadata, attachments, other keys) for the terminal. */
import { isJsonObject, type JsonValue, jsonText } from '@nbgit/core';
import { mimeSummary } from './mime-summary.js';
import type { Ctx } from './render-context.js';
import type { KeyChange } from './types.js';

/** Writes each key change as `+ path: value`, `- path: value` or `~ path: old → new`. */
export function renderKeyChanges(changes: readonly KeyChange[], indent: string, out: string[], ctx: Ctx, summariseValues = false): void {
  const { c } = ctx;
  for (const ch of changes) {
    const path = formatPath(ch.path);
    const show = (v: JsonValue, side: 'old' | 'new') => {
      const mime = ch.path[1];
      if (summariseValues) return mime !== undefined ? mimeSummary(mime, v) : summariseAttachment(v);
      if (ch.path[0] === 'attachments' && ch.path.length === 1 && isJsonObject(v)) {
        return Object.entries(v)
          .map(([name, bundle]) => `${name}: ${summariseAttachment(bundle)}`)
          .join('; ');
      }
      return short(v, { container: ch, key: side });
    };
    if (ch.op === 'added') out.push(c.green(`${indent}+ ${path}: ${show(ch.new, 'new')}`));
    else if (ch.op === 'removed') out.push(c.red(`${indent}- ${path}: ${show(ch.old, 'old')}`));
    else out.push(`${indent}~ ${path}: ${c.red(show(ch.old, 'old'))} → ${c.green(show(ch.new, 'new'))}`);
  }
}

/** `a.b["c d"]`: identifier-like keys joined with dots, others quoted in brackets. */
function formatPath(path: readonly string[]): string {
  if (path.length === 0) return '(value)';
  let s = '';
  for (const k of path) {
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k)) s += s ? `.${k}` : k;
    else s += `[${JSON.stringify(k)}]`;
  }
  return s;
}

function summariseAttachment(v: JsonValue): string {
  if (isJsonObject(v)) {
    return Object.entries(v)
      .map(([mime, x]) => mimeSummary(mime, x))
      .join('; ');
  }
  return short(v);
}

/** A value as compact JSON (numbers as the notebook wrote them: `1.0`), cut at `max` characters. */
function short(v: JsonValue, at?: { container: object; key: string }, max = 80): string {
  const s = v === undefined ? 'undefined' : jsonText(v, at ? { at } : {});
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
