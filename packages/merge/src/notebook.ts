/**
 * `mergeNotebooks`: the three-way cell-aware merge (behaviour specified in the README), as
 * phases over explicit state:
 *
 * 1. alignment.ts: align base with each side; every cell becomes a token.
 * 2. pairing.ts: cells both sides inserted that are one cell share a token.
 * 3. split-cells.ts: base cells one side split and the other edited.
 * 4. order.ts + survival.ts: merge the order of tokens (diff3 over cells), decide which
 *    cells survive, keep one place for each.
 * 5. assemble.ts: the merged cell of each token (cell.ts merges a cell field by field; local's
 *    own cell objects are kept wherever local's version is the result, so their bytes are).
 * 6. here: notebook metadata and version, ids, conflict flags, the notebook object.
 */
import { type Cell, checkNotebook as checkSpine, isJsonObject, type JsonObject, type JsonValue, jsonEqual, type Notebook } from '@nbgit/core';
import { align } from './alignment.js';
import { assembleCells, type MergedCell } from './assemble.js';
import { asGiven, inVersion, type Origins, resultVersion, type SideInput, sideInput } from './format.js';
import { fixIds } from './ids.js';
import { mergeJson } from './json.js';
import { mergeOrder } from './order.js';
import { pairInserts } from './pairing.js';
import { planSplits } from './split-cells.js';
import { decideFates, finalOrder } from './survival.js';
import type { MergeConflict, MergeDecision, MergeInput, MergeOptions, MergeResult } from './types.js';

/** Notebook metadata keys describing the environment: taken whole from local when both changed them. */
export const NOTEBOOK_VOLATILE: ReadonlySet<string> = new Set(['kernelspec', 'language_info', 'widgets', 'vscode']);

function checkNotebook(nb: unknown, name: string): asserts nb is Notebook {
  checkSpine(nb, { name });
}

/**
 * Merges three versions of a notebook cell by cell. Never throws on conflicts: they are
 * returned, and marked inside the affected cells (git-style markers in the source, and
 * `metadata.nbgit.conflicts`). The result is valid nbformat and carries local's file layout,
 * so `toIpynb(result.notebook)` keeps the bytes of every cell the merge did not change.
 *
 * @param input - `base` (common ancestor), `local` (ours), `remote` (theirs). Not mutated.
 * @param options - Output strategy, marker size and labels, conflict style.
 * @returns The merged notebook, its conflicts, and the automatic decisions taken.
 * @example
 * const { notebook, conflicts } = mergeNotebooks({ base, local, remote });
 * const text = toIpynb(notebook);
 */
export function mergeNotebooks(input: MergeInput, options: MergeOptions = {}): MergeResult {
  const origins: Origins = new Map();
  const base = sideInput(input.base, origins);
  const local = sideInput(input.local, origins);
  const remote = sideInput(input.remote, origins);
  // (a model the merge made, from an nbformat 3 notebook given as it is, is checked either way)
  const check = (s: SideInput, name: string) => {
    if (options.checked !== true || s.model !== s.given) checkNotebook(s.model, name);
  };
  check(base, 'base');
  check(local, 'local');
  check(remote, 'remote');
  // one side changed nothing: the other side, as it is (byte for byte when written)
  const original = (s: SideInput) => (s.v3 ?? s.given) as unknown as JsonValue;
  if (jsonEqual(original(base), original(local))) return { notebook: asGiven(remote), conflicts: [], decisions: [] };
  if (jsonEqual(original(base), original(remote))) return { notebook: asGiven(local), conflicts: [], decisions: [] };

  const decisions: MergeDecision[] = [];
  const version = resultVersion(local.version, remote.version, decisions);
  const B = base.model.cells;
  const al = align(B, local.model.cells, remote.model.cells);
  const pairing = pairInserts(al);
  const splits = planSplits(al, pairing, options);
  const order = mergeOrder(B.length, { seq: al.local.tokens, chain: al.local.chain }, { seq: al.remote.tokens, chain: al.remote.chain });
  const fates = decideFates(al, decisions);
  const final = finalOrder(al, order, fates, decisions);
  const merged = assembleCells({ al, pairing, splits, order: final, concurrent: order.concurrent }, options);
  const minor = version.nbformat === 4 ? version.minor : 0;
  const result = finishNotebook({ base: base.model, local: local.model, remote: remote.model }, merged, minor, decisions);
  return { ...result, notebook: inVersion(result.notebook, version, local, remote, origins) };
}

