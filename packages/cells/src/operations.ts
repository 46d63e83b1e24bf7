/**
 * Cell operations on a notebook read by `fromIpynb`. They change the notebook in place and
 * touch only what they are asked to, so that `toIpynb` writes back every other byte as it
 * was: a cell that did not change keeps its bytes, an edit that gives a cell the text it
 * already has changes nothing, and sources keep the notebook's own form (Jupyter's list of
 * lines, or one string).
 *
 * A batch ({@link applyOperations}) applies all its operations or none: it is first run on
 * copies of the cells it touches, and applied to the notebook only when every operation
 * succeeded. Operations address cells as the notebook stands after the ones before them.
 */
import {
  type Cell,
  type CodeCell,
  cloneJson,
  IdAllocator,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinSource,
  NbgitError,
  type Notebook,
  splitLines,
} from '@nbgit/core';
import { type CellRef, hasCellIds, resolveCell } from './address.js';
import { type SourceInput, setCellText, sourceFormOf, sourceText, storedSource } from './source.js';

/** A cell type. */
export type CellType = 'code' | 'markdown' | 'raw';

/** Where a new or moved cell goes: before or after a cell, or at an end (default: the end). */
export interface Placement {
  before?: CellRef;
  after?: CellRef;
  at?: 'start' | 'end';
}

/** Sets a cell's source. */
export interface SetSourceOp {
  op: 'set';
  cell: CellRef;
  source: SourceInput;
}
/** Inserts a new cell (code unless `type` says otherwise). */
export interface InsertOp extends Placement {
  op: 'insert';
  type?: CellType;
  source?: SourceInput;
  tags?: string[];
  metadata?: JsonObject;
}
/** Deletes a cell. */
export interface DeleteOp {
  op: 'delete';
  cell: CellRef;
}
/** Moves a cell. */
export interface MoveOp extends Placement {
  op: 'move';
  cell: CellRef;
}
/** Splits a cell in two: the new cell starts at `line` (1-based; 2 to the number of lines). */
export interface SplitOp {
  op: 'split';
  cell: CellRef;
  line: number;
}
/** Joins consecutive cells into the first of them. */
export interface JoinOp {
  op: 'join';
  cells: CellRef[];
}
/** Changes a cell's type. */
export interface SetTypeOp {
  op: 'type';
  cell: CellRef;
  type: CellType;
}
/** Adds and removes tags (`metadata.tags`). */
export interface TagsOp {
  op: 'tags';
  cell: CellRef;
  add?: string[];
  remove?: string[];
}
/** Sets (or, with `delete`, removes) a cell metadata value by key path (`"a.b"` or `["a", "b"]`). */
export interface MetadataOp {
  op: 'metadata';
  cell: CellRef;
  path: string | string[];
  value?: JsonValue;
  delete?: boolean;
}
/** Clears outputs and execution counts, of the cells named or of every code cell. */
export interface ClearOutputsOp {
  op: 'clear';
  cells?: CellRef[];
}

/** One cell operation, discriminated on `op`. */
export type CellOperation = SetSourceOp | InsertOp | DeleteOp | MoveOp | SplitOp | JoinOp | SetTypeOp | TagsOp | MetadataOp | ClearOutputsOp;

/** What one operation did. */
export interface OperationResult {
  op: CellOperation['op'];
  /** Index of the cell it leaves (the new cell of insert and split; the joined cell); -1 for clear and delete. */
  index: number;
  /** Id of that cell, when the notebook has ids. */
  id?: string;
  /** False when the operation found nothing to change (same text, tag already there...). */
  changed: boolean;
}

/** What {@link applyOperations} did. */
export interface ApplyResult {
  /** One result per operation, in order. */
  results: OperationResult[];
  /** True when the notebook changed. */
  changed: boolean;
}

const OPS: Record<CellOperation['op'], readonly string[]> = {
  set: ['cell', 'source'],
  insert: ['type', 'source', 'tags', 'metadata', 'before', 'after', 'at'],
  delete: ['cell'],
  move: ['cell', 'before', 'after', 'at'],
  split: ['cell', 'line'],
  join: ['cells'],
  type: ['cell', 'type'],
  tags: ['cell', 'add', 'remove'],
  metadata: ['cell', 'path', 'value', 'delete'],
  clear: ['cells'],
};
const REQUIRED: Record<CellOperation['op'], readonly string[]> = {
  set: ['cell', 'source'],
  insert: [],
  delete: ['cell'],
  move: ['cell'],
  split: ['cell', 'line'],
  join: ['cells'],
  type: ['cell', 'type'],
  tags: ['cell'],
  metadata: ['cell', 'path'],
  clear: [],
};
const TYPES: readonly string[] = ['code', 'markdown', 'raw'];

