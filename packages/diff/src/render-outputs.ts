/** Outputs for the terminal: whole outputs added or removed, and the changes of a modified output. */
import { isJsonObject, type JsonValue, joinSource, type MultilineString, type Output, splitLines } from '@nbgit/core';
import { mimeSummary, TEXT_MIMES } from './mime-summary.js';
import type { Ctx } from './render-context.js';
import { renderHunks, renderWhole } from './render-hunks.js';
import { renderKeyChanges } from './render-keys.js';
import { diffLines, diffValues } from './text.js';
import type { KeyChange, OutputEntry } from './types.js';

function outputLabel(o: Output): string {
  const t = String((o as { output_type?: unknown }).output_type);
  if (t === 'stream') return `stream ${String((o as { name?: unknown }).name)}`;
  if (t === 'error') return `error ${String((o as { ename?: unknown }).ename)}`;
  return t;
}

function outputText(o: Output): { text: string; mime?: string } | undefined {
  const r = o as Record<string, unknown>;
  if (r.output_type === 'stream') return { text: joinSource(r.text as MultilineString) };
  if (r.output_type === 'error') {
    const tb = Array.isArray(r.traceback) ? (r.traceback as string[]).map((l) => stripAnsi(String(l))).join('\n') : '';
    return { text: tb || `${String(r.ename)}: ${String(r.evalue)}` };
  }
  return undefined;
}

function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

function bundleOf(o: Output): Record<string, JsonValue> | undefined {
  const d = (o as Record<string, unknown>).data;
  return isJsonObject(d) ? d : undefined;
}

function renderWholeOutput(o: Output, sign: '+' | '-', label: string, out: string[], ctx: Ctx): void {
  const paint = sign === '+' ? ctx.c.green : ctx.c.red;
  out.push(paint(`  ${sign} ${label}: ${outputLabel(o)}`));
  const t = outputText(o);
  if (t) renderWhole(t.text, sign, out, ctx, '      ', ctx.maxLines);
  const bundle = bundleOf(o);
  if (bundle) {
    for (const [mime, value] of Object.entries(bundle)) {
      if (mime === 'text/plain') {
        out.push(paint(`      ${mime}:`));
        renderWhole(joinSource(value as MultilineString), sign, out, ctx, '      ', ctx.maxLines);
      } else out.push(paint(`      ${mimeSummary(mime, value)}`));
    }
  }
}

/** The outputs of a whole added or removed cell. */
export function renderWholeCellOutputs(outputs: unknown, sign: '+' | '-', out: string[], ctx: Ctx): void {
  if (!Array.isArray(outputs) || outputs.length === 0) return;
  out.push(`  outputs:`);
  outputs.forEach((o, k) => renderWholeOutput(o as Output, sign, `output ${k}`, out, ctx));
}

/** The output changes of a modified cell. */
export function renderOutputs(entries: readonly OutputEntry[], out: string[], ctx: Ctx): void {
  const { c } = ctx;
  if (entries.every((e) => e.op === 'unchanged' || (e.op === 'modified' && e.layoutOnly))) return;
  out.push('  outputs:');
  let newIndex = 0;
  for (const e of entries) {
    if (e.op === 'removed') {
      renderWholeOutput(e.output, '-', `output ${e.a}`, out, ctx);
      continue;
    }
    const j = newIndex++;
    if (e.op === 'unchanged' || (e.op === 'modified' && e.layoutOnly)) continue;
    if (e.op === 'added') {
      renderWholeOutput(e.output, '+', `output ${j}`, out, ctx);
      continue;
    }
    out.push(c.cyan(`  ~ output ${e.a === j ? j : `${e.a} → ${j}`}: ${outputLabel(e.new)}`));
    const ta = outputText(e.old);
    const tb = outputText(e.new);
    if (ta && tb && ta.text !== tb.text) renderTextChange(ta.text, tb.text, out, ctx);
    const ba = bundleOf(e.old) ?? {};
    const bb = bundleOf(e.new) ?? {};
    for (const mime of new Set([...Object.keys(ba), ...Object.keys(bb)])) {
      const va = ba[mime];
      const vb = bb[mime];
      if (va === undefined) {
        if (vb !== undefined) out.push(c.green(`      + ${mimeSummary(mime, vb)}`)); // mime came from bb
      } else if (vb === undefined) out.push(c.red(`      - ${mimeSummary(mime, va)}`));
      else {
        const textual = TEXT_MIMES.test(mime) && (typeof va === 'string' || Array.isArray(va)) && (typeof vb === 'string' || Array.isArray(vb));
        const sa = textual ? joinSource(va as MultilineString) : JSON.stringify(va);
        const sb = textual ? joinSource(vb as MultilineString) : JSON.stringify(vb);
        if (sa === sb) continue;
        if (textual) {
          out.push(`      ${mime}:`);
          renderTextChange(sa, sb, out, ctx);
        } else out.push(`      ~ ${c.red(mimeSummary(mime, va))} → ${c.green(mimeSummary(mime, vb))}`);
      }
    }
    // other keys of the output (execution_count, metadata, name, ...)
    const rest: KeyChange[] = [];
    const oa = e.old as Record<string, unknown>;
    const ob = e.new as Record<string, unknown>;
    for (const k of new Set([...Object.keys(oa), ...Object.keys(ob)])) {
      if (k === 'data' || k === 'text' || k === 'traceback' || k === 'output_type') continue;
      if ((k === 'ename' || k === 'evalue') && ta && tb && ta.text !== tb.text) continue; // shown in the traceback
      diffValues(oa[k] as JsonValue | undefined, ob[k] as JsonValue | undefined, [k], rest, { old: oa, new: ob, key: k });
    }
    if (rest.length > 0) renderKeyChanges(rest, '      ', out, ctx);
  }
}

function renderTextChange(a: string, b: string, out: string[], ctx: Ctx): void {
  // output text: a final newline gained or lost is not worth a note (tracebacks, text/plain)
  renderHunks(diffLines(splitLines(a), splitLines(b)), out, ctx, '      ', false);
}
