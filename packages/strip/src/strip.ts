/**
 * `strip`: remove outputs, execution counts and volatile metadata from a notebook, with
 * nbstripout's rules. The input is never mutated: changed objects are copied and
 * everything else is shared, so `toIpynb` (from @nbgit/ipynb) gives back the original
 * bytes of every part that did not change, and a notebook with nothing to strip comes
 * back as the very same object.
 */
import { checkNotebook, isJsonObject, type JsonObject, type JsonValue, NbgitError, type Notebook } from '@nbgit/core';
import { withLayoutOf } from '@nbgit/ipynb';
import { CONFLICT_FLAG_KEY, hasConflictMarkers } from './conflicts.js';
import { DEFAULT_STRIP_KEYS, isValidKey, type OutputType, parseOutputType, type StripOptions } from './options.js';

/** One thing {@link stripWithReport} removed or changed. */
export interface StripChange {
  /**
   * What changed: `outputs` (outputs removed), `execution_count` (a count cleared, on the
   * cell or in its outputs), `key` (a metadata or other key removed), `cell` (a cell
   * dropped), `id` (a cell id renumbered).
   */
  kind: 'outputs' | 'execution_count' | 'key' | 'cell' | 'id';
  /** Where, as a path into the input notebook: `cells[3].outputs`, `metadata.widgets`. */
  path: string;
}

/** What {@link stripWithReport} returns. */
export interface StripResult {
  /** The stripped notebook; the input object itself when nothing changed. */
  notebook: Notebook;
  /** What was removed, in notebook order. Empty when the notebook was already clean. */
  changes: StripChange[];
}

type Obj = Record<string, unknown>;
const hasOwn = (o: object, k: string): boolean => Object.hasOwn(o, k);

/** Python's truthiness of a JSON value (`bool(x)`): empty strings, lists and objects are false. */
export function pythonTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Python's `str.isspace()` for one UTF-16 unit (what nbstripout's empty-cell test uses). */
function isPyWhitespace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function isBlank(source: unknown): boolean {
  const parts = typeof source === 'string' ? [source] : Array.isArray(source) ? source : [];
  for (const p of parts) {
    if (typeof p !== 'string') return false;
    for (let i = 0; i < p.length; i++) if (!isPyWhitespace(p.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * nbstripout's output size (`get_size`): the length in code points of every string in the
 * value, lists and object values summed (keys not counted), other values by the length of
 * Python's `str()`. Stops counting once the total passes `cap`.
 */
export function outputSize(value: unknown, cap = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const visit = (v: unknown): void => {
    if (total > cap) return;
    if (typeof v === 'string') {
      let n = v.length;
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
          const d = v.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            n--;
            i++;
          }
        }
      }
      total += n;
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x);
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) if (hasOwn(v, k)) visit((v as Obj)[k]);
    } else if (v === null)
      total += 4; // None
    else if (v === true)
      total += 4; // True
    else if (v === false)
      total += 5; // False
    else total += String(v).length;
  };
  visit(value);
  return total;
}

/**
 * Removes `key` from `obj` the way nbstripout's `pop_recursive` does: the whole key if
 * present (so keys containing dots work), else the part before the first dot names a
 * nested object to look in. Returns a changed copy, or undefined when nothing was there.
 */
function popPath(obj: Obj, key: string): Obj | undefined {
  if (hasOwn(obj, key)) {
    const copy: Obj = { ...obj };
    delete copy[key];
    return copy;
  }
  const dot = key.indexOf('.');
  if (dot === -1) return undefined;
  const head = key.slice(0, dot);
  if (!hasOwn(obj, head)) return undefined;
  const child = obj[head];
  if (!isJsonObject(child)) return undefined;
  const inner = popPath(child, key.slice(dot + 1));
  if (inner === undefined) return undefined;
  const copy: Obj = { ...obj };
  copy[head] = inner;
  return copy;
}

function matchesType(output: unknown, types: OutputType[]): boolean {
  if (!isJsonObject(output)) return false;
  for (const t of types) {
    if (output.output_type === t.outputType && (t.name === undefined || output.name === t.name)) return true;
  }
  return false;
}

/**
 * Strip keys of one namespace that share their first segment (`metadata` in
 * `metadata.collapsed`), so a cell with empty metadata is skipped at once.
 */
