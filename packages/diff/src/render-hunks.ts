/**
 * Line diffs for the terminal: unified hunks (`@@ -l,n +l,n @@`) with word highlights in
 * colour, whole texts as added or removed lines, and git's note for a last line that lost
 * or gained its newline.
 */
import { splitLines } from '@nbgit/core';
import { diffWordsWithSpace } from 'diff';
import pc from 'picocolors';
import type { Ctx, Paint } from './render-context.js';
import { diffLines } from './text.js';
import type { LineOp, TextDiff } from './types.js';

/** A whole text as added or removed lines. */
export function renderWhole(text: string, sign: '+' | '-', out: string[], ctx: Ctx, indent = '', limit = Number.POSITIVE_INFINITY): void {
  const paint = sign === '+' ? ctx.c.green : ctx.c.red;
  const lines = splitLines(text);
  const shown = Math.min(lines.length, limit);
  for (const line of lines.slice(0, shown)) out.push(paint(`${indent}${sign}${stripEnd(line)}`));
  if (lines.length > shown) out.push(ctx.c.dim(`${indent}… ${lines.length - shown} more lines`));
}

/** A line without its line end. */
function stripEnd(line: string): string {
  return line.replace(/(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/, '');
}

/**
 * Unified hunks (`@@ -l,n +l,n @@`) over a line diff, with word highlights in colour. With
 * `markers`, a text's last line that lost or gained its newline gets git's note (see displayRows).
 */
export function renderHunks(ops: readonly LineOp[], out: string[], ctx: Ctx, indent: string, markers = true): void {
  const { c, context } = ctx;
  const shown = displayRows(ops);
  const rows = shown.rows;
  const marker = markers && shown.marker;
  // hunk ranges: changed rows with `context` rows around them
  const keep = new Uint8Array(rows.length);
  for (const [k, row] of rows.entries()) {
    if (row.t === ' ') continue;
    for (let d = Math.max(0, k - context); d <= Math.min(rows.length - 1, k + context); d++) keep[d] = 1;
  }
  let oldLine = 1;
  let newLine = 1;
  let k = 0;
  while (k < rows.length) {
    if (!keep[k]) {
      const { t } = rows[k]!; // k < rows.length
      if (t !== '+') oldLine++;
      if (t !== '-') newLine++;
      k++;
      continue;
    }
    let end = k;
    while (end < rows.length && keep[end]) end++;
    const hunk = rows.slice(k, end);
    let na = 0;
    let nb = 0;
    for (const { t } of hunk) {
      if (t !== '+') na++;
      if (t !== '-') nb++;
    }
    out.push(c.cyan(`${indent}@@ -${na === 0 ? oldLine - 1 : oldLine},${na} +${nb === 0 ? newLine - 1 : newLine},${nb} @@`));
    // emit, pairing runs of removed with the following added for word highlights
    let x = 0;
    while (x < hunk.length) {
      const r = hunk[x]!; // x < hunk.length
      if (r.t === ' ') {
        out.push(`${indent} ${stripEnd(r.s)}`);
        x++;
        continue;
      }
      let y = x;
      while (hunk[y]?.t === '-') y++;
      let z = y;
      while (hunk[z]?.t === '+') z++;
      const removed = hunk.slice(x, y).map((q) => q.s);
      const added = hunk.slice(y, z).map((q) => q.s);
      renderChangeBlock(removed, added, out, ctx, indent, marker);
      x = z;
    }
    oldLine += na;
    newLine += nb;
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
    const { t, s } = rows[k]!; // 0 <= k < rows.length
    if (t !== '+' && lastOld === undefined) lastOld = s;
    if (t !== '-' && lastNew === undefined) lastNew = s;
  }
  if (lastOld === undefined || lastNew === undefined) return { rows, marker: false };
  const openOld = stripEnd(lastOld) === lastOld;
  const openNew = stripEnd(lastNew) === lastNew;
  if (openOld !== openNew) return { rows, marker: true };
  if (!openOld) return { rows, marker: false };
  // both texts end without a newline: re-pair the last change block with "\n" left out
  let start = rows.length;
  while (start > 0 && rows[start - 1]?.t !== ' ') start--;
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
    for (let r = rows.length - 1; r >= 0 && before === undefined; r--) {
      const row = rows[r]!; // 0 <= r < rows.length
      if (side.includes(row.t) && seen++ === 1) before = row.s;
    }
    if (k.length > 0) k[k.length - 1] += before === undefined || before === stripEnd(before) ? '\n' : before.slice(stripEnd(before).length);
    return k;
  };
  const out = rows.slice(0, start);
  let i = 0;
  let j = 0;
  // diffLines' ops cover the keys line by line, and keys(lines) has one key per line
  for (const op of diffLines(keys(' -', removed), keys(' +', added))) {
    for (let n = 0; n < op.lines.length; n++) {
      if (op.op === 'equal') {
        out.push({ t: ' ', s: added[j++]! });
        i++;
      } else if (op.op === 'removed') out.push({ t: '-', s: removed[i++]! });
      else out.push({ t: '+', s: added[j++]! });
    }
  }
  return { rows: out, marker: false };
}

const NO_NEWLINE = '\\ No newline at end of cell';

/** A block of removed lines replaced by added lines; with colour, changed words are highlighted. */
function renderChangeBlock(removed: string[], added: string[], out: string[], ctx: Ctx, indent: string, marker = false): void {
  const { c } = ctx;
  // with `marker`, the one line without its end (a text's last) is followed by git's note
  const note = (lines: string[]) => {
    const last = lines.at(-1);
    return marker && last !== undefined && stripEnd(last) === last;
  };
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

/** Exposed for tests: the text diff of a source in unified form (no colour). */
export function renderTextDiff(diff: TextDiff, options: { context?: number } = {}): string {
  const out: string[] = [];
  renderHunks(diff.lines, out, { c: pc.createColors(false), context: options.context ?? 3, maxLines: 40 }, '');
  return out.length ? `${out.join('\n')}\n` : '';
}
