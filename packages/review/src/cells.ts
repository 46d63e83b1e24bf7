/**
 * Cells: a notebook diff as a list of cell sections. Changed, added, removed and moved cells
 * are shown in full (markdown rendered, code as a line and word diff, outputs by type);
 * runs of unchanged cells fold into one line with their count.
 */
import { type Cell, isJsonObject, type JsonValue, joinSource, type Notebook, type Output, splitLines } from '@nbgit/core';
import type { CellChanges, CellEntry, KeyChange, NotebookDiff } from '@nbgit/diff';
import { type ConflictNote, conflictsOf, conflictValue, splitConflictMarkers } from './conflict.js';
import { esc, plural } from './html.js';
import { dataUri, IMAGE_MIMES } from './images.js';
import { outputLabel, pair, type RenderContext, renderOutput, renderOutputChange, short } from './outputs.js';
import { markdownHtml } from './sanitize.js';
import { changedLines, textDiffHtml, textHtml } from './text.js';

/** Options of the cell list. */
export interface CellContext extends RenderContext {
  /** Unchanged cells: folded with their sources inside (`'source'`, default), or only counted. */
  unchanged: 'source' | 'count';
}

/** The HTML of a file's cells, and how many changes (targets of next/previous) it holds. */
export interface CellsHtml {
  html: string;
  changes: number;
}

function typeOf(cell: Cell | undefined): string {
  return String(cell?.cell_type ?? 'code');
}

function count(cell: Cell | undefined): string {
  const n = (cell as { execution_count?: unknown } | undefined)?.execution_count;
  return typeof n === 'number' ? `[${n}]` : '';
}

function outputsOf(cell: Cell | undefined): Output[] {
  const o = (cell as { outputs?: unknown } | undefined)?.outputs;
  return Array.isArray(o) ? (o as Output[]) : [];
}

function attachmentsOf(cell: Cell | undefined): JsonValue | undefined {
  return (cell as { attachments?: JsonValue } | undefined)?.attachments;
}

/** A cell's source as the reader sees it: markdown rendered (its text a click away), code and raw as text. */
export function sourceHtml(cell: Cell, ctx: RenderContext): string {
  const text = joinSource(cell.source);
  if (typeOf(cell) === 'markdown') {
    return `<div class="md">${markdownHtml(text, attachmentsOf(cell), ctx.images)}</div><details class="raw"><summary>markdown source</summary>${textHtml(text, 'src')}</details>`;
  }
  return text === '' ? '<pre class="src empty">(empty)</pre>' : textHtml(text, `src${typeOf(cell) === 'raw' ? ' rawcell' : ''}`);
}

/** A whole cell (an added or removed one): source and outputs. */
function wholeCell(cell: Cell, ctx: RenderContext): string {
  const outs = outputsOf(cell);
  const outputs = outs.length ? `<div class="outs">${outs.map((o) => `<div class="output">${renderOutput(o, ctx)}</div>`).join('')}</div>` : '';
  return sourceHtml(cell, ctx) + outputs;
}

function header(op: string, label: string, cell: Cell | undefined, extra: string[] = [], showCount = true): string {
  const id = typeof cell?.id === 'string' ? ` · id <code>${esc(cell.id)}</code>` : '';
  const n = showCount ? count(cell) : '';
  const bits = [
    `<span class="op">${op}</span>`,
    label,
    `<span class="ty">${esc(typeOf(cell))}</span>${id}`,
    ...(n ? [`<span class="ec">${n}</span>`] : []),
    ...extra,
  ];
  return `<header>${bits.join(' ')}</header>`;
}

/**
 * The cells of a notebook diff.
 *
 * @param a - The old notebook.
 * @param b - The new notebook.
 * @param diff - `diffNotebooks(a, b)`.
 * @param fileId - Prefix of the element ids (`f1`).
 */
