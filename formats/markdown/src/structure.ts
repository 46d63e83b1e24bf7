/**
 * The CommonMark block structure of a markdown stretch, from unified + remark-parse.
 *
 * jupytext finds cell boundaries with line patterns. nbgit keeps those patterns (so it reads
 * what jupytext writes exactly as jupytext does) and asks remark whether a boundary is real:
 * a ```` ```python ```` line inside a `~~~` block, or two blank lines inside a `<pre>` HTML
 * block, are not boundaries. Only the block level matters, so inline constructs are switched
 * off (that halves the parse time). Stretches are parsed in windows that double, so the cost
 * stays linear in the length of the text.
 */

import { parse as micromarkParse, postprocess, preprocess } from 'micromark';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Parent } from 'unist';

const INLINE = [
  'attention',
  'autolink',
  'characterEscape',
  'characterReference',
  'codeText',
  'hardBreakEscape',
  'htmlText',
  'labelStartImage',
  'labelStartLink',
  'labelEnd',
];

let processor: ReturnType<typeof makeProcessor> | undefined;
function makeProcessor() {
  return unified()
    .use(remarkParse)
    .data('micromarkExtensions', [{ disable: { null: INLINE } }]);
}

/** Parses markdown into an mdast tree (block structure only). */
export function parseBlocks(text: string): Parent {
  processor ??= makeProcessor();
  return processor.parse(text) as unknown as Parent;
}

/** The token types remark makes a block node of (inline constructs being off). */
const NODE_TOKENS = new Set([
  'blockQuote',
  'codeFenced',
  'codeIndented',
  'atxHeading',
  'setextHeading',
  'htmlFlow',
  'listOrdered',
  'listUnordered',
  'paragraph',
  'definition',
  'thematicBreak',
]);

/** Where a block of a markdown text starts and ends (offsets; `end` is past its last character), and whether it is code. */
interface Block {
  start: number;
  end: number;
  code: boolean;
  column: number;
}

/**
 * What {@link parseBlocks} tells of a text's block structure, read from micromark's events
 * without building the tree (remark's tree costs as much again as the parse): the root
 * children, and the code and HTML nodes at any depth. The same positions as the tree's nodes
 * (each node is made from the token these come from).
 */
export function blockStructure(text: string): { roots: Block[]; opaque: Block[] } {
  const events = postprocess(
    micromarkParse({ extensions: BLOCK_ONLY })
      .document()
      .write(preprocess()(text, undefined, true)),
  );
  const roots: Block[] = [];
  const opaque: Block[] = [];
  let depth = 0;
  for (let i = 0; i < events.length; i++) {
    const [kind, token] = events[i]!;
    const type = token.type;
    if (!NODE_TOKENS.has(type)) continue;
    if (kind === 'enter') {
      depth++;
      continue;
    }
    depth--;
    const code = type === 'codeFenced' || type === 'codeIndented';
    const block = { start: token.start.offset, end: token.end.offset, code, column: token.start.column };
    if (code || type === 'htmlFlow') opaque.push(block);
    if (depth === 0) roots.push(block);
  }
  // tokens are closed inner first: order by where they start
  opaque.sort((a, b) => a.start - b.start);
  return { roots, opaque };
}

const BLOCK_ONLY = [{ disable: { null: INLINE } }];

/**
 * Answers structure questions about the lines of one text. The text is parsed once, in windows
 * that double in size; a new stretch (after a code cell or region, whose extent jupytext's line
 * rules decide) reuses the parse when CommonMark agrees that no block runs across its first
 * line, and is parsed afresh from there otherwise (rare: a region holding an unclosed fence).
 */
export class BlockStructure {
  private anchorLine = 0;
  private from = 0;
  private to = -1;
  /** Root children: [first line, last line], in order. */
  private roots: [number, number][] = [];
  /** Code and HTML nodes (any depth): [first line, last line], sorted, disjoint. */
  private spans: [number, number][] = [];
  /** The last blank run looked through by {@link insideOpaque}: [its first line, the first line after it that is not blank]. */
  private blankRun: [number, number] = [-1, -1];

  constructor(
    private readonly text: string,
    private readonly lines: readonly string[],
    private readonly lineStarts: readonly number[],
  ) {}

  /** Starts a new stretch at `line` (the line after a code cell or region). */
  anchor(line: number): void {
    this.anchorLine = line;
    if (this.to < 0 || line < this.from || line > this.to || !this.inSync(line)) this.to = -1;
  }

