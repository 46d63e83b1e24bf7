/**
 * Line diffs of two texts as HTML tables: side by side (old and new in two columns) or
 * unified (one column), changed lines paired for word highlights, long unchanged runs folded.
 */
import { splitLines } from '@nbgit/core';
import { diffLines } from '@nbgit/diff';
import { diffWordsWithSpace } from 'diff';
import { ansiLines, hasAnsi } from './ansi.js';
import { esc, stripEol } from './html.js';

/** How text diffs are laid out. */
export interface TextView {
  /** Two columns (default) or one. */
  layout: 'side-by-side' | 'unified';
  /** Unchanged lines kept around a change; longer unchanged runs are folded. */
  context: number;
}

/** Longest line (characters) given word highlights. */
const MAX_WORD_LINE = 2000;

type Row =
  | { t: ' '; a: number; b: number }
  | { t: '-'; a: number; b?: number }
  | { t: '+'; b: number }
  | { t: '~'; a: number; b: number }
  | { t: '.'; n: number };

/**
 * The line diff of `oldText` and `newText` as a table. Lines are compared without their line
 * ends. With `ansi`, terminal colours in the text are kept (and words are not highlighted on
 * lines that carry colour codes).
 *
 * @returns `<table class="diff sbs|uni">…</table>`, or `''` when the texts are equal.
 */
export function textDiffHtml(oldText: string, newText: string, view: TextView, options: { ansi?: boolean } = {}): string {
  if (oldText === newText) return '';
  const oa = splitLines(oldText);
  const nb = splitLines(newText);
  const ka = oa.map(stripEol);
  const kb = nb.map(stripEol);
  const ha = options.ansi ? ansiLines(oa) : ka.map(esc);
  const hb = options.ansi ? ansiLines(nb) : kb.map(esc);
  const rows = foldRows(pairRows(ka, kb), view.context);
  const out: string[] = [];
  const side = view.layout === 'side-by-side';
  out.push(`<table class="diff ${side ? 'sbs' : 'uni'}">`);
  for (const r of rows) {
    if (r.t === '.') {
      out.push(`<tr class="fold"><td colspan="${side ? 4 : 3}">⋯ ${r.n} unchanged ${r.n === 1 ? 'line' : 'lines'}</td></tr>`);
      continue;
    }
    let oldHtml = r.t === '+' ? '' : (ha[r.a] as string);
    let newHtml = r.t === '-' ? '' : (hb[r.b] as string);
    if (r.t === '~') {
      const w = wordHtml(ka[r.a] as string, kb[r.b] as string);
      if (w) [oldHtml, newHtml] = w;
    }
    const na = r.t === '+' ? '' : String(r.a + 1);
    const nbn = r.t === '-' ? '' : String(r.b + 1);
    if (side) {
      const cls = r.t === ' ' ? 's' : 'x';
      const left =
        r.t === '+' ? '<td class="n"></td><td class="c e"></td>' : `<td class="n" data-n="${na}"></td><td class="c${r.t === ' ' ? '' : ' d'}">${oldHtml}</td>`;
      const right =
        r.t === '-' ? '<td class="n"></td><td class="c e"></td>' : `<td class="n" data-n="${nbn}"></td><td class="c${r.t === ' ' ? '' : ' a'}">${newHtml}</td>`;
      out.push(`<tr class="${cls}">${left}${right}</tr>`);
    } else if (r.t === ' ') {
      out.push(`<tr class="s"><td class="n" data-n="${na}"></td><td class="n" data-n="${nbn}"></td><td class="c">${oldHtml}</td></tr>`);
    } else {
      if (r.t !== '+') out.push(`<tr class="x"><td class="n" data-n="${na}"></td><td class="n"></td><td class="c d">${oldHtml}</td></tr>`);
      if (r.t !== '-') out.push(`<tr class="x"><td class="n"></td><td class="n" data-n="${nbn}"></td><td class="c a">${newHtml}</td></tr>`);
    }
  }
  out.push('</table>');
  // unified: removed lines of a block come before its added ones
  return side ? out.join('') : reorderUnified(out);
}

/** Rows: equal lines, and each change block's removed and added lines paired one to one. */
function pairRows(ka: string[], kb: string[]): Row[] {
  const rows: Row[] = [];
  let i = 0;
  let j = 0;
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    const n = Math.max(removed.length, added.length);
    for (let k = 0; k < n; k++) {
      const x = removed[k];
      const y = added[k];
      if (x !== undefined && y !== undefined) rows.push({ t: '~', a: x, b: y });
      else if (x !== undefined) rows.push({ t: '-', a: x });
      else if (y !== undefined) rows.push({ t: '+', b: y });
    }
    removed = [];
    added = [];
  };
  for (const op of diffLines(ka, kb)) {
    for (let k = 0; k < op.lines.length; k++) {
      if (op.op === 'equal') {
        flush();
        rows.push({ t: ' ', a: i++, b: j++ });
      } else if (op.op === 'removed') removed.push(i++);
      else added.push(j++);
    }
  }
  flush();
  return rows;
}