function bad(reason: string): never {
  throw new NbgitError('EOP', reason);
}

function isRef(v: unknown): v is CellRef {
  return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && v !== '');
}

function checkStrings(v: unknown, what: string): void {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) bad(`${what} must be a list of strings`);
}

/** True when `v` is JSON a notebook can hold (no undefined, functions, NaN or non-plain objects). */
function isJson(v: unknown, depth = 0): boolean {
  if (depth > 200) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  if (typeof v !== 'object' || (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null)) return false;
  return Object.values(v as object).every((x) => isJson(x, depth + 1));
}

/**
 * Checks that `value` is a well-formed {@link CellOperation} (as read from JSON: an agent's
 * or a file's), throwing an `EOP` {@link NbgitError} that says what is wrong.
 */
export function checkOperation(value: unknown): asserts value is CellOperation {
  if (!isJsonObject(value as JsonValue)) bad('an operation is an object with an "op" key');
  const o = value as Record<string, unknown>;
  const op = o.op as CellOperation['op'];
  if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) bad(`unknown operation ${JSON.stringify(o.op)} (operations: ${Object.keys(OPS).join(', ')})`);
  const allowed = OPS[op];
  for (const k of Object.keys(o)) if (k !== 'op' && !allowed.includes(k)) bad(`${op}: unknown key "${k}" (keys: ${allowed.join(', ')})`);
  for (const k of REQUIRED[op]) if (o[k] === undefined) bad(`${op}: "${k}" is required`);
  if (o.cell !== undefined && !isRef(o.cell)) bad(`${op}: "cell" is an index (a whole number) or an id (a string), not ${JSON.stringify(o.cell)}`);
  for (const k of ['before', 'after']) if (o[k] !== undefined && !isRef(o[k])) bad(`${op}: "${k}" is an index or an id, not ${JSON.stringify(o[k])}`);
  const places = ['before', 'after', 'at'].filter((k) => o[k] !== undefined);
  if (places.length > 1) bad(`${op}: give one of "before", "after" and "at", not ${places.join(' and ')}`);
  if (o.at !== undefined && o.at !== 'start' && o.at !== 'end') bad(`${op}: "at" is "start" or "end", not ${JSON.stringify(o.at)}`);
  if (o.source !== undefined) sourceText(o.source as SourceInput, `${op}: "source"`);
  if (o.type !== undefined && !TYPES.includes(o.type as string)) bad(`${op}: "type" is code, markdown or raw, not ${JSON.stringify(o.type)}`);
  if (o.cells !== undefined && (!Array.isArray(o.cells) || !o.cells.every(isRef))) bad(`${op}: "cells" is a list of indexes or ids`);
  if (op === 'join' && (o.cells as unknown[]).length < 2) bad('join: "cells" names at least two cells');
  if (op === 'split' && (typeof o.line !== 'number' || !Number.isInteger(o.line))) bad(`split: "line" is a line number, not ${JSON.stringify(o.line)}`);
  for (const k of ['tags', 'add', 'remove']) if (o[k] !== undefined) checkStrings(o[k], `${op}: "${k}"`);
  for (const t of [...((o.tags as string[]) ?? []), ...((o.add as string[]) ?? []), ...((o.remove as string[]) ?? [])])
    if (t === '' || t.includes(',')) bad(`${op}: tag ${JSON.stringify(t)}: a tag is a non-empty string without commas (nbformat)`);
  if (o.metadata !== undefined && !(isJsonObject(o.metadata as JsonValue) && isJson(o.metadata))) bad(`${op}: "metadata" must be a JSON object`);
  if (op === 'metadata') {
    const path = typeof o.path === 'string' ? o.path.split('.') : o.path;
    if (!Array.isArray(path) || path.length === 0 || !path.every((k) => typeof k === 'string' && k !== ''))
      bad(`metadata: "path" is a key path ("a.b") or a list of keys, not ${JSON.stringify(o.path)}`);
    if (o.delete !== undefined && typeof o.delete !== 'boolean') bad('metadata: "delete" is true or false');
    if (o.delete === true && o.value !== undefined) bad('metadata: give "value" or "delete", not both');
    if (o.delete !== true && (o.value === undefined || !isJson(o.value))) bad('metadata: "value" is required and must be JSON (or give "delete": true)');
  }
}

