/**
 * A readable, stable text form of a notebook for `git diff` / `git log -p` (git's
 * `diff.<driver>.textconv`):
 *
 * ```
 * notebook nbformat 4.5
 * metadata.kernelspec: {"display_name": "Python 3", "language": "python", "name": "python3"}
 *
 * ## cell (markdown, id intro)
 * # Title
 *
 * ## cell (code, id c1), execution count 3
 * ## metadata: {"tags": ["keep-me"]}
 * print('hello')
 * ## output 0: stream stdout
 *     hello
 * ## output 1: display_data
 *     image/png: 1234 bytes, hash 5f3a0c1d
 *     text/plain: <Figure size 640x480 with 1 Axes>
 * ```
 *
 * Cells are labelled with the words of `nbgit diff` (`(code, id x)`) but not numbered, so
 * inserting a cell changes no other cell's lines: `git log -p` shows a one-cell change as a
 * few lines. A cell without an id (nbformat before 4.5) is named by a short hash of its
 * source instead. Outputs are numbered within their cell (`output 0: stream stdout`). Sources are shown as they are (so line diffs read like code), output text indented by
 * four spaces, images and other binary data as type, size and a short hash. The same
 * notebook always gives the same text. Works on any JSON object (nbformat 2/3 cells in
 * worksheets, unknown keys), never throws on odd shapes.
 */
import { deepestPath, formatPath, hashString, isJsonObject, type JsonValue, jsonText, MAX_DEPTH, NbgitError } from '@nbgit/core';

type Obj = Record<string, unknown>;

/** Keys of a cell shown in its header or body; the others go to an "other keys" line. */
const CELL_SHOWN = new Set(['cell_type', 'id', 'execution_count', 'prompt_number', 'metadata', 'source', 'input', 'outputs', 'attachments']);
const OUTPUT_SHOWN = new Set(['output_type', 'name', 'execution_count', 'prompt_number', 'data', 'text', 'metadata', 'ename', 'evalue', 'traceback']);

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('');
  return v === undefined ? '' : json(v);
}

/**
 * One-line JSON with sorted keys and Python-like `", "` / `": "` separators; numbers as the
 * notebook wrote them (`1.0`, big integers), `container[key]` being where `v` is.
 */
function json(v: unknown, container?: object, key?: string | number): string {
  return jsonText(v, { sortKeys: true, separators: [', ', ': '], ...(container !== undefined && key !== undefined ? { at: { container, key } } : {}) });
}

function indent(body: string, prefix: string, out: string[]): void {
  if (body === '') return;
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const l of lines) out.push(prefix + l.replace(/\r$/, ''));
}

function isBinaryMime(mime: string): boolean {
  if (mime.startsWith('text/') || mime === 'image/svg+xml') return false;
  return (
    mime.startsWith('image/') || mime.startsWith('video/') || mime.startsWith('audio/') || mime === 'application/pdf' || mime === 'application/octet-stream'
  );
}

function bundle(data: Obj, out: string[]): void {
  for (const mime of Object.keys(data).sort()) {
    const v = data[mime];
    if (isBinaryMime(mime)) {
      const s = text(v).replace(/\s+/g, '');
      const bytes = Math.floor((s.length * 3) / 4) - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
      out.push(`    ${mime}: ${bytes} bytes, hash ${hashString(s).slice(0, 8)}`);
    } else if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
      const body = text(v);
      if (!body.includes('\n') || body.indexOf('\n') === body.length - 1) out.push(`    ${mime}: ${body.replace(/\r?\n$/, '')}`);
      else {
        out.push(`    ${mime}:`);
        indent(body, '    ', out);
      }
    } else out.push(`    ${mime}: ${json(v, data, mime)}`);
  }
}

