/** Writing a notebook as jupytext markdown. */
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
  NbgitError,
  type Notebook,
} from '@nbgit/core';
import {
  attachCellExtras,
  attachNotebookExtras,
  type CellExtras,
  defaultLanguage,
  explicitIdIndexes,
  filterCellMetadata,
  filterNotebookMetadata,
  formatCellOptions,
  formatHeader,
  isValidMetadataKey,
  JUPYTER_LANGUAGES,
  JUPYTEXT_CELL_METADATA,
  NBGIT_KEY,
  parseCellOptions,
  splitCellMagic,
  usualLanguageName,
} from '@nbgit/text';
import { parseFence, type ReadSettings, readCells, readJupytextCell, type TextCell } from './cells.js';
import { escapeRegionLines, fenceFor, MAY_OPEN_BLOCK, matchFence, sourceLines } from './grammar.js';
import { isCrlfFile } from './read.js';
import { BlockStructure, closesCleanly } from './structure.js';

/** Options of {@link toMarkdown}. */
export interface ToMarkdownOptions {
  /**
   * Keep what jupytext's default filters drop (language_info, widgets, ExecuteTime, collapsed,
   * original cell ids, nbformat_minor...), so that the notebook reads back exactly. Default false:
   * the output is byte-identical to jupytext's.
   */
  lossless?: boolean;
  /**
   * Write jupytext's `jupytext.text_representation` block with this `jupytext_version`
   * (jupytext writes it; its own tests, and nbgit by default, leave it out).
   */
  jupytextVersion?: string;
}

/** Cell metadata keys that jupytext derives from the layout of the text. */
const LAYOUT_KEYS = new Set(JUPYTEXT_CELL_METADATA);