export function diffCells(a: Notebook, b: Notebook, diff: NotebookDiff, fileId: string, ctx: CellContext): CellsHtml {
  const out: string[] = [];
  let changes = 0;
  let same: { a: number; b: number }[] = [];
  const flushSame = () => {
    if (same.length)
      out.push(
        unchangedRun(
          same.map((s) => ({ index: s.b, cell: b.cells[s.b] as Cell })),
          ctx,
        ),
      );
    same = [];
  };
  for (const e of diff.cells) {
    if (e.op === 'unchanged' && !e.moved) {
      same.push({ a: e.a, b: e.b });
      continue;
    }
    flushSame();
    changes++;
    out.push(cellEntry(e, a, b, `${fileId}-${changes}`, ctx));
  }
  flushSame();
  return { html: out.join(''), changes };
}

/** A run of unchanged cells: one line with the count, their sources folded inside. */
function unchangedRun(cells: { index: number; cell: Cell }[], ctx: CellContext, words: [string, string] = ['unchanged cell', 'unchanged cells']): string {
  const first = cells[0]?.index ?? 0;
  const last = cells[cells.length - 1]?.index ?? 0;
  const range = cells.length === 1 ? `cell ${first}` : `cells ${first}–${last}`;
  const label = `${plural(cells.length, words[0], words[1])} (${range})`;
  if (ctx.unchanged === 'count') return `<div class="same"><span>${label}</span></div>`;
  const inner = cells.map((c) => `<div class="cell plain">${header('', `cell ${c.index}`, c.cell)}${sourceHtml(c.cell, ctx)}</div>`).join('');
  return `<details class="same"><summary>${label}</summary>${inner}</details>`;
}

function cellEntry(e: CellEntry, a: Notebook, b: Notebook, id: string, ctx: CellContext): string {
  if (e.op === 'added') {
    return `<section class="cell chg added" id="${id}">${header('added', `cell ${e.b}`, e.cell)}${pair(undefined, wholeCell(e.cell, ctx))}${conflictView(e.cell, ctx)}</section>`;
  }
  if (e.op === 'removed') {
    return `<section class="cell chg removed" id="${id}">${header('removed', `cell ${e.a}`, e.cell)}${pair(wholeCell(e.cell, ctx), undefined)}</section>`;
  }
  const ca = a.cells[e.a] as Cell;
  const cb = b.cells[e.b] as Cell;
  const where = e.a === e.b ? `cell ${e.b}` : `cell ${e.a} → ${e.b}`;
  const moved = e.moved ? ['<span class="badge mv">moved</span>'] : [];
  if (e.op === 'unchanged') {
    return `<section class="cell chg moved" id="${id}">${header('moved', where, cb, moved)}<details class="raw"><summary>cell content (unchanged)</summary>${sourceHtml(cb, ctx)}</details></section>`;
  }
  const ch = e.changes;
  const extra = [...moved];
  if (ch.execution_count)
    extra.push(`<span class="ec">[${esc(String(ch.execution_count.old ?? '–'))}] → [${esc(String(ch.execution_count.new ?? '–'))}]</span>`);
  const body = modifiedBody(ca, cb, ch, ctx);
  return `<section class="cell chg modified${e.moved ? ' moved' : ''}" id="${id}">${header('modified', where, cb, extra, !ch.execution_count)}${body}${conflictView(cb, ctx)}</section>`;
}

