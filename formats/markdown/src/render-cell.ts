/**
 * How one cell is written as jupytext markdown (a fenced code block, a region, or plain
 * markdown), as a {@link Plan} that the layout search in write.ts may revise (drop a gap,
 * protect a markdown cell with a region, hide metadata) until the text reads back.
 */
import { type Cell, copyNumberLexemes, isJsonObject, type JsonObject, joinSource, jsonEqual, NbgitError } from '@nbgit/core';
import {
  attachCellExtras,
  type CellExtras,
  filterCellMetadata,
  formatCellOptions,
  isValidMetadataKey,
  JUPYTER_LANGUAGES,
  JUPYTEXT_CELL_METADATA,
  NBGIT_KEY,
  parseCellOptions,
  splitCellMagic,
  usualLanguageName,
} from '@nbgit/text';
import { parseFence, type ReadSettings, readJupytextCell } from './cells.js';
import { escapeRegionLines, fenceFor, MAY_OPEN_BLOCK, matchFence, sourceLines } from './grammar.js';
import { closesCleanly } from './structure.js';

/** Cell metadata keys that jupytext derives from the layout of the text. */
const LAYOUT_KEYS = new Set(JUPYTEXT_CELL_METADATA);

/** One cell's text as planned, with the revisions the layout search made. */
export interface Plan {
  cell: Cell;
  kind: 'markdown' | 'fence' | 'region';
  /** The text lines of the cell (without the blank lines after it). */
  text: string[];
  /** Content lines as the reader must give them back. */
  content: string[];
  /** Blank lines after the cell. */
  gap: number;
  /** Force a region (markdown cells). */
  protect: boolean;
  /** Ignore the cell's `lines_to_next_cell`. */
  ignoreGap: boolean;
  /** Move all visible metadata into `nbgit.metadata` (its options would not read back). */
  hideMetadata: boolean;
  /** Index of the cell in the notebook. */
  index: number;
}

/** What rendering a cell needs to know about the notebook. */
export interface Context {
  nbMetadata: JsonObject;
  defaultLang: string;
  lossless: boolean;
  explicitIds: Set<number>;
  /** How the reader will read the file. */
  read: ReadSettings;
  /** Region options as one JSON object (the notebook's `jupytext.cell_metadata_json`). */
  json: boolean;
  /** Turn `%%lang` first lines into fence languages. */
  magics: boolean;
}

/**
 * Without a kernel language, a reader takes the most frequent fence language as the main one
 * (python counting half a cell more); `%%lang` cells only come back if python still wins.
 */
/** True for a usable `lines_to_next_cell`. */
export function isGap(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1000;
}

/** Splits metadata into what goes on the fence/region line and what goes into `nbgit`. */
function partition(p: Plan, ctx: Context): { visible: JsonObject; extras: CellExtras } {
  const cell = p.cell;
  const md = cell.metadata;
  const visible: JsonObject = ctx.lossless ? {} : filterCellMetadata(md, ctx.nbMetadata);
  const hidden: JsonObject = {};
  for (const [k, v] of Object.entries(md)) {
    if (k === NBGIT_KEY) continue;
    if (!isValidMetadataKey(k)) hidden[k] = v;
    else if (ctx.lossless && LAYOUT_KEYS.has(k)) {
      if (k !== 'lines_to_next_cell' || p.ignoreGap || !isGap(v) || v === 1) hidden[k] = v;
    } else if (ctx.lossless) visible[k] = v;
  }
  if (NBGIT_KEY in md) visible[NBGIT_KEY] = md[NBGIT_KEY]!;
  copyNumberLexemes(md, visible);
  copyNumberLexemes(md, hidden);
  if ('language' in visible) {
    hidden.language = visible.language!;
    delete visible.language;
  }
  const extras: CellExtras = {};
  if (Object.keys(hidden).length) extras.metadata = hidden;
  const att = (cell as { attachments?: unknown }).attachments;
  if (att !== undefined && isJsonObject(att) && (ctx.lossless || Object.keys(att).length > 0)) extras.attachments = att;
  if (ctx.explicitIds.has(p.index) && typeof cell.id === 'string') extras.id = cell.id;
  return { visible, extras };
}

