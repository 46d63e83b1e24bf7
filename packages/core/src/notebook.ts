/**
 * The notebook model: nbformat 4's own JSON shape, typed.
 *
 * Multi-line strings keep the shape the file used (`string` or `string[]`), so a
 * round trip remembers which one it was. Use {@link joinSource} to read them as text.
 */

/** A JSON value as it appears in a notebook. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A string that nbformat may store as one string or as a list of lines. */
export type MultilineString = string | string[];

/** A mime bundle: mime type to content (`text/*` as multi-line strings, JSON types as JSON). */
export interface MimeBundle {
  [mime: string]: JsonValue;
}

/** Stream output (`stdout` or `stderr`). */
export interface StreamOutput {
  output_type: 'stream';
  name: string;
  text: MultilineString;
  [key: string]: unknown;
}

/** A rich display output. */
export interface DisplayDataOutput {
  output_type: 'display_data';
  data: MimeBundle;
  metadata: JsonObject;
  [key: string]: unknown;
}

/** The result of the last expression of a cell. */
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  data: MimeBundle;
  metadata: JsonObject;
  execution_count: number | null;
  [key: string]: unknown;
}

/** An error raised by a cell. */
export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
  [key: string]: unknown;
}

/** Any output of a code cell, discriminated on `output_type`. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** A code cell. */
export interface CodeCell {
  cell_type: 'code';
  id?: string;
  metadata: JsonObject;
  source: MultilineString;
  outputs: Output[];
  execution_count: number | null;
  [key: string]: unknown;
}

/** A markdown cell. */
export interface MarkdownCell {
  cell_type: 'markdown';
  id?: string;
  metadata: JsonObject;
  source: MultilineString;
  attachments?: { [name: string]: MimeBundle };
  [key: string]: unknown;
}

/** A raw cell. */
export interface RawCell {
  cell_type: 'raw';
  id?: string;
  metadata: JsonObject;
  source: MultilineString;
  attachments?: { [name: string]: MimeBundle };
  [key: string]: unknown;
}

/** Any cell, discriminated on `cell_type`. */
export type Cell = CodeCell | MarkdownCell | RawCell;

/** A Jupyter notebook (nbformat 4). */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: JsonObject;
  cells: Cell[];
  [key: string]: unknown;
}

/** True when the cell is a code cell. */
export function isCodeCell(cell: Cell): cell is CodeCell {
  return cell.cell_type === 'code';
}
/** True when the cell is a markdown cell. */
export function isMarkdownCell(cell: Cell): cell is MarkdownCell {
  return cell.cell_type === 'markdown';
}
/** True when the cell is a raw cell. */
export function isRawCell(cell: Cell): cell is RawCell {
  return cell.cell_type === 'raw';
}

/** Joins a multi-line string into one string. */
export function joinSource(value: MultilineString | undefined | null): string {
  if (value == null) return '';
  return typeof value === 'string' ? value : value.join('');
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Splits text into lines keeping their ends, exactly as Python's `str.splitlines(True)`
 * does (which is what nbformat uses): line breaks are `\n`, `\r\n`, `\r`, `\v`, `\f`,
 * `\x1c`, `\x1d`, `\x1e`, `\x85`, `\u2028` and `\u2029`. The empty string gives `[]`.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  const n = text.length;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 13 && c < 28) continue;
    if (c === 10 || c === 11 || c === 12 || c === 28 || c === 29 || c === 30 || c === 0x85 || c === 0x2028 || c === 0x2029) {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    } else if (c === 13) {
      const end = text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      lines.push(text.slice(start, end));
      start = end;
      i = end - 1;
    }
  }
  if (start < n) lines.push(text.slice(start));
  return lines;
}

/** Creates an empty nbformat 4.5 notebook. */
export function emptyNotebook(): Notebook {
  return { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };
}