function modifiedBody(ca: Cell, cb: Cell, ch: CellChanges, ctx: CellContext): string {
  const parts: string[] = [];
  const compact: string[] = [];
  if (ch.cell_type) compact.push(`<li>cell type: <span class="old">${esc(ch.cell_type.old)}</span> → <span class="new">${esc(ch.cell_type.new)}</span></li>`);
  if (ch.id) compact.push(`<li>id: <span class="old">${esc(ch.id.old ?? '(none)')}</span> → <span class="new">${esc(ch.id.new ?? '(none)')}</span></li>`);
  const ta = joinSource(ca.source);
  const tb = joinSource(cb.source);
  const markdown = typeOf(ca) === 'markdown' || typeOf(cb) === 'markdown';
  if (ta !== tb) {
    if (markdown) {
      // the blocks that hold changed lines are tinted in the rendered views
      const lines = changedLines(ta, tb);
      const rendered = (c: Cell, t: string, changed: Set<number>) =>
        typeOf(c) === 'markdown' ? `<div class="md">${markdownHtml(t, attachmentsOf(c), ctx.images, changed)}</div>` : textHtml(t, 'src');
      parts.push(pair(rendered(ca, ta, lines.old), rendered(cb, tb, lines.new)));
      parts.push(`<details class="raw"><summary>source diff</summary>${textDiffHtml(ta, tb, ctx.view)}</details>`);
    } else parts.push(textDiffHtml(ta, tb, ctx.view));
  } else if (markdown) {
    parts.push(`<details class="raw"><summary>source (unchanged)</summary>${sourceHtml(cb, ctx)}</details>`);
  } else {
    // the code that made the changed outputs: shown, or folded when long
    const n = splitLines(tb).length;
    parts.push(n > 12 ? `<details class="raw"><summary>source (unchanged, ${n} lines)</summary>${textHtml(tb, 'src')}</details>` : textHtml(tb, 'src'));
  }
  if (ch.outputs) parts.push(outputsHtml(ch, ctx));
  if (ch.attachments) parts.push(attachmentsHtml(ca, cb, ch.attachments, ctx));
  for (const k of ch.metadata ?? []) compact.push(keyItem(['metadata', ...k.path], k));
  for (const k of ch.other ?? []) compact.push(keyItem(k.path, k));
  if (compact.length) parts.push(`<ul class="keys">${compact.join('')}</ul>`);
  return parts.join('');
}

function keyItem(path: string[], k: KeyChange): string {
  const p = `<code>${esc(path.join('.'))}</code>`;
  if (k.op === 'added') return `<li class="new">+ ${p}: ${esc(short(JSON.stringify(k.new)))}</li>`;
  if (k.op === 'removed') return `<li class="old">− ${p}: ${esc(short(JSON.stringify(k.old)))}</li>`;
  return `<li>~ ${p}: <span class="old">${esc(short(JSON.stringify(k.old)))}</span> → <span class="new">${esc(short(JSON.stringify(k.new)))}</span></li>`;
}

function outputsHtml(ch: CellChanges, ctx: CellContext): string {
  const out: string[] = [];
  let j = 0;
  let same = 0;
  const flushSame = () => {
    if (same) out.push(`<div class="same-out">${plural(same, 'unchanged output')}</div>`);
    same = 0;
  };
  for (const e of ch.outputs ?? []) {
    if (e.op === 'removed') {
      flushSame();
      out.push(`<div class="output">${outHead('removed', `output ${e.a}`, e.output)}${pair(renderOutput(e.output, ctx), undefined)}</div>`);
      continue;
    }
    const k = j++;
    if (e.op === 'unchanged' || (e.op === 'modified' && e.layoutOnly)) {
      same++;
      continue;
    }
    flushSame();
    if (e.op === 'added') out.push(`<div class="output">${outHead('added', `output ${k}`, e.output)}${pair(undefined, renderOutput(e.output, ctx))}</div>`);
    else
      out.push(
        `<div class="output">${outHead('changed', e.a === k ? `output ${k}` : `output ${e.a} → ${k}`, e.new)}${renderOutputChange(e.old, e.new, ctx)}</div>`,
      );
  }
  flushSame();
  return `<div class="outs">${out.join('')}</div>`;
}

function outHead(op: string, where: string, o: Output): string {
  return `<div class="ohead"><span class="op">${op}</span> ${where} · ${esc(outputLabel(o))}</div>`;
}

