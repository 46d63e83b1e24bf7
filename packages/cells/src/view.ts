/**
 * A compact view of a notebook for a reader with a small budget (a person at a terminal,
 * an agent): each cell's index, id, type, tags and source, and its outputs summarised:
 * text truncated with a count of what was cut, images as `[image/png 640x480, 31 kB]`,
 * errors as `ename: evalue`, HTML, widgets and other data by type and size.
 */
import { type Cell, isJsonObject, type JsonValue, joinSource, type Notebook, type Output } from '@nbgit/core';
import { type CellRef, resolveCell } from './address.js';
import { base64Length, imageSize } from './images.js';

/** A summary of one output. */
export interface OutputSummary {
  /** nbformat's `output_type`. */
  type: string;
  /** Stream name (`stdout`, `stderr`). */
  name?: string;
  /** Text shown: a stream's text or a result's `text/plain`, cut to the budget. */
  text?: string;
  /** What was cut from `text`: whole lines, and characters of the lines kept. */
  cut?: { lines: number; characters: number };
  /** Other data by type and size: `[image/png 640x480, 31 kB]`, `[text/html, 2.3 kB]`. */
  data?: string[];
  /** An error output as `ename: evalue`. */
  error?: string;
}

/** A summary of one cell. */
export interface CellSummary {
  index: number;
  /** The cell id (nbformat 4.5 and later). */
  id?: string;
  type: string;
  tags: string[];
  source: string;
  /** A code cell's execution count. */
  executionCount?: number | null;
  /** Output summaries (left out with `outputs: false`). */
  outputs?: OutputSummary[];
}

/** Options of {@link listCells} and {@link renderView}. */
export interface ViewOptions {
  /** First cell (index, inclusive; default 0). */
  start?: number;
  /** Last cell (index, exclusive; default: the end). */
  end?: number;
  /** Only these cells (by index, id or id prefix), in notebook order. */
  cells?: CellRef[];
  /** Include output summaries (default true). */
  outputs?: boolean;
  /** Lines of each text output shown (default 20). */
  maxOutputLines?: number;
  /** Characters of each text output shown (default 2000). */
  maxOutputChars?: number;
  /** File name for the header line of the text view. */
  file?: string;
}

/** `1234` -> `1.2 kB`, as `[image/png 640x480, 31 kB]` shows sizes (decimal units). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = bytes / 1000;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? Math.round(v * 10) / 10 : Math.round(v)} ${units[u]}`;
}

const utf8 = new TextEncoder();
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

/** Text cut to `maxLines` lines and `maxChars` characters, with what was cut (whole lines, and characters of the last line kept). */
function truncate(text: string, maxLines: number, maxChars: number): { text: string; cut?: { lines: number; characters: number } } {
  const lines = text.replace(ANSI, '').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const kept: string[] = [];
  let characters = 0;
  let total = 0;
  for (const line of lines) {
    if (kept.length === maxLines || total >= maxChars) break;
    if (total + line.length > maxChars) {
      const room = maxChars - total;
      kept.push(line.slice(0, room));
      characters = line.length - room;
      break;
    }
    kept.push(line);
    total += line.length + 1;
  }
  const cutLines = lines.length - kept.length;
  return cutLines === 0 && characters === 0 ? { text: kept.join('\n') } : { text: kept.join('\n'), cut: { lines: cutLines, characters } };
}

/** `[mime WxH, size]` for one entry of a mime bundle. */
function describeData(mime: string, value: JsonValue): string {
  if (mime.startsWith('image/') && mime !== 'image/svg+xml' && typeof value === 'string') {
    const size = imageSize(value);
    return `[${mime}${size ? ` ${size.width}x${size.height}` : ''}, ${formatSize(base64Length(value))}]`;
  }
  const text = typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join('') : JSON.stringify(value);
  return `[${mime}, ${formatSize(utf8.encode(text).length)}]`;
}

function summarizeOutput(o: Output, maxLines: number, maxChars: number): OutputSummary {
  const s: OutputSummary = { type: String(o.output_type) };
  if (o.output_type === 'stream') {
    s.name = String(o.name);
    Object.assign(s, truncate(joinSource(o.text), maxLines, maxChars));
  } else if (o.output_type === 'error') {
    s.error = `${o.ename}: ${o.evalue}`.replace(ANSI, '');
  } else if (isJsonObject(o.data as JsonValue)) {
    const data = o.data;
    const mimes = Object.keys(data);
    const image = mimes.some((m) => m.startsWith('image/'));
    if (!image && data['text/plain'] !== undefined) Object.assign(s, truncate(joinSource(data['text/plain'] as string | string[]), maxLines, maxChars));
    const rest = mimes.filter((m) => m !== 'text/plain').map((m) => describeData(m, data[m]!));
    if (rest.length > 0) s.data = rest;
  }
  return s;
}

