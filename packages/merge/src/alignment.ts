/**
 * Phase 1 of the merge: how each side's cells relate to base's, and the tokens the order
 * merge works on.
 *
 * Base is aligned with local and with remote by `alignCells` (ids, then equal content, then
 * similar content; near-linear). A base cell with no counterpart on a side was deleted
 * there; a side's cell with no base counterpart was inserted there. Matched cells that kept
 * their relative order are the side's *chain* (its unmoved cells); the others moved.
 *
 * Every cell of the merge is a *token*: base cell `i` is token `i` on both sides, local's
 * inserted cell `j` is token `nB + j`, remote's inserted cell `j` is `nB + nL + j`. Pairing
 * (pairing.ts) later gives a remote insert its local partner's token.
 */
import type { Cell } from '@nbgit/core';
import { alignCells } from '@nbgit/diff';
import type { Side } from './types.js';

/** Where a side has no counterpart (deleted base cell, inserted side cell). */
export const NONE = -1;

/** One side's cells against base. */
export interface SideAlignment {
  readonly side: Side;
  readonly cells: readonly Cell[];
  /** For each base index, the side's index of that cell, or {@link NONE} (deleted on this side). */
  readonly ofBase: Int32Array;
  /** For each of the side's indices, the base index of that cell, or {@link NONE} (inserted). */
  readonly baseOf: Int32Array;
  /** For each base index, 1 when this side moved the cell. */
  readonly moved: Uint8Array;
  /** (base index, side index) of the side's unmoved matched cells, increasing in both. */
  readonly chain: ReadonlyArray<readonly [number, number]>;
  /** The side's indices of the cells it inserted, ascending. */
  readonly added: readonly number[];
  /** The side's cells as tokens, in its order (pairing rewrites remote's paired inserts). */
  readonly tokens: number[];
}

/** Base, local and remote, aligned. */
export interface Alignment {
  readonly base: readonly Cell[];
  readonly local: SideAlignment;
  readonly remote: SideAlignment;
}

/** What a token stands for: a base cell, or a cell one side inserted (by its index on that side). */
export type TokenCell = { kind: 'base'; index: number } | { kind: Side; index: number };

/** Aligns base with both sides and numbers every cell as a token. */
export function align(base: readonly Cell[], local: readonly Cell[], remote: readonly Cell[]): Alignment {
  const nB = base.length;
  return {
    base,
    local: alignSide('local', base, local, nB),
    remote: alignSide('remote', base, remote, nB + local.length),
  };
}

function alignSide(side: Side, base: readonly Cell[], cells: readonly Cell[], firstToken: number): SideAlignment {
  const nB = base.length;
  const a = alignCells(base, cells);
  const ofBase = new Int32Array(nB).fill(NONE);
  const baseOf = new Int32Array(cells.length).fill(NONE);
  const moved = new Uint8Array(nB);
  const chain: Array<[number, number]> = [];
  for (const m of a.matches) {
    ofBase[m.a] = m.b;
    baseOf[m.b] = m.a;
    if (m.moved) moved[m.a] = 1;
    else chain.push([m.a, m.b]);
  }
  const tokens = Array.from(baseOf, (b, j) => (b === NONE ? firstToken + j : b));
  return { side, cells, ofBase, baseOf, moved, chain, added: a.added, tokens };
}

/** The token of local's cell `j`. */
export function localToken(al: Alignment, j: number): number {
  return al.base.length + j;
}

/** The token of remote's inserted cell `j` (before pairing). */
export function remoteToken(al: Alignment, j: number): number {
  return al.base.length + al.local.cells.length + j;
}

/** What token `t` stands for. */
export function cellOfToken(al: Alignment, t: number): TokenCell {
  const nB = al.base.length;
  const nL = al.local.cells.length;
  if (t < nB) return { kind: 'base', index: t };
  if (t < nB + nL) return { kind: 'local', index: t - nB };
  return { kind: 'remote', index: t - nB - nL };
}

/**
 * For each cell a side inserted: the base indices of the nearest unmoved matched cells
 * before and after it in that side's order (-1 and base length at the ends): the gap of
 * base it was inserted into.
 */
export function insertGaps(s: SideAlignment, nB: number): { prev: Int32Array; next: Int32Array } {
  const n = s.baseOf.length;
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  let p = -1;
  for (let j = 0; j < n; j++) {
    const b = s.baseOf[j]!;
    if (b !== NONE && !s.moved[b]) p = b;
    prev[j] = p;
  }
  let q = nB;
  for (let j = n - 1; j >= 0; j--) {
    const b = s.baseOf[j]!;
    if (b !== NONE && !s.moved[b]) q = b;
    next[j] = q;
  }
  return { prev, next };
}

/** For each base index, the base index of the side's last unmoved matched cell before it (-1 if none). */
export function anchorsBefore(s: SideAlignment, nB: number): Int32Array {
  const out = new Int32Array(nB);
  let k = 0;
  let last = -1;
  for (let i = 0; i < nB; i++) {
    while (k < s.chain.length && s.chain[k]![0] < i) last = s.chain[k++]![0];
    out[i] = last;
  }
  return out;
}