interface KeyGroup {
  head: string;
  /** The keys (without namespace), in the order given. */
  keys: string[];
  /** What follows `head.` in each key (undefined when the key has no dot). */
  rests: (string | undefined)[];
  /** The keys as a set: an object without any of them as its own key has none to remove whole. */
  whole: Set<string>;
  /**
   * Every key of `head`'s object that a rest can remove or descend into (the rests, and
   * what comes before the first dot of each): an object without any of them is left as it is.
   */
  inner: Set<string>;
}

/** Options with defaults applied and keys grouped by namespace and first segment. */
interface Resolved {
  keepOutput: boolean | undefined;
  keepCount: boolean;
  sequentialIds: boolean;
  notebookKeys: KeyGroup[];
  cellKeys: KeyGroup[];
  maxSize: number;
  keepTypes: OutputType[];
  dropTypes: OutputType[];
  dropEmpty: boolean;
  dropTags: Set<string>;
  stripInit: boolean;
  /** Drop `metadata.nbgit.conflicts` from cells without conflict markers (unless kept by `keepMetadataKeys`). */
  dropConflictFlags: boolean;
}

function group(keys: string[]): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  for (const key of keys) {
    const dot = key.indexOf('.');
    const head = dot === -1 ? key : key.slice(0, dot);
    let g = groups.get(head);
    if (!g) {
      g = { head, keys: [], rests: [], whole: new Set(), inner: new Set() };
      groups.set(head, g);
    }
    g.keys.push(key);
    g.whole.add(key);
    const rest = dot === -1 ? undefined : key.slice(dot + 1);
    g.rests.push(rest);
    // popPath looks for the whole rest, else for the part before its first dot.
    if (rest !== undefined) {
      g.inner.add(rest);
      const d = rest.indexOf('.');
      if (d !== -1) g.inner.add(rest.slice(0, d));
    }
  }
  return [...groups.values()];
}

/** Resolved options by their JSON text: a filter strips thousands of notebooks with the same options. */
const resolvedCache = new Map<string, Resolved>();

function resolve(options: StripOptions): Resolved {
  // Numbers as text, so Infinity and NaN do not both become null.
  const key = JSON.stringify(options, (_k, v: unknown) => (typeof v === 'number' ? `${v}` : v));
  let r = resolvedCache.get(key);
  if (r === undefined) {
    if (resolvedCache.size >= 32) resolvedCache.clear();
    r = resolveNow(options);
    resolvedCache.set(key, r);
  }
  return r;
}

function resolveNow(options: StripOptions): Resolved {
  const keep = new Set(options.keepMetadataKeys ?? []);
  const seen = new Set<string>();
  const notebookKeys: string[] = [];
  const cellKeys: string[] = [];
  for (const key of [...DEFAULT_STRIP_KEYS, ...(options.extraKeys ?? [])]) {
    if (keep.has(key) || seen.has(key) || !isValidKey(key)) continue;
    seen.add(key);
    const dot = key.indexOf('.');
    (key.slice(0, dot) === 'cell' ? cellKeys : notebookKeys).push(key.slice(dot + 1));
  }
  return {
    keepOutput: options.keepOutput,
    keepCount: options.keepCount === true,
    sequentialIds: options.sequentialIds === true,
    notebookKeys: group(notebookKeys),
    cellKeys: group(cellKeys),
    maxSize: options.maxSize ?? 0,
    keepTypes: (options.keepOutputTypes ?? []).map(parseOutputType),
    dropTypes: (options.dropOutputTypes ?? []).map(parseOutputType),
    dropEmpty: options.dropEmptyCells === true,
    dropTags: new Set(options.dropTaggedCells ?? []),
    stripInit: options.stripInitCells === true,
    dropConflictFlags: !keep.has(CONFLICT_FLAG_KEY),
  };
}

function isEmptyObject(o: Obj): boolean {
  for (const k in o) if (hasOwn(o, k)) return false;
  return true;
}

/** True when one of the own keys of `o` is in `keys` (a walk over the object's few keys, not over the set). */
function hasAnyKey(o: Obj, keys: Set<string>): boolean {
  for (const k in o) if (keys.has(k) && hasOwn(o, k)) return true;
  return false;
}

/**
 * Removes the keys of `groups` from `obj` (each as {@link popPath} does), calling
 * `removed` with each key found. Returns `obj` itself when none was there.
 */
