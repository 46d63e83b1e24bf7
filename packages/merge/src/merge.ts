/**
 * `mergeNotebooks`: the three-way cell-aware merge (behaviour specified in the README).
 *
 * 1. Align base with local and with remote (`alignCells`, near-linear).
 * 2. Give every cell a token; cells both sides inserted that are the same cell share one.
 * 3. Merge the order of tokens (diff3 over cells, see order.ts), decide which cells survive,
 *    keep one occurrence of each, and place survivors the order merge left out.
 * 4. Merge each cell changed on both sides field by field (cell.ts); reuse local's own cell
 *    objects wherever local's version is the result, so the writer keeps their bytes.
 * 5. Merge notebook metadata and version, fix ids for nbformat 4.5, flag conflicted cells.
 */
import {
  CELL_ID_PATTERN,
  type Cell,
  checkNotebook as checkSpine,
  contentId,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinSource,
  type Notebook,
} from '@nbgit/core';
import { alignCells, cellSimilarity } from '@nbgit/diff';
import { withLayoutOf } from '@nbgit/ipynb';
import { type CellConflict, type CellDecision, cellsEqual, markDeleted, mergeCell, substantiveChange, withId } from './cell.js';
import { mergeJson } from './json.js';
import { mergeOrder } from './order.js';
import { isSplitPart, mergeSplit } from './split.js';
import type { MergeConflict, MergeDecision, MergeInput, MergeOptions, MergeResult } from './types.js';

/** Notebook metadata keys describing the environment: taken whole from local when both changed them. */
export const NOTEBOOK_VOLATILE: ReadonlySet<string> = new Set(['kernelspec', 'language_info', 'widgets', 'vscode']);

