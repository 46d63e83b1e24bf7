/**
 * The line grammar of jupytext's markdown format: fences, region comments, blank lines, and
 * how nbgit escapes region-like lines inside a region.
 */
import { escapeRegExp } from '@nbgit/core';
import { JUPYTER_LANGUAGES } from '@nbgit/text';

/** A blank line, as jupytext means it (`^\s*$`; a lone `\r` is blank). */
export const BLANK = /^\s*$/;

const LANGS = [...new Set([...JUPYTER_LANGUAGES, ...[...JUPYTER_LANGUAGES].map((l) => l.toUpperCase())])].map(escapeRegExp).join('|');

/**
 * The opening fence of a code cell: three or more backticks at column 1, optional spaces, a
 * Jupyter language (as listed or in upper case), then the end of the line or a space and options.
 * Groups: extra backticks, spaces, language, the rest.
 */
export const FENCE_START = new RegExp(`^\`\`\`(\`*)(\\s*)(${LANGS})($|\\s.*$)`);

const extraFences = new Map<string, RegExp>();

/**
 * Matches the opening fence of a code cell: {@link FENCE_START}, or, when the notebook's main
 * language is not in jupytext's list (a kernel jupytext does not know), a fence in that language.
 */
export function matchFence(line: string, mainLanguage?: string): RegExpExecArray | null {
  const m = FENCE_START.exec(line);
  if (m || !mainLanguage || !line.startsWith('```')) return m;
  let re = extraFences.get(mainLanguage);
  if (!re) {
    re = new RegExp(`^\`\`\`(\`*)(\\s*)(${escapeRegExp(mainLanguage)})($|\\s.*$)`, 'i');
    extraFences.set(mainLanguage, re);
  }
  return re.exec(line);
}

/** Any backtick fence at column 1 (a code block that is not a Jupyter code cell). */
export const ANY_FENCE = /^```/;

/** The default closing line of a non-Jupyter backtick fence, as jupytext tracks it. */
export const PLAIN_FENCE_END = /^```\s*$/;

/** The start of a region: `<!-- #region ... -->`, `#md`, `#markdown` or `#raw`. Groups: name, options. */
export const REGION_START = /^<!--\s*#(region|markdown|md|raw)(.*)-->\s*$/;

/** The end line of a region named `name`. */
export function regionEnd(name: string): RegExp {
  return new RegExp(`^<!--\\s*#end${name}\\s*-->\\s*$`);
}

/**
 * Lines that would open or close a region. Inside a region nbgit writes them with one more
 * leading space (` <!-- #endregion -->`), and reads one leading space off lines that match
 * {@link ESCAPED_REGION_LINE}, so a markdown cell may contain such lines literally.
 */
export const REGION_LINE = /^ *<!--\s*#(?:end)?(?:region|markdown|md|raw).*-->\s*$/;
/** A region-like line with at least one leading space (an escaped one, inside a region). */
export const ESCAPED_REGION_LINE = /^ +<!--\s*#(?:end)?(?:region|markdown|md|raw).*-->\s*$/;

/**
 * A line that may open a CommonMark block which runs over later lines and hides what is in it
 * (a fenced code block or an HTML block), possibly inside list items or block quotes. Only
 * after such a line can CommonMark disagree with jupytext's line rules about a boundary.
 */
export const MAY_OPEN_BLOCK = /^[ \t>*+\-\d.)]*(?:```|~~~|<)/;

/** Escapes region-like lines of a region's content. */
export function escapeRegionLines(lines: string[]): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (REGION_LINE.test(lines[i]!)) {
      out ??= lines.slice();
      out[i] = ` ${lines[i]}`;
    }
  }
  return out ?? lines;
}

/** Reverses {@link escapeRegionLines} on one line of a region's content. */
export function unescapeRegionLine(line: string): string {
  return ESCAPED_REGION_LINE.test(line) ? line.slice(1) : line;
}

/**
 * The fence for a code cell: three backticks, or one more than the longest run of backticks
 * that starts a line beginning with three of them (jupytext #712).
 */
export function fenceFor(lines: readonly string[]): string {
  let fence = '```';
  for (const line of lines) {
    if (!line.startsWith(fence)) continue;
    let n = fence.length;
    while (line.charCodeAt(n) === 96) n++;
    fence = '`'.repeat(n + 1);
  }
  return fence;
}

/**
 * Splits text into lines at `\n` only, as the file has them: a `\r` before the `\n` stays
 * on the line (so CRLF sources survive). A final `\n` does not start an empty line (like
 * Python's `splitlines`). Returns the lines and the offset where each starts.
 */
export function splitText(text: string): { lines: string[]; starts: number[] } {
  const lines: string[] = [];
  const starts: number[] = [];
  let start = 0;
  const n = text.length;
  while (start < n) {
    const nl = text.indexOf('\n', start);
    starts.push(start);
    if (nl < 0) {
      lines.push(text.slice(start));
      break;
    }
    lines.push(text.slice(start, nl));
    start = nl + 1;
  }
  return { lines, starts };
}

/** A cell's source as lines, as jupytext writes it: `''` is one empty line, and a final `\n` adds an empty line. */
export function sourceLines(source: string): string[] {
  if (source === '') return [''];
  const lines = source.split('\n');
  return lines;
}