function moveAll(visible: JsonObject, extras: CellExtras, keys: (k: string) => boolean): void {
  for (const k of Object.keys(visible)) {
    if (k === NBGIT_KEY || !keys(k)) continue;
    const moved: JsonObject = { ...(extras.metadata ?? {}), [k]: visible[k]! };
    if (extras.metadata) copyNumberLexemes(extras.metadata, moved);
    copyNumberLexemes(visible, moved);
    extras.metadata = moved;
    delete visible[k];
  }
}

/** Renders `p` (its text, kind, content and gap) from its cell and its revisions. */
export function render(p: Plan, ctx: Context): void {
  const cell = p.cell;
  const source = joinSource(cell.source);
  const lines = sourceLines(source);
  const { visible, extras } = partition(p, ctx);
  const gapMeta = cell.metadata.lines_to_next_cell;
  p.gap = !p.ignoreGap && isGap(gapMeta) ? gapMeta : 1;

  if (cell.cell_type === 'code') {
    if (!isActiveInIpynb(visible)) moveAll(visible, extras, (k) => k === 'active' || k === 'tags' || k === 'run_control');
    if (p.hideMetadata) moveAll(visible, extras, () => true);
    const magic = ctx.magics && !('magic_args' in cell.metadata) ? splitCellMagic(lines[0] ?? '', ctx.defaultLang) : undefined;
    const magicLine = magic && `${ctx.defaultLang === 'csharp' ? '#!' : '%%'}${magic.language}${magic.args ? ` ${magic.args}` : ''}`;
    const useMagic = magic !== undefined && lines.length > 1 && lines[0] === magicLine && restoresMagic(magic.language, ctx.defaultLang);
    const attempt = (withMagic: boolean, hideAll: boolean): string[] | undefined => {
      const vis: JsonObject = { ...visible };
      copyNumberLexemes(visible, vis);
      const ext: CellExtras = { ...extras };
      if (hideAll) moveAll(vis, ext, () => true);
      const body = withMagic ? lines.slice(1) : lines;
      const language = withMagic ? magic!.language : ctx.defaultLang;
      if (withMagic && magic!.args) vis.magic_args = magic!.args;
      const meta = attachCellExtras(vis, ext);
      const fence = fenceFor(body);
      const line = fence + formatCellOptions(language, meta);
      if (!fenceReadsBack(line, language, meta)) return undefined;
      p.content = body;
      return [line, ...body, fence];
    };
    const text = (useMagic ? (attempt(true, false) ?? attempt(true, true)) : undefined) ?? attempt(false, false) ?? attempt(false, true);
    if (!text)
      throw new NbgitError(
        'ESCHEMA',
        `toMarkdown: cells[${p.index}]: no code fence reads back to this cell (a fence cannot hold its options or the notebook's language ${JSON.stringify(ctx.defaultLang.slice(0, 40))}${ctx.defaultLang.length > 40 ? '...' : ''})`,
        { path: `cells[${p.index}]` },
      );
    p.kind = 'fence';
    p.text = text;
    return;
  }

  if (cell.cell_type === 'raw') {
    if (p.hideMetadata) moveAll(visible, extras, () => true);
    let meta = attachCellExtras(visible, extras);
    let opts = formatCellOptions('', meta, { json: ctx.json });
    if (!optionsReadBack(opts, '', meta, true)) {
      moveAll(visible, extras, () => true);
      meta = attachCellExtras(visible, extras);
      opts = formatCellOptions('', meta);
    }
    p.kind = 'region';
    p.text = [`<!-- #raw${opts ? ` ${opts}` : ''} -->`, ...escapeRegionLines(lines), '<!-- #endraw -->'];
    p.content = lines;
    return;
  }

  // markdown
  if (p.hideMetadata) moveAll(visible, extras, () => true);
  let name = 'region';
  if (visible.region_name === 'md' || visible.region_name === 'markdown') {
    name = visible.region_name;
    delete visible.region_name;
  }
  let title = '';
  if (typeof visible.title === 'string' && !visible.title.includes('{') && !visible.title.includes('=')) {
    title = visible.title;
  }
  let meta = attachCellExtras(visible, extras);
  const regionMeta = (): { t: string; m: JsonObject } => {
    if (!title) return { t: '', m: meta };
    const m = { ...meta };
    copyNumberLexemes(meta, m);
    delete m.title;
    return { t: title, m };
  };
  let { t, m } = regionMeta();
  let opts = formatCellOptions(t, m, { json: ctx.json });
  const expected = { ...meta };
  if (!optionsReadBack(opts, '', expected, true)) {
    moveAll(visible, extras, () => true);
    meta = attachCellExtras(visible, extras);
    title = '';
    ({ t, m } = regionMeta());
    opts = formatCellOptions(t, m);
  }
  const hasMeta = Object.keys(meta).length > 0 || name !== 'region';
  p.content = lines;
  if (hasMeta || p.protect || needsRegion(lines, ctx.read)) {
    p.kind = 'region';
    p.text = [`<!-- #${name}${opts ? ` ${opts}` : ''} -->`, ...escapeRegionLines(lines), `<!-- #end${name} -->`];
  } else {
    p.kind = 'markdown';
    p.text = lines;
  }
}

