/**
 * `diffNotebooks`: the cell-by-cell difference between two notebooks (format in the README).
 */
import { type Cell, checkNotebook as checkSpine, hashOutput, isJsonObject, type JsonObject, type JsonValue, type Notebook, type Output } from '@nbgit/core';
import { diffArrays } from 'diff';
import { alignCells } from './align.js';
import { changesText, diffText, diffValues, isMultiline, jsonEqual } from './text.js';
import type { CellChanges, CellEntry, DiffOptions, DiffSummary, KeyChange, NotebookDiff, OutputEntry } from './types.js';

/**
 * Compares two notebooks cell by cell: cells are aligned with {@link alignCells}, then every
 * matched pair is compared field by field (source as a line diff, outputs, execution count,
 * metadata, attachments, cell type, id), and the notebook's own keys key by key.
 * Pure; cost is near-linear in the size of the notebooks.
 *
 * @param a - The old notebook.
 * @param b - The new notebook.
 * @param options - What to ignore, and alignment options.
 * @returns The diff; `patchNotebook(a, diff)` gives `b` back when nothing is ignored.
 * @throws NbgitError (`ENOTNOTEBOOK`, `ESCHEMA`) when an input is not a notebook.
 * @example
 * const d = diffNotebooks(fromIpynb(oldText), fromIpynb(newText));
 * if (!d.equal) console.log(renderTerminal(d));
 */
export function diffNotebooks(a: Notebook, b: Notebook, options: DiffOptions = {}): NotebookDiff {
  checkNotebook(a, 'a');
  checkNotebook(b, 'b');
  const o = options;
  const alignment = alignCells(a.cells, b.cells, {
    ...o.align,
    ids: o.ignoreIds ? false : (o.align?.ids ?? true),
    ignoreWhitespace: o.ignoreWhitespace ?? o.align?.ignoreWhitespace,
  });

  const summary: DiffSummary = { added: 0, removed: 0, moved: 0, modified: 0, unchanged: 0 };
  const cells: CellEntry[] = [];
  const byB = new Map<number, (typeof alignment.matches)[number]>();
  for (const m of alignment.matches) byB.set(m.b, m);
  const removed = alignment.removed;
  let r = 0;
  const flushRemoved = (before: number) => {
    for (let i = removed[r]; i !== undefined && i < before; i = removed[++r]) {
      cells.push({ op: 'removed', a: i, cell: a.cells[i]! }); // alignment indices are in range
      summary.removed++;
    }
  };
  // added cells wait until the next match, so that a gap reads "removed, then added"
  let pendingAdded: CellEntry[] = [];
  const flushAdded = () => {
    for (const e of pendingAdded) cells.push(e);
    pendingAdded = [];
  };
  for (const [j, cb] of b.cells.entries()) {
    const m = byB.get(j);
    if (m === undefined) {
      pendingAdded.push({ op: 'added', b: j, cell: cb });
      summary.added++;
      continue;
    }
    if (!m.moved) flushRemoved(m.a);
    flushAdded();
    const ca = a.cells[m.a]!; // alignment indices are in range; m.b === j
    const d = ca === cb ? undefined : diffCell(ca, cb, o);
    const base = { a: m.a, b: m.b, how: m.how, moved: m.moved, cell_type: String(cb.cell_type) };
    const withId = typeof cb.id === 'string' ? { ...base, id: cb.id } : base;
    if (m.moved) summary.moved++;
    if (d?.significant) {
      cells.push({ op: 'modified', ...withId, changes: d.changes });
      summary.modified++;
    } else {
      cells.push(d === undefined ? { op: 'unchanged', ...withId } : { op: 'unchanged', ...withId, layout: d.changes });
      summary.unchanged++;
    }
  }
  flushRemoved(Number.POSITIVE_INFINITY);
  flushAdded();

  const notebook: KeyChange[] = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === 'cells') continue;
    if (k === 'metadata' && o.ignoreMetadata) continue;
    diffValues(a[k] as JsonValue | undefined, b[k] as JsonValue | undefined, [k], notebook, { old: a, new: b, key: k });
  }
  const equal = notebook.length === 0 && summary.added === 0 && summary.removed === 0 && summary.moved === 0 && summary.modified === 0;
  return { format: 'nbgit-diff', version: 1, equal, summary, notebook, cells };
}

function checkNotebook(nb: Notebook, which: string): void {
  checkSpine(nb, { name: `notebook ${which}` });
}

