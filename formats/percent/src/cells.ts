/**
 * The cell grammar of percent scripts, shared by the reader and the writer (which reads each
 * cell it writes back to check that it round-trips).
 */
import { copyNumberLexemes, escapeRegExp, type JsonObject, NbgitError } from '@nbgit/core';
import { type CellOptions, readStartMarker, scriptLanguage, uncommentLine } from '@nbgit/text';
import { uncommentMagics, unescapeOnce } from './magics.js';
import { type LineAt, pep8LinesBetweenCells } from './pep8.js';
import { StringParser } from './strings.js';

/** Everything the cell reader needs to know about the file. */
export interface Grammar {
  ext: string;
  comment: string;
  suffix: string;
  defaultLanguage: string;
  commentMagics: boolean;
  /** `<c> %%[%...] options` */
  start: RegExp;
  /** `<c> %%`, `<c> <codecell>`, `<c> In[12]:` */
  alt: RegExp;
  /** A marker-like line at any comment depth >= 1 (what the writer escapes in code). */
  markerLike: RegExp;
  /** A line whose commented form would be a marker (what the writer writes uncommented in markdown). */
  markerIfCommented: RegExp;
}

/**
 * The keys of `objects` in one new object, later ones winning, keeping the recorded kind of their
 * numbers (`1.0`, big integers: see `rememberNumber` in @nbgit/core). Use it for every copy of metadata.
 */
export function merged(...objects: (JsonObject | undefined)[]): JsonObject {
  const out: JsonObject = {};
  for (const o of objects) {
    if (o === undefined) continue;
    Object.assign(out, o);
    copyNumberLexemes(o, out);
  }
  return out;
}

/** Builds the grammar for a script extension. */
export function grammarFor(ext: string, defaultLanguage: string, commentMagics = true): Grammar {
  const lang = scriptLanguage(ext);
  if (!lang) throw new NbgitError('EUSAGE', `no script language is known for the extension ${JSON.stringify(ext)}`);
  const c = escapeRegExp(lang.comment);
  const tail = '(?:%%(%*)\\s|(?:%%|<codecell>|In\\[[0-9 ]*\\]:?)\\s*$)';
  return {
    ext,
    comment: lang.comment,
    suffix: lang.commentSuffix ?? '',
    defaultLanguage,
    commentMagics,
    start: new RegExp(`^\\s*${c}\\s*%%(%*)\\s(.*)$`, 's'),
    alt: new RegExp(`^\\s*${c}\\s*(%%|<codecell>|In\\[[0-9 ]*\\]:?)\\s*$`),
    markerLike: new RegExp(`^\\s*(?:${c}\\s*)+${tail}`),
    markerIfCommented: new RegExp(`^\\s*${tail}`),
  };
}

/** True when the line starts a cell. */
export function isMarker(g: Grammar, line: string): boolean {
  return g.start.test(line) || g.alt.test(line);
}

/**
 * A blank line for the trailing-blank-lines rule. jupytext counts whitespace-only lines as blank and so
 * loses them at the end of a cell; nbgit counts only empty lines (or a lone `\r` in CRLF files).
 */
const BLANK = /^\r?$/;

/** jupytext's `is_active(ext, metadata, default)`. */
export function isActive(ext: string, metadata: JsonObject, dflt = true): boolean {
  const rc = metadata.run_control;
  if (rc && typeof rc === 'object' && !Array.isArray(rc) && rc.frozen === true) return ext === '.ipynb';
  const e = ext.replaceAll('.', '');
  const tags = Array.isArray(metadata.tags) ? metadata.tags : [];
  for (const tag of tags) if (typeof tag === 'string' && tag.startsWith('active-')) return tag.split('-').includes(e);
  if (!('active' in metadata)) return dflt;
  return String(metadata.active).split(/[.,]/).includes(e);
}

