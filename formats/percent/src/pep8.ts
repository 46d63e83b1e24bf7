/**
 * How many blank lines separate two cells in a `.py` script so that it follows PEP 8
 * (jupytext's rule): 2 after a cell that ends inside a def/class body when code follows,
 * or before a def/class that follows code; 1 otherwise. Other extensions always use 1.
 *
 * The lines after a cell are given as an accessor (`at(k)` is the k-th following line, or
 * undefined past the end) so callers need not copy the rest of the file for every cell.
 */
import { StringParser } from './strings.js';

/** The k-th line after a cell, or undefined. */
export type LineAt = (k: number) => string | undefined;

/** An accessor over `lines` from `start`. */
export function linesFrom(lines: readonly string[], start: number): LineAt {
  return (k) => lines[start + k];
}

/** A written cell's lines and the blank lines after it. */
export interface WrittenChunk {
  lines: string[];
  blanks: number;
}

/**
 * The lines after chunk `from - 1` (`chunks[from...]`, each with its blank lines) as an accessor,
 * fast for increasing `k`. Writers fill `chunks` last to first, so those chunks are there.
 */
export function linesAfter(chunks: readonly WrittenChunk[], from: number): LineAt {
  let c = from;
  let base = 0;
  return (k) => {
    if (k < base) {
      c = from;
      base = 0;
    }
    while (c < chunks.length) {
      const ch = chunks[c]!;
      const len = ch.lines.length + ch.blanks;
      if (k < base + len) return k - base < ch.lines.length ? ch.lines[k - base] : '';
      base += len;
      c++;
    }
    return undefined;
  };
}

const blank = (s: string) => s.trim() === '';

function nextIsFunctionOrClass(at: LineAt): boolean {
  const parser = new StringParser('python');
  for (let i = 0; ; i++) {
    const line = at(i);
    if (line === undefined) return false;
    if (parser.isQuoted()) {
      parser.readLine(line);
      continue;
    }
    parser.readLine(line);
    if (blank(line)) {
      if (i > 0 && blank(at(i - 1)!)) return false;
      continue;
    }
    if (isDefinition(line)) return true;
    if (line.startsWith('#') || line.startsWith('@') || line.startsWith(' ') || line.startsWith(')')) continue;
    return false;
  }
}

function endsWithFunctionOrClass(lines: readonly string[]): boolean {
  // only a definition line can make it true: most cells have none, and need no string tracking
  if (!lines.some(isDefinition)) return false;
  const nonQuoted: string[] = [];
  const parser = new StringParser('python');
  for (const line of lines) {
    if (!parser.isQuoted()) nonQuoted.push(line);
    parser.readLine(line);
  }
  for (let i = nonQuoted.length - 1; i >= 0; i--) {
    const line = nonQuoted[i]!;
    if (blank(line)) {
      if (i < nonQuoted.length - 1 && blank(nonQuoted[i + 1]!)) return false;
      continue;
    }
    if (line.startsWith('#') || line.startsWith(' ') || line.startsWith(')')) continue;
    return isDefinition(line);
  }
  return false;
}

/** A `def`, `async def` or `class` line (decorators above one are skipped by the callers). */
function isDefinition(line: string): boolean {
  return line.startsWith('def ') || line.startsWith('class ') || line.startsWith('async def ');
}

function endsWithCode(lines: readonly string[]): boolean {
  if (!lines.length) return false;
  const last = lines[lines.length - 1]!;
  return !blank(last) && !last.startsWith('#');
}

function hasCode(at: LineAt): boolean {
  for (let i = 0; ; i++) {
    const line = at(i);
    if (line === undefined) return false;
    const s = line.trim();
    if (s.startsWith('#')) continue;
    if (!s) {
      if (i > 0 && !at(i - 1)!.trim()) return false;
      continue;
    }
    return true;
  }
}

/** Blank lines PEP 8 wants between a cell's lines `prev` and the lines that follow. */
export function pep8LinesBetweenCells(prev: readonly string[], next: LineAt, ext: string): number {
  if (next(0) === undefined) return 1;
  if (!prev.length) return 0;
  if (ext !== '.py') return 1;
  if (endsWithFunctionOrClass(prev)) return hasCode(next) ? 2 : 1;
  if (endsWithCode(prev) && nextIsFunctionOrClass(next)) return 2;
  return 1;
}
