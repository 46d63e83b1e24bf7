/**
 * The cell grammar of light scripts (jupytext's `light` format), shared by the reader and by the
 * writer, which reads back each cell it writes.
 *
 * A cell is a paragraph: it ends at a blank line that is not followed by indented code. A
 * paragraph whose every line is a comment is a markdown cell (`# text`). A cell that needs more
 * (metadata, blank lines inside, a comment-only code cell) is written between explicit markers,
 * `# + key=value` and `# -` (`# --` when the body holds a `# -` line, and so on):
 *
 * ```python
 * # + tags=["parameters"]
 * x = 1
 *
 * y = 2
 * # -
 * ```
 *
 * `# + [markdown]` starts a markdown cell with metadata, `# + active=""` a raw cell. Magics are
 * commented (`# %matplotlib`) and code lines that look like a start marker get one more comment
 * level (`# # + x`), both read back by removing one level.
 */
import { escapeRegExp, type JsonObject } from '@nbgit/core';
import {
  commentOfLanguage,
  isActive,
  isMagic,
  type LineAt,
  pep8LinesBetweenCells,
  StringParser,
  type TextCell,
  uncommentMagics,
  unescapeOnce,
} from '@nbgit/percent';
import { readStartMarker, scriptLanguage } from '@nbgit/text';

/** What the cell reader needs to know about the file. */
export interface LightGrammar {
  ext: string;
  comment: string;
  suffix: string;
  /** The notebook's default cell language. */
  defaultLanguage: string;
  /** Uncomment commented magics (jupytext's `comment_magics`, default true). */
  commentMagics: boolean;
  /** `<c> +options`: a cell start marker (jupytext matches `^<c>\s*\+(.*)$`). */
  start: RegExp;
  /** A commented code start at any depth: what the writer escapes in code (`^(<c> |<c>)*(<c>|<c> )\+`). */
  escapedStart: RegExp;
}

/** Lines to read: `at(i)` for `0 <= i < length`. */
export interface Lines {
  readonly length: number;
  at(i: number): string;
}

/** Lines of an array. */
export function arrayLines(lines: readonly string[]): Lines {
  return { length: lines.length, at: (i) => lines[i]! };
}

/** The grammar of a script extension; undefined for an extension with no known language. */
export function lightGrammar(ext: string, defaultLanguage: string, commentMagics = true): LightGrammar | undefined {
  const lang = scriptLanguage(ext);
  if (!lang) return undefined;
  const c = escapeRegExp(lang.comment);
  return {
    ext,
    comment: lang.comment,
    suffix: lang.commentSuffix ?? '',
    defaultLanguage,
    commentMagics,
    start: new RegExp(`^${c}\\s*\\+(.*)$`, 's'),
    escapedStart: new RegExp(`^(${c} |${c})*(${c}|${c} )\\+`),
  };
}

/** Python's `^\s*$` on a line. */
const BLANK = /^\s*$/;

/** Removes `<c> ` or `<c>` at the start (and ` <s>`/`<s>` at the end) of each line. */
export function uncomment(lines: string[], prefix: string, suffix = ''): string[] {
  return lines.map((line) => {
    let l = line;
    if (prefix) {
      if (l.startsWith(`${prefix} `)) l = l.slice(prefix.length + 1);
      else if (l.startsWith(prefix)) l = l.slice(prefix.length);
    }
    if (suffix) {
      if (l.endsWith(` ${suffix}`)) l = l.slice(0, -(suffix.length + 1));
      else if (l.endsWith(suffix)) l = l.slice(0, -suffix.length);
    }
    return l;
  });
}

/** jupytext's `need_explicit_marker`: Python code with a line that is a magic only when the cell is explicitly code (`x?`). */
export function needExplicitMarker(source: readonly string[], language: string, commentMagics: boolean): boolean {
  if (language !== 'python' || !commentMagics) return false;
  const parser = new StringParser(language);
  for (const line of source) {
    if (!parser.isQuoted() && isMagic(line, language, true, true) && !isMagic(line, language, true, false)) return true;
    parser.readLine(line);
  }
  return false;
}

/** Adds one comment level to code lines that look like a (commented) start marker, outside strings. */
export function escapeCodeStart(g: LightGrammar, source: string[], language: string): string[] {
  const parser = new StringParser(language);
  for (let i = 0; i < source.length; i++) {
    const line = source[i]!;
    if (!parser.isQuoted() && g.escapedStart.test(line)) source[i] = `${g.comment} ${line}`;
    parser.readLine(line);
  }
  return source;
}