/** Field-by-field changes of a matched cell; `significant` is false for layout-only differences. */
function diffCell(ca: Cell, cb: Cell, o: DiffOptions): { changes: CellChanges; significant: boolean } | undefined {
  const changes: CellChanges = {};
  const other: KeyChange[] = [];
  let significant = false;
  const ra = ca as Record<string, unknown>;
  const rb = cb as Record<string, unknown>;
  const keys = new Set([...Object.keys(ca), ...Object.keys(cb)]);
  for (const k of keys) {
    const va = ra[k] as JsonValue | undefined;
    const vb = rb[k] as JsonValue | undefined;
    switch (k) {
      case 'cell_type':
        if (typeof va === 'string' && typeof vb === 'string') {
          if (va !== vb) {
            changes.cell_type = { old: va, new: vb };
            significant = true;
          }
          continue;
        }
        break;
      case 'id':
        if (o.ignoreIds) continue;
        if ((va === undefined || typeof va === 'string') && (vb === undefined || typeof vb === 'string')) {
          if (va !== vb) {
            changes.id = va === undefined ? { new: vb } : vb === undefined ? { old: va } : { old: va, new: vb };
            significant = true;
          }
          continue;
        }
        break;
      case 'source':
        if (isMultiline(va) && isMultiline(vb)) {
          const t = diffText(va, vb, { ignoreWhitespace: o.ignoreWhitespace });
          if (t !== undefined) {
            changes.source = t;
            if (changesText(t)) significant = true;
          }
          continue;
        }
        break;
      case 'execution_count':
        if (o.ignoreOutputs || o.ignoreExecutionCounts) continue;
        if (isCount(va) && isCount(vb)) {
          if (va !== vb) {
            const ec: { old?: number | null; new?: number | null } = {};
            if (va !== undefined) ec.old = va;
            if (vb !== undefined) ec.new = vb;
            changes.execution_count = ec;
            significant = true;
          }
          continue;
        }
        break;
      case 'outputs':
        if (o.ignoreOutputs) continue;
        if (Array.isArray(va) && Array.isArray(vb)) {
          const out = diffOutputs(va as unknown as Output[], vb as unknown as Output[], o);
          if (out !== undefined) {
            changes.outputs = out.entries;
            if (out.significant) significant = true;
          }
          continue;
        }
        break;
      case 'metadata':
        if (o.ignoreMetadata) continue;
        if (isJsonObject(va) && isJsonObject(vb)) {
          const m = diffValues(va, vb, []);
          if (m.length > 0) {
            changes.metadata = m;
            significant = true;
          }
          continue;
        }
        break;
      case 'attachments':
        if (isJsonObject(va) && isJsonObject(vb)) {
          const m = diffValues(va, vb, []);
          if (m.length > 0) {
            changes.attachments = m;
            significant = true;
          }
          continue;
        }
        break;
    }
    const before = other.length;
    diffValues(va, vb, [k], other, { old: ca, new: cb, key: k });
    if (other.length > before) significant = true;
  }
  if (other.length > 0) changes.other = other;
  return Object.keys(changes).length === 0 ? undefined : { changes, significant };
}

function isCount(v: unknown): v is number | null | undefined {
  return v === undefined || v === null || typeof v === 'number';
}

function withoutCount(output: Output): unknown {
  if (!isJsonObject(output as unknown) || !('execution_count' in output)) return output;
  const { execution_count: _, ...rest } = output as Record<string, unknown>;
  return rest;
}

/** Output entries, or `undefined` when the outputs are identical. */
function diffOutputs(oa: Output[], ob: Output[], o: DiffOptions): { entries: OutputEntry[]; significant: boolean } | undefined {
  const key = o.ignoreExecutionCounts ? (x: Output) => withoutCount(x) : (x: Output) => x as unknown;
  if (oa.length === ob.length && oa.every((x, k) => jsonEqual(x, ob[k]))) return undefined;
  const ha = oa.map((x) => hashOutput(key(x)));
  const hb = ob.map((x) => hashOutput(key(x)));
  const entries: OutputEntry[] = [];
  let significant = false;
  let i = 0;
  let j = 0;
  const changes = diffArrays(ha, hb, { maxEditLength: 1000 }) ?? [
    { removed: true, added: false, count: ha.length, value: ha },
    { removed: false, added: true, count: hb.length, value: hb },
  ];
  let gapA: number[] = [];
  let gapB: number[] = [];
  const flushGap = () => {
    const n = Math.max(gapA.length, gapB.length);
    for (let k = 0; k < n; k++) {
      // past the end of the shorter gap, x or y is undefined; gap indices are in range of oa and ob
      const x = gapA[k];
      const y = gapB[k];
      const ox = x === undefined ? undefined : oa[x];
      const oy = y === undefined ? undefined : ob[y];
      if (x !== undefined && ox !== undefined && oy !== undefined && sameKind(ox, oy)) {
        entries.push({ op: 'modified', a: x, old: ox, new: oy });
      } else {
        if (x !== undefined && ox !== undefined) entries.push({ op: 'removed', a: x, output: ox });
        if (oy !== undefined) entries.push({ op: 'added', output: oy });
      }
    }
    if (n > 0) significant = true;
    gapA = [];
    gapB = [];
  };
  for (const c of changes) {
    if (c.removed) for (let k = 0; k < c.count; k++) gapA.push(i++);
    else if (c.added) for (let k = 0; k < c.count; k++) gapB.push(j++);
    else {
      flushGap();
      for (let k = 0; k < c.count; k++, i++, j++) {
        const oi = oa[i]!; // an equal run of diffArrays lies inside both arrays
        const oj = ob[j]!;
        if (jsonEqual(oi, oj)) entries.push({ op: 'unchanged', a: i });
        else if (o.ignoreExecutionCounts && jsonEqual(key(oi), key(oj))) entries.push({ op: 'unchanged', a: i });
        else entries.push({ op: 'modified', a: i, old: oi, new: oj, layoutOnly: true });
      }
    }
  }
  flushGap();
  if (!significant && entries.every((e) => e.op === 'unchanged')) return undefined;
  return { entries, significant };
}

function sameKind(x: Output, y: Output): boolean {
  if (!isJsonObject(x as unknown) || !isJsonObject(y as unknown)) return false;
  if (x.output_type !== y.output_type) return false;
  return x.output_type !== 'stream' || (x as JsonObject).name === (y as JsonObject).name;
}
