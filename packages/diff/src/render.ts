/**
 * Renderers: the terminal view and the JSON form of a {@link NotebookDiff}. Pure: they
 * return strings and never look at the terminal; the caller decides on colour.
 */
import { hashString, isJsonObject, type JsonValue, joinSource, jsonText, type MultilineString, type Output, splitLines } from '@nbgit/core';
import { createTwoFilesPatch, diffWordsWithSpace } from 'diff';
import pc from 'picocolors';
import { diffLines, diffValues } from './text.js';
import type { CellChanges, CellEntry, KeyChange, LineOp, NotebookDiff, OutputEntry, TextDiff } from './types.js';

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

type Paint = ReturnType<typeof pc.createColors>;

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

interface Ctx {
  c: Paint;
  context: number;
  maxLines: number;
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

/** A whole text as added or removed lines. */
function renderWhole(text: string, sign: '+' | '-', out: string[], ctx: Ctx, indent = '', limit = Number.POSITIVE_INFINITY): void {
  const paint = sign === '+' ? ctx.c.green : ctx.c.red;
  const lines = splitLines(text);
  const shown = Math.min(lines.length, limit);
  for (let k = 0; k < shown; k++) out.push(paint(`${indent}${sign}${stripEnd(lines[k])}`));
  if (lines.length > shown) out.push(ctx.c.dim(`${indent}… ${lines.length - shown} more lines`));
}

function stripEnd(line: string): string {
  return line.replace(/(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/, '');
}

/**
 * Unified hunks (`@@ -l,n +l,n @@`) over a line diff, with word highlights in colour. With
 * `markers`, a text's last line that lost or gained its newline gets git's note (see displayRows).
 */
function renderHunks(ops: readonly LineOp[], out: string[], ctx: Ctx, indent: string, markers = true): void {
  const { c, context } = ctx;
  const shown = displayRows(ops);
  const rows = shown.rows;
  const marker = markers && shown.marker;
  // hunk ranges: changed rows with `context` rows around them
  const keep = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    if (rows[k].t === ' ') continue;
    for (let d = Math.max(0, k - context); d <= Math.min(rows.length - 1, k + context); d++) keep[d] = 1;
  }
  let oldLine = 1;
  let newLine = 1;
  let k = 0;
  while (k < rows.length) {
    if (!keep[k]) {
      if (rows[k].t !== '+') oldLine++;
      if (rows[k].t !== '-') newLine++;
      k++;
      continue;
    }
    let end = k;
    while (end < rows.length && keep[end]) end++;
    let na = 0;
    let nb = 0;
    for (let x = k; x < end; x++) {
      if (rows[x].t !== '+') na++;
      if (rows[x].t !== '-') nb++;
    }
    out.push(c.cyan(`${indent}@@ -${na === 0 ? oldLine - 1 : oldLine},${na} +${nb === 0 ? newLine - 1 : newLine},${nb} @@`));
    // emit, pairing runs of removed with the following added for word highlights
    let x = k;
    while (x < end) {
      const r = rows[x];
      if (r.t === ' ') {
        out.push(`${indent} ${stripEnd(r.s)}`);
        x++;
        continue;
      }
      let y = x;
      while (y < end && rows[y].t === '-') y++;
      let z = y;
      while (z < end && rows[z].t === '+') z++;
      const removed = rows.slice(x, y).map((q) => q.s);
      const added = rows.slice(y, z).map((q) => q.s);
      renderChangeBlock(removed, added, out, ctx, indent, marker);
      x = z;
    }
    for (let x2 = k; x2 < end; x2++) {
      if (rows[x2].t !== '+') oldLine++;
      if (rows[x2].t !== '-') newLine++;
    }
    k = end;
  }
}

type Row = { t: ' ' | '-' | '+'; s: string };

/**
 * The rows the terminal view shows for a line diff. Lines keep their ends in the model, and a
 * cell's last line has none, so appending a line to a cell is, exactly, the old last line
 * removed and added again with a newline. When neither text ends with a newline (nearly every
 * cell), the view compares lines without their `\n`, so such an append is one `+` line.
 * When one text ends with a newline and the other does not, the lines are shown as they are
 * and `marker` is set: the line without a newline is followed by `\ No newline at end of cell`,
 * as git does for files. Only the last change block can hold a line without its end.
 */
function displayRows(ops: readonly LineOp[]): { rows: Row[]; marker: boolean } {
  const rows: Row[] = [];
  for (const op of ops) {
    const t = op.op === 'equal' ? ' ' : op.op === 'removed' ? '-' : '+';
    for (const s of op.lines) rows.push({ t, s });
  }
  let lastOld: string | undefined;
  let lastNew: string | undefined;
  for (let k = rows.length - 1; k >= 0 && (lastOld === undefined || lastNew === undefined); k--) {
    if (rows[k].t !== '+' && lastOld === undefined) lastOld = rows[k].s;
    if (rows[k].t !== '-' && lastNew === undefined) lastNew = rows[k].s;
  }
  if (lastOld === undefined || lastNew === undefined) return { rows, marker: false };
  const openOld = stripEnd(lastOld) === lastOld;
  const openNew = stripEnd(lastNew) === lastNew;
  if (openOld !== openNew) return { rows, marker: true };
  if (!openOld) return { rows, marker: false };
  // both texts end without a newline: re-pair the last change block with "\n" left out
  let start = rows.length;
  while (start > 0 && rows[start - 1].t !== ' ') start--;
  if (start === rows.length) return { rows, marker: false };
  const removed = rows
    .slice(start)
    .filter((r) => r.t === '-')
    .map((r) => r.s);
  const added = rows
    .slice(start)
    .filter((r) => r.t === '+')
    .map((r) => r.s);
  // each side's last line is compared as if it ended like the line before it (so CRLF
  // sources pair too); every other line keeps its end, so an end that changed still shows
  const keys = (side: ' -' | ' +', lines: string[]) => {
    const k = lines.slice();
    let before: string | undefined;
    let seen = 0;
    for (let r = rows.length - 1; r >= 0 && before === undefined; r--) if (side.includes(rows[r].t) && seen++ === 1) before = rows[r].s;
    if (k.length > 0) k[k.length - 1] += before === undefined || before === stripEnd(before) ? '\n' : before.slice(stripEnd(before).length);
    return k;
  };
  const out = rows.slice(0, start);
  let i = 0;
  let j = 0;
  for (const op of diffLines(keys(' -', removed), keys(' +', added))) {
    for (let n = 0; n < op.lines.length; n++) {
      if (op.op === 'equal') {
        out.push({ t: ' ', s: added[j++] });
        i++;
      } else if (op.op === 'removed') out.push({ t: '-', s: removed[i++] });
      else out.push({ t: '+', s: added[j++] });
    }
  }
  return { rows: out, marker: false };
}

const NO_NEWLINE = '\\ No newline at end of cell';

/** A block of removed lines replaced by added lines; with colour, changed words are highlighted. */
function renderChangeBlock(removed: string[], added: string[], out: string[], ctx: Ctx, indent: string, marker = false): void {
  const { c } = ctx;
  // with `marker`, the one line without its end (a text's last) is followed by git's note
  const note = (lines: string[]) => marker && lines.length > 0 && stripEnd(lines[lines.length - 1]) === lines[lines.length - 1];
  if (!c.isColorSupported || removed.length === 0 || added.length === 0 || removed.length + added.length > 200) {
    for (const s of removed) out.push(c.red(`${indent}-${stripEnd(s)}`));
    if (note(removed)) out.push(c.dim(`${indent}${NO_NEWLINE}`));
    for (const s of added) out.push(c.green(`${indent}+${stripEnd(s)}`));
    if (note(added)) out.push(c.dim(`${indent}${NO_NEWLINE}`));
    return;
  }
  const parts = diffWordsWithSpace(removed.map(stripEnd).join('\n'), added.map(stripEnd).join('\n'));
  const oldText: string[] = [];
  const newText: string[] = [];
  for (const p of parts) {
    if (p.added) newText.push(highlight(p.value, c.bgGreen, c));
    else if (p.removed) oldText.push(highlight(p.value, c.bgRed, c));
    else {
      oldText.push(p.value);
      newText.push(p.value);
    }
  }
  for (const l of oldText.join('').split('\n')) out.push(c.red(`${indent}-${l}`));
  if (note(removed)) out.push(c.dim(`${indent}${NO_NEWLINE}`));
  for (const l of newText.join('').split('\n')) out.push(c.green(`${indent}+${l}`));
  if (note(added)) out.push(c.dim(`${indent}${NO_NEWLINE}`));
}

function highlight(text: string, bg: (s: string) => string, c: Paint): string {
  // colour each line separately so a highlight never spans a line break
  return text
    .split('\n')
    .map((s) => (s ? c.bold(bg(s)) : s))
    .join('\n');
}

// --- outputs -----------------------------------------------------------------------------

const TEXT_MIMES = /^text\/|^application\/(json|javascript|x-latex)|\+json$|\+xml$/;

function outputLabel(o: Output): string {
  const t = String((o as { output_type?: unknown }).output_type);
  if (t === 'stream') return `stream ${String((o as { name?: unknown }).name)}`;
  if (t === 'error') return `error ${String((o as { ename?: unknown }).ename)}`;
  return t;
}

/** Human text of a mime value: text types as text, others as `type, size, hash`. */
function mimeSummary(mime: string, value: JsonValue): string {
  const raw = typeof value === 'string' || Array.isArray(value) ? joinSource(value as MultilineString) : JSON.stringify(value);
  const base64 = !TEXT_MIMES.test(mime) && typeof raw === 'string' && /^[A-Za-z0-9+/=\s]*$/.test(raw);
  const bytes = base64
    ? Math.floor((raw.replace(/\s/g, '').length * 3) / 4) - (raw.match(/=+\s*$/)?.[0].trim().length ?? 0)
    : new TextEncoder().encode(raw).length;
  return `${mime}, ${formatSize(bytes)}, hash ${hashString(raw).slice(0, 10)}`;
}

function formatSize(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** The text of an output, for diffing: stream text, error traceback, or a text mime type. */
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

function renderWholeCellOutputs(outputs: unknown, sign: '+' | '-', out: string[], ctx: Ctx): void {
  if (!Array.isArray(outputs) || outputs.length === 0) return;
  out.push(`  outputs:`);
  outputs.forEach((o, k) => renderWholeOutput(o as Output, sign, `output ${k}`, out, ctx));
}

function renderOutputs(entries: readonly OutputEntry[], out: string[], ctx: Ctx): void {
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
      if (va === undefined) out.push(c.green(`      + ${mimeSummary(mime, vb)}`));
      else if (vb === undefined) out.push(c.red(`      - ${mimeSummary(mime, va)}`));
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

// --- key changes -----------------------------------------------------------------------

function renderKeyChanges(changes: readonly KeyChange[], indent: string, out: string[], ctx: Ctx, summariseValues = false): void {
  const { c } = ctx;
  for (const ch of changes) {
    const path = formatPath(ch.path);
    const show = (v: JsonValue, side: 'old' | 'new') => {
      if (summariseValues) return ch.path.length >= 2 ? mimeSummary(ch.path[1], v) : summariseAttachment(v);
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

/** Exposed for tests: the text diff of a source in unified form (no colour). */
export function renderTextDiff(diff: TextDiff, options: { context?: number } = {}): string {
  const out: string[] = [];
  renderHunks(diff.lines, out, { c: pc.createColors(false), context: options.context ?? 3, maxLines: 40 }, '');
  return out.length ? `${out.join('\n')}\n` : '';
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