/** Phase 6: the notebook around the merged cells (nbformat 4, minor `minor` for the ids). */
function finishNotebook(input: MergeInput, merged: readonly MergedCell[], minor: number, decisions: MergeDecision[]): MergeResult {
  const { base, local, remote } = input;
  const meta = mergeJson(base.metadata ?? {}, local.metadata ?? {}, remote.metadata ?? {}, NOTEBOOK_VOLATILE);
  let metadata = (meta.value ?? {}) as JsonObject;
  const nbConflicts: MergeConflict[] = [];
  for (const c of meta.conflicts) {
    const path = ['metadata', ...c.path].join('.');
    if (c.volatile) decisions.push({ path, rule: 'metadata:local', message: `${path} changed on both sides; took local's (volatile)` });
    else nbConflicts.push(conflict('metadata', path, `${path} changed differently on both sides; kept local's`, c.local, c.remote));
  }

  const cells = merged.map((m) => m.cell);
  fixIds(cells, minor, new Set<Cell>(local.cells));

  const conflicts: MergeConflict[] = [];
  for (let i = 0; i < cells.length; i++) {
    const id = cells[i]!.id;
    const m = merged[i]!;
    for (const d of m.decisions) decisions.push({ path: d.field ? `cells[${i}].${d.field}` : `cells[${i}]`, rule: d.rule, message: d.message });
    if (m.conflicts.length === 0) continue;
    const list = m.conflicts.map((c) => {
      const mc = conflict(c.kind, `cells[${i}].${c.field}`, c.message, c.local, c.remote);
      mc.cell = i;
      if (id !== undefined) mc.id = id;
      return mc;
    });
    conflicts.push(...list);
    cells[i] = { ...cells[i]!, metadata: flagged(cells[i]!.metadata ?? {}, list) } as Cell;
  }
  if (nbConflicts.length > 0) {
    metadata = flagged(metadata, nbConflicts);
    conflicts.push(...nbConflicts);
  }

  const notebook: Record<string, unknown> = {};
  for (const k of Object.keys(local)) {
    if (k === 'cells' || k === 'metadata' || k === 'nbformat' || k === 'nbformat_minor')
      notebook[k] = undefined; // keeps local's key order
    else {
      const v = mergeJson(base[k] as JsonValue, local[k] as JsonValue, remote[k] as JsonValue).value;
      if (v !== undefined) notebook[k] = v;
    }
  }
  notebook.cells = cells;
  notebook.metadata = metadata;
  notebook.nbformat = local.nbformat ?? 4;
  notebook.nbformat_minor = minor;
  for (const k of Object.keys(remote)) {
    if (!(k in notebook) && !(k in base)) notebook[k] = remote[k];
  }
  return { notebook: notebook as Notebook, conflicts, decisions };
}

function conflict(kind: MergeConflict['kind'], path: string, message: string, local?: JsonValue, remote?: JsonValue): MergeConflict {
  const c: MergeConflict = { kind, path, message };
  if (kind !== 'source' && kind !== 'delete-modify') {
    c.local = local;
    c.remote = remote;
  }
  return c;
}

/** `metadata` with `nbgit.conflicts` listing `list` (a copy; the input is not changed). */
function flagged(metadata: JsonObject, list: MergeConflict[]): JsonObject {
  const entries: JsonValue[] = list.map((c) => {
    const e: JsonObject = { kind: c.kind, path: c.path, message: c.message };
    if (c.local !== undefined) e.local = c.local;
    if (c.remote !== undefined) e.remote = c.remote;
    return e;
  });
  const prev = isJsonObject(metadata.nbgit) ? metadata.nbgit : {};
  return { ...metadata, nbgit: { ...prev, conflicts: entries } };
}