/** Removes `<c> ` or `<c>` at the start and ` <s>`/`<s>` at the end of each line. */
export function uncommentAll(lines: string[], comment: string, suffix = ''): string[] {
  return lines.map((line) => uncommentLine(line, comment, suffix));
}

/** A marker line's options, parsed. */
export interface MarkerOptions {
  metadata: JsonObject;
  json: boolean;
  invalid?: CellOptions['invalid'];
  /** Offset of the options text in the line. */
  offset: number;
}

/** Reads the options of a `<c> %% ...` line: title, `[markdown]`, `%` depth, metadata. */
export function markerOptions(g: Grammar, line: string): MarkerOptions {
  let l = uncommentAll([line], g.comment, g.suffix)[0]!;
  const at = l.indexOf('%%') + 2;
  const lead = line.indexOf(g.comment) + (line.startsWith(`${g.comment} `, line.indexOf(g.comment)) ? g.comment.length + 1 : g.comment.length);
  l = l.slice(at);
  const { metadata, title, json, invalid } = readStartMarker(l);
  // title first, as jupytext's dict order has it after the parsed keys; keep the written order instead
  const out: JsonObject = {};
  if (title) out.title = title;
  Object.assign(out, metadata);
  copyNumberLexemes(metadata, out);
  if (title) {
    delete out.title;
    out.title = title;
  }
  const r: MarkerOptions = { metadata: out, json, offset: lead + at };
  if (invalid) r.invalid = invalid;
  return r;
}

/** A cell as read from text, before the notebook-level steps (languages, extras, ids). */
export interface TextCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string;
  metadata: JsonObject;
}

/** The result of reading one cell. */
export interface CellRead {
  cell: TextCell;
  /** Index of the next cell's first line. */
  next: number;
  /** The marker used the JSON form of metadata. */
  json: boolean;
  /** Where the options of the marker could not be parsed. */
  invalid?: { line: number; column: number; reason: string };
}

/** Options of {@link readCell} that the `nbgit` extras switch. */
export interface ReadCellFlags {
  /** Read the cell body with no string tracking, magics or code-start unescaping (see the writer's fallback). */
  verbatim?: boolean;
}

function countLinesToNextCell(end: number, next: number, total: number): number {
  if (end < total) {
    let n = next - end;
    if (next >= total) n += 1;
    return n;
  }
  return 1;
}

/**
 * Reads the cell starting at `lines[i]`. `verbatimOf` is asked, once the marker options are
 * known, whether the `nbgit` extras ask for verbatim reading.
 */