/** Runs of equal rows longer than the context around changes become one fold row. */
function foldRows(rows: Row[], context: number): Row[] {
  const out: Row[] = [];
  let k = 0;
  while (k < rows.length) {
    if (rows[k]?.t !== ' ') {
      out.push(rows[k] as Row);
      k++;
      continue;
    }
    let end = k;
    while (end < rows.length && rows[end]?.t === ' ') end++;
    const keepBefore = k === 0 ? 0 : context;
    const keepAfter = end === rows.length ? 0 : context;
    const hidden = end - k - keepBefore - keepAfter;
    if (hidden >= 3) {
      for (let x = k; x < k + keepBefore; x++) out.push(rows[x] as Row);
      out.push({ t: '.', n: hidden });
      for (let x = end - keepAfter; x < end; x++) out.push(rows[x] as Row);
    } else for (let x = k; x < end; x++) out.push(rows[x] as Row);
    k = end;
  }
  return out;
}

/** Word highlights of a changed line pair, or undefined when the lines have little in common. */
function wordHtml(a: string, b: string): [string, string] | undefined {
  if (a.length > MAX_WORD_LINE || b.length > MAX_WORD_LINE || hasAnsi(a) || hasAnsi(b)) return undefined;
  const parts = diffWordsWithSpace(a, b);
  let same = 0;
  for (const p of parts) if (!p.added && !p.removed) same += p.value.length;
  if (same < 0.3 * Math.max(a.length, b.length)) return undefined;
  // a space between two changed words is part of the change: one highlight, not two
  const changed = (k: number) => parts[k] !== undefined && (parts[k].added === true || parts[k].removed === true);
  const olds: { text: string; hi: boolean }[] = [];
  const news: { text: string; hi: boolean }[] = [];
  parts.forEach((p, k) => {
    if (p.added) news.push({ text: p.value, hi: true });
    else if (p.removed) olds.push({ text: p.value, hi: true });
    else {
      const glue = /^[ \t]{1,2}$/.test(p.value) && changed(k - 1) && changed(k + 1);
      olds.push({ text: p.value, hi: glue });
      news.push({ text: p.value, hi: glue });
    }
  });
  return [spans(olds, 'wd'), spans(news, 'wa')];
}

/** Runs of highlighted pieces as one `<span class="CLS">` each. */
function spans(pieces: { text: string; hi: boolean }[], cls: string): string {
  let out = '';
  let run = '';
  for (const p of pieces) {
    if (p.hi) run += p.text;
    else {
      if (run) out += `<span class="${cls}">${esc(run)}</span>`;
      run = '';
      out += esc(p.text);
    }
  }
  if (run) out += `<span class="${cls}">${esc(run)}</span>`;
  return out;
}

/** In a unified table, moves each run of added rows after the removed rows it pairs with. */
function reorderUnified(rows: string[]): string {
  const out: string[] = [];
  let dels: string[] = [];
  let adds: string[] = [];
  const flush = () => {
    out.push(...dels, ...adds);
    dels = [];
    adds = [];
  };
  for (const r of rows) {
    if (r.startsWith('<tr class="x">') && r.includes('class="c d"')) dels.push(r);
    else if (r.startsWith('<tr class="x">')) adds.push(r);
    else {
      flush();
      out.push(r);
    }
  }
  flush();
  return out.join('');
}

/** A whole text (an added or removed cell's source, an output) as a `<pre>`, colours kept with `ansi`. */
export function textHtml(text: string, cls: string, options: { ansi?: boolean } = {}): string {
  const lines = splitLines(text);
  const html = options.ansi ? ansiLines(lines).join('\n') : esc(lines.map(stripEol).join('\n'));
  return `<pre class="${cls}">${html}</pre>`;
}

/** The 1-based numbers of the lines removed from `oldText` and added in `newText` (line ends ignored). */
export function changedLines(oldText: string, newText: string): { old: Set<number>; new: Set<number> } {
  const out = { old: new Set<number>(), new: new Set<number>() };
  let i = 0;
  let j = 0;
  for (const op of diffLines(splitLines(oldText).map(stripEol), splitLines(newText).map(stripEol))) {
    for (let k = 0; k < op.lines.length; k++) {
      if (op.op === 'equal') {
        i++;
        j++;
      } else if (op.op === 'removed') out.old.add(++i);
      else out.new.add(++j);
    }
  }
  return out;
}