/** Similarity two cells inserted at the same place need to be merged into one. */
const SAME_INSERT_SIMILARITY = 0.8;

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
  const { base, local, remote } = input;
  checkNotebook(base, 'base');
  checkNotebook(local, 'local');
  checkNotebook(remote, 'remote');
  const B = base.cells;
  const L = local.cells;
  const R = remote.cells;
  const nB = B.length;
  const nL = L.length;
  const decisions: MergeDecision[] = [];

  // 1. alignment
  const aL = alignCells(B, L);
  const aR = alignCells(B, R);
  const lOfB = new Int32Array(nB).fill(-1);
  const rOfB = new Int32Array(nB).fill(-1);
  const bOfL = new Int32Array(nL).fill(-1);
  const bOfR = new Int32Array(R.length).fill(-1);
  const movedL = new Uint8Array(nB);
  const movedR = new Uint8Array(nB);
  const chainL: Array<[number, number]> = [];
  const chainR: Array<[number, number]> = [];
  for (const m of aL.matches) {
    lOfB[m.a] = m.b;
    bOfL[m.b] = m.a;
    if (m.moved) movedL[m.a] = 1;
    else chainL.push([m.a, m.b]);
  }
  for (const m of aR.matches) {
    rOfB[m.a] = m.b;
    bOfR[m.b] = m.a;
    if (m.moved) movedR[m.a] = 1;
    else chainR.push([m.a, m.b]);
  }

  // 2. tokens; inserts both sides made share a token
  const tokL = Array.from(bOfL, (b, j) => (b >= 0 ? b : nB + j));
  const tokR = Array.from(bOfR, (b, j) => (b >= 0 ? b : nB + nL + j));
  const pairOf = new Map<number, number>(); // local insert index -> remote insert index
  const pairBase = new Map<number, number>(); // local insert index -> base cell both sides replaced by the pair
  if (aL.added.length > 0 && aR.added.length > 0) {
    const gl = insertGaps(bOfL, movedL, nB);
    const gr = insertGaps(bOfR, movedR, nB);
    const li = aL.added;
    const ri = aR.added;
    const m = alignCells(
      li.map((j) => L[j]!),
      ri.map((j) => R[j]!),
    );
    const pairedR = new Set<number>();
    const pair = (lj: number, rj: number) => {
      pairOf.set(lj, rj);
      pairedR.add(rj);
      tokR[rj] = tokL[lj]!;
    };
    // the same cell inserted on both sides (same id, or same type and source)
    const similar: Array<[number, number]> = [];
    for (const x of m.matches) {
      if (x.how === 'similar') similar.push([li[x.a]!, ri[x.b]!]);
      else pair(li[x.a]!, ri[x.b]!);
    }
    // the slot of each other inserted cell: the cells around it that are not such inserts
    const slotL = insertSlots(tokL, nB, (j) => pairOf.has(j));
    const slotR = insertSlots(tokR, nB, (j) => pairedR.has(j));
    // shared: both cells sit between the same cells, and those are cells both sides inserted
    // (or the ends of a notebook both sides added whole): text both sides wrote
    // (two cells with different ids were created separately: they never pair by place; unless
    // the sides share no id at all, when the ids were made independently and say nothing)
    const idsMeanIdentity = sharesAnId(L, R);
    const shared = (j: number, k: number) => {
      const [left, right] = slotL.get(j)!;
      const [rl, rr] = slotR.get(k)!;
      return left === rl && right === rr && (nB === 0 || left >= nB || right >= nB) && !(idsMeanIdentity && hasId(L[j]!) && hasId(R[k]!));
    };
    for (const [lj, rj] of similar) {
      const lc = L[lj]!;
      const rc = R[rj]!;
      if (lc.cell_type !== rc.cell_type) continue;
      if (shared(lj, rj)) {
        // a cell both sides wrote in the same place among cells they both wrote: one cell
        pair(lj, rj);
        continue;
      }
      const overlap = Math.max(gl.prev[lj]!, gr.prev[rj]!) < Math.min(gl.next[lj]!, gr.next[rj]!);
      if (overlap && joinSource(lc.source).length > 10 && joinSource(rc.source).length > 10 && cellSimilarity(lc, rc) >= SAME_INSERT_SIMILARITY) pair(lj, rj);
    }
    // one cell on each side alone in the same place (between the same paired cells) of a
    // shared slot, of the same type: one cell
    const place = (slots: Map<number, [number, number]>) => {
      const byPlace = new Map<string, number[]>();
      for (const [j, [left, right]] of slots) push2(byPlace, `${left},${right}`, j);
      return byPlace;
    };
    const placeL = place(insertSlots(tokL, nB, (j) => pairOf.has(j)));
    const placeR = place(insertSlots(tokR, nB, (j) => pairedR.has(j)));
    for (const [key, ls] of placeL) {
      const rs = placeR.get(key);
      if (ls.length !== 1 || rs?.length !== 1) continue;
      const lj = ls[0]!;
      const rj = rs[0]!;
      if (L[lj]!.cell_type === R[rj]!.cell_type && shared(lj, rj)) pair(lj, rj);
    }
    pairReplacements(B, L, R, lOfB, rOfB, chainL, chainR, gl.prev, gr.prev, aL.added, aR.added, pairOf, (lj, rj, b) => {
      pair(lj, rj);
      pairBase.set(lj, b);
    });
  }

  // split cells: a base cell one side cut into parts and the other edited
  const splits = planSplits(B, L, R, lOfB, rOfB, bOfL, bOfR, pairOf, nB, nL, options);

  // 3. order, survival, one occurrence each, placement of survivors left out
  const order = mergeOrder(nB, { seq: tokL, chain: chainL }, { seq: tokR, chain: chainR });
  /** 0 dead, 1 alive, 2 alive with a delete-modify conflict. */
  const fate = new Uint8Array(nB);
  for (let i = 0; i < nB; i++) {
    const l = lOfB[i]!;
    const r = rOfB[i]!;
    if (l >= 0 && r >= 0) fate[i] = 1;
    else if (l < 0 && r < 0) fate[i] = 0;
    else {
      const kept = l >= 0 ? L[l]! : R[r]!;
      if (substantiveChange(B[i]!, kept)) fate[i] = 2;
      else {
        fate[i] = 0;
        if (!cellsEqual(kept, B[i]!)) {
          const by = l >= 0 ? 'remote' : 'local';
          decisions.push({
            path: `base cells[${i}]`,
            rule: 'delete',
            message: `cell ${i} of base deleted on ${by}; the other side only re-ran it or changed view metadata`,
          });
        }
      }
    }
  }
  const alive = (t: number) => t >= nB || fate[t] !== 0;
  const chosen = new Map<number, number>(); // token -> position in order
  for (let k = 0; k < order.tokens.length; k++) {
    const t = order.tokens[k]!;
    if (!alive(t)) continue;
    const prev = chosen.get(t);
    if (prev === undefined) {
      chosen.set(t, k);
      continue;
    }
    const want = t >= nB || movedL[t] ? 1 : movedR[t] ? 2 : 0;
    if (want !== 0 && order.from[prev] !== want && order.from[k] === want) chosen.set(t, k);
    if (t < nB && movedL[t] && movedR[t])
      decisions.push({ path: `base cells[${t}]`, rule: 'move:local', message: `cell ${t} of base moved on both sides; kept local's position` });
  }
  let final: number[] = [];
  for (let k = 0; k < order.tokens.length; k++) if (chosen.get(order.tokens[k]!) === k) final.push(order.tokens[k]!);
  if (chosen.size < countAlive(nB, fate, tokL, tokR, alive)) final = placeMissing(final, [tokL, tokR], alive);

  // 4. cells
  const cells: Cell[] = [];
  const cellConflicts: CellConflict[][] = [];
  const cellDecisions: CellDecision[][] = [];
  for (const t of final) {
    let cell: Cell;
    let conflicts: CellConflict[] = [];
    let ds: CellDecision[] = [];
    if (t < nB) {
      const l = lOfB[t]!;
      const r = rOfB[t]!;
      if (l >= 0 && r >= 0) {
        const m = mergeCell(B[t], L[l]!, R[r]!, options);
        cell = m.cell;
        conflicts = m.conflicts;
        ds = m.decisions;
        const part = splits.get(t);
        if (part !== undefined) {
          conflicts = conflicts.filter((c) => c.kind !== 'source');
          cell = splitPart(cell, part, conflicts);
          ds.push({
            field: 'source',
            rule: 'split',
            message: `cell ${t} of base split on ${part.by}; ${part.by === 'local' ? 'remote' : 'local'}'s edits merged into its parts`,
          });
        }
      } else {
        const deletedBy = l >= 0 ? 'remote' : 'local';
        const kept = l >= 0 ? L[l]! : R[r]!;
        cell = markDeleted(kept, deletedBy, options);
        conflicts.push({
          kind: 'delete-modify',
          field: 'source',
          message: `cell deleted on ${deletedBy} but edited on ${deletedBy === 'local' ? 'remote' : 'local'}; kept the edited cell`,
        });
      }
    } else if (t < nB + nL) {
      const lj = t - nB;
      const rj = pairOf.get(lj);
      if (rj === undefined) cell = splitPart(L[lj]!, splits.get(t), conflicts);
      else {
        const b = pairBase.get(lj);
        const m = mergeCell(b === undefined ? undefined : B[b], L[lj]!, R[rj]!, options);
        cell = m.cell;
        conflicts = m.conflicts;
        ds = m.decisions;
        const identical = cell === L[lj] && conflicts.length === 0;
        if (b !== undefined)
          ds.push({ field: '', rule: 'replace:merged', message: `both sides replaced cell ${b} of base; merged the replacements against it` });
        else
          ds.push({
            field: '',
            rule: identical ? 'insert:once' : 'insert:merged',
            message: identical ? 'both sides inserted this cell; kept it once' : 'both sides inserted this cell with differences; merged into one cell',
          });
      }
    } else cell = splitPart(R[t - nB - nL]!, splits.get(t), conflicts);
    cells.push(cell);
    cellConflicts.push(conflicts);
    cellDecisions.push(ds);
  }
  const indexOf = new Map<number, number>();
  for (let i = 0; i < final.length; i++) indexOf.set(final[i]!, i);
  for (const [lt, rt] of order.concurrent) {
    const i = indexOf.get(rt);
    if (indexOf.has(lt) && i !== undefined)
      cellDecisions[i]!.push({ field: '', rule: 'insert:both', message: 'both sides inserted cells here; kept both, local first' });
  }

  // 5. notebook
  const minor = Math.max(num(local.nbformat_minor), num(remote.nbformat_minor));
  if (num(local.nbformat_minor) !== num(remote.nbformat_minor)) {
    decisions.push({
      path: 'nbformat_minor',
      rule: 'nbformat_minor:max',
      message: `nbformat_minor ${local.nbformat_minor} on local, ${remote.nbformat_minor} on remote; took ${minor}`,
    });
  }
  const meta = mergeJson(base.metadata ?? {}, local.metadata ?? {}, remote.metadata ?? {}, NOTEBOOK_VOLATILE);
  let metadata = (meta.value ?? {}) as JsonObject;
  const nbConflicts: MergeConflict[] = [];
  for (const c of meta.conflicts) {
    const path = ['metadata', ...c.path].join('.');
    if (c.volatile) decisions.push({ path, rule: 'metadata:local', message: `${path} changed on both sides; took local's (volatile)` });
    else nbConflicts.push(conflict('metadata', path, `${path} changed differently on both sides; kept local's`, c.local, c.remote));
  }

  // ids: unique strings from 4.5 on; none added below
  const localCells = new Set<Cell>(L);
  if (minor >= 5) fixIds(cells);
  else for (let i = 0; i < cells.length; i++) if (cells[i]!.id !== undefined && !localCells.has(cells[i]!)) cells[i] = withId(cells[i]!, undefined);

  const conflicts: MergeConflict[] = [];
  for (let i = 0; i < cells.length; i++) {
    const id = cells[i]!.id;
    for (const d of cellDecisions[i]!) decisions.push({ path: d.field ? `cells[${i}].${d.field}` : `cells[${i}]`, rule: d.rule, message: d.message });
    const cc = cellConflicts[i]!;
    if (cc.length === 0) continue;
    const list = cc.map((c) => {
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
    if (k === 'cells') notebook.cells = cells;
    else if (k === 'metadata') notebook.metadata = metadata;
    else if (k === 'nbformat_minor') notebook.nbformat_minor = minor;
    else if (k === 'nbformat') notebook.nbformat = local.nbformat;
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
  return { notebook: withLayoutOf(notebook as Notebook, local), conflicts, decisions };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
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

/**
 * Both sides replaced the same base cells: base cells deleted on both sides, with cells
 * inserted by both sides at that place. Each such base cell is paired, in order, with the
 * next unpaired local insert and the next unpaired remote insert of the same type there, and
 * the pair is merged against it as an edit of that cell (so different rewrites of one cell
 * conflict instead of silently giving two cells).
 */
function pairReplacements(
  B: readonly Cell[],
  L: readonly Cell[],
  R: readonly Cell[],
  lOfB: Int32Array,
  rOfB: Int32Array,
  chainL: ReadonlyArray<readonly [number, number]>,
  chainR: ReadonlyArray<readonly [number, number]>,
  prevL: Int32Array,
  prevR: Int32Array,
  addedL: readonly number[],
  addedR: readonly number[],
  pairOf: Map<number, number>,
  pair: (lj: number, rj: number, base: number) => void,
): void {
  const nB = B.length;
  // the unmoved anchor before each base cell on each side (the gap it sits in)
  const anchorL = anchorsBefore(nB, chainL);
  const anchorR = anchorsBefore(nB, chainR);
  const pairedR = new Set(pairOf.values());
  const byGapL = new Map<number, number[]>();
  const byGapR = new Map<number, number[]>();
  for (const j of addedL) if (!pairOf.has(j)) push(byGapL, prevL[j]!, j);
  for (const j of addedR) if (!pairedR.has(j)) push(byGapR, prevR[j]!, j);
  const posL = new Map<number, number>();
  const posR = new Map<number, number>();
  for (let i = 0; i < nB; i++) {
    if (lOfB[i] !== -1 || rOfB[i] !== -1) continue;
    const gl = anchorL[i]!;
    const gr = anchorR[i]!;
    const li = byGapL.get(gl);
    const ri = byGapR.get(gr);
    if (li === undefined || ri === undefined) continue;
    const type = B[i]!.cell_type;
    let pl = posL.get(gl) ?? 0;
    let pr = posR.get(gr) ?? 0;
    while (pl < li.length && L[li[pl]!]!.cell_type !== type) pl++;
    while (pr < ri.length && R[ri[pr]!]!.cell_type !== type) pr++;
    if (pl < li.length && pr < ri.length) {
      pair(li[pl]!, ri[pr]!, i);
      pl++;
      pr++;
    }
    posL.set(gl, pl);
    posR.set(gr, pr);
  }
}

/** One part of a split cell: its merged source. */
interface SplitPart {
  text: string;
  conflicts: number;
  by: 'local' | 'remote';
}

/** `cell` with the merged source of its split part (the cell itself when unchanged); records a part's conflict. */
function splitPart(cell: Cell, part: SplitPart | undefined, conflicts: CellConflict[]): Cell {
  if (part === undefined) return cell;
  if (part.conflicts > 0) {
    conflicts.push({
      kind: 'source',
      field: 'source',
      message: `source changed differently on both sides (${part.conflicts} conflicting ${part.conflicts === 1 ? 'hunk' : 'hunks'} marked in the cell; the cell was split on ${part.by})`,
    });
  }
  return joinSource(cell.source) === part.text ? cell : ({ ...cell, source: part.text } as Cell);
}

/**
 * Finds base cells that one side split into parts (its matched cell plus adjacent cells it
 * inserted that hold lines the matched cell lost, see `isSplitPart`) and the other side
 * edited, and merges the edits into the parts (`mergeSplit`). Returns the merged source of
 * every part, by token (base index for the matched part, the insert's token for the others).
 * Only one side may have split a cell; an edit across a split point leaves the cell alone.
 */
function planSplits(
  B: readonly Cell[],
  L: readonly Cell[],
  R: readonly Cell[],
  lOfB: Int32Array,
  rOfB: Int32Array,
  bOfL: Int32Array,
  bOfR: Int32Array,
  pairOf: ReadonlyMap<number, number>,
  nB: number,
  nL: number,
  options: MergeOptions,
): Map<number, SplitPart> {
  const out = new Map<number, SplitPart>();
  const pairedR = new Set(pairOf.values());
  const used = new Set<number>();
  const partsOf = (S: readonly Cell[], bOf: Int32Array, j: number, open: (k: number) => boolean, baseText: string): number[] => {
    const kept = S[j]!;
    const text = joinSource(kept.source);
    const ok = (k: number) =>
      k >= 0 && k < S.length && bOf[k]! < 0 && open(k) && S[k]!.cell_type === kept.cell_type && isSplitPart(baseText, text, joinSource(S[k]!.source));
    let first = j;
    while (ok(first - 1)) first--;
    let last = j;
    while (ok(last + 1)) last++;
    const list: number[] = [];
    for (let k = first; k <= last; k++) list.push(k);
    return list;
  };
  for (let t = 0; t < nB; t++) {
    const l = lOfB[t]!;
    const r = rOfB[t]!;
    if (l < 0 || r < 0) continue;
    const bt = joinSource(B[t]!.source);
    const lt = joinSource(L[l]!.source);
    const rt = joinSource(R[r]!.source);
    if (lt === bt || rt === bt || lt === rt) continue;
    const lp = partsOf(L, bOfL, l, (k) => !pairOf.has(k) && !used.has(nB + k), bt);
    const rp = partsOf(R, bOfR, r, (k) => !pairedR.has(k) && !used.has(nB + nL + k), bt);
    if (lp.length > 1 === rp.length > 1) continue;
    const by = lp.length > 1 ? 'local' : 'remote';
    const [S, parts, other, tokenOf, kept] = by === 'local' ? [L, lp, rt, (k: number) => nB + k, l] : [R, rp, lt, (k: number) => nB + nL + k, r];
    const m = mergeSplit(
      bt,
      parts.map((k) => joinSource(S[k]!.source)),
      other,
      by,
      options,
    );
    if (m === undefined) continue;
    parts.forEach((k, i) => {
      const token = k === kept ? t : tokenOf(k);
      used.add(token);
      out.set(token, { text: m.texts[i]!, conflicts: m.conflicts[i]!, by });
    });
  }
  return out;
}

/** True when some cell id occurs on both sides. */
function sharesAnId(L: readonly Cell[], R: readonly Cell[]): boolean {
  const ids = new Set<string>();
  for (const c of L) if (hasId(c)) ids.add(c.id as string);
  for (const c of R) if (hasId(c) && ids.has(c.id as string)) return true;
  return false;
}

function hasId(cell: Cell): boolean {
  return typeof cell.id === 'string' && cell.id !== '';
}

function push2(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * For every inserted cell of a side that `paired` does not claim (cells at 0.. in `tok` order
 * with a token >= nB): its slot, the tokens of the nearest cells before and after it that
 * are base cells or paired inserts (-1 and -2 at the notebook's ends).
 */
function insertSlots(tok: readonly number[], nB: number, paired: (j: number) => boolean): Map<number, [number, number]> {
  const open = (j: number) => tok[j]! >= nB && !paired(j);
  const slots = new Map<number, [number, number]>();
  let left = -1;
  const pending: number[] = [];
  for (let j = 0; j <= tok.length; j++) {
    if (j < tok.length && open(j)) {
      pending.push(j);
      continue;
    }
    const right = j < tok.length ? tok[j]! : -2;
    for (const p of pending) slots.set(p, [left, right]);
    pending.length = 0;
    if (j < tok.length) left = tok[j]!;
  }
  return slots;
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** For each base index, the base index of the last unmoved matched cell before it (-1 if none). */
function anchorsBefore(nB: number, chain: ReadonlyArray<readonly [number, number]>): Int32Array {
  const out = new Int32Array(nB);
  let k = 0;
  let last = -1;
  for (let i = 0; i < nB; i++) {
    while (k < chain.length && chain[k]![0] < i) last = chain[k++]![0];
    out[i] = last;
  }
  return out;
}

/**
 * For each cell a side inserted: the base indices of the nearest unmoved matched cells
 * before and after it in that side's order (-1 and base length at the ends).
 */
function insertGaps(bOf: Int32Array, moved: Uint8Array, nB: number): { prev: Int32Array; next: Int32Array } {
  const n = bOf.length;
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  let p = -1;
  for (let j = 0; j < n; j++) {
    const b = bOf[j]!;
    if (b >= 0 && !moved[b]) p = b;
    prev[j] = p;
  }
  let q = nB;
  for (let j = n - 1; j >= 0; j--) {
    const b = bOf[j]!;
    if (b >= 0 && !moved[b]) q = b;
    next[j] = q;
  }
  return { prev, next };
}

function countAlive(nB: number, fate: Uint8Array, tokL: number[], tokR: number[], alive: (t: number) => boolean): number {
  const seen = new Set<number>();
  for (let i = 0; i < nB; i++) if (fate[i] !== 0) seen.add(i);
  for (const t of tokL) if (t >= nB && alive(t)) seen.add(t);
  for (const t of tokR) if (t >= nB && alive(t)) seen.add(t);
  return seen.size;
}

/** Places survivors missing from `final` right after the token they follow on the side that kept them. */
function placeMissing(final: number[], sides: number[][], alive: (t: number) => boolean): number[] {
  const inFinal = new Set(final);
  const placed = new Set(final);
  const START = -1;
  const after = new Map<number, number[]>();
  for (const seq of sides) {
    let anchor = START;
    for (const t of seq) {
      if (inFinal.has(t)) {
        anchor = t;
        continue;
      }
      if (placed.has(t) || !alive(t)) continue;
      placed.add(t);
      let list = after.get(anchor);
      if (list === undefined) {
        list = [];
        after.set(anchor, list);
      }
      list.push(t);
    }
  }
  const out: number[] = [...(after.get(START) ?? [])];
  for (const t of final) {
    out.push(t);
    const list = after.get(t);
    if (list !== undefined) out.push(...list);
  }
  return out;
}

/** Gives every cell a unique valid id: first occurrence keeps its own, others get a content-derived one. */
function fixIds(cells: Cell[]): void {
  const taken = new Set<string>();
  const needs: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const id = cells[i]!.id;
    if (typeof id === 'string' && CELL_ID_PATTERN.test(id) && !taken.has(id)) taken.add(id);
    else needs.push(i);
  }
  for (const i of needs) {
    const c = cells[i]!;
    const baseId = contentId(c.cell_type, joinSource(c.source));
    let id = baseId;
    for (let n = 2; taken.has(id); n++) id = `${baseId}-${n}`;
    taken.add(id);
    cells[i] = withId(c, id);
  }
}
