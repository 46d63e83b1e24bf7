/**
 * Cells split on one side and edited on the other.
 *
 * A side that splits a base cell in two or more (Jupyter's "split cell") keeps one part
 * matched to the base cell and inserts the others next to it. When the other side edited
 * that cell, its edits belong in whichever part now holds the lines they touch: the base
 * text and the other side's text are cut at the split points, and each part is merged with
 * its own slice (a line merge per part). Lines replaced one for one are cut line by line; any
 * other edit that spans a split point cannot be cut: then there is no split merge, and the
 * cell merges as usual (a conflict in the matched part).
 */
import { splitLines } from '@nbgit/core';
import { diffLines, type LineHunk } from './myers.js';
import { lineEnding, type MergeTextOptions, mergeText } from './text.js';

/** The merged text of each part, and how many conflict blocks each has. */
export interface SplitMerge {
  texts: string[];
  conflicts: number[];
}

const EOL = /\r?\n$|\r$/;
const bare = (lines: readonly string[]) => lines.map((l) => l.replace(EOL, ''));

/**
 * True when `part`, a cell the splitting side inserted next to `kept` (its cell matched to
 * the base cell), is a piece of the base cell: at least one of its lines, and at least half of
 * its non-blank lines, are lines of the base cell that `kept` no longer has.
 */
export function isSplitPart(base: string, kept: string, part: string): boolean {
  const norm = (t: string) => bare(splitLines(t)).map((l) => l.trim());
  const inBase = new Set(norm(base));
  const inKept = new Set(norm(kept));
  const lines = norm(part).filter((l) => l !== '');
  let moved = 0;
  for (const l of lines) if (inBase.has(l) && !inKept.has(l)) moved++;
  return moved > 0 && 2 * moved >= lines.length;
}

/**
 * Merges the other side's version of a base cell into the parts the splitting side cut it into.
 *
 * @param base - The base cell's source.
 * @param parts - The splitting side's parts, in order (together: the base cell, split and maybe edited).
 * @param other - The other side's source of the cell.
 * @param splitBy - Which side split (markers always put local first).
 * @returns The merged text of each part, or undefined when an edit spans a split point.
 */
export function mergeSplit(
  base: string,
  parts: readonly string[],
  other: string,
  splitBy: 'local' | 'remote',
  options: MergeTextOptions,
): SplitMerge | undefined {
  const eol = lineEnding(base, other, ...parts);
  const ends = parts.map((p, k) => k === parts.length - 1 || p === '' || EOL.test(p));
  const full = parts.map((p, k) => (ends[k] ? p : p + eol));
  const o = splitLines(base);
  const x = splitLines(other);
  const v: string[] = [];
  const cuts: number[] = []; // line index in v where each part after the first starts
  for (let k = 0; k < full.length; k++) {
    if (k > 0) cuts.push(v.length);
    for (const l of splitLines(full[k]!)) v.push(l);
  }
  const ob = bare(o);
  const toV = diffLines(ob, bare(v));
  const toX = diffLines(ob, bare(x));
  let best: SplitMerge | undefined;
  let bestConflicts = Infinity;
  for (const early of [true, false]) {
    const baseCuts: number[] = [];
    const otherCuts: number[] = [];
    let ok = true;
    for (const c of cuts) {
      const b = baseCut(toV, c, early);
      const r = b === undefined ? undefined : otherCut(toX, b);
      if (b === undefined || r === undefined) {
        ok = false;
        break;
      }
      baseCuts.push(b);
      otherCuts.push(r);
    }
    if (!ok || !ascending(baseCuts) || !ascending(otherCuts)) continue;
    const texts: string[] = [];
    const conflicts: number[] = [];
    let total = 0;
    for (let k = 0; k < full.length; k++) {
      const ob0 = k === 0 ? 0 : baseCuts[k - 1]!;
      const ob1 = k === full.length - 1 ? o.length : baseCuts[k]!;
      const ox0 = k === 0 ? 0 : otherCuts[k - 1]!;
      const ox1 = k === full.length - 1 ? x.length : otherCuts[k]!;
      const b = o.slice(ob0, ob1).join('');
      const r = x.slice(ox0, ox1).join('');
      const m = splitBy === 'local' ? mergeText(b, full[k]!, r, options) : mergeText(b, r, full[k]!, options);
      let text = m.text;
      if (!ends[k] && text.endsWith(eol)) text = text.slice(0, text.length - eol.length);
      texts.push(text);
      conflicts.push(m.conflicts);
      total += m.conflicts;
    }
    if (total < bestConflicts) {
      best = { texts, conflicts };
      bestConflicts = total;
    }
    if (total === 0) break;
  }
  return best;
}

function ascending(cuts: readonly number[]): boolean {
  for (let i = 1; i < cuts.length; i++) if (cuts[i]! < cuts[i - 1]!) return false;
  return true;
}

/**
 * The base line where a split point (line `c` of the split text) falls. Base lines the
 * splitting side deleted right at the split point go to the part before it when `early`.
 * Inside lines that side replaced one for one, the same line; undefined inside other changes.
 */
function baseCut(hunks: readonly LineHunk[], c: number, early: boolean): number | undefined {
  let shift = 0;
  for (const h of hunks) {
    // inside lines replaced one for one: the same line of base; else no place
    if (h.xStart < c && c < h.xEnd) return h.oEnd - h.oStart === h.xEnd - h.xStart ? h.oStart + (c - h.xStart) : undefined;
    const before = h.xEnd < c || (h.xEnd === c && (h.xStart < c || early));
    if (before) shift += h.oEnd - h.oStart - (h.xEnd - h.xStart);
  }
  return c + shift;
}

/**
 * The other side's line matching base line `b` as a cut: lines it inserted right there go
 * to the part before the cut. Inside lines it replaced one for one, the same line; undefined
 * when another change spans the cut.
 */
function otherCut(hunks: readonly LineHunk[], b: number): number | undefined {
  let shift = 0;
  for (const h of hunks) {
    if (h.oStart < b && b < h.oEnd) return h.oEnd - h.oStart === h.xEnd - h.xStart ? h.xStart + (b - h.oStart) : undefined;
    if (h.oEnd <= b) shift += h.xEnd - h.xStart - (h.oEnd - h.oStart);
  }
  return b + shift;
}