  /** True when `line` lies inside a code or HTML block that started on an earlier line. */
  insideOpaque(line: number): boolean {
    // Whether blank lines belong to a code block that runs above them depends on the next line
    // that is not blank (it may continue the block or close its container): parse through it.
    let through = line + 1;
    if (through > this.blankRun[0] && through <= this.blankRun[1]) through = this.blankRun[1];
    else {
      while (through < this.lines.length - 1 && CM_BLANK.test(this.lines[through]!)) through++;
      this.blankRun = [line + 1, through];
    }
    this.ensure(Math.min(through, this.lines.length - 1));
    const i = lastBefore(this.spans, line);
    return i >= 0 && this.spans[i]![1] >= line;
  }

  private inSync(line: number): boolean {
    const i = lastBefore(this.roots, line);
    return i < 0 || this.roots[i]![1] < line;
  }

  private ensure(line: number): void {
    if (this.to >= 0 && line <= this.to && line >= this.from) return;
    const a = this.anchorLine;
    // the window doubles while one stretch runs on (each line of it parsed a bounded number of
    // times); a later stretch starts from a window of at most WINDOW_CAP lines, so the events of
    // a whole long text are never held at once (their garbage would outlive the young generation)
    const prev = this.to >= 0 ? this.to - this.from + 1 : 0;
    const size = a === this.from ? 2 * prev : Math.min(2 * prev, WINDOW_CAP);
    this.parse(a, Math.min(this.lines.length - 1, Math.max(line, a + size)));
  }

  private parse(from: number, to: number): void {
    const base = this.lineStarts[from]!;
    const end = to + 1 < this.lineStarts.length ? this.lineStarts[to + 1]! : this.text.length;
    const tree = blockStructure(this.text.slice(base, end));
    this.spans = [];
    this.roots = [];
    let hint = from;
    const lineOf = (offset: number): number => {
      // offsets arrive nearly in order: search forward from the last answer, then bisect
      const target = base + offset;
      if (this.lineStarts[hint]! <= target && (hint === to || this.lineStarts[hint + 1]! > target)) return hint;
      let lo = from;
      let hi = to;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.lineStarts[mid]! <= target) lo = mid;
        else hi = mid - 1;
      }
      hint = lo;
      return lo;
    };
    // code and HTML nodes inside a code or HTML node do not exist (their text is not parsed)
    let outer = -1;
    for (const node of tree.opaque) {
      if (node.start < outer) continue;
      outer = node.end;
      const s = lineOf(node.start);
      const e = lineOf(Math.max(node.start, node.end - 1));
      if (e > s) this.spans.push([s, e]);
    }
    for (const child of tree.roots) {
      const s = lineOf(child.start);
      const e = lineOf(Math.max(child.start, child.end - 1));
      this.roots.push([s, e]);
    }
    this.from = from;
    this.to = to;
  }
}