interface Plan {
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

interface Context {
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
function magicsSurviveVote(cells: readonly Cell[], defaultLang: string): boolean {
  const votes = new Map<string, number>([[defaultLang, 0.5]]);
  for (const c of cells) {
    if (c.cell_type !== 'code') continue;
    const lines = sourceLines(joinSource(c.source));
    const m = splitCellMagic(lines[0] ?? '', defaultLang);
    const lang = m && lines.length > 1 ? usualLanguageName(m.language) : defaultLang;
    votes.set(lang, (votes.get(lang) ?? 0) + 1);
  }
  const mine = votes.get(defaultLang)!;
  for (const [l, v] of votes) if (l !== defaultLang && v >= mine) return false;
  return true;
}

/**
 * Writes a notebook as jupytext markdown (`md` format): a YAML header with the notebook
 * metadata, code cells as fenced blocks (```` ```python key="value" ````), markdown cells as
 * they are, wrapped in `<!-- #region -->` ... `<!-- #endregion -->` only when they would not
 * read back otherwise or carry metadata, raw cells in `<!-- #raw -->` ... `<!-- #endraw -->`.
 * With default options the bytes are jupytext's; sources, attachments and metadata keys that
 * jupytext cannot write survive in every mode (see the format spec). Pure.
 *
 * @param nb The notebook.
 * @param options `lossless`, `jupytextVersion`.
 * @returns The markdown text.
 */
export function toMarkdown(nb: Notebook, options: ToMarkdownOptions = {}): string {
  checkNotebook(nb, { name: 'toMarkdown' });
  const lossless = options.lossless === true;
  const metadata = cloneJson(nb.metadata) as JsonObject;
  const kernelspec = isJsonObject(metadata.kernelspec) ? metadata.kernelspec : {};
  const jupytext = isJsonObject(metadata.jupytext) ? metadata.jupytext : undefined;
  const defaultLang = defaultLanguage(metadata, '.md') ?? 'python';
  if (!lossless && jupytext && typeof jupytext.main_language === 'string' && jupytext.main_language === kernelspec.language) {
    delete jupytext.main_language;
  }
  let cells = nb.cells;
  const explicitIds = lossless ? explicitIdIndexes(cells) : new Set<number>();

  // A first raw cell `---\n...\n---` goes into the header, as root-level YAML.
  let rootLines: string[] = [];
  let headerGap: number | undefined;
  const first = cells[0];
  if (first && first.cell_type === 'raw' && canMergeIntoHeader(first, lossless, explicitIds.has(0))) {
    const lines = joinSource(first.source).split('\n');
    rootLines = lines.slice(1, -1);
    const g = first.metadata.lines_to_next_cell;
    if (typeof g === 'number') headerGap = g;
    cells = cells.slice(1);
  }
  const idOffset = cells === nb.cells ? 0 : 1;

  if (options.jupytextVersion !== undefined) {
    if (!isJsonObject(metadata.jupytext)) metadata.jupytext = {};
    const j = metadata.jupytext as JsonObject;
    j.text_representation = { extension: '.md', format_name: 'markdown', format_version: '1.3', jupytext_version: options.jupytextVersion };
  }
  if (isJsonObject(metadata.jupytext) && Object.keys(metadata.jupytext).length === 0) delete metadata.jupytext;
  let headerMeta: JsonObject;
  if (lossless) {
    headerMeta = { ...metadata };
    copyNumberLexemes(metadata, headerMeta);
    const fields: JsonObject = {};
    for (const [k, v] of Object.entries(nb)) if (!['nbformat', 'nbformat_minor', 'metadata', 'cells'].includes(k)) fields[k] = v as JsonValue;
    headerMeta = attachNotebookExtras(headerMeta, {
      nbformat: nb.nbformat,
      nbformat_minor: nb.nbformat_minor,
      ...(Object.keys(fields).length ? { fields } : {}),
    });
  } else {
    headerMeta = sortKeys(filterNotebookMetadata(metadata));
  }
  let header = formatHeader(headerMeta, rootLines, { comment: '' });
  const hide = isJsonObject(metadata.jupytext) && metadata.jupytext.hide_notebook_metadata === true;
  if (hide && header.length) header = ['<!--', '', ...header, '', '-->'];

  const json = isJsonObject(nb.metadata.jupytext) && nb.metadata.jupytext.cell_metadata_json === true;
  const headerJupytext = isJsonObject(headerMeta.jupytext) ? headerMeta.jupytext : {};
  const splitAtHeading = headerJupytext.split_at_heading === true;
  const read: ReadSettings = { mainLanguage: defaultLanguage(headerMeta, '.md'), splitAtHeading };
  const ctx: Context = { nbMetadata: nb.metadata, defaultLang, lossless, explicitIds, json, magics: true, read };
  if (defaultLanguage(headerMeta, '.md') === undefined) ctx.magics = magicsSurviveVote(cells, defaultLang);
  const plans: Plan[] = cells.map((cell, i) => ({
    cell,
    kind: 'markdown',
    text: [],
    content: [],
    gap: 1,
    protect: false,
    ignoreGap: false,
    hideMetadata: false,
    index: i + idOffset,
  }));
  for (const p of plans) render(p, ctx);

  // Write, read back with jupytext's line rules, and fix the cells that would not come back.
  for (let pass = 0; ; pass++) {
    const { body, startsAt } = assemble(plans, ctx.read.splitAtHeading === true);
    const bad = verify(body, startsAt, plans, ctx.read);
    if (bad.size === 0) {
      const gap = header.length ? (headerGap ?? 1) : 0;
      const all = header.length ? [...header, ...Array<string>(gap).fill(''), ...body] : body;
      const text = all.join('\n');
      // every line a CRLF would read as a CRLF file (and lose the \r): wrap a markdown cell in a region
      // a text that starts with a `---` line (no header written) reads as a YAML header: wrap that cell too
      const first = plans[0];
      const opensLikeHeader = header.length === 0 && /^---[ \t]*(\r?\n|$)/.test(text) && first?.kind === 'markdown' && !first.protect;
      const culprit = isCrlfFile(text) ? plans.find((p) => p.kind === 'markdown') : opensLikeHeader ? first : undefined;
      if (!culprit) return text;
      culprit.protect = true;
      render(culprit, ctx);
      continue;
    }
    if (pass > plans.length + 2) throw new Error('toMarkdown: could not find a layout that reads back (please report this notebook)');
    const changed = new Set<number>();
    for (const [i, reason] of bad) {
      // one fix per neighbourhood and pass: a fix next door may already have repaired this cell
      if (changed.has(i - 1) || changed.has(i) || changed.has(i + 1)) continue;
      const near = reason === 'next' ? [i, i + 1, i - 1] : [i - 1, i];
      const order = reason === 'next' ? [i + 1, i, i - 1] : [i, i - 1];
      const target = near.find((k) => plans[k] !== undefined && fixGap(plans[k]!)) ?? order.find((k) => plans[k] !== undefined && fixProtect(plans[k]!));
      if (target !== undefined) {
        render(plans[target]!, ctx);
        changed.add(target);
      } else if (!plans[i]!.hideMetadata) {
        plans[i]!.hideMetadata = true;
        render(plans[i]!, ctx);
        changed.add(i);
      } else throw new Error('toMarkdown: could not find a layout that reads back (please report this notebook)');
    }
  }
}

/** A step towards a layout that reads back: drop a non-default gap. */
function fixGap(p: Plan): boolean {
  const g = p.cell.metadata.lines_to_next_cell;
  if (p.ignoreGap || !isGap(g) || g === 1) return false;
  p.ignoreGap = true;
  return true;
}

/** A step towards a layout that reads back: protect a markdown cell with a region. */
function fixProtect(p: Plan): boolean {
  if (p.cell.cell_type !== 'markdown' || p.protect || p.kind !== 'markdown') return false;
  p.protect = true;
  return true;
}

function isGap(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1000;
}

function sortKeys(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  copyNumberLexemes(o, out);
  return out;
}

function canMergeIntoHeader(cell: Cell, lossless: boolean, explicitId: boolean): boolean {
  const source = joinSource(cell.source);
  const lines = source.split('\n');
  if (lines.length < 2 || !/^---\s*$/.test(lines[0]!) || !/^---\s*$/.test(lines[lines.length - 1]!)) return false;
  if (lines[0] !== '---' || lines[lines.length - 1] !== '---') return false;
  const inner = lines.slice(1, -1);
  if (inner.some((l) => /^---\s*$/.test(l) || /^jupyter\s*:\s*$/.test(l) || l.endsWith('\r'))) return false;
  if (inner.length === 0) return false;
  const meta = Object.keys(cell.metadata).filter((k) => k !== 'lines_to_next_cell');
  if (meta.length || (cell as { attachments?: unknown }).attachments !== undefined) return false;
  if (lossless && explicitId) return false;
  return true;
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

function render(p: Plan, ctx: Context): void {
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

function fenceReadsBack(line: string, language: string, meta: JsonObject): boolean {
  if (line.includes('\n') || line.includes('\r')) return false;
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

function assemble(plans: Plan[], splitAtHeading: boolean): { body: string[]; startsAt: number[] } {
  const chunks: string[][] = new Array(plans.length);
  for (let i = plans.length - 1; i >= 0; i--) {
    const p = plans[i]!;
    const text = p.text.slice();
    for (let k = 0; k < p.gap; k++) text.push('');
    if (p.cell.cell_type === 'markdown') {
      const q = plans[i + 1];
      if (
        q &&
        q.cell.cell_type === 'markdown' &&
        !(p.text[0] ?? '').startsWith('<!-- #') &&
        !(q.text[0] ?? '').startsWith('<!-- #') &&
        !(splitAtHeading && (q.text[0] ?? '').startsWith('#'))
      )
        text.push('');
    }
    chunks[i] = text;
  }
  const body: string[] = [];
  const startsAt: number[] = [];
  for (const c of chunks) {
    startsAt.push(body.length);
    for (const l of c) body.push(l);
  }
  return { body, startsAt };
}

/** Reads `body` back as fromMarkdown does; returns the indexes of plans that do not come back. */
function verify(body: string[], startsAt: number[], plans: Plan[], settings: ReadSettings): Map<number, 'cell' | 'next'> {
  const bad = new Map<number, 'cell' | 'next'>();
  // The text ends with a newline unless the last gap is 0: splitting drops the final empty line.
  const lines = body.length && body[body.length - 1] === '' ? body.slice(0, -1) : body;
  // with CommonMark's say on boundaries, as fromMarkdown reads (a fence in an open HTML block is no cell)
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const got = readCells(lines, 0, new BlockStructure(lines.join('\n'), lines, starts), settings);
  const byStart = new Map<number, TextCell>();
  for (const c of got) byStart.set(c.start, c);
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i]!;
    const c = byStart.get(startsAt[i]!);
    const nextStart = i + 1 < plans.length ? startsAt[i + 1]! : lines.length;
    let ok = c !== undefined && c.kind === p.kind;
    let nextOk = true;
    if (ok && c) {
      const n = c.to - c.from;
      const content = p.kind === 'region' ? escapeRegionLines(p.content) : p.content;
      let prefix = c.cellType === p.cell.cell_type && n >= content.length;
      for (let k = 0; prefix && k < content.length; k++) if (lines[c.from + k] !== content[k]) prefix = false;
      ok = prefix && n === content.length;
      // the cell ran on into the next one: that one is the likely culprit
      if (prefix && !ok) nextOk = false;
      const want = isGap(p.cell.metadata.lines_to_next_cell) && !p.ignoreGap ? p.cell.metadata.lines_to_next_cell : 1;
      nextOk &&= c.next === Math.min(nextStart, lines.length) && c.linesToNextCell === want;
    }
    if (!nextOk) {
      bad.set(i, 'next');
      continue;
    }
    if (!ok) bad.set(i, 'cell');
  }
  return bad;
}