function output(o: unknown, n: number, out: string[]): void {
  if (!isJsonObject(o)) {
    out.push(`## output ${n}: ${json(o)}`);
    return;
  }
  const type = String(o.output_type ?? '?');
  // The label of `nbgit diff`: `stream stdout`, `error ValueError`, or the type.
  let head = `## output ${n}: ${type}`;
  if (type === 'stream' && typeof o.name === 'string') head += ` ${o.name}`;
  else if (type === 'error' && typeof o.ename === 'string') head += ` ${o.ename}`;
  const count = o.execution_count ?? o.prompt_number;
  if (count !== undefined && count !== null) head += `, execution count ${json(count)}`;
  out.push(head);
  if (type === 'error' || o.ename !== undefined) {
    out.push(`    ${text(o.ename)}: ${text(o.evalue)}`);
    // Tracebacks carry ANSI colours; drop them so the text diffs cleanly.
    if (Array.isArray(o.traceback)) for (const t of o.traceback) indent(text(t).replace(/\x1b\[[0-9;]*m/g, ''), '    ', out);
  }
  if (o.text !== undefined) indent(text(o.text), '    ', out);
  if (isJsonObject(o.data)) bundle(o.data, out);
  if (isJsonObject(o.metadata) && Object.keys(o.metadata).length > 0) out.push(`    metadata: ${json(o.metadata)}`);
  const other = Object.keys(o)
    .filter((k) => !OUTPUT_SHOWN.has(k))
    .sort();
  for (const k of other) out.push(`    ${k}: ${json(o[k], o, k)}`);
}

function cell(c: unknown, out: string[]): void {
  out.push('');
  if (!isJsonObject(c)) {
    out.push(`## cell: ${json(c)}`);
    return;
  }
  // The header of `nbgit diff` (`## cell 3 modified (code, id x)`) without the position and
  // the change word: a cell inserted above changes no other header. Without an id (nbformat
  // before 4.5), a hash of the cell's source names it.
  let head = `## cell (${String(c.cell_type ?? '?')}`;
  if (c.id !== undefined) head += `, id ${typeof c.id === 'string' ? c.id : json(c.id)}`;
  else head += `, hash ${hashString(text(c.source ?? c.input)).slice(0, 8)}`;
  head += ')';
  const count = c.execution_count ?? c.prompt_number;
  if (count !== undefined && count !== null) head += `, execution count ${json(count)}`;
  out.push(head);
  if (isJsonObject(c.metadata) && Object.keys(c.metadata).length > 0) out.push(`## metadata: ${json(c.metadata)}`);
  const other = Object.keys(c)
    .filter((k) => !CELL_SHOWN.has(k))
    .sort();
  for (const k of other) out.push(`## ${k}: ${json(c[k], c, k)}`);
  indent(text(c.source ?? c.input), '', out);
  if (isJsonObject(c.attachments)) {
    for (const name of Object.keys(c.attachments).sort()) {
      out.push(`## attachment ${name}`);
      const a = c.attachments[name];
      if (isJsonObject(a)) bundle(a, out);
    }
  }
  if (Array.isArray(c.outputs)) for (let i = 0; i < c.outputs.length; i++) output(c.outputs[i], i, out);
}

/** The text form of a notebook (see the module comment). Ends with a newline. */
export function notebookText(nb: object): string {
  // tolerant of odd shapes by design (git log -p never fails); it relies on a bounded depth only
  const deep = deepestPath(nb);
  if (deep !== undefined)
    throw new NbgitError('ELIMIT', `notebookText: ${formatPath(deep)}: nested deeper than ${MAX_DEPTH} levels (nbgit's limit)`, { path: formatPath(deep) });
  const root = nb as Obj;
  const out: string[] = [];
  const minor = root.nbformat_minor;
  out.push(`notebook nbformat ${root.nbformat === undefined ? '?' : json(root.nbformat)}${minor === undefined ? '' : `.${json(minor)}`}`);
  if (isJsonObject(root.metadata)) {
    for (const k of Object.keys(root.metadata).sort()) out.push(`metadata.${k}: ${json(root.metadata[k] as JsonValue, root.metadata, k)}`);
  }
  for (const k of Object.keys(root)
    .filter((k) => !['cells', 'metadata', 'nbformat', 'nbformat_minor', 'worksheets'].includes(k))
    .sort()) {
    out.push(`${k}: ${json(root[k], root, k)}`);
  }
  if (Array.isArray(root.cells)) for (const c of root.cells) cell(c, out);
  if (Array.isArray(root.worksheets)) {
    for (const ws of root.worksheets) if (isJsonObject(ws) && Array.isArray(ws.cells)) for (const c of ws.cells) cell(c, out);
  }
  return `${out.join('\n')}\n`;
}