export function readCell(g: Grammar, lines: readonly string[], i: number, verbatimOf: (metadata: JsonObject) => boolean, after?: LineAt): CellRead {
  const first = lines[i]!;
  let metadata: JsonObject = {};
  let json = false;
  let invalid: CellRead['invalid'];
  let hasMarker = false;
  if (g.start.test(first)) {
    const o = markerOptions(g, first);
    metadata = o.metadata;
    json = o.json;
    hasMarker = true;
    if (o.invalid) invalid = { line: i, column: o.offset + o.invalid.offset + 1, reason: o.invalid.reason };
  } else if (g.alt.test(first)) hasMarker = true;

  const order = Object.keys(metadata);
  let language: string | undefined;
  if (typeof metadata.language === 'string') {
    language = metadata.language;
    delete metadata.language;
  }
  const verbatim = verbatimOf(metadata);

  // find_cell_end
  let cellType: TextCell['cell_type'];
  let comment = g.comment;
  if (typeof metadata.cell_type === 'string') {
    cellType = metadata.cell_type as TextCell['cell_type'];
    delete metadata.cell_type;
  } else if (!isActive('.ipynb', metadata)) {
    if (metadata.active === '') delete metadata.active;
    cellType = 'raw';
    if (isActive(g.ext, metadata)) comment = '';
  } else cellType = 'code';

  let next = lines.length;
  const parser = new StringParser(verbatim ? undefined : (language ?? g.defaultLanguage));
  for (let k = i; k < lines.length; k++) {
    const line = lines[k]!;
    if (parser.isQuoted()) {
      parser.readLine(line);
      continue;
    }
    parser.readLine(line);
    if (k > i && isMarker(g, line)) {
      next = k;
      break;
    }
  }
  let end = next;
  const n = next - i;
  if (n >= 3 && !BLANK.test(lines[next - 3]!) && BLANK.test(lines[next - 2]!) && BLANK.test(lines[next - 1]!)) end = next - 2;
  else if (n > 0 && BLANK.test(lines[next - 1]!)) end = next - 1;
  const start = hasMarker ? i + 1 : i;
  const source = lines.slice(start, Math.max(start, end));
  const content = extractContent(g, source, metadata, cellType, language, comment, verbatim);
  const linesToNext = countLinesToNextCell(end, next, lines.length);
  const expected =
    g.ext === '.py'
      ? pep8LinesBetweenCells(source.length ? source : [''], (k) => (next + k < lines.length ? lines[next + k] : after?.(next + k - lines.length)), g.ext)
      : 1;
  if (linesToNext !== expected) metadata.lines_to_next_cell = linesToNext;
  if (language !== undefined) {
    // back in its place, so that writing the cell again gives the same marker line
    metadata.language = language;
    const ordered: JsonObject = {};
    for (const k of order) if (k in metadata) ordered[k] = metadata[k]!;
    for (const k of Object.keys(metadata)) if (!(k in ordered)) ordered[k] = metadata[k]!;
    copyNumberLexemes(metadata, ordered);
    metadata = ordered;
  }
  const r: CellRead = { cell: { cell_type: cellType, source: content.join('\n'), metadata }, next, json };
  if (invalid) r.invalid = invalid;
  return r;
}

function extractContent(
  g: Grammar,
  lines: string[],
  metadata: JsonObject,
  cellType: TextCell['cell_type'],
  language: string | undefined,
  comment: string,
  verbatim: boolean,
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
          if (!prefix) {
            if (left.length === 4 && right.length === 4) metadata.cell_marker = left.slice(0, 3);
            else metadata.cell_marker = `${left},${right}`;
          } else if (left.length - 1 === 4 && right.length === 4) metadata.cell_marker = left.slice(0, 4);
          else metadata.cell_marker = `${left},${right}`;
          return c.split('\n');
        }
      }
    }
  }
  if (!isActive(g.ext, metadata) || (!('active' in metadata) && language !== undefined && language !== g.defaultLanguage)) {
    return uncommentAll(lines, comment);
  }
  let out = lines;
  if (cellType === 'code' && !verbatim && g.commentMagics) uncommentMagics(out, language ?? g.defaultLanguage, true, true);
  if (g.defaultLanguage === 'go' && language === undefined)
    out = out.map((l) => l.replace(/^((\/\/\s*)*)(\/\/\s*gonb:%%)/, (_m, a: string | undefined) => `${a ?? ''}%%`));
  if (cellType === 'code') {
    return unescapeMarkers(g, out, 'code', verbatim);
  }
  return uncommentAll(out, comment, g.suffix);
}

/**
 * nbgit's escape of marker-like lines inside code: the writer adds one comment level to every
 * code line that is a marker at comment depth >= 1 (`# %%` -> `# # %%`); the reader removes
 * one level from code lines that are marker-like at depth >= 2. Markdown lines are handled by
 * writing them uncommented, so nothing to do for them here.
 */
function unescapeMarkers(g: Grammar, lines: string[], _cellType: 'code', verbatim: boolean): string[] {
  const parser = new StringParser(verbatim ? undefined : g.defaultLanguage);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!parser.isQuoted() && g.markerLike.test(line) && !isMarker(g, line)) lines[i] = unescapeOnce(line, g.comment);
    parser.readLine(line);
  }
  return lines;
}

export type { LineAt };