function popKeys(obj: Obj, groups: KeyGroup[], removed: ((key: string) => void) | undefined): Obj {
  let cur = obj;
  for (const g of groups) {
    // A key present as a whole (keys may contain dots) is removed as a whole...
    let whole: Set<number> | undefined;
    if (hasAnyKey(cur, g.whole)) {
      for (let i = 0; i < g.keys.length; i++) {
        const key = g.keys[i]!;
        if (!hasOwn(cur, key)) continue;
        const copy: Obj = { ...cur };
        delete copy[key];
        cur = copy;
        removed?.(key);
        whole ??= new Set();
        whole.add(i);
      }
    }
    // ...the others are looked for inside `head` (skipped at once when none of its keys can match).
    const child = hasOwn(cur, g.head) ? cur[g.head] : undefined;
    if (!isJsonObject(child) || !hasAnyKey(child, g.inner)) continue;
    let inner: Obj = child;
    for (let i = 0; i < g.keys.length; i++) {
      const rest = g.rests[i];
      if (rest === undefined || whole?.has(i)) continue;
      const next = popPath(inner, rest);
      if (next === undefined) continue;
      inner = next;
      removed?.(g.keys[i]!);
    }
    if (inner !== child) {
      cur = { ...cur, [g.head]: inner };
      // nbgit's own entry goes when nothing is left in it (nbstripout leaves other emptied parents)
      if (g.head === 'nbgit' && isEmptyObject(inner)) delete cur[g.head];
    }
  }
  return cur;
}

/**
 * Whether a cell keeps its outputs (nbstripout's `determine_keep_output`): `init_cell`
 * decides first (unless `stripInitCells`), then the cell's `keep_output` metadata or tag,
 * then the default. A cell with `keep_output: false` and a `keep_output` tag is an error.
 */
function keepsOutput(cell: Obj, fallback: boolean, o: Resolved, path: () => string): boolean {
  if (!hasOwn(cell, 'metadata')) return fallback;
  const md = cell.metadata;
  if (!isJsonObject(md)) return fallback;
  if (hasOwn(md, 'init_cell')) return pythonTruthy(md.init_cell) && !o.stripInit;
  const hasMeta = hasOwn(md, 'keep_output');
  const tags = md.tags;
  const hasTag = Array.isArray(tags) && tags.length > 0 && tags.includes('keep_output');
  if (!hasMeta && !hasTag) return fallback;
  const metaValue = pythonTruthy(md.keep_output);
  if (hasMeta && hasTag && !metaValue) {
    throw new NbgitError('ESCHEMA', 'cell metadata contradicts tags: `keep_output` is false, but `keep_output` in tags', { path: `${path()}.metadata` });
  }
  return metaValue || hasTag;
}

/**
 * Removes nbgit's conflict flag (`metadata.nbgit.conflicts`, set by the merge driver) from a
 * cell whose source (that of `original`, the cell as read) has no conflict markers left: the
 * conflict was resolved. An `nbgit` object left empty goes too. Returns `cell` itself when
 * there is no flag or the markers are still there.
 */
function dropConflictFlag(cell: Obj, original: Obj): Obj {
  const md = cell.metadata;
  if (!isJsonObject(md) || !hasOwn(md, 'nbgit')) return cell;
  const ns = md.nbgit;
  if (!isJsonObject(ns) || !hasOwn(ns, 'conflicts')) return cell;
  if (hasConflictMarkers(hasOwn(original, 'source') ? original.source : original.input)) return cell;
  const rest: Obj = { ...ns };
  delete rest.conflicts;
  const metadata: Obj = { ...md };
  if (isEmptyObject(rest)) delete metadata.nbgit;
  else metadata.nbgit = rest;
  return { ...cell, metadata };
}

class Stripper {
  /** What was removed; undefined when nobody asked (`strip`), to save building paths. */
  readonly changes: StripChange[] | undefined;
  /** Position of the next kept cell, for sequential ids (continues across v3 worksheets). */
  private index = 0;

  constructor(
    private readonly o: Resolved,
    private readonly keepDefault: boolean,
    report: boolean,
  ) {
    this.changes = report ? [] : undefined;
  }

  private dropped(cell: unknown): boolean {
    if (!isJsonObject(cell)) return false;
    if (this.o.dropEmpty) {
      // nbformat 3 code cells keep their source in `input`.
      const source = hasOwn(cell, 'source') ? cell.source : cell.cell_type === 'code' && hasOwn(cell, 'input') ? cell.input : undefined;
      if (isBlank(source)) return true;
    }
    if (this.o.dropTags.size > 0) {
      const tags = isJsonObject(cell.metadata) ? cell.metadata.tags : undefined;
      if (Array.isArray(tags) && tags.some((t) => typeof t === 'string' && this.o.dropTags.has(t))) return true;
    }
    return false;
  }

