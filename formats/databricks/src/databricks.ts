/**
 * Databricks notebook source files, the format Databricks exports and syncs to git (Repos):
 *
 * ```python
 * # Databricks notebook source          <- first line (`//` in Scala, `--` in SQL notebooks)
 * import pandas as pd                    <- a cell in the notebook's language
 *
 * # COMMAND ----------                   <- between cells, with a blank line on each side
 *
 * # MAGIC %md                            <- a cell in another language: every line `# MAGIC `
 * # MAGIC # A title                         (`%md` cells are markdown cells)
 *
 * # COMMAND ----------
 *
 * # DBTITLE 1,Load the data              <- a cell's title (cell metadata `title`)
 * # MAGIC %sql
 * # MAGIC SELECT * FROM t                  (a code cell whose source starts with `%sql`)
 * ```
 *
 * nbgit adds one line of its own where a cell needs more than this: `# NBGIT {json}` first in a
 * cell (its type when raw, metadata, id, or its source when no layout carries it exactly), and
 * after the first line of a lossless file (the notebook metadata and nbformat version).
 * Databricks shows such a line as a comment.
 */
import { type Cell, escapeRegExp, isJsonObject, type JsonObject, type JsonValue, joinSource, jsonEqual, NbgitError, type Notebook } from '@nbgit/core';
import {
  assembleNotebook,
  attachCellExtras,
  attachNotebookExtras,
  type CellExtras,
  cellExtrasOf,
  detachCellExtras,
  detachNotebookExtras,
  explicitIdIndexes,
  notebookExtrasOf,
  parseMetadataValue,
  pythonJson,
} from '@nbgit/text';

/** Options of {@link fromDatabricks}. */
export interface FromDatabricksOptions {
  /** File name, for errors; its extension gives the language when the first line does not (`.py` or `.r`). */
  file?: string;
}

/** Options of {@link toDatabricks}. */
export interface ToDatabricksOptions {
  /** Keep all metadata, ids and the nbformat version (in `NBGIT` lines) so that the notebook reads back exactly. */
  lossless?: boolean;
}

const LANGUAGES: { language: string; comment: string; extensions: string[] }[] = [
  { language: 'python', comment: '#', extensions: ['.py'] },
  { language: 'scala', comment: '//', extensions: ['.scala'] },
  { language: 'sql', comment: '--', extensions: ['.sql'] },
  { language: 'r', comment: '#', extensions: ['.r', '.R'] },
];

/** True when `text` is a Databricks notebook source file (its first line says so). */
export function isDatabricksSource(text: string): boolean {
  const first = text
    .slice(0, 200)
    .replace(/^\uFEFF/, '')
    .split('\n', 1)[0]!
    .replace(/\r$/, '');
  return LANGUAGES.some((l) => first === `${l.comment} Databricks notebook source`);
}

function obj(v: unknown): JsonObject {
  return isJsonObject((v ?? null) as JsonValue) ? (v as JsonObject) : {};
}

/** The notebook's Databricks language: `kernelspec.language`, else `language_info.name`, else python. */
function languageOf(nb: Notebook): (typeof LANGUAGES)[number] {
  const name = String(obj(nb.metadata.kernelspec).language ?? obj(nb.metadata.language_info).name ?? 'python').toLowerCase();
  return LANGUAGES.find((l) => l.language === name) ?? LANGUAGES[0]!;
}

interface Parsed {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string;
  metadata: JsonObject;
  extras: CellExtras;
}