/** Index of the last range starting before `line`, or -1. */
function lastBefore(ranges: readonly [number, number][], line: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![0] < line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * A line that may open a CommonMark block that only a closing line ends, not a blank line: a
 * fenced code block (```` ``` ````, `~~~`) or an HTML block of types 1-5 (`<script`, `<pre`,
 * `<style`, `<textarea`, `<!--`, `<?`, `<!X`, `<![CDATA[`), found anywhere in the line (a
 * superset: containers, indentation and a `\r` line end are all covered). Without such a line, a
 * code or HTML block ends at a blank line (HTML types 6-7), or before the first line that is not
 * indented (indented code), and the structure questions below have their answer without a parse.
 */
export const STRONG_OPENER = /```|~~~|<[!?]|<(?:script|pre|style|textarea)/i;

/** A line where an HTML block may start: `<` after indentation and container markers (as {@link MAY_OPEN_BLOCK}). */
const HTML_START = /^[ \t>*+\-\d.)]*</;
const OPENING_BACKTICKS = /^(`{3,})[^`]*$/;
const OPENING_TILDES = /^(~{3,})/;
const CLOSING = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const CM_BLANK = /^[ \t]*$/;

/** The largest window a new stretch starts from (lines). */
const WINDOW_CAP = 2048;

/** HTML blocks of types 1-5 opened at column 0: the start, and what ends them (searched from `from` on the first line). */
const HTML_KINDS: { start: RegExp; end: RegExp; from: number }[] = [
  { start: /^<!--(?!-?>)/, end: /-->/, from: 4 },
  { start: /^<\?/, end: /\?>/, from: 2 },
  { start: /^<!\[CDATA\[/, end: /\]\]>/, from: 9 },
  { start: /^<![A-Za-z]/, end: />/, from: 2 },
  { start: /^<(?:script|pre|style|textarea)(?:[ \t>]|$)/i, end: /<\/(?:script|pre|style|textarea)>/i, from: 0 },
];

/**
 * CommonMark's fenced code blocks and HTML blocks of types 1-5 (the blocks only a closing line
 * ends) over lines, followed exactly as long as the lines stay simple: a fence or such an HTML
 * block opens only at column 0 (such a line is at the root: no container or lazy paragraph line
 * can hold it) and ends at its closing line (a fence: up to 3 spaces, the same character, at least
 * as long, nothing after); after any other line that starts with `<` (an HTML block of types 6-7,
 * or a paragraph), no fence and no strong opener may come before a blank line. No `\r` (a line end
 * to CommonMark). After a line that is not simple, {@link simple} is false: ask CommonMark.
 */
export class SimpleFences {
  /** A line with a {@link STRONG_OPENER} was seen. */
  strong = false;
  /** Every line so far was simple. */
  simple = true;
  /** The open fence (its opening run), or the end of the open HTML block, or a `<` line waiting for a blank line. */
  private fence: string | undefined;
  private htmlEnd: RegExp | undefined;
  private untilBlank = false;

  /** A fence or an HTML block of types 1-5 is open after the lines so far. */
  get open(): boolean {
    return this.fence !== undefined || this.htmlEnd !== undefined;
  }

  push(line: string): void {
    const strong = STRONG_OPENER.test(line);
    if (strong) this.strong = true;
    if (!this.simple) return;
    if (line.includes('\r')) {
      this.simple = false;
      return;
    }
    const fenceLike = line.includes('```') || line.includes('~~~');
    if (this.fence !== undefined) {
      const m = fenceLike ? CLOSING.exec(line) : null;
      if (m && m[1]![0] === this.fence[0] && m[1]!.length >= this.fence.length) this.fence = undefined;
      return;
    }
    if (this.htmlEnd !== undefined) {
      if (this.htmlEnd.test(line)) this.htmlEnd = undefined;
      return;
    }
    if (this.untilBlank) {
      if (CM_BLANK.test(line)) this.untilBlank = false;
      else if (fenceLike || strong) this.simple = false;
      return;
    }
    if (HTML_START.test(line)) {
      if (!strong) this.untilBlank = true;
      else {
        const kind = line.startsWith('<') ? HTML_KINDS.find((k) => k.start.test(line)) : undefined;
        if (kind === undefined) this.simple = false;
        else if (!kind.end.test(line.slice(kind.from))) this.htmlEnd = kind.end;
      }
      return;
    }
    if (!fenceLike) return;
    const m = OPENING_BACKTICKS.exec(line) ?? OPENING_TILDES.exec(line);
    if (m) this.fence = m[1]!;
    else this.simple = false;
  }
}

let shortcuts = true;

/** Runs `fn` with the shortcuts off (CommonMark consulted wherever it could veto): for tests that compare both. */
export function withEveryBoundaryParsed<T>(fn: () => T): T {
  const before = shortcuts;
  shortcuts = false;
  try {
    return fn();
  } finally {
    shortcuts = before;
  }
}

/** True when the shortcuts above may answer instead of a parse. */
export function shortcutsOn(): boolean {
  return shortcuts;
}

/**
 * True when markdown `lines` leave no code or HTML block open: a code fence written after them
 * (behind a blank line) would start a code block of its own.
 */
export function closesCleanly(lines: readonly string[]): boolean {
  if (shortcuts) {
    // without a strong opener every block ends at the blank line written before the fence
    const fences = new SimpleFences();
    for (const l of lines) fences.push(l);
    if (!fences.strong) return true;
    // an open fence or HTML block takes the fence written after the lines in
    if (fences.simple) return !fences.open;
  }
  const text = `${lines.join('\n')}\n\n\`\`\`python\nx\n\`\`\`\n`;
  const kids = blockStructure(text).roots;
  const lastNode = kids[kids.length - 1];
  if (lastNode === undefined || !lastNode.code || lastNode.column !== 1) return false;
  const sentinelOffset = text.length - '```python\nx\n```\n'.length;
  return lastNode.start === sentinelOffset;
}
