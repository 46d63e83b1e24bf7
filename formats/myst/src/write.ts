/** Writing a notebook as MyST markdown. */
import {
  type Cell,
  checkNotebook,
  cloneJson,
  copyNumberLexemes,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinSource,
  jsonEqual,
  type Notebook,
  sortedKeys,
} from '@nbgit/core';
import { fenceFor } from '@nbgit/markdown';
import {
  attachCellExtras,
  attachNotebookExtras,
  type CellExtras,
  cellExtrasOf,
  dumpYaml,
  explicitIdIndexes,
  filterCellMetadata,
  filterNotebookMetadata,
  JUPYTEXT_CELL_METADATA,
  loadYaml,
  notebookExtrasOf,
  pythonJson,
  rewriteFormats,
} from '@nbgit/text';
import { CODE_DIRECTIVE, fromMyst, PY_TRAILING_WS, RAW_DIRECTIVE, recursiveUpdate, rootLevelKeys } from './read.js';

/** Options of {@link toMyst}. */
export interface ToMystOptions {
  /** Keep what jupytext's default filters drop (language_info, ExecuteTime, ids...) so the notebook reads back exactly. */
  lossless?: boolean;
  /** Write jupytext's `text_representation` block in the front matter. */
  textRepresentation?: boolean;
  /** With {@link textRepresentation}, also write this `jupytext_version`. */
  jupytextVersion?: string;
}

const FORMAT_VERSION = '0.13';
const COMPACT = { sortKeys: false, allowUnicode: true, compactLists: true } as const;

function obj(v: unknown): JsonObject {
  return isJsonObject((v ?? null) as JsonValue) ? (v as JsonObject) : {};
}

/** jupytext's `dump_yaml_blocks`: `:key: value` lines when every line starts with a letter (compact), else a `---` block. */
function yamlBlock(data: JsonObject, compact: boolean): string {
  const text = dumpYaml(data, COMPACT);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (compact && lines.every((l) => l !== '' && /^\p{L}/u.test(l))) return `${lines.map((l) => `:${l}`).join('\n')}\n\n`;
  return `---\n${text}---\n`;
}

/** How one cell is written: 0 as jupytext writes it; 1 with nbgit's fixes (explicit `+++`, tail, blank separator); 2 the source in `nbgit.source`. */
type Level = 0 | 1 | 2;

interface Prepared {
  cell: Cell;
  /** The metadata written (filtered, or complete in lossless mode). */
  visible: JsonObject;
  extras: CellExtras;
}

/** The text of one cell at a level, after a cell that was markdown (`lastMd`) or not. */
function cellText(p: Prepared, level: Level, lastMd: boolean, lexer: string | undefined): string {
  const extras: CellExtras = { ...p.extras };
  let source = joinSource(p.cell.source);
  if (level === 2) {
    extras.source = source;
    source = p.cell.cell_type === 'markdown' ? '% nbgit: the source is in the metadata above' : '';
  } else if (level === 1) {
    const cut =
      p.cell.cell_type === 'markdown' ? source.replace(PY_TRAILING_WS, '').length : source.replace(/\n[^\S\n]*$/u, '').replace(/(\n[^\S\n]*)*$/u, '').length;
    if (cut < source.length && source.slice(0, cut) !== '') {
      extras.tail = source.slice(cut);
      source = source.slice(0, cut);
    }
  }
  const meta = attachCellExtras(p.visible, extras);
  // an empty `attachments: {}` is kept too (attachCellExtras leaves empty objects out)
  if (extras.attachments && !Object.keys(extras.attachments).length) meta.nbgit = { ...obj(meta.nbgit), attachments: {} };
  if (p.cell.cell_type === 'markdown') {
    let out = '';
    if (Object.keys(meta).length || lastMd || level > 0) out += Object.keys(meta).length ? `\n+++ ${pythonJson(meta)}\n` : '\n+++\n';
    out += `\n${source}`;
    if (!source.endsWith('\n')) out += '\n';
    return out;
  }
  const delimiter = fenceFor(source.split('\n'));
  let out = `\n${delimiter}${p.cell.cell_type === 'code' ? CODE_DIRECTIVE : RAW_DIRECTIVE}`;
  if (lexer && p.cell.cell_type === 'code') out += ` ${lexer}`;
  out += '\n';
  if (Object.keys(meta).length) {
    const block = yamlBlock(meta, true);
    out += block;
    if (level > 0 && block.startsWith('---') && /^[^\S\n]*(\n|$)/.test(source)) out += '\n';
  } else if (source.startsWith('---') || source.startsWith(':') || (level > 0 && /^[^\S\n]*(\n|$)/.test(source))) out += '\n';
  out += source;
  if (!source.endsWith('\n')) out += '\n';
  return `${out}${delimiter}\n`;
}