/** Changed attachments: images before and after, other types as a compact line. */
function attachmentsHtml(ca: Cell, cb: Cell, changes: KeyChange[], ctx: CellContext): string {
  const aa = attachmentsOf(ca);
  const ab = attachmentsOf(cb);
  const names = new Set(changes.map((c) => c.path[0]).filter((x): x is string => x !== undefined));
  const out: string[] = [];
  for (const name of names) {
    const img = (att: JsonValue | undefined) => {
      const bundle = isJsonObject(att) ? att[name] : undefined;
      if (!isJsonObject(bundle)) return undefined;
      for (const m of IMAGE_MIMES) {
        if (!(m in bundle)) continue;
        const src = dataUri(m, bundle[m]);
        if (!src) return `<div class="note">${esc(m)} that is not valid data</div>`;
        const note = ctx.images.admit(src.length);
        return note ? `<div class="note">${esc(note)}</div>` : `<img class="att" alt="${esc(name)}" src="${src}">`;
      }
      return `<div class="note">${esc(Object.keys(bundle).join(', '))}</div>`;
    };
    out.push(`<div class="ohead"><span class="op">attachment</span> <code>${esc(name)}</code></div>${pair(img(aa), img(ab))}`);
  }
  return `<div class="atts">${out.join('')}</div>`;
}

/** Both sides of a conflicted cell (`metadata.nbgit.conflicts` left by nbgit's merge), or `''`. */
export function conflictView(cell: Cell, ctx: RenderContext): string {
  const notes = conflictsOf(cell.metadata);
  const sides = splitConflictMarkers(cell.source);
  if (notes.length === 0 && !sides) return '';
  const out: string[] = ['<div class="conflict">'];
  out.push(
    `<div class="ctitle">conflict${notes.length > 1 ? 's' : ''}: ${notes.map((n) => esc(n.message || n.kind)).join('; ') || 'conflict markers in the source'}</div>`,
  );
  if (sides) {
    out.push(`<div class="clabels"><span>${esc(sides.labels.local)}</span><span>${esc(sides.labels.remote)}</span></div>`);
    out.push(textDiffHtml(sides.local, sides.remote, { ...ctx.view, layout: 'side-by-side' }) || '<div class="note">both sides are equal</div>');
  }
  const values = notes.filter((n: ConflictNote) => n.kind !== 'source' && n.kind !== 'delete-modify');
  if (values.length) {
    out.push(
      `<ul class="keys">${values.map((n) => `<li><code>${esc(n.path)}</code>: local <span class="old">${conflictValue(n.local)}</span> · remote <span class="new">${conflictValue(n.remote)}</span></li>`).join('')}</ul>`,
    );
  }
  out.push('</div>');
  return out.join('');
}

/**
 * A notebook left in conflict by a merge: its conflicted cells with both sides, the other
 * cells folded, and notebook-level conflicts listed.
 */
export function conflictCells(nb: Notebook, fileId: string, ctx: CellContext): CellsHtml {
  const out: string[] = [];
  let changes = 0;
  const top = conflictsOf(nb.metadata);
  if (top.length) {
    changes++;
    out.push(
      `<section class="cell chg conflicted" id="${fileId}-${changes}"><header><span class="op">conflict</span> notebook metadata</header><ul class="keys">${top
        .map(
          (n) =>
            `<li><code>${esc(n.path)}</code>: ${esc(n.message)} — local <span class="old">${conflictValue(n.local)}</span> · remote <span class="new">${conflictValue(n.remote)}</span></li>`,
        )
        .join('')}</ul></section>`,
    );
  }
  let same: { index: number; cell: Cell }[] = [];
  const flush = () => {
    if (same.length) out.push(unchangedRun(same, ctx, ['cell without conflicts', 'cells without conflicts']));
    same = [];
  };
  nb.cells.forEach((cell, i) => {
    const view = conflictView(cell, ctx);
    if (!view) {
      same.push({ index: i, cell });
      return;
    }
    flush();
    changes++;
    const outs = outputsOf(cell);
    const outputs = outs.length
      ? `<details class="raw"><summary>${plural(outs.length, 'output')} (merged)</summary>${outs.map((o) => `<div class="output">${renderOutput(o, ctx)}</div>`).join('')}</details>`
      : '';
    out.push(`<section class="cell chg conflicted" id="${fileId}-${changes}">${header('conflict', `cell ${i}`, cell)}${view}${outputs}</section>`);
  });
  flush();
  return { html: out.join(''), changes };
}