function unescapeCodeStart(g: LightGrammar, source: string[], language: string): string[] {
  const parser = new StringParser(language);
  const comment = commentOfLanguage(language) ?? g.comment;
  for (let i = 0; i < source.length; i++) {
    const line = source[i]!;
    if (!parser.isQuoted() && g.escapedStart.test(line)) {
      const unescaped = unescapeOnce(line, comment);
      if (g.escapedStart.test(unescaped)) source[i] = unescaped;
    }
    parser.readLine(line);
  }
  return source;
}

/** A `# +` line's options: title, `[markdown]`/`[raw]`/`[md]`, `%` depth, metadata. */
export function startOptions(text: string): { metadata: JsonObject; json: boolean; invalid?: { offset: number; reason: string } } {
  const { metadata, title, json, invalid } = readStartMarker(text);
  if (title) metadata.title = title;
  return invalid ? { metadata, json, invalid } : { metadata, json };
}

/** The result of reading one cell. */
export interface LightCellRead {
  cell: TextCell;
  /** Index of the next cell's first line. */
  next: number;
  /** The start marker used the JSON form of metadata. */
  json: boolean;
  /** Where the options of the start marker could not be parsed (line index, column in it). */
  invalid?: { line: number; column: number; reason: string };
}

function paragraphIsFullyCommented(g: LightGrammar, at: (i: number) => string, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const line = at(i);
    if (line.startsWith(g.comment)) {
      if (line.slice(g.comment.length).trimStart().startsWith(g.comment)) continue;
      if (isMagic(line, g.defaultLanguage)) return false;
      continue;
    }
    return i > 0 && BLANK.test(line);
  }
  return true;
}

function nextCodeIsIndented(at: (i: number) => string, from: number, n: number): boolean {
  for (let i = from; i < n; i++) {
    const line = at(i);
    if (BLANK.test(line)) continue;
    return /^\s/.test(line);
  }
  return false;
}

/** Reads the cell that starts at line `from` of `L`, as jupytext's light reader does. */
export function readLightCell(g: LightGrammar, L: Lines, from: number): LightCellRead {
  const n = L.length - from;
  const at = (i: number) => L.at(from + i);
  const following = (start: number): LineAt => {
    return (k) => (start + k < n ? at(start + k) : undefined);
  };
  let metadata: JsonObject | undefined;
  let json = false;
  let invalid: LightCellRead['invalid'];
  const first = at(0);
  if (g.start.test(first)) {
    let line = first;
    if (g.suffix) {
      if (line.endsWith(` ${g.suffix}`)) line = line.slice(0, -(g.suffix.length + 1));
      else if (line.endsWith(g.suffix)) line = line.slice(0, -g.suffix.length);
    }
    const options = g.start.exec(line)![1]!;
    const o = startOptions(options);
    metadata = o.metadata;
    json = o.json;
    if (o.invalid) invalid = { line: from, column: line.length - options.length + o.invalid.offset + 1, reason: o.invalid.reason };
  }
  let language: string | undefined;
  if (metadata && typeof metadata.language === 'string') {
    language = metadata.language;
    delete metadata.language;
  }

  // find_cell_end
  let cellType: TextCell['cell_type'] = 'code';
  let end = n;
  let next = n;
  let explicitEoc = false;
  if (metadata === undefined && paragraphIsFullyCommented(g, at, n)) {
    cellType = 'markdown';
    for (let i = 0; i < n; i++) {
      if (BLANK.test(at(i))) {
        end = i;
        next = i + 1;
        break;
      }
    }
  } else {
    let endRe: RegExp | undefined;
    if (metadata !== undefined) {
      const endofcell = typeof metadata.endofcell === 'string' ? metadata.endofcell : '-';
      endRe = new RegExp(`^${escapeRegExp(g.comment)} ${endofcell}\\s*$`);
      if (typeof metadata.cell_type === 'string') {
        cellType = metadata.cell_type as TextCell['cell_type'];
        delete metadata.cell_type;
      }
    }
    const parser = new StringParser(language ?? g.defaultLanguage);
    for (let i = 0; i < n; i++) {
      const line = at(i);
      if (metadata !== undefined && i === 0) continue;
      if (parser.isQuoted()) {
        parser.readLine(line);
        continue;
      }
      parser.readLine(line);
      if (g.start.test(line)) {
        if (i > 0 && BLANK.test(at(i - 1))) {
          if (i > 1 && BLANK.test(at(i - 2))) [end, next] = [i - 2, i];
          else [end, next] = [i - 1, i];
        } else [end, next] = [i, i];
        break;
      }
      if (endRe) {
        if (endRe.test(line)) {
          [end, next, explicitEoc] = [i, i + 1, true];
          break;
        }
      } else if (BLANK.test(line) && !nextCodeIsIndented(at, i, n)) {
        if (i > 0) [end, next] = [i, i + 1];
        else if (n > 1 && !BLANK.test(at(1))) [end, next] = [1, 1];
        else [end, next] = [1, 2];
        break;
      }
    }
  }

  // find_cell_content
  const cellStart = metadata === undefined ? 0 : 1;
  const md: JsonObject = metadata ?? {};
  let source: string[] = [];
  for (let i = cellStart; i < end; i++) source.push(at(i));
  const orgContent = [...source];
  if (g.ext === '.py' && explicitEoc) {
    let toEnd = 0;
    const s = source;
    if (s.length >= 3 && !BLANK.test(s[s.length - 3]!) && BLANK.test(s[s.length - 2]!) && BLANK.test(s[s.length - 1]!)) {
      source = s.slice(0, -2);
      toEnd = 2;
    }
    const pep8 = pep8LinesBetweenCells(source, following(end), g.ext);
    if (toEnd !== (pep8 === 1 ? 0 : 2)) md.lines_to_end_of_cell_marker = toEnd;
  }
  const content = extractContent(g, source, md, cellType, language, cellStart > 0);
  if (cellType === 'code' && !isActive('.ipynb', md)) {
    if (md.active === '') delete md.active;
    cellType = 'raw';
  }
  if (next + 1 < n && BLANK.test(at(next)) && !BLANK.test(at(next + 1))) next += 1;
  else if (explicitEoc && next + 2 < n && BLANK.test(at(next)) && BLANK.test(at(next + 1)) && !BLANK.test(at(next + 2))) next += 2;
  let linesToNext = 1;
  if (end < n) {
    linesToNext = next - end;
    if (explicitEoc) linesToNext -= 1;
    if (next >= n) linesToNext += 1;
  }
  const expected = g.ext === '.py' ? pep8LinesBetweenCells(orgContent.length ? orgContent : [''], following(next), g.ext) : 1;
  if (linesToNext !== expected) md.lines_to_next_cell = linesToNext;
  if (language !== undefined) md.language = language;
  const r: LightCellRead = { cell: { cell_type: cellType, source: content.join('\n'), metadata: md }, next: from + next, json };
  if (invalid) r.invalid = invalid;
  return r;
}