/** Reads one cell from its lines (between separators, the blank lines around them removed). */
function readCell(lines: string[], c: string, at: (k: number) => { file?: string; position: { line: number; column: number } }, first: number): Parsed {
  const metadata: JsonObject = {};
  let k = 0;
  const title = new RegExp(`^${escapeRegExp(c)} DBTITLE \\d+,(.*)$`).exec(lines[0] ?? '');
  if (title) {
    metadata.title = title[1]!;
    k++;
  }
  let type: Parsed['cell_type'] | undefined;
  let extras: CellExtras = {};
  const nbgit = new RegExp(`^${escapeRegExp(c)} NBGIT (.*)$`).exec(lines[k] ?? '');
  if (nbgit) {
    let value: unknown;
    try {
      value = parseMetadataValue(nbgit[1]!);
    } catch {
      throw new NbgitError('ESYNTAX', 'invalid JSON in an NBGIT line', at(first + k));
    }
    if (!isJsonObject((value ?? null) as JsonValue)) throw new NbgitError('ESYNTAX', 'an NBGIT line must hold a JSON object', at(first + k));
    const v = value as JsonObject;
    if (v.cell_type === 'raw' || v.cell_type === 'markdown' || v.cell_type === 'code') type = v.cell_type;
    delete v.cell_type;
    const held: JsonObject = { nbgit: v };
    extras = detachCellExtras(held);
    Object.assign(metadata, held);
    k++;
  }
  let body = lines.slice(k);
  const magic = `${c} MAGIC`;
  const isMagic = body.length > 0 && body.every((l) => l === magic || l.startsWith(`${magic} `));
  if (isMagic) body = body.map((l) => l.slice(magic.length + 1));
  let source = body.join('\n');
  if (isMagic && type === undefined && /^%md(\s|$)/.test(body[0]!) && !/^%md-/.test(body[0]!)) {
    type = 'markdown';
    source = body.slice(1).join('\n');
  }
  if (extras.source !== undefined) source = extras.source;
  return { cell_type: type ?? 'code', source, metadata, extras };
}

/**
 * Reads a Databricks notebook source file. `%md` cells are markdown cells; cells in other
 * languages (`%sql`, `%scala`, `%r`, `%sh`, `%pip`...) are code cells whose source starts with
 * the magic, as Databricks exports them to `.ipynb`. Throws an `ESYNTAX` `NbgitError` when the
 * first line is not `# Databricks notebook source` (or its Scala/SQL spelling) and for a broken
 * `NBGIT` line.
 */
export function fromDatabricks(text: string, options: FromDatabricksOptions = {}): Notebook {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text)) text = text.replaceAll('\r\n', '\n');
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const at = (k: number) => ({ file: options.file, position: { line: k + 1, column: 1 } });
  const lang = LANGUAGES.find((l) => lines[0] === `${l.comment} Databricks notebook source`);
  if (!lang) throw new NbgitError('ESYNTAX', 'not a Databricks notebook source file: the first line should be "# Databricks notebook source"', at(0));
  const ext = options.file?.slice(options.file.lastIndexOf('.'));
  const language = lang.comment === '#' && (ext === '.r' || ext === '.R') ? LANGUAGES[3]! : lang;
  const c = lang.comment;
  let metadata: JsonObject = { language_info: { name: language.language } };
  let nbExtras: ReturnType<typeof detachNotebookExtras> = {};
  let start = 1;
  const head = new RegExp(`^${escapeRegExp(c)} NBGIT NOTEBOOK (.*)$`).exec(lines[1] ?? '');
  if (head) {
    let value: unknown;
    try {
      value = parseMetadataValue(head[1]!);
    } catch {
      throw new NbgitError('ESYNTAX', 'invalid JSON in the NBGIT NOTEBOOK line', at(1));
    }
    metadata = obj(value);
    nbExtras = detachNotebookExtras(metadata);
    start = 2;
  }
  const sep = `${c} COMMAND ----------`;
  const chunks: { lines: string[]; first: number }[] = [];
  let from = start;
  for (let i = start; i <= lines.length; i++) {
    if (i < lines.length && lines[i] !== sep) continue;
    let a = from;
    let b = i;
    if (chunks.length > 0 && a < b && lines[a] === '') a++;
    if (i < lines.length && b > a && lines[b - 1] === '') b--;
    chunks.push({ lines: lines.slice(a, b), first: a });
    from = i + 1;
  }
  if (chunks.length === 1 && chunks[0]!.lines.length === 0) chunks.pop();
  const cells = chunks.map((ch) => readCell(ch.lines, c, at, ch.first));
  const nb = assembleNotebook(
    metadata,
    nbExtras,
    cells,
    cells.map((p) => p.extras),
  );
  return nb;
}