  /** Strips a list of cells; returns the same array when nothing changed. */
  cells(cells: unknown[], base: string): unknown[] {
    let out: unknown[] | undefined;
    for (let j = 0; j < cells.length; j++) {
      const cell = cells[j];
      if ((this.o.dropEmpty || this.o.dropTags.size > 0) && this.dropped(cell)) {
        this.changes?.push({ kind: 'cell', path: `${base}[${j}]` });
        out ??= cells.slice(0, j);
        continue;
      }
      const next = isJsonObject(cell) ? this.cell(cell, this.index, base, j) : cell;
      this.index++;
      if (out === undefined && next !== cell) out = cells.slice(0, j);
      out?.push(next);
    }
    return out ?? cells;
  }

  private outputs(outputs: unknown[], keep: boolean, path: () => string): unknown[] {
    const o = this.o;
    let kept = outputs;
    /** Index in `outputs` of each kept output, when some were removed. */
    let from: number[] | undefined;
    if (!keep && outputs.length > 0) {
      if (o.maxSize <= 0 && o.keepTypes.length === 0) kept = [];
      else {
        from = [];
        for (let i = 0; i < outputs.length; i++) {
          const x = outputs[i];
          if (matchesType(x, o.keepTypes) || outputSize(x, o.maxSize) <= o.maxSize) from.push(i);
        }
        kept = from.length === outputs.length ? outputs : from.map((i) => outputs[i]);
      }
      if (kept.length !== outputs.length) this.changes?.push({ kind: 'outputs', path: path() });
    }
    if (!o.keepCount) {
      let copied = false;
      for (let i = 0; i < kept.length; i++) {
        const x = kept[i];
        if (isJsonObject(x) && hasOwn(x, 'execution_count') && x.execution_count !== null) {
          if (!copied) {
            kept = kept.slice();
            copied = true;
          }
          kept[i] = { ...x, execution_count: null };
          this.changes?.push({ kind: 'execution_count', path: `${path()}[${from?.[i] ?? i}].execution_count` });
        }
      }
    }
    if (o.dropTypes.length > 0 && kept.some((x) => matchesType(x, o.dropTypes))) {
      kept = kept.filter((x) => !matchesType(x, o.dropTypes));
      this.changes?.push({ kind: 'outputs', path: path() });
    }
    return kept;
  }

  private cell(cell: Obj, index: number, base: string, j: number): Obj {
    const o = this.o;
    const path = () => `${base}[${j}]`;
    let out: Obj | undefined;
    if (Array.isArray(cell.outputs)) {
      const keep = keepsOutput(cell, this.keepDefault, o, path);
      const outputs = this.outputs(cell.outputs, keep, () => `${path()}.outputs`);
      if (outputs !== cell.outputs) {
        out = { ...cell };
        out.outputs = outputs;
      }
    } else if (hasOwn(cell, 'outputs') && cell.cell_type === 'code' && !keepsOutput(cell, this.keepDefault, o, path)) {
      // `"outputs": null` (or another non-list), which Jupyter cannot open: nbstripout writes `[]`.
      out = { ...cell, outputs: [] };
      this.changes?.push({ kind: 'outputs', path: `${path()}.outputs` });
    }
    if (!o.keepCount) {
      if (hasOwn(cell, 'execution_count') && cell.execution_count !== null) {
        out ??= { ...cell };
        out.execution_count = null;
        this.changes?.push({ kind: 'execution_count', path: `${path()}.execution_count` });
      }
      if (hasOwn(cell, 'prompt_number') && cell.prompt_number !== null) {
        out ??= { ...cell };
        out.prompt_number = null;
        this.changes?.push({ kind: 'execution_count', path: `${path()}.prompt_number` });
      }
    }
    if (o.sequentialIds && hasOwn(cell, 'id') && cell.id !== String(index)) {
      out ??= { ...cell };
      out.id = String(index);
      this.changes?.push({ kind: 'id', path: `${path()}.id` });
    }
    const changes = this.changes;
    let popped = popKeys(out ?? cell, o.cellKeys, changes && ((key) => changes.push({ kind: 'key', path: `${path()}.${key}` })));
    if (o.dropConflictFlags) {
      const resolved = dropConflictFlag(popped, cell);
      if (resolved !== popped) {
        popped = resolved;
        this.changes?.push({ kind: 'key', path: `${path()}.metadata.nbgit.conflicts` });
      }
    }
    return popped === cell ? cell : popped;
  }

