/**
 * Line-level three-way merge of one string (a cell's source), with git-style conflict
 * markers. Lines keep their own endings (`\n`, `\r\n`, ...), so CRLF text stays CRLF.
 *
 * The merge itself is diff3 on lines (diff3.ts, the one engine of every text merge); around
 * it: a trivial-case shortcut, trimming of the lines common to all three texts, a sentinel
 * newline so that appending to a text without a final newline does not collide with an edit
 * of its last line, and git's "zealous" refinement of each conflict: lines equal on both
 * sides are moved out of the markers, so the markers only surround lines that really differ.
 */
import { splitLines } from '@nbgit/core';
import { diff3Lines } from './diff3.js';
import { diffLines, pushAll } from './myers.js';

/** Options of {@link mergeText}. */
export interface MergeTextOptions {
  /** Length of the marker runs (git's `%L`). Default 7. */
  markerSize?: number;
  /** Marker labels. Defaults `local`, `base`, `remote`. */
  labels?: { local?: string; base?: string; remote?: string };
  /** `'diff3'` adds the base lines between `|||||||` and `=======`. Default `'merge'`. */
  conflictStyle?: 'merge' | 'diff3';
}

/** The result of {@link mergeText}. */
export interface MergeTextResult {
  /** The merged text, with markers around conflicting lines. */
  text: string;
  /** Number of marker blocks written (0 = clean). */
  conflicts: number;
}

const LINE_BREAK = /[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]$/;
const ALNUM = /[\p{L}\p{N}]/u;

/** The line ending a text mostly uses (`\r\n` or `\n`), for marker lines. */
export function lineEnding(...texts: string[]): string {
  for (const t of texts) {
    const crlf = t.split('\r\n').length - 1;
    if (crlf === 0) continue;
    const lf = t.split('\n').length - 1 - crlf;
    return crlf >= lf ? '\r\n' : '\n';
  }
  return '\n';
}

/**
 * Merges three versions of a text line by line. Changes on one side are taken, identical
 * changes on both once, and overlapping (or adjacent) different changes become a marker block
 * `<<<<<<< local` / `=======` / `>>>>>>> remote` around just the lines that differ.
 *
 * @param base - The common ancestor.
 * @param local - Our version.
 * @param remote - Their version.
 * @returns The merged text and the number of conflict blocks.
 */
export function mergeText(base: string, local: string, remote: string, options: MergeTextOptions = {}): MergeTextResult {
  if (local === remote || remote === base) return { text: local, conflicts: 0 };
  if (local === base) return { text: remote, conflicts: 0 };
  const size = Math.max(1, Math.floor(options.markerSize ?? 7));
  const labels = options.labels ?? {};
  const eol = lineEnding(local, remote, base);
  // Sentinel: when no side ends with a line break (the usual case in notebooks), end each with "\n".
  const sentinel = !LINE_BREAK.test(base) && !LINE_BREAK.test(local) && !LINE_BREAK.test(remote);
  const end = (t: string) => (sentinel && t !== '' ? `${t}\n` : t);
  const o = splitLines(end(base));
  const a = splitLines(end(local));
  const b = splitLines(end(remote));
  // Lines common to all three at both ends.
  let head = 0;
  const minLen = Math.min(o.length, a.length, b.length);
  while (head < minLen && o[head] === a[head] && o[head] === b[head]) head++;
  let tail = 0;
  while (tail < minLen - head && o[o.length - 1 - tail] === a[a.length - 1 - tail] && o[o.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: string[] = o.slice(0, head);
  const ma = a.slice(head, a.length - tail);
  const mo = o.slice(head, o.length - tail);
  const mb = b.slice(head, b.length - tail);
  const regions = diff3Lines(ma, mo, mb);
  let conflicts = 0;
  let endsWithMarker = false;
  const open = `${'<'.repeat(size)} ${labels.local ?? 'local'}${eol}`;
  const mid = `${'='.repeat(size)}${eol}`;
  const close = `${'>'.repeat(size)} ${labels.remote ?? 'remote'}${eol}`;
  const baseMark = `${'|'.repeat(size)} ${labels.base ?? 'base'}${eol}`;
  const pushSide = (lines: readonly string[]) => {
    for (const line of lines) out.push(LINE_BREAK.test(line) ? line : line + eol);
  };
  const block = (x: readonly string[], y: readonly string[], z?: readonly string[]) => {
    conflicts++;
    out.push(open);
    pushSide(x);
    if (z !== undefined) {
      out.push(baseMark);
      pushSide(z);
    }
    out.push(mid);
    pushSide(y);
    out.push(close);
  };
  for (const region of regions) {
    if ('ok' in region) {
      pushAll(out, region.ok);
      endsWithMarker = false;
      continue;
    }
    const c = region.conflict;
    if (options.conflictStyle === 'diff3') block(c.a, c.b, c.o);
    else refine(c.a, c.b, out, block);
    endsWithMarker = out[out.length - 1] === close;
  }
  for (let i = o.length - tail; i < o.length; i++) {
    out.push(o[i]!);
    endsWithMarker = false;
  }
  let text = out.join('');
  if (sentinel) {
    if (endsWithMarker) text = text.slice(0, text.length - eol.length);
    else if (text.endsWith('\n')) text = text.slice(0, -1);
  }
  return { text, conflicts };
}

/**
 * git's zealous refinement: splits one conflict (local lines `x` vs remote lines `y`) at the
 * lines both sides share. Shared runs without any letter or digit (blank lines, brackets) do
 * not split a conflict, so markers do not fragment around them.
 */
function refine(x: readonly string[], y: readonly string[], out: string[], block: (x: readonly string[], y: readonly string[]) => void): void {
  const parts = commonParts(x, y);
  // Group into [differing, common] runs; merge differing runs separated by "empty" common runs.
  let px: string[] = [];
  let py: string[] = [];
  let pending: string[] = []; // common lines held back while a conflict may continue
  const flushConflict = () => {
    if (px.length > 0 || py.length > 0) block(px, py);
    px = [];
    py = [];
  };
  for (const part of parts) {
    if (part.shared !== undefined) {
      pushAll(pending, part.shared);
      continue;
    }
    const hasConflict = px.length > 0 || py.length > 0;
    if (hasConflict && pending.length > 0 && !pending.some((l) => ALNUM.test(l))) {
      // Keep the conflict going: the shared lines go on both sides.
      pushAll(px, pending);
      pushAll(py, pending);
    } else {
      flushConflict();
      for (const l of pending) out.push(l);
    }
    pending = [];
    pushAll(px, part.x);
    pushAll(py, part.y);
  }
  flushConflict();
  for (const l of pending) out.push(l);
}

/** A run of lines both sides have (`shared`), or a run where they differ (`x` local's, `y` remote's). */
type Part = { shared: readonly string[] } | { shared?: undefined; x: readonly string[]; y: readonly string[] };

/** Runs of lines both sides share and runs where they differ, in order. */
function commonParts(x: readonly string[], y: readonly string[]): Part[] {
  const parts: Part[] = [];
  let i = 0;
  for (const h of diffLines(x, y)) {
    if (h.oStart > i) parts.push({ shared: x.slice(i, h.oStart) });
    parts.push({ x: x.slice(h.oStart, h.oEnd), y: y.slice(h.xStart, h.xEnd) });
    i = h.oEnd;
  }
  if (i < x.length) parts.push({ shared: x.slice(i) });
  return parts;
}
