/**
 * The read-back check of the markdown writer: the planned cells are assembled into text,
 * read back with jupytext's line rules, and the cells that would not come back are
 * revised one step at a time ({@link fixGap}, {@link fixProtect}).
 */

import { type ReadSettings, readCells, type TextCell } from './cells.js';
import { escapeRegionLines } from './grammar.js';
import { isGap, type Plan } from './render-cell.js';
import { BlockStructure } from './structure.js';

/** A step towards a layout that reads back: drop a non-default gap. */
export function fixGap(p: Plan): boolean {
  const g = p.cell.metadata.lines_to_next_cell;
  if (p.ignoreGap || !isGap(g) || g === 1) return false;
  p.ignoreGap = true;
  return true;
}

/** A step towards a layout that reads back: protect a markdown cell with a region. */
export function fixProtect(p: Plan): boolean {
  if (p.cell.cell_type !== 'markdown' || p.protect || p.kind !== 'markdown') return false;
  p.protect = true;
  return true;
}

/** The text lines of the planned cells, and where each cell starts. */
export function assemble(plans: Plan[], splitAtHeading: boolean): { body: string[]; startsAt: number[] } {
  const body: string[] = [];
  const startsAt: number[] = [];
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i]!;
    startsAt.push(body.length);
    const text = p.text;
    for (let k = 0; k < text.length; k++) body.push(text[k]!);
    for (let k = 0; k < p.gap; k++) body.push('');
    if (p.cell.cell_type === 'markdown') {
      const q = plans[i + 1];
      if (
        q &&
        q.cell.cell_type === 'markdown' &&
        !(p.text[0] ?? '').startsWith('<!-- #') &&
        !(q.text[0] ?? '').startsWith('<!-- #') &&
        !(splitAtHeading && (q.text[0] ?? '').startsWith('#'))
      )
        body.push('');
    }
  }
  return { body, startsAt };
}

/**
 * Reads `body` back as fromMarkdown does; returns the indexes of plans that do not come back, and
 * `body` joined by line breaks (the text the writer returns when nothing needs fixing).
 */
export function verify(body: string[], startsAt: number[], plans: Plan[], settings: ReadSettings): { bad: Map<number, 'cell' | 'next'>; text: string } {
  // The text ends with a newline unless the last gap is 0: splitting drops the final empty line
  // (taken off `body` for the check and put back, rather than copying a line array as long as the text).
  const trailing = body.length > 0 && body[body.length - 1] === '';
  if (trailing) body.pop();
  try {
    const joined = body.join('\n');
    return { bad: check(body, joined, startsAt, plans, settings), text: trailing && body.length > 0 ? `${joined}\n` : joined };
  } finally {
    if (trailing) body.push('');
  }
}

function check(lines: string[], text: string, startsAt: number[], plans: Plan[], settings: ReadSettings): Map<number, 'cell' | 'next'> {
  const bad = new Map<number, 'cell' | 'next'>();
  // with CommonMark's say on boundaries, as fromMarkdown reads (a fence in an open HTML block is no cell)
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const got = readCells(lines, 0, new BlockStructure(text, lines, starts), settings);
  const byStart = new Map<number, TextCell>();
  for (const c of got) byStart.set(c.start, c);
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i]!;
    const c = byStart.get(startsAt[i]!);
    const nextStart = i + 1 < plans.length ? startsAt[i + 1]! : lines.length;
    let ok = c !== undefined && c.kind === p.kind;
    let nextOk = true;
    if (ok && c) {
      const n = c.to - c.from;
      const content = p.kind === 'region' ? escapeRegionLines(p.content) : p.content;
      let prefix = c.cellType === p.cell.cell_type && n >= content.length;
      for (let k = 0; prefix && k < content.length; k++) if (lines[c.from + k] !== content[k]) prefix = false;
      ok = prefix && n === content.length;
      // the cell ran on into the next one: that one is the likely culprit
      if (prefix && !ok) nextOk = false;
      const want = isGap(p.cell.metadata.lines_to_next_cell) && !p.ignoreGap ? p.cell.metadata.lines_to_next_cell : 1;
      nextOk &&= c.next === Math.min(nextStart, lines.length) && c.linesToNextCell === want;
    }
    if (!nextOk) {
      bad.set(i, 'next');
      continue;
    }
    if (!ok) bad.set(i, 'cell');
  }
  return bad;
}
