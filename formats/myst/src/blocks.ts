/**
 * The top-level blocks of a MyST document that make notebook cells: fenced code blocks (only
 * `{code-cell}` and `{raw-cell}` ones become cells, but every top-level fence hides what it
 * holds) and `+++` block breaks. jupytext asks markdown-it (CommonMark) for them; fences nested in
 * lists or block quotes do not count.
 *
 * A line scanner finds them in linear time for the documents jupytext writes and most others (fences
 * at column 1). A document where CommonMark's answer could differ from the scanner's (an indented
 * fence, a fence or `+++` right after an HTML line, an HTML comment or `<pre>` block left open on its
 * line) is read with remark instead, which is exact but about a hundred times slower.
 */
import { parseBlocks } from '@nbgit/markdown';
import type { Parent } from 'unist';

/** A top-level fenced code block: its first and last line (the closing fence, when closed). */
export interface FenceBlock {
  kind: 'fence';
  start: number;
  end: number;
  /** The info string (`{code-cell} ipython3`). */
  info: string;
  /** Indentation of the opening fence. */
  indent: number;
  closed: boolean;
}

/** A `+++` line and the text after the markers. */
export interface BreakBlock {
  kind: 'break';
  line: number;
  content: string;
}

/** A `+++` block break (up to 3 spaces, then at least three `+`, spaces and tabs between); groups: the run, the content. */
const BLOCK_BREAK = /^ {0,3}(\+[+ \t]*)(.*)$/;

/** The content of a `+++` line, or undefined when the line is not one. */
export function breakContent(line: string): string | undefined {
  const m = BLOCK_BREAK.exec(line);
  if (!m) return undefined;
  let plus = 0;
  for (const ch of m[1]!) if (ch === '+') plus++;
  return plus >= 3 ? m[2]!.trim() : undefined;
}

const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
/** HTML blocks that may run over blank lines (CommonMark types 1-5), opened at the start of a line. */
const LONG_HTML = /^ {0,3}(?:<(?:script|pre|style|textarea)(?:\s|>|$)|<!--|<\?|<![A-Za-z]|<!\[CDATA\[)/i;
const LONG_HTML_END = /<\/(?:script|pre|style|textarea)>|-->|\?>|>|\]\]>/i;

function closingFence(fence: string): RegExp {
  return new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
}

/** The blocks by the line scanner, or undefined when the document needs CommonMark's full rules. */
function scan(lines: readonly string[], from: number): (FenceBlock | BreakBlock)[] | undefined {
  const out: (FenceBlock | BreakBlock)[] = [];
  let blockFirst: string | undefined;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) {
      blockFirst = undefined;
      continue;
    }
    const m = FENCE.exec(line);
    if (m && !(m[2]![0] === '`' && m[3]!.includes('`'))) {
      if (m[1]!.length > 0 || blockFirst?.trimStart().startsWith('<')) return undefined;
      const close = closingFence(m[2]!);
      let end = i + 1;
      while (end < lines.length && !close.test(lines[end]!)) end++;
      const closed = end < lines.length;
      out.push({ kind: 'fence', start: i, end: closed ? end : lines.length - 1, info: m[3]!.trim(), indent: 0, closed });
      i = closed ? end : lines.length;
      blockFirst = undefined;
      continue;
    }
    const content = breakContent(line);
    if (content !== undefined) {
      if (blockFirst?.trimStart().startsWith('<')) return undefined;
      out.push({ kind: 'break', line: i, content });
      blockFirst = undefined;
      continue;
    }
    if (blockFirst === undefined) {
      blockFirst = line;
      if (LONG_HTML.test(line) && !LONG_HTML_END.test(line.slice(line.indexOf('<') + 2))) return undefined;
    }
  }
  return out;
}

interface Positioned {
  type: string;
  position: { start: { line: number }; end: { line: number } };
}

/** The blocks by remark (CommonMark): top-level code nodes that are fences, and `+++` lines of top-level paragraphs. */
function commonMark(lines: readonly string[], from: number): (FenceBlock | BreakBlock)[] {
  const out: (FenceBlock | BreakBlock)[] = [];
  const tree = parseBlocks(lines.slice(from).join('\n')) as unknown as Parent;
  for (const node of tree.children as unknown as Positioned[]) {
    const s = from + node.position.start.line - 1;
    const e = from + node.position.end.line - 1;
    if (node.type === 'code') {
      const m = FENCE.exec(lines[s]!);
      if (!m || m[1]!.length > 3) continue;
      const closed = e > s && closingFence(m[2]!).test(lines[e]!);
      out.push({ kind: 'fence', start: s, end: e, info: m[3]!.trim(), indent: m[1]!.length, closed });
    } else if (node.type === 'paragraph') {
      for (let i = s; i <= e; i++) {
        const content = breakContent(lines[i]!);
        if (content !== undefined) out.push({ kind: 'break', line: i, content });
      }
    }
  }
  return out;
}

/** The top-level fences and `+++` lines of `lines` from line `from`, in order. */
export function topLevelBlocks(lines: readonly string[], from: number): (FenceBlock | BreakBlock)[] {
  return scan(lines, from) ?? commonMark(lines, from);
}