/** The first raw cell `---\n...\n---` as front matter keys, when jupytext would merge it (a mapping). */
function frontMatterOf(cell: Cell | undefined): JsonObject | undefined {
  if (cell?.cell_type !== 'raw') return undefined;
  const lines = joinSource(cell.source)
    .replace(/^[\n\t ]+|[\n\t ]+$/g, '')
    .split('\n');
  if (lines.length < 2 || !/^---\s*$/.test(lines[0]!) || !/^---\s*$/.test(lines[lines.length - 1]!)) return undefined;
  try {
    const v = loadYaml(lines.slice(1, -1).join('\n'));
    return isJsonObject((v ?? null) as JsonValue) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes a notebook as MyST markdown. With default options the text is byte-identical to what
 * jupytext writes (`--to md:myst`, without the version block) wherever jupytext's text reads back
 * to the same cells; where it would not, the cell is written so that it does (an explicit `+++`,
 * a blank line after the options, or nbgit's `nbgit` entry in the cell's metadata). With
 * `lossless: true` everything jupytext filters out is kept too.
 */
export function toMyst(nb: Notebook, options: ToMystOptions = {}): string {
  checkNotebook(nb, { name: 'toMyst' });
  const lossless = options.lossless === true;
  const metadata = cloneJson(nb.metadata);
  const jupytext = obj(metadata.jupytext);
  if (!lossless && typeof jupytext.formats === 'string') jupytext.formats = rewriteFormats(jupytext.formats, '.md', 'myst');
  const lexer =
    (typeof obj(metadata.language_info).pygments_lexer === 'string' ? (obj(metadata.language_info).pygments_lexer as string) : undefined) ??
    (typeof jupytext.default_lexer === 'string' ? jupytext.default_lexer : undefined);
  if (!lossless) delete jupytext.default_lexer;
  if (options.textRepresentation || options.jupytextVersion) {
    const tr: JsonObject = { extension: '.md', format_name: 'myst', format_version: FORMAT_VERSION };
    if (options.jupytextVersion) tr.jupytext_version = options.jupytextVersion;
    jupytext.text_representation = tr;
  }
  if (Object.keys(jupytext).length) metadata.jupytext = jupytext;
  else delete metadata.jupytext;

  const ids = lossless ? explicitIdIndexes(nb.cells) : new Set<number>();
  const prepared: Prepared[] = nb.cells.map((cell, i) => {
    const visible = lossless ? cell.metadata : filterCellMetadata(cell.metadata, metadata, { keepInvalidKeys: true });
    const extras = cellExtrasOf(cell, ids.has(i), lossless);
    return { cell, visible, extras };
  });

  // the front matter: the filtered notebook metadata (sorted), promoted to the root, and a first raw `---` cell merged in
  let root: JsonObject;
  if (lossless) {
    root = attachNotebookExtras(sortedKeys(metadata), { ...notebookExtrasOf(nb), nbformat: nb.nbformat, nbformat_minor: nb.nbformat_minor });
  } else {
    const filtered = sortedKeys(filterNotebookMetadata(metadata));
    const keep = rootLevelKeys(filtered, obj(filtered.jupytext).root_level_metadata_filter);
    root = {};
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(filtered)) (keep.has(k) ? root : rest)[k] = v;
    copyNumberLexemes(filtered, root);
    if (Object.keys(rest).length) root.jupyter = rest;
  }
  const levels: Level[] = prepared.map(() => 0);
  let mergeRaw = !lossless;
  const render = (): string => {
    let head = root;
    let from = 0;
    const fm = mergeRaw ? frontMatterOf(nb.cells[0]) : undefined;
    if (fm && levels[0] === 0 && prepared[0] && !Object.keys(prepared[0].visible).length && !hasExtras(prepared[0].extras)) {
      from = 1;
      head = cloneJson(root);
      if (!('root_level_metadata_filter' in obj(head.jupytext))) {
        head.jupytext = { ...obj(head.jupytext), root_level_metadata_filter: `-${Object.keys(fm).join(',-')}` };
      }
      head = recursiveUpdate(cloneJson(fm), head, false);
    }
    let out = Object.keys(head).length ? yamlBlock(head, false) : '';
    let lastMd = false;
    for (let i = from; i < prepared.length; i++) {
      out += cellText(prepared[i]!, levels[i]!, lastMd, lexer);
      lastMd = prepared[i]!.cell.cell_type === 'markdown';
    }
    if (!Object.keys(head).length) out = out.slice(1);
    return `${out.replace(PY_TRAILING_WS, '')}\n`;
  };

  // write, read back, and give the cells that do not come back a level up (a few rounds; then all the rest at once)
  for (let round = 0; ; round++) {
    const text = render();
    const bad = mismatches(nb, fromMyst(text), prepared, lossless);
    if (bad.length === 0) return text === '\n' ? '' : text;
    const first = bad[0]!;
    if (first === 0 && mergeRaw && frontMatterOf(nb.cells[0]) && levels[0] === 0) {
      mergeRaw = false;
      continue;
    }
    let moved = false;
    for (let k = 0; k < levels.length; k++) {
      if (round < 8 ? !bad.includes(k) : k < first) continue;
      if (levels[k]! < 2) {
        levels[k] = (levels[k]! + 1) as Level;
        moved = true;
      }
    }
    // nothing left to try: the text as it is
    if (!moved) return text;
  }
}

function hasExtras(x: CellExtras): boolean {
  return Object.keys(x).length > 0;
}

function withoutLayout(m: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(m)) if (!JUPYTEXT_CELL_METADATA.includes(k)) out[k] = v;
  return out;
}