/** The state a batch works on: the notebook's cells, or copies of those it changes (a dry run). */
class Session {
  readonly cells: Cell[];
  private readonly copies = new Set<Cell>();
  readonly ids: IdAllocator | undefined;
  readonly form: 'list' | 'string';

  constructor(
    readonly nb: Notebook,
    readonly dry: boolean,
  ) {
    this.cells = dry ? nb.cells.slice() : nb.cells;
    this.ids = hasCellIds(nb) ? new IdAllocator(nb.cells.flatMap((c) => (typeof c.id === 'string' ? [c.id] : []))) : undefined;
    this.form = sourceFormOf(nb);
  }

  /** The cell at `i`, ready to be changed (in a dry run: a copy, made once). */
  writable(i: number): Cell {
    const c = this.cells[i]!;
    if (!this.dry || this.copies.has(c)) return c;
    const copy = cloneJson(c);
    this.copies.add(copy);
    this.cells[i] = copy;
    return copy;
  }

  /** A new cell of `type` holding `text`, with an id when the notebook has ids. */
  newCell(type: CellType, text: string, metadata: JsonObject): Cell {
    const source = storedSource(text, this.form);
    const id = this.ids?.allocate(type, text);
    // keys in the order Jupyter writes them (sorted)
    if (type === 'code') return { cell_type: 'code', execution_count: null, ...(id === undefined ? {} : { id }), metadata, outputs: [], source } as CodeCell;
    return { cell_type: type, ...(id === undefined ? {} : { id }), metadata, source } as Cell;
  }

  result(op: CellOperation['op'], index: number, changed: boolean): OperationResult {
    const id = index >= 0 ? this.cells[index]!.id : undefined;
    return { op, index, ...(typeof id === 'string' ? { id } : {}), changed };
  }

  /** Where a placement puts a cell in the current list. */
  position(p: Placement): number {
    if (p.before !== undefined) return resolveCell(this.cells, p.before);
    if (p.after !== undefined) return resolveCell(this.cells, p.after) + 1;
    return p.at === 'start' ? 0 : this.cells.length;
  }
}

/** Text with one final line break removed (`\r\n`, `\n` or `\r`). */
function withoutFinalBreak(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') || text.endsWith('\r') ? text.slice(0, -1) : text;
}

function tagsOf(cell: Cell): string[] | undefined {
  const t = cell.metadata?.tags;
  return Array.isArray(t) ? (t as string[]) : undefined;
}