/** The indexes a view covers. */
function indexesOf(nb: Notebook, options: ViewOptions): number[] {
  if (options.cells !== undefined) return [...new Set(options.cells.map((r) => resolveCell(nb.cells, r)))].sort((a, b) => a - b);
  const n = nb.cells.length;
  const start = Math.max(0, Math.min(n, options.start ?? 0));
  const end = Math.max(start, Math.min(n, options.end ?? n));
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

/** A summary of one cell. */
export function summarizeCell(cell: Cell, index: number, options: ViewOptions = {}): CellSummary {
  const tags = cell.metadata?.tags;
  const s: CellSummary = {
    index,
    ...(typeof cell.id === 'string' ? { id: cell.id } : {}),
    type: String(cell.cell_type),
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    source: joinSource(cell.source),
  };
  if (cell.cell_type === 'code') {
    s.executionCount = cell.execution_count ?? null;
    if (options.outputs !== false && Array.isArray(cell.outputs))
      s.outputs = cell.outputs.map((o) => summarizeOutput(o, options.maxOutputLines ?? 20, options.maxOutputChars ?? 2000));
  }
  return s;
}

/** Summaries of the notebook's cells (all, a range, or those named). */
export function listCells(nb: Notebook, options: ViewOptions = {}): CellSummary[] {
  return indexesOf(nb, options).map((i) => summarizeCell(nb.cells[i]!, i, options));
}

/** The kernel's language: `language_info.name`, else `kernelspec.language`. */
export function notebookLanguage(nb: Notebook): string | undefined {
  const info = nb.metadata?.language_info;
  if (isJsonObject(info as JsonValue) && typeof (info as { name?: unknown }).name === 'string') return (info as { name: string }).name;
  const spec = nb.metadata?.kernelspec;
  if (isJsonObject(spec as JsonValue) && typeof (spec as { language?: unknown }).language === 'string') return (spec as { language: string }).language;
  return undefined;
}

/** The view as JSON data: the notebook's format and language, and the cell summaries. */
export function viewJson(nb: Notebook, options: ViewOptions = {}): { nbformat: string; language?: string; cellCount: number; cells: CellSummary[] } {
  const language = notebookLanguage(nb);
  return { nbformat: `${nb.nbformat}.${nb.nbformat_minor}`, ...(language ? { language } : {}), cellCount: nb.cells.length, cells: listCells(nb, options) };
}

function header(c: CellSummary): string {
  let h = `--- cell ${c.index} ${c.type}`;
  if (c.id !== undefined) h += ` id=${c.id}`;
  if (c.tags.length > 0) h += ` tags=${c.tags.join(',')}`;
  if (c.executionCount != null) h += ` count=${c.executionCount}`;
  return h;
}

function cutNote(cut: { lines: number; characters: number }): string {
  const parts: string[] = [];
  if (cut.lines > 0) parts.push(`${cut.lines} more line${cut.lines === 1 ? '' : 's'}`);
  if (cut.characters > 0) parts.push(`${cut.characters} more character${cut.characters === 1 ? '' : 's'}`);
  return `> [... ${parts.join(', ')}]`;
}

function renderOutput(o: OutputSummary, lines: string[]): void {
  if (o.error !== undefined) {
    lines.push(`> error: ${o.error}`);
    return;
  }
  const label = o.type === 'stream' ? (o.name ?? 'stream') : o.type === 'execute_result' ? 'result' : o.type === 'display_data' ? 'display' : o.type;
  if (o.text !== undefined) {
    const text = o.text.split('\n');
    if (text.length === 1 && !o.cut) lines.push(`> ${label}: ${text[0]}`);
    else {
      lines.push(`> ${label}:`);
      for (const t of text) lines.push(`> ${t}`);
      if (o.cut) lines.push(cutNote(o.cut));
    }
  } else if (o.data === undefined) lines.push(`> ${label}`);
  for (const d of o.data ?? []) lines.push(o.text === undefined && o.data!.length === 1 ? `> ${label}: ${d}` : `> ${d}`);
}

/**
 * The text view: a header line for the notebook, then for each cell a line
 * `--- cell 3 code id=1a2b3c4d tags=parameters count=5`, its source, and its outputs as lines
 * starting `> `.
 */
export function renderView(nb: Notebook, options: ViewOptions = {}): string {
  const language = notebookLanguage(nb);
  const cells = listCells(nb, options);
  const n = nb.cells.length;
  const shown = cells.length === n ? '' : `, showing ${cells.length}`;
  const lines = [
    `${options.file ? `${options.file}: ` : ''}${n} cell${n === 1 ? '' : 's'}${shown}, nbformat ${nb.nbformat}.${nb.nbformat_minor}${language ? `, ${language}` : ''}`,
  ];
  for (const c of cells) {
    lines.push(header(c));
    if (c.source !== '') lines.push(...c.source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n'));
    for (const o of c.outputs ?? []) renderOutput(o, lines);
  }
  return `${lines.join('\n')}\n`;
}

/** One line per cell: index, id, type, tags and the first line of the source. */
export function renderList(cells: CellSummary[], options: { width?: number } = {}): string {
  const width = options.width ?? 80;
  const idWidth = Math.max(0, ...cells.map((c) => c.id?.length ?? 0));
  const out: string[] = [];
  for (const c of cells) {
    let line = `${String(c.index).padStart(3)}  ${idWidth ? `${(c.id ?? '').padEnd(idWidth)}  ` : ''}${c.type.padEnd(8)}`;
    if (c.tags.length > 0) line += ` [${c.tags.join(',')}]`;
    const first = c.source.split(/\r\n?|\n/).find((l) => l.trim() !== '') ?? '';
    const more = c.source.split(/\r\n?|\n/).length > 1 ? ' ...' : '';
    const room = Math.max(10, width - line.length - 2);
    const text = first.length + more.length > room ? `${first.slice(0, room - 4)} ...` : first + more;
    out.push(`${line}  ${text}`.trimEnd());
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