/**
 * The indexes of the cells that do not read back (type, source, attachments, metadata; ids and
 * everything in lossless mode). When the number of cells differs, the first difference only.
 */
export function mismatches(nb: Notebook, back: Notebook, prepared: readonly { visible: JsonObject }[], lossless: boolean): number[] {
  const bad: number[] = [];
  const same = (i: number): boolean => {
    const a = nb.cells[i]!;
    const b = back.cells[i];
    if (!b || a.cell_type !== b.cell_type || joinSource(a.source) !== joinSource(b.source)) return false;
    const aa = 'attachments' in a ? a.attachments : undefined;
    const ba = 'attachments' in b ? b.attachments : undefined;
    if (lossless || (aa && Object.keys(aa).length)) if (!jsonEqual(aa, ba)) return false;
    if (lossless) return jsonEqual(a.metadata, b.metadata) && a.id === b.id;
    return jsonEqual(withoutLayout(b.metadata), withoutLayout(prepared[i]!.visible));
  };
  if (nb.cells.length !== back.cells.length) {
    for (let i = 0; i < nb.cells.length; i++) if (!same(i)) return [i];
    return [Math.max(0, nb.cells.length - 1)];
  }
  for (let i = 0; i < nb.cells.length; i++) if (!same(i)) bad.push(i);
  return bad;
}