function run(s: Session, o: CellOperation): OperationResult {
  switch (o.op) {
    case 'set': {
      const i = resolveCell(s.cells, o.cell);
      const text = sourceText(o.source);
      if (joinSource(s.cells[i]!.source) === text) return s.result('set', i, false);
      setCellText(s.writable(i), text, s.form);
      return s.result('set', i, true);
    }
    case 'insert': {
      const at = s.position(o);
      const metadata: JsonObject = o.metadata === undefined ? {} : cloneJson(o.metadata);
      if (o.tags !== undefined && o.tags.length > 0) metadata.tags = [...new Set([...(tagsOf({ metadata } as Cell) ?? []), ...o.tags])];
      s.cells.splice(at, 0, s.newCell(o.type ?? 'code', sourceText(o.source ?? ''), metadata));
      return s.result('insert', at, true);
    }
    case 'delete': {
      const i = resolveCell(s.cells, o.cell);
      s.cells.splice(i, 1);
      return { op: 'delete', index: -1, changed: true };
    }
    case 'move': {
      const i = resolveCell(s.cells, o.cell);
      const cell = s.cells[i]!;
      if (o.before !== undefined && resolveCell(s.cells, o.before) === i) bad('move: a cell cannot go before itself');
      if (o.after !== undefined && resolveCell(s.cells, o.after) === i) bad('move: a cell cannot go after itself');
      s.cells.splice(i, 1);
      const to = s.position(o);
      s.cells.splice(to, 0, cell);
      return s.result('move', to, to !== i);
    }
    case 'split': {
      const i = resolveCell(s.cells, o.cell);
      const cell = s.cells[i]!;
      const lines = splitLines(joinSource(cell.source));
      if (o.line < 2 || o.line > lines.length)
        bad(
          `split: line ${o.line} is not inside cell ${i}, which has ${lines.length} line${lines.length === 1 ? '' : 's'} (split at a line from 2 to ${lines.length})`,
        );
      const first = withoutFinalBreak(lines.slice(0, o.line - 1).join(''));
      const second = lines.slice(o.line - 1).join('');
      const w = s.writable(i);
      setCellText(w, first, s.form);
      s.cells.splice(i + 1, 0, s.newCell(cell.cell_type, second, cloneJson(cell.metadata ?? {})));
      return s.result('split', i + 1, true);
    }
    case 'join': {
      const at = o.cells.map((r) => resolveCell(s.cells, r));
      for (let k = 1; k < at.length; k++)
        if (at[k] !== at[k - 1]! + 1) bad(`join: cells must be consecutive and in order (got indexes ${at.join(', ')}); move them together first`);
      const texts = at.map((k) => joinSource(s.cells[k]!.source));
      let text = texts[0]!;
      for (const t of texts.slice(1)) text += (text === '' || /[\r\n]$/.test(text) ? '' : '\n') + t;
      const rest = at.slice(1).map((k) => s.cells[k]!);
      const w = s.writable(at[0]!);
      if (w.cell_type === 'code') {
        for (const c of rest) if (c.cell_type === 'code' && c.outputs.length > 0) w.outputs.push(...c.outputs);
      } else {
        for (const c of rest) {
          if (c.cell_type === 'code' || c.attachments === undefined) continue;
          w.attachments ??= {};
          const mine = w.attachments;
          for (const [name, v] of Object.entries(c.attachments)) {
            if (Object.hasOwn(mine, name)) bad(`join: both cells have an attachment named ${JSON.stringify(name)}`);
            mine[name] = v;
          }
        }
      }
      setCellText(w, text, s.form);
      s.cells.splice(at[0]! + 1, rest.length);
      return s.result('join', at[0]!, true);
    }
    case 'type': {
      const i = resolveCell(s.cells, o.cell);
      if (s.cells[i]!.cell_type === o.type) return s.result('type', i, false);
      const w = s.writable(i) as unknown as Record<string, unknown>;
      w.cell_type = o.type;
      if (o.type === 'code') {
        delete w.attachments;
        w.execution_count = null;
        w.outputs = [];
      } else {
        delete w.execution_count;
        delete w.outputs;
      }
      return s.result('type', i, true);
    }
    case 'tags': {
      const i = resolveCell(s.cells, o.cell);
      const now = tagsOf(s.cells[i]!) ?? [];
      const remove = new Set(o.remove ?? []);
      const next = now.filter((t) => !remove.has(t));
      for (const t of o.add ?? []) if (!next.includes(t)) next.push(t);
      if (next.length === now.length && next.every((t, k) => t === now[k])) return s.result('tags', i, false);
      const w = s.writable(i);
      w.metadata ??= {};
      if (next.length === 0) delete w.metadata.tags;
      else w.metadata.tags = next;
      return s.result('tags', i, true);
    }
    case 'metadata': {
      const i = resolveCell(s.cells, o.cell);
      const path = typeof o.path === 'string' ? o.path.split('.') : o.path;
      return s.result('metadata', i, setPath(s, i, path, o.delete === true ? undefined : o.value));
    }
    case 'clear': {
      const at = o.cells === undefined ? s.cells.map((_, k) => k) : o.cells.map((r) => resolveCell(s.cells, r));
      let changed = false;
      for (const k of at) {
        const c = s.cells[k]!;
        if (c.cell_type !== 'code' || (c.outputs.length === 0 && c.execution_count === null)) continue;
        const w = s.writable(k) as CodeCell;
        if (w.outputs.length > 0) w.outputs = [];
        w.execution_count = null;
        changed = true;
      }
      return { op: 'clear', index: -1, changed };
    }
  }
}

