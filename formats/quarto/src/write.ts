/** Writing a notebook as a Quarto document. */
import { type Cell, cloneJson, isJsonObject, type JsonObject, type JsonValue, joinSource, type Notebook } from '@nbgit/core';
import { fenceFor } from '@nbgit/markdown';
import { mismatches, PY_TRAILING_WS } from '@nbgit/myst';
import {
  attachCellExtras,
  attachNotebookExtras,
  type CellExtras,
  cellExtrasOf,
  dumpYaml,
  explicitIdIndexes,
  filterCellMetadata,
  filterNotebookMetadata,
  formatHeader,
  notebookExtrasOf,
  pythonJson,
} from '@nbgit/text';
import { fromQuarto, optionComment, RAW_FORMATS } from './read.js';

/** Options of {@link toQuarto}. */
export interface ToQuartoOptions {
  /** Keep what jupytext's default filters drop (language_info, ExecuteTime, ids...) so the notebook reads back exactly. */
  lossless?: boolean;
}

function obj(v: unknown): JsonObject {
  return isJsonObject((v ?? null) as JsonValue) ? (v as JsonObject) : {};
}

/** How one cell is written: 0 plainly; 1 with a marker and its trailing blank lines in `nbgit.tail`; 2 its source in `nbgit.source`. */
type Level = 0 | 1 | 2;

interface Prepared {
  cell: Cell;
  visible: JsonObject;
  extras: CellExtras;
}

const YAML = { sortKeys: false, allowUnicode: true, compactLists: true } as const;

/** The metadata to write with a cell's extras, keeping an empty `attachments: {}`. */
function withExtras(visible: JsonObject, extras: CellExtras): JsonObject {
  const meta = attachCellExtras(visible, extras);
  if (extras.attachments && !Object.keys(extras.attachments).length) meta.nbgit = { ...obj(meta.nbgit), attachments: {} };
  return meta;
}

/** A cell's lines at a level, after a markdown cell (`lastMd`) or not. */
function cellLines(p: Prepared, level: Level, lastMd: boolean, language: string): string[] {
  const extras: CellExtras = { ...p.extras };
  let source = joinSource(p.cell.source);
  const type = p.cell.cell_type;
  if (level === 2) {
    extras.source = source;
    source = '';
  } else if (level === 1 && type === 'markdown') {
    const cut = source.replace(PY_TRAILING_WS, '').length;
    if (cut < source.length) {
      extras.tail = source.slice(cut);
      source = source.slice(0, cut);
    }
  }
  if (type === 'markdown') {
    const meta = withExtras(p.visible, extras);
    const out: string[] = [];
    if (Object.keys(meta).length || lastMd || level > 0) out.push(Object.keys(meta).length ? `<!-- cell ${pythonJson(meta)} -->` : '<!-- cell -->', '');
    if (source !== '') out.push(...source.split('\n'));
    else if (!out.length) out.push('<!-- cell -->', '');
    if (out[out.length - 1] === '') out.pop();
    return out;
  }
  const lines = source === '' ? [] : source.split('\n');
  const fence = fenceFor(lines);
  if (type === 'raw') {
    const meta: JsonObject = { ...p.visible };
    const mime = meta.raw_mimetype;
    const format = Object.keys(RAW_FORMATS).find((f) => RAW_FORMATS[f] === mime);
    if (format) delete meta.raw_mimetype;
    const all = withExtras(meta, extras);
    const out = Object.keys(all).length ? [`<!-- raw ${pythonJson(all)} -->`, ''] : [];
    return [...out, `${fence}{=${format ?? 'raw'}}`, ...lines, fence];
  }
  const meta = withExtras(p.visible, extras);
  const comment = `${optionComment(language)}|`;
  const options = Object.keys(meta).length
    ? dumpYaml(meta, YAML)
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => (l ? `${comment} ${l}` : comment))
    : [];
  return [`${fence}{${language}}`, ...options, ...lines, fence];
}

/** The first raw cell's YAML lines when it is front matter (`---\n...\n---`) the header can carry. */
function rootLinesOf(cell: Cell | undefined, lossless: boolean): string[] | undefined {
  if (cell?.cell_type !== 'raw' || Object.keys(cell.metadata).length || ('attachments' in cell && cell.attachments) || (lossless && cell.id !== undefined))
    return undefined;
  const src = joinSource(cell.source);
  const lines = src.split('\n');
  if (lines.length < 2 || lines[0] !== '---' || lines[lines.length - 1] !== '---') return undefined;
  const inner = lines.slice(1, -1);
  if (inner.some((l) => /^---\s*$/.test(l) || /^jupyter\s*:\s*$/.test(l))) return undefined;
  return inner;
}

/**
 * Writes a notebook as a Quarto document (`.qmd`): front matter (a first raw `---` cell's YAML,
 * then the notebook metadata under `jupyter:`), markdown as is, code cells in ```` ```{python} ````
 * fences (the notebook's language) with their metadata as `#|` YAML options, raw cells as
 * ```` ```{=html} ```` blocks. `<!-- cell -->` separates consecutive markdown cells. Reads back
 * to the same cells; with `lossless: true`, to the same notebook (but outputs).
 */
export function toQuarto(nb: Notebook, options: ToQuartoOptions = {}): string {
  const lossless = options.lossless === true;
  const metadata = cloneJson(nb.metadata);
  const kernel = obj(metadata.kernelspec);
  const language = (
    typeof kernel.language === 'string'
      ? kernel.language
      : typeof obj(metadata.language_info).name === 'string'
        ? String(obj(metadata.language_info).name)
        : 'python'
  ).toLowerCase();
  const ids = lossless ? explicitIdIndexes(nb.cells) : new Set<number>();
  const prepared: Prepared[] = nb.cells.map((cell, i) => {
    const visible = lossless ? cell.metadata : filterCellMetadata(cell.metadata, metadata, { keepInvalidKeys: true });
    const extras = cellExtrasOf(cell, ids.has(i), lossless);
    return { cell, visible, extras };
  });
  const headerMeta = lossless
    ? attachNotebookExtras(metadata, { ...notebookExtrasOf(nb), nbformat: nb.nbformat, nbformat_minor: nb.nbformat_minor })
    : filterNotebookMetadata(metadata);
  const levels: Level[] = prepared.map(() => 0);
  let useRoot = true;
  const render = (): string => {
    const root = useRoot ? rootLinesOf(nb.cells[0], lossless) : undefined;
    const out: string[] = formatHeader(headerMeta, root ?? [], { comment: '' });
    let lastMd = false;
    for (let i = root ? 1 : 0; i < prepared.length; i++) {
      if (out.length) out.push('');
      out.push(...cellLines(prepared[i]!, levels[i]!, lastMd, language));
      lastMd = prepared[i]!.cell.cell_type === 'markdown';
    }
    return out.length ? `${out.join('\n')}\n` : '';
  };
  for (;;) {
    const text = render();
    const bad = mismatches(nb, fromQuarto(text), prepared, lossless);
    if (bad.length === 0) return text;
    if (bad[0] === 0 && useRoot && rootLinesOf(nb.cells[0], lossless)) {
      useRoot = false;
      continue;
    }
    let moved = false;
    for (const i of bad) {
      if (levels[i]! < 2) {
        levels[i] = (levels[i]! + 1) as Level;
        moved = true;
      }
    }
    if (!moved) return text;
  }
}