  /** Removes the notebook-level keys from `metadata`; returns it unchanged when none was there. */
  metadata(metadata: Obj): Obj {
    const changes = this.changes;
    return popKeys(metadata, this.o.notebookKeys, changes && ((key) => changes.push({ kind: 'key', path: `metadata.${key}` })));
  }
}

/** Strips with or without a report of the changes. */
function run(nb: Notebook, options: StripOptions, report: boolean): StripResult {
  const o = resolve(options);
  const root = nb as unknown as Obj;
  const md = isJsonObject(root.metadata) ? root.metadata : undefined;
  let keepDefault = o.keepOutput;
  if (keepDefault === undefined && md !== undefined && hasOwn(md, 'keep_output')) keepDefault = pythonTruthy(md.keep_output);
  const s = new Stripper(o, keepDefault === true, report);
  let out: Obj | undefined;
  const set = (k: string, v: unknown) => {
    out ??= { ...root };
    out[k] = v;
  };
  if (md !== undefined) {
    const next = s.metadata(md);
    if (next !== md) set('metadata', next);
  }
  if (Array.isArray(root.cells)) {
    const cells = s.cells(root.cells, 'cells');
    if (cells !== root.cells) set('cells', cells);
  } else if (Array.isArray(root.worksheets)) {
    // nbformat 2 and 3: cells live in worksheets.
    const sheets = root.worksheets as unknown[];
    let changed: unknown[] | undefined;
    for (let w = 0; w < sheets.length; w++) {
      const ws = sheets[w];
      if (!isJsonObject(ws) || !Array.isArray(ws.cells)) continue;
      const cells = s.cells(ws.cells, `worksheets[${w}].cells`);
      if (cells === ws.cells) continue;
      changed ??= sheets.slice();
      changed[w] = { ...ws, cells: cells as JsonValue[] };
    }
    if (changed) set('worksheets', changed);
  }
  // A copy writes like the file it came from (see withLayoutOf in @nbgit/ipynb).
  return { notebook: (out === undefined ? root : withLayoutOf(out, root)) as unknown as Notebook, changes: s.changes ?? [] };
}

/**
 * Strips a notebook and says what it removed. See {@link strip}. Throws an `ESCHEMA`
 * {@link NbgitError} when a cell has `keep_output: false` and a `keep_output` tag.
 */
export function stripWithReport(nb: Notebook, options: StripOptions = {}): StripResult {
  checkNotebook(nb, { name: 'strip', legacy: true });
  return run(nb, options, true);
}

/**
 * Strips outputs, execution counts and volatile metadata from a notebook, with
 * nbstripout's defaults and options (see {@link StripOptions}); cell ids are kept unless
 * `sequentialIds`. Works on nbformat 4 and on nbformat 2/3 worksheets. Pure and never
 * mutates `nb`: the result shares every unchanged part with it, and is `nb` itself when
 * there was nothing to strip, so `toIpynb(strip(nb))` is byte-identical for a clean
 * notebook and stripping twice changes nothing more.
 */
export function strip(nb: Notebook, options: StripOptions = {}): Notebook {
  checkNotebook(nb, { name: 'strip', legacy: true });
  return run(nb, options, false).notebook;
}

/** True when {@link strip} would change nothing. */
export function isStripped(nb: Notebook, options: StripOptions = {}): boolean {
  return strip(nb, options) === nb;
}
/**
 * Strips a Zeppelin note (`.zpln`): every paragraph's `results` becomes `{}`, as
 * nbstripout's zeppelin mode does. Pure; returns `note` itself when nothing changed.
 */
export function stripZeppelin<T extends object>(note: T): T {
  const paragraphs = (note as Obj).paragraphs;
  if (!Array.isArray(paragraphs)) return note;
  let out: unknown[] | undefined;
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    if (!isJsonObject(p) || !hasOwn(p, 'results')) continue;
    const r = p.results;
    if (isJsonObject(r) && Object.keys(r).length === 0) continue;
    out ??= paragraphs.slice();
    out[i] = { ...p, results: {} as JsonObject };
  }
  return out ? withLayoutOf({ ...note, paragraphs: out } as T, note) : note;
}