function extractContent(
  g: LightGrammar,
  lines: string[],
  metadata: JsonObject,
  cellType: TextCell['cell_type'],
  language: string | undefined,
  explicitSoc: boolean,
): string[] {
  if (g.ext === '.py' && !isActive(g.ext, metadata, cellType === 'code')) {
    const content = lines.join('\n').trim();
    for (const prefix of ['', 'r', 'R']) {
      for (const q of ['"""', "'''"]) {
        let left = prefix + q;
        let right = q;
        if (content.startsWith(left) && content.endsWith(right) && content.length >= left.length + right.length) {
          let c = content.slice(left.length, content.length - right.length);
          if (c.startsWith('\n')) {
            c = c.slice(1);
            left += '\n';
          }
          if (c.endsWith('\n')) {
            c = c.slice(0, -1);
            right = `\n${right}`;
          }
          if (!prefix) metadata.cell_marker = left.length === 4 && right.length === 4 ? left.slice(0, 3) : `${left},${right}`;
          else metadata.cell_marker = left.length - 1 === 4 && right.length === 4 ? left.slice(0, 4) : `${left},${right}`;
          return c.split('\n');
        }
      }
    }
  }
  if (!isActive(g.ext, metadata) || (!('active' in metadata) && language !== undefined && language !== g.defaultLanguage)) {
    return uncomment(lines, g.ext === '.r' || g.ext === '.R' ? '#' : g.comment);
  }
  let out = lines;
  const lang = language ?? g.defaultLanguage;
  if (g.commentMagics) {
    if (isActive(g.ext, metadata)) {
      uncommentMagics(out, lang, true, explicitSoc);
      if (cellType === 'code' && !explicitSoc && needExplicitMarker(out, lang, true)) metadata.comment_questions = false;
    } else out = uncomment(out, '#');
  }
  if (g.defaultLanguage === 'go' && language === undefined)
    out = out.map((l) => l.replace(/^((\/\/\s*)*)(\/\/\s*gonb:%%)/, (_m, a: string | undefined) => `${a ?? ''}%%`));
  if (cellType === 'code') return unescapeCodeStart(g, out, lang);
  return uncomment(out, g.comment, g.suffix);
}
