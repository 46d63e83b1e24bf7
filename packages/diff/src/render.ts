/**
 * Renderers: the terminal view and the JSON form of a {@link NotebookDiff}. Pure: they
 * return strings and never look at the terminal; the caller decides on colour.
 */
import { joinSource, jsonText } from '@nbgit/core';
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import type { Ctx } from './render-context.js';
import { renderHunks, renderWhole } from './render-hunks.js';
import { renderKeyChanges } from './render-keys.js';
import { renderOutputs, renderWholeCellOutputs } from './render-outputs.js';
import type { CellChanges, CellEntry, NotebookDiff } from './types.js';

/** Options of {@link renderTerminal}. */
export interface RenderOptions {
  /** Use ANSI colours (default false). The CLI turns this on for a terminal, off in pipes and with NO_COLOR. */
  color?: boolean;
  /** Names of the two sides for the `---`/`+++` header; no header when absent. */
  names?: { a: string; b: string };
  /** Lines of context around changed source lines (default 3). */
  context?: number;
  /** Most lines shown for an added or removed output's text, or for a whole added or removed cell's outputs (default 40). */
  maxOutputLines?: number;
}

/**
 * Renders a diff for a terminal: one header per changed cell (`## cell 3 modified (code, id
 * x)`; indices are 0-based, `a → b` when the cell's index changed), a unified line diff of
 * sources (word-level highlights with colour), outputs summarised (text diffed; images as
 * type, size and hash), metadata as key-level changes. Returns `''` when the diff is equal.
 *
 * @param diff - A diff from `diffNotebooks`.
 * @param options - Colour, names, context.
 * @returns The text, ending with a newline (or empty).
 */
export function renderTerminal(diff: NotebookDiff, options: RenderOptions = {}): string {
  if (diff.equal) return '';
  const c = pc.createColors(options.color === true);
  const ctx = { c, context: options.context ?? 3, maxLines: options.maxOutputLines ?? 40 };
  const out: string[] = [];
  if (options.names) {
    out.push(c.bold(`--- ${options.names.a}`), c.bold(`+++ ${options.names.b}`));
  }
  if (diff.notebook.length > 0) {
    out.push(c.cyan(c.bold('## notebook')));
    renderKeyChanges(diff.notebook, '  ', out, ctx);
  }
  for (const e of diff.cells) renderCell(e, out, ctx);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/**
 * The JSON form of a diff for tools (`nbgit diff --json`): the {@link NotebookDiff} object,
 * indented by 2, keys in the documented order, ending with a newline.
 */
export function renderJson(diff: NotebookDiff): string {
  return `${jsonText(diff, { indent: 2 })}\n`;
}

/** A one-line summary such as `2 modified, 1 added, 1 moved`, or `no changes`. */
export function summarize(diff: NotebookDiff): string {
  const s = diff.summary;
  const parts: string[] = [];
  if (s.modified) parts.push(`${s.modified} modified`);
  if (s.added) parts.push(`${s.added} added`);
  if (s.removed) parts.push(`${s.removed} removed`);
  if (s.moved) parts.push(`${s.moved} moved`);
  if (diff.notebook.length) parts.push('notebook metadata changed');
  return parts.length ? parts.join(', ') : 'no changes';
}

function cellLabel(cellType: unknown, id: unknown): string {
  return typeof id === 'string' ? `${String(cellType)}, id ${id}` : String(cellType);
}

function renderCell(e: CellEntry, out: string[], ctx: Ctx): void {
  const { c } = ctx;
  if (e.op === 'added') {
    out.push(c.green(c.bold(`## cell ${e.b} added (${cellLabel(e.cell.cell_type, e.cell.id)})`)));
    renderWhole(joinSource(e.cell.source), '+', out, ctx);
    renderWholeCellOutputs(e.cell.outputs, '+', out, ctx);
    return;
  }
  if (e.op === 'removed') {
    out.push(c.red(c.bold(`## cell ${e.a} removed (${cellLabel(e.cell.cell_type, e.cell.id)})`)));
    renderWhole(joinSource(e.cell.source), '-', out, ctx);
    renderWholeCellOutputs(e.cell.outputs, '-', out, ctx);
    return;
  }
  if (e.op === 'unchanged' && !e.moved) return;
  const where = e.a === e.b ? `cell ${e.b}` : `cell ${e.a} → ${e.b}`;
  const what = e.op === 'modified' ? (e.moved ? 'moved, modified' : 'modified') : 'moved';
  const header = `## ${where} ${what} (${cellLabel(e.cell_type, e.id)})`;
  out.push(e.moved ? c.yellow(c.bold(header)) : c.cyan(c.bold(header)));
  if (e.op === 'modified') renderChanges(e.changes, out, ctx);
}

function renderChanges(ch: CellChanges, out: string[], ctx: Ctx): void {
  const { c } = ctx;
  if (ch.cell_type) out.push(`  cell type: ${c.red(ch.cell_type.old)} → ${c.green(ch.cell_type.new)}`);
  if (ch.id) out.push(`  id: ${c.red(ch.id.old ?? '(none)')} → ${c.green(ch.id.new ?? '(none)')}`);
  if (ch.source?.lines.some((op) => op.op !== 'equal')) renderHunks(ch.source.lines, out, ctx, '');
  if (ch.execution_count) {
    out.push(`  execution count: ${c.red(countText(ch.execution_count.old))} → ${c.green(countText(ch.execution_count.new))}`);
  }
  if (ch.outputs) renderOutputs(ch.outputs, out, ctx);
  if (ch.metadata) {
    out.push('  metadata:');
    renderKeyChanges(ch.metadata, '    ', out, ctx);
  }
  if (ch.attachments) {
    out.push('  attachments:');
    renderKeyChanges(ch.attachments, '    ', out, ctx, true);
  }
  if (ch.other) renderKeyChanges(ch.other, '  ', out, ctx);
}

function countText(v: number | null | undefined): string {
  return v === undefined ? '(none)' : v === null ? 'null' : String(v);
}

/**
 * A plain unified text diff of two files (what `diff -u` prints), for inputs that are not
 * notebooks (a file with conflict markers, broken JSON). Empty when the texts are equal.
 *
 * @param nameA - Label of the old side.
 * @param nameB - Label of the new side.
 */
export function renderUnifiedText(nameA: string, nameB: string, textA: string, textB: string, options: { color?: boolean; context?: number } = {}): string {
  if (textA === textB) return '';
  const c = pc.createColors(options.color === true);
  const patch = createTwoFilesPatch(nameA, nameB, textA, textB, undefined, undefined, { context: options.context ?? 3 });
  const lines = patch.split('\n');
  if (lines[0]?.startsWith('=====')) lines.shift();
  const out = lines.map((l) =>
    l.startsWith('---') || l.startsWith('+++') ? c.bold(l) : l.startsWith('@@') ? c.cyan(l) : l.startsWith('-') ? c.red(l) : l.startsWith('+') ? c.green(l) : l,
  );
  return out.join('\n');
}
