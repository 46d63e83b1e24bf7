/**
 * jupytext's metadata filters: which notebook metadata goes into a text notebook's YAML header,
 * and which cell metadata goes onto its cell marker lines.
 *
 * A filter is written as a string such as `all,-widgets`, `-all`, `kernelspec,jupytext` or
 * `-jupytext.text_representation.jupytext_version` (dotted keys reach into nested objects).
 * The notebook default keeps only {@link DEFAULT_NOTEBOOK_METADATA}; the cell default keeps
 * everything except {@link IGNORED_CELL_METADATA}. A user filter (from the notebook's
 * `jupytext.notebook_metadata_filter` / `jupytext.cell_metadata_filter`) adds or removes keys.
 */
import { copyNumberLexemes, isJsonObject, type JsonObject } from '@nbgit/core';

/** Notebook metadata keys jupytext writes by default; everything else stays out of the header. */
export const DEFAULT_NOTEBOOK_METADATA: readonly string[] = ['jupytext', 'kernelspec', 'kernel_info', 'orphan', 'tocdepth'];

/** Cell metadata that jupytext encodes in the text layout itself (never written as metadata). */
export const JUPYTEXT_CELL_METADATA: readonly string[] = ['skipline', 'noskipline', 'cell_marker', 'lines_to_next_cell', 'lines_to_end_of_cell_marker'];

/** Cell metadata jupytext leaves out of text notebooks by default: UI state, timings, and its own layout keys. */
export const IGNORED_CELL_METADATA: readonly string[] = [
  'autoscroll',
  'collapsed',
  'scrolled',
  'trusted',
  'execution',
  'ExecuteTime',
  ...JUPYTEXT_CELL_METADATA,
];

const VALID_KEY = /^[a-zA-Z0-9_.@/-]+$/;

/** True when `key` can be written as `key=value` (`^[a-zA-Z0-9_.@/-]+$`); jupytext drops other keys. */
export function isValidMetadataKey(key: string): boolean {
  return VALID_KEY.test(key);
}

/** A parsed filter: keys to add and keys to remove, each a list or `'all'`. */
export interface MetadataFilter {
  additional?: string[] | 'all';
  excluded?: string[] | 'all';
}

/**
 * Parses a filter as jupytext stores it: a string (`all,-widgets`), `true` (all), `false` (none),
 * an already parsed `{additional, excluded}` object, or undefined (no filter).
 */
export function parseMetadataFilter(spec: unknown): MetadataFilter {
  if (typeof spec === 'string') {
    const hit = parsedFilters.get(spec);
    if (hit) return copyFilter(hit);
    const parsed = parseFilterText(spec);
    if (parsedFilters.size > 256) parsedFilters.clear();
    parsedFilters.set(spec, parsed);
    return copyFilter(parsed);
  }
  return parseFilterValue(spec);
}

const parsedFilters = new Map<string, MetadataFilter>();

function copyFilter(f: MetadataFilter): MetadataFilter {
  const out: MetadataFilter = {};
  if (f.additional !== undefined) out.additional = f.additional === 'all' ? 'all' : [...f.additional];
  if (f.excluded !== undefined) out.excluded = f.excluded === 'all' ? 'all' : [...f.excluded];
  return out;
}

function parseFilterValue(spec: unknown): MetadataFilter {
  if (spec === undefined || spec === null) return {};
  if (spec === true) return { additional: 'all' };
  if (spec === false) return { excluded: 'all' };
  if (isJsonObject(spec)) {
    const f: MetadataFilter = {};
    for (const k of ['additional', 'excluded'] as const) {
      const v = spec[k];
      if (v === 'all') f[k] = 'all';
      else if (Array.isArray(v)) f[k] = v.filter((x): x is string => typeof x === 'string');
    }
    return f;
  }
  return {};
}

