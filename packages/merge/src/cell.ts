/**
 * Merging one cell changed on both sides, field by field (rules in this package's README).
 */
import { type Cell, type CodeCell, canonicalJson, type JsonObject, type JsonValue, joinSource, normaliseOutput, type Output } from '@nbgit/core';
import { jsonEqual, mergeJson } from './json.js';
import { lineEnding, mergeText } from './text.js';
import type { ConflictKind, MergeOptions } from './types.js';

/** Cell metadata keys that are view state or timing: taken from local when both changed them. */
export const CELL_VOLATILE: ReadonlySet<string> = new Set(['collapsed', 'scrolled', 'autoscroll', 'ExecuteTime', 'execution', 'jupyter', 'vscode']);

/** A conflict found in one cell, before the cell's final index is known. */
export interface CellConflict {
  kind: ConflictKind;
  /** Path inside the cell: `source`, `metadata.tags`, `cell_type`, `attachments.x.png`. */
  field: string;
  message: string;
  local?: JsonValue;
  remote?: JsonValue;
}

/** A decision found in one cell, before the cell's final index is known. */
export interface CellDecision {
  field: string;
  rule: string;
  message: string;
}

/** The result of {@link mergeCell}. */
export interface CellMerge {
  cell: Cell;
  conflicts: CellConflict[];
  decisions: CellDecision[];
}

/** True when the cell changed in something a person wrote: type, source, attachments, non-volatile metadata. */
export function substantiveChange(base: Cell, side: Cell): boolean {
  if (base.cell_type !== side.cell_type) return true;
  if (joinSource(base.source) !== joinSource(side.source)) return true;
  if (!jsonEqual(base.attachments, side.attachments)) return true;
  const bm = (base.metadata ?? {}) as JsonObject;
  const sm = (side.metadata ?? {}) as JsonObject;
  for (const k of new Set([...Object.keys(bm), ...Object.keys(sm)])) {
    if (!CELL_VOLATILE.has(k) && !jsonEqual(bm[k], sm[k])) return true;
  }
  return false;
}

/**
 * True when two cells have the same content, id included (multi-line strings compared as
 * text, so `["a\n", "b"]` equals `"a\nb"`). Early exit on the first difference; no hashing.
 */
export function cellsEqual(x: Cell, y: Cell): boolean {
  if (x === y) return true;
  if (x.cell_type !== y.cell_type || x.id !== y.id || x.execution_count !== y.execution_count) return false;
  if (joinSource(x.source) !== joinSource(y.source)) return false;
  if (!jsonEqual(x.metadata, y.metadata)) return false;
  const ox = x.outputs as unknown[] | undefined;
  const oy = y.outputs as unknown[] | undefined;
  if (ox !== oy) {
    if (ox === undefined || oy === undefined || ox.length !== oy.length) return false;
    for (let i = 0; i < ox.length; i++) if (ox[i] !== oy[i] && !jsonEqual(normaliseOutput(ox[i]), normaliseOutput(oy[i]))) return false;
  }
  if (!jsonEqual(x.attachments, y.attachments)) return false;
  for (const k of Object.keys(x)) if (!KNOWN.has(k) && !jsonEqual(x[k], y[k])) return false;
  for (const k of Object.keys(y)) if (!KNOWN.has(k) && !(k in x) && y[k] !== undefined) return false;
  return true;
}

/**
 * Compares the outputs and execution count of cells (code cells, or undefined: no cell) as
 * equal canonical JSON, multi-line strings joined: the text itself, not a hash of it (`===`
 * compares it natively, where hashing it in JavaScript would read every character of every
 * image in the interpreter), and made only for values that `jsonEqual` does not find equal
 * at once (values it finds equal have the same canonical JSON).
 */
function outputsComparer(): (x: Cell | undefined, y: Cell | undefined) => boolean {
  const keys = new Map<Cell, string>();
  const key = (c: Cell) => {
    let k = keys.get(c);
    if (k === undefined) {
      k = c.cell_type === 'code' ? canonicalJson(outputsValue(c)) : 'none';
      keys.set(c, k);
    }
    return k;
  };
  return (x, y) => {
    if (x === undefined || y === undefined) return false;
    if (x.cell_type === 'code' && y.cell_type === 'code' && jsonEqual(outputsValue(x), outputsValue(y))) return true;
    return key(x) === key(y);
  };
}