/** Sets (value) or deletes (undefined) `metadata.<path>` of cell `i`; true when it changed. */
function setPath(s: Session, i: number, path: string[], value: JsonValue | undefined): boolean {
  const look = (o: JsonObject | undefined, k: number): JsonValue | undefined => {
    let cur: JsonValue | undefined = o;
    for (let j = 0; j < k; j++) cur = isJsonObject(cur as JsonValue) ? (cur as JsonObject)[path[j]!] : undefined;
    return cur;
  };
  const current = look(s.cells[i]!.metadata, path.length);
  if (value === undefined ? current === undefined : JSON.stringify(current) === JSON.stringify(value) && current !== undefined) return false;
  if (value === undefined && !isJsonObject(look(s.cells[i]!.metadata, path.length - 1) as JsonValue)) return false;
  const w = s.writable(i);
  w.metadata ??= {};
  let obj: JsonObject = w.metadata;
  for (let j = 0; j < path.length - 1; j++) {
    const k = path[j]!;
    const next = obj[k];
    if (next === undefined && value !== undefined) obj = obj[k] = {};
    else if (isJsonObject(next as JsonValue)) obj = next as JsonObject;
    else bad(`metadata: ${path.slice(0, j + 1).join('.')} is ${JSON.stringify(next)}, not an object`);
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete obj[last];
  else obj[last] = cloneJson(value);
  return true;
}

/**
 * Applies `operations` to `nb`, in order, all or nothing: when one fails (a cell that does
 * not exist, a bad argument), the notebook is left as it was and the error, an
 * {@link NbgitError} (`ECELL` or `EOP`) naming the operation (`operations[2] (move): ...`),
 * is thrown. Operations are checked with {@link checkOperation} first, so they may come
 * from JSON. Mutates `nb`; returns what each operation did.
 */
export function applyOperations(nb: Notebook, operations: readonly CellOperation[]): ApplyResult {
  if (!Array.isArray(operations)) bad('operations must be a list');
  const attempt = (dry: boolean): OperationResult[] => {
    const s = new Session(nb, dry);
    return operations.map((o, k) => {
      try {
        if (dry) checkOperation(o);
        return run(s, o);
      } catch (e) {
        if (!(e instanceof NbgitError) || operations.length === 1) throw e;
        const what = typeof (o as { op?: unknown })?.op === 'string' ? ` (${(o as { op: string }).op})` : '';
        throw new NbgitError(e.code, `operations[${k}]${what}: ${e.reason}`, { path: `operations[${k}]`, cause: e });
      }
    });
  };
  attempt(true);
  const results = attempt(false);
  return { results, changed: results.some((r) => r.changed) };
}

function one(nb: Notebook, op: CellOperation): OperationResult {
  return applyOperations(nb, [op]).results[0]!;
}

/** Sets a cell's source (a string, or a list of pieces); an unchanged text changes nothing. */
export function setSource(nb: Notebook, cell: CellRef, source: SourceInput): OperationResult {
  return one(nb, { op: 'set', cell, source });
}
/** Inserts a cell (default: an empty code cell at the end); the result names the new cell. */
export function insertCell(nb: Notebook, options: Omit<InsertOp, 'op'> = {}): OperationResult {
  return one(nb, { op: 'insert', ...options });
}
/** Deletes a cell. */
export function deleteCell(nb: Notebook, cell: CellRef): OperationResult {
  return one(nb, { op: 'delete', cell });
}
/** Moves a cell before or after another, or to an end. */
export function moveCell(nb: Notebook, cell: CellRef, to: Placement): OperationResult {
  return one(nb, { op: 'move', cell, ...to });
}
/** Splits a cell so that a new cell starts at `line` (1-based); the result names the new cell. */
export function splitCell(nb: Notebook, cell: CellRef, line: number): OperationResult {
  return one(nb, { op: 'split', cell, line });
}
/** Joins consecutive cells into the first (sources joined by a line break, outputs kept in order). */
export function joinCells(nb: Notebook, cells: CellRef[]): OperationResult {
  return one(nb, { op: 'join', cells });
}
/** Changes a cell's type (to code: empty outputs; from code: outputs and count removed). */
export function setCellType(nb: Notebook, cell: CellRef, type: CellType): OperationResult {
  return one(nb, { op: 'type', cell, type });
}
/** Adds and removes tags; a cell left without tags loses its `tags` key. */
export function setTags(nb: Notebook, cell: CellRef, change: { add?: string[]; remove?: string[] }): OperationResult {
  return one(nb, { op: 'tags', cell, ...change });
}
/** Sets a cell metadata value by key path (`"a.b"` or `["a", "b"]`), making missing objects. */
export function setCellMetadata(nb: Notebook, cell: CellRef, path: string | string[], value: JsonValue): OperationResult {
  return one(nb, { op: 'metadata', cell, path, value });
}
/** Deletes a cell metadata value by key path. */
export function deleteCellMetadata(nb: Notebook, cell: CellRef, path: string | string[]): OperationResult {
  return one(nb, { op: 'metadata', cell, path, delete: true });
}
/** Clears outputs and execution counts of the cells named (default: all). */
export function clearOutputs(nb: Notebook, cells?: CellRef[]): OperationResult {
  return one(nb, cells === undefined ? { op: 'clear' } : { op: 'clear', cells });
}