function parseFilterText(spec: string): MetadataFilter {
  const add: string[] = [];
  const exc: string[] = [];
  for (const raw of spec.split(',')) {
    const key = raw.trim();
    if (key.startsWith('-')) exc.push(key.slice(1).trim());
    else if (key.startsWith('+')) add.push(key.slice(1).trim());
    else add.push(key);
  }
  const f: MetadataFilter = {};
  if (add.length) f.additional = add.includes('all') ? 'all' : add.filter(Boolean);
  if (exc.length) f.excluded = exc.includes('all') ? 'all' : exc.filter(Boolean);
  return f;
}

/** Writes a parsed filter back as jupytext's string form (`a,b,-all`), leaving out jupytext's own layout keys. */
export function formatMetadataFilter(filter: MetadataFilter): string {
  const entries: string[] = [];
  if (filter.additional === 'all') entries.push('all');
  else for (const k of filter.additional ?? []) if (!JUPYTEXT_CELL_METADATA.includes(k)) entries.push(k);
  if (filter.excluded === 'all') entries.push('-all');
  else for (const k of filter.excluded ?? []) entries.push(`-${k}`);
  return entries.join(',');
}

/** Options of {@link filterMetadata}. */
export interface FilterOptions {
  /** Keep keys that cannot be written as `key=value` (jupytext drops them). Default false. */
  keepInvalidKeys?: boolean;
}

function secondLevel(keys: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of keys) {
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    const left = key.slice(0, dot);
    const list = out.get(left) ?? [];
    list.push(key.slice(dot + 1));
    out.set(left, list);
  }
  return out;
}

function subset(metadata: JsonObject, keepOnly: Set<string> | undefined, exclude: Set<string> | undefined, opts: FilterOptions): JsonObject {
  const keys = Object.keys(metadata).filter((k) => opts.keepInvalidKeys || isValidMetadataKey(k));
  const out: JsonObject = {};
  if (keepOnly) {
    const sub = secondLevel(keepOnly);
    for (const k of keys) if (keepOnly.has(k)) out[k] = metadata[k]!;
    for (const k of keys) {
      const v = metadata[k];
      if (sub.has(k) && isJsonObject(v)) out[k] = subset(v, new Set(sub.get(k)), undefined, opts);
    }
  } else {
    for (const k of keys) out[k] = metadata[k]!;
  }
  if (exclude) {
    for (const k of exclude) delete out[k];
    for (const [k, rest] of secondLevel(exclude)) {
      const v = out[k];
      if (isJsonObject(v)) out[k] = subset(v, undefined, new Set(rest), opts);
    }
  }
  copyNumberLexemes(metadata, out);
  return out;
}

/**
 * Filters metadata by a user filter on top of a default filter, exactly as jupytext does. A default
 * that lists keys (the notebook default) keeps only those; a default that excludes keys (the cell
 * default) keeps everything else. Empty `tags` are dropped under the cell default. Returns a new object.
 */
export function filterMetadata(metadata: JsonObject, userFilter: unknown, defaultFilter: unknown, options: FilterOptions = {}): JsonObject {
  const def = parseMetadataFilter(defaultFilter);
  const user = parseMetadataFilter(userFilter);
  let defExclude = def.excluded ?? [];
  const defInclude = def.additional ?? [];
  if (Array.isArray(defInclude) && defInclude.length > 0 && Array.isArray(defExclude) && defExclude.length === 0) defExclude = 'all';
  const userExclude = user.excluded ?? [];
  const userInclude = user.additional ?? [];
  const set = (v: string[] | 'all') => new Set(v === 'all' ? [] : v);

  if (defExclude === 'all') {
    if (userInclude === 'all') return subset(metadata, undefined, set(userExclude), options);
    if (userExclude === 'all') return subset(metadata, set(userInclude), undefined, options);
    const keep = new Set([...set(userInclude), ...set(defInclude)]);
    return subset(metadata, keep, set(userExclude), options);
  }
  if (userInclude === 'all') return subset(metadata, undefined, set(userExclude), options);
  if (userExclude === 'all') return subset(metadata, set(userInclude), undefined, options);
  let md = metadata;
  if ('tags' in md && Array.isArray(md.tags) && md.tags.length === 0) {
    md = { ...md };
    copyNumberLexemes(metadata, md);
    delete md.tags;
  }
  const excl = new Set(set(userExclude));
  for (const k of set(defExclude)) if (!set(userInclude).has(k)) excl.add(k);
  return subset(md, undefined, excl, options);
}