/** The lines of one cell; `level` 1 puts the source in the NBGIT line. */
function cellLines(cell: Cell, visible: JsonObject, extras: CellExtras, c: string, level: 0 | 1): string[] {
  const x: CellExtras = { ...extras };
  let source = joinSource(cell.source);
  if (level === 1) {
    x.source = source;
    source = '';
  }
  const meta: JsonObject = { ...visible };
  const out: string[] = [];
  if (typeof meta.title === 'string' && !meta.title.includes('\n')) {
    out.push(`${c} DBTITLE 1,${meta.title}`);
    delete meta.title;
  }
  const nbgit = attachCellExtras(meta, x);
  if (x.attachments && !Object.keys(x.attachments).length) nbgit.nbgit = { ...obj(nbgit.nbgit), attachments: {} };
  const entry: JsonObject = { ...obj(nbgit.nbgit) };
  for (const [k, v] of Object.entries(nbgit)) if (k !== 'nbgit') entry.metadata = { ...obj(entry.metadata), [k]: v };
  if (cell.cell_type === 'raw' || (cell.cell_type === 'markdown' && level === 1)) entry.cell_type = cell.cell_type;
  if (Object.keys(entry).length) out.push(`${c} NBGIT ${pythonJson(entry, { ensureAscii: false })}`);
  if (level === 1) return out;
  const magic = (l: string) => (l ? `${c} MAGIC ${l}` : `${c} MAGIC`);
  if (cell.cell_type === 'markdown') out.push(...['%md', ...(source === '' ? [] : source.split('\n'))].map(magic));
  else if (cell.cell_type === 'code' && /^%[a-zA-Z]/.test(source)) out.push(...source.split('\n').map(magic));
  else if (source !== '') out.push(...source.split('\n'));
  return out;
}

/**
 * Writes a notebook as a Databricks notebook source file (`.py`; `.scala`, `.sql`, `.r` for
 * notebooks in those languages): markdown cells as `# MAGIC %md`, code cells whose source starts
 * with a magic (`%sql`, `%sh`...) as `# MAGIC` lines, others as they are, a `title` as `DBTITLE`.
 * Every cell reads back exactly (an `NBGIT` line carries what the layout cannot); other cell
 * metadata is kept with `lossless: true`, which also keeps the notebook metadata.
 */
export function toDatabricks(nb: Notebook, options: ToDatabricksOptions = {}): string {
  const lossless = options.lossless === true;
  const lang = languageOf(nb);
  const c = lang.comment;
  const out: string[] = [`${c} Databricks notebook source`];
  if (lossless) {
    const head = attachNotebookExtras(nb.metadata, { ...notebookExtrasOf(nb), nbformat: nb.nbformat, nbformat_minor: nb.nbformat_minor });
    out.push(`${c} NBGIT NOTEBOOK ${pythonJson(head, { ensureAscii: false })}`);
  }
  const ids = lossless ? explicitIdIndexes(nb.cells) : new Set<number>();
  const sep = `${c} COMMAND ----------`;
  const at = () => ({ position: { line: 1, column: 1 } });
  nb.cells.forEach((cell, i) => {
    const visible = lossless ? cell.metadata : typeof cell.metadata.title === 'string' ? { title: cell.metadata.title } : {};
    const extras = cellExtrasOf(cell, ids.has(i), lossless);
    let lines = cellLines(cell, visible, extras, c, 0);
    const back = readCell(lines, c, at, 0);
    const same =
      back.cell_type === cell.cell_type &&
      back.source === joinSource(cell.source) &&
      jsonEqual(back.metadata, visible) &&
      !lines.includes(sep) &&
      !(i > 0 && lines[0] === '') &&
      !(i < nb.cells.length - 1 && lines[lines.length - 1] === '') &&
      !(i === 0 && /NBGIT NOTEBOOK/.test(lines[0] ?? ''));
    if (!same) lines = cellLines(cell, visible, extras, c, 1);
    if (i > 0) out.push('', sep, '');
    out.push(...lines);
  });
  return `${out.join('\n')}\n`;
}