function outputsValue(cell: Cell): JsonValue {
  const code = cell as CodeCell;
  return { o: (code.outputs ?? []).map(normaliseOutput), e: code.execution_count ?? null } as JsonValue;
}

/** A copy of `cell` with `id` set (or removed when undefined); the cell itself when it already has it. */
export function withId(cell: Cell, id: string | undefined): Cell {
  if (cell.id === id) return cell;
  const copy = { ...cell } as Cell;
  if (id === undefined) delete copy.id;
  else copy.id = id;
  return copy;
}

/** The id rule: a side that changed the id wins (local first); missing ids are filled from the other side. */
export function mergeId(base: Cell | undefined, local: Cell, remote: Cell): string | undefined {
  if (local.id === base?.id) return remote.id ?? local.id;
  return local.id ?? remote.id;
}

/** Merges one cell. `base` undefined: both sides inserted this cell (a two-way merge). */
export function mergeCell(base: Cell | undefined, local: Cell, remote: Cell, options: MergeOptions): CellMerge {
  const conflicts: CellConflict[] = [];
  const decisions: CellDecision[] = [];
  if (base !== undefined && cellsEqual(base, remote)) return { cell: local, conflicts, decisions };
  if (base !== undefined && cellsEqual(base, local)) return { cell: withId(remote, mergeId(base, local, remote)), conflicts, decisions };
  if (cellsEqual(local, remote)) return { cell: local, conflicts, decisions };

  // cell type
  let type = local.cell_type;
  if (local.cell_type !== remote.cell_type) {
    if (local.cell_type === base?.cell_type) type = remote.cell_type;
    else if (remote.cell_type !== base?.cell_type) {
      conflicts.push({
        kind: 'cell-type',
        field: 'cell_type',
        message: `cell type changed to ${local.cell_type} on local and to ${remote.cell_type} on remote; kept ${local.cell_type}`,
        local: local.cell_type,
        remote: remote.cell_type,
      });
    }
  }

  // source
  const sl = joinSource(local.source);
  const sr = joinSource(remote.source);
  const text = mergeText(base === undefined ? '' : joinSource(base.source), sl, sr, options);
  const source = text.text === sl ? local.source : text.text === sr ? remote.source : text.text;
  if (text.conflicts > 0) {
    conflicts.push({
      kind: 'source',
      field: 'source',
      message: `source changed differently on both sides (${text.conflicts} conflicting ${text.conflicts === 1 ? 'hunk' : 'hunks'} marked in the cell)`,
    });
  }

  // metadata
  const meta = mergeJson(base?.metadata, local.metadata ?? {}, remote.metadata ?? {}, CELL_VOLATILE);
  const metadata = (meta.value ?? {}) as JsonObject;
  for (const c of meta.conflicts) {
    const field = ['metadata', ...c.path].join('.');
    if (c.volatile) decisions.push({ field, rule: 'metadata:local', message: `${field} changed on both sides; took local's (volatile)` });
    else conflicts.push({ kind: 'metadata', field, message: `${field} changed differently on both sides; kept local's`, local: c.local, remote: c.remote });
  }

  // outputs and execution count, as one unit
  let outputs: Output[] | undefined;
  let executionCount: number | null | undefined;
  if (type === 'code') {
    let from: Cell | undefined;
    if (local.cell_type === 'code' && remote.cell_type === 'code') {
      const same = outputsComparer();
      if (same(local, remote) || same(remote, base)) from = local;
      else if (same(local, base)) from = remote;
      else {
        const strategy = options.outputs ?? 'local';
        // the merged source is one side's own code: that side's outputs were made by it
        const by = strategy === 'clear' || text.conflicts > 0 || sl === sr ? undefined : text.text === sl ? 'local' : text.text === sr ? 'remote' : undefined;
        if (by !== undefined) {
          decisions.push({
            field: 'outputs',
            rule: 'outputs:source',
            message: `outputs changed on both sides; took ${by}'s, made by the source the merge kept`,
          });
          from = by === 'local' ? local : remote;
        } else {
          decisions.push({
            field: 'outputs',
            rule: `outputs:${strategy}`,
            message: `outputs changed on both sides; ${strategy === 'clear' ? 'cleared them' : `took ${strategy}'s`}`,
          });
          from = strategy === 'local' ? local : strategy === 'remote' ? remote : undefined;
        }
      }
    } else from = local.cell_type === 'code' ? local : remote;
    if (from === undefined) {
      outputs = [];
      executionCount = null;
    } else if (from.cell_type === 'code') {
      outputs = from.outputs ?? [];
      executionCount = from.execution_count ?? null;
    }
  }

  // attachments (markdown and raw cells)
  let attachments: JsonObject | undefined;
  if (type !== 'code') {
    const b = base?.attachments as JsonObject | undefined;
    const l = local.attachments as JsonObject | undefined;
    const r = remote.attachments as JsonObject | undefined;
    if (jsonEqual(l, r) || jsonEqual(r, b)) attachments = l;
    else if (jsonEqual(l, b)) attachments = r;
    else {
      const out: JsonObject = {};
      const names = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
      for (const name of names) {
        const bv = b?.[name];
        const lv = l?.[name];
        const rv = r?.[name];
        let v = lv;
        if (jsonEqual(lv, bv)) v = rv;
        else if (!jsonEqual(rv, bv) && !jsonEqual(lv, rv)) {
          conflicts.push({
            kind: 'attachments',
            field: `attachments.${name}`,
            message: `attachment ${name} changed differently on both sides; kept local's`,
            local: lv,
            remote: rv,
          });
        }
        if (v !== undefined) out[name] = v;
      }
      attachments = out;
    }
  }

  const id = mergeId(base, local, remote);
  if (
    type === local.cell_type &&
    source === local.source &&
    metadata === local.metadata &&
    id === local.id &&
    (type === 'code' ? outputs === (local as { outputs?: unknown }).outputs && executionCount === local.execution_count : attachments === local.attachments)
  ) {
    return { cell: local, conflicts, decisions };
  }
  const cell: Record<string, unknown> = {};
  for (const k of Object.keys(local)) cell[k] = local[k];
  for (const k of Object.keys(remote)) {
    if (!(k in cell) && !KNOWN.has(k) && (base === undefined || !(k in base))) cell[k] = remote[k];
  }
  cell.cell_type = type;
  cell.source = source;
  cell.metadata = metadata;
  if (id === undefined) delete cell.id;
  else cell.id = id;
  if (type === 'code') {
    cell.outputs = outputs;
    cell.execution_count = executionCount;
    delete cell.attachments;
  } else {
    delete cell.outputs;
    delete cell.execution_count;
    if (attachments === undefined) delete cell.attachments;
    else cell.attachments = attachments;
  }
  return { cell: cell as unknown as Cell, conflicts, decisions };
}

const KNOWN = new Set(['cell_type', 'source', 'metadata', 'id', 'outputs', 'execution_count', 'attachments']);

/**
 * A cell deleted on one side and edited on the other: the edited cell, its whole source inside
 * markers whose deleted side is empty.
 */
export function markDeleted(cell: Cell, deletedBy: 'local' | 'remote', options: MergeOptions): Cell {
  const size = Math.max(1, Math.floor(options.markerSize ?? 7));
  const labels = options.labels ?? {};
  const text = joinSource(cell.source);
  const eol = lineEnding(text);
  const body = text === '' || /[\n\r]$/.test(text) ? text : text + eol;
  const open = `${'<'.repeat(size)} ${labels.local ?? 'local'}`;
  const close = `${'>'.repeat(size)} ${labels.remote ?? 'remote'}`;
  const mid = '='.repeat(size);
  const source =
    deletedBy === 'local' ? `${open} (deleted this cell)${eol}${mid}${eol}${body}${close}` : `${open}${eol}${body}${mid}${eol}${close} (deleted this cell)`;
  return { ...cell, source } as Cell;
}