/** Notebook metadata as jupytext writes it in a header: the default notebook filter plus `jupytext.notebook_metadata_filter`. */
export function filterNotebookMetadata(metadata: JsonObject, options: FilterOptions = {}): JsonObject {
  const j = metadata.jupytext;
  const user = isJsonObject(j) ? j.notebook_metadata_filter : undefined;
  return filterMetadata(metadata, user, DEFAULT_NOTEBOOK_METADATA.join(','), options);
}

/** Cell metadata as jupytext writes it on a marker line: the default cell filter plus the notebook's `jupytext.cell_metadata_filter`. */
export function filterCellMetadata(metadata: JsonObject, notebookMetadata: JsonObject, options: FilterOptions = {}): JsonObject {
  const j = notebookMetadata.jupytext;
  const user = isJsonObject(j) ? j.cell_metadata_filter : undefined;
  if (user !== undefined) return filterMetadata(metadata, user, DEFAULT_CELL_FILTER, options);
  // the default filter alone (what filterMetadata does with it, without parsing it per cell): every
  // key but the ignored ones, and no empty `tags`
  const out: JsonObject = {};
  for (const k of Object.keys(metadata)) {
    if (IGNORED_CELL_KEYS.has(k) || (!options.keepInvalidKeys && !isValidMetadataKey(k))) continue;
    const v = metadata[k]!;
    if (k === 'tags' && Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  copyNumberLexemes(metadata, out);
  return out;
}

const IGNORED_CELL_KEYS = new Set(IGNORED_CELL_METADATA);
const DEFAULT_CELL_FILTER = IGNORED_CELL_METADATA.map((k) => `-${k}`).join(',');

/**
 * The reading side: after reading a text notebook, records filters so that writing it back gives
 * the same text. A file without a `jupyter:` header gets `notebook_metadata_filter: -all` and a
 * `cell_metadata_filter` listing the cell keys seen (`title,tags,-all`); a file whose header has a
 * cell filter gets the keys seen added to it. Mutates `metadata`.
 */
export function updateMetadataFilters(metadata: JsonObject, hadJupyterHeader: boolean, cellKeys: Iterable<string>): void {
  const keys = [...cellKeys];
  const jupytext = (): JsonObject => {
    if (!isJsonObject(metadata.jupytext)) metadata.jupytext = {};
    return metadata.jupytext as JsonObject;
  };
  if (!hadJupyterHeader) {
    const j = jupytext();
    j.notebook_metadata_filter = '-all';
    if (!('cell_metadata_filter' in j)) j.cell_metadata_filter = formatMetadataFilter({ additional: keys, excluded: 'all' });
    return;
  }
  const j = metadata.jupytext;
  if (isJsonObject(j) && 'cell_metadata_filter' in j) {
    const f = parseMetadataFilter(j.cell_metadata_filter);
    if (Array.isArray(f.excluded)) f.excluded = f.excluded.filter((k) => !keys.includes(k));
    f.additional ??= [];
    if (Array.isArray(f.additional)) for (const k of keys) if (!f.additional.includes(k)) f.additional.push(k);
    j.cell_metadata_filter = formatMetadataFilter(f);
    return;
  }
  const current = (isJsonObject(j) && typeof j.notebook_metadata_filter === 'string' ? j.notebook_metadata_filter : '').split(',').filter(Boolean);
  if (current.includes('all') || current.includes('-all')) return;
  for (const key of Object.keys(metadata)) {
    if (DEFAULT_NOTEBOOK_METADATA.includes(key) || current.includes(key) || current.includes(`-${key}`)) continue;
    current.push(key);
  }
  if (current.length) jupytext().notebook_metadata_filter = current.join(',');
}