/** True when reading `lines` alone would not give one markdown cell with exactly these lines. */
function needsRegion(lines: string[], settings: ReadSettings): boolean {
  const c = readJupytextCell(lines, 0, settings);
  if (c.kind !== 'markdown' || c.cellType !== 'markdown' || c.next < lines.length || c.to !== lines.length) return true;
  if (lines.some((l) => MAY_OPEN_BLOCK.test(l))) {
    return !closesCleanly(lines);
  }
  return false;
}

/** {@link fenceReadsBack} for fence lines without metadata, by language and line (a notebook has a few: ```` ```python ````). */
const plainFences = new Map<string, boolean>();

function fenceReadsBack(line: string, language: string, meta: JsonObject): boolean {
  if (line.includes('\n') || line.includes('\r')) return false;
  if (Object.keys(meta).length > 0) return readsBackNow(line, language, meta);
  // (the line holds no line break: the key splits at its last one)
  const key = `${language}\n${line}`;
  let known = plainFences.get(key);
  if (known === undefined) {
    known = readsBackNow(line, language, meta);
    if (plainFences.size < 1024) plainFences.set(key, known);
  }
  return known;
}

function readsBackNow(line: string, language: string, meta: JsonObject): boolean {
  const m = matchFence(line, language);
  if (!m) return false;
  const parsed = parseFence(m);
  if (parsed.invalid || parsed.title !== language) return false;
  const got: JsonObject = { ...parsed.metadata };
  if ('language' in got) return false;
  return jsonEqual(got, meta);
}

function optionsReadBack(opts: string, language: string, meta: JsonObject, allowTitle: boolean): boolean {
  if (opts.includes('\n') || opts.includes('\r') || opts.includes('-->')) return false;
  const parsed = parseCellOptions(opts, { allowTitle });
  const got: JsonObject = { ...parsed.metadata };
  if (allowTitle && parsed.title) got.title = parsed.title;
  if (!allowTitle && parsed.title !== language) return false;
  if (parsed.invalid) return false;
  return jsonEqual(got, meta);
}

/** jupytext's `is_active('.ipynb', metadata)`. */
function isActiveInIpynb(metadata: JsonObject): boolean {
  const rc = metadata.run_control;
  if (isJsonObject(rc) && rc.frozen === true) return true;
  const tags = metadata.tags;
  if (Array.isArray(tags)) for (const t of tags) if (typeof t === 'string' && t.startsWith('active-')) return t.split('-').includes('ipynb');
  const active = metadata.active;
  if (typeof active !== 'string') return true;
  return active.split(/[.,]/).includes('ipynb');
}

/** Would the reader put a `%%language` magic back on a cell fenced as `language`? */
function restoresMagic(language: string, main: string): boolean {
  if (language === main || usualLanguageName(language) === main) return false;
  return JUPYTER_LANGUAGES.has(language);
}
