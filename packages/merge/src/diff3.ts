/**
 * diff3 on lines: the three-way merge of every text (cell sources, split parts, files the
 * merge driver merges as text). Each side is diffed against base with Myers' algorithm
 * (myers.ts), and the changes are grouped into regions as diff3 groups them (regions.ts):
 * a region only one side changed takes that side's lines, a region both changed identically
 * takes them once, and any other region both changed is a conflict.
 */
import { sameItems } from '@nbgit/core';
import { diffLines, pushAll } from './myers.js';
import { changeRegions } from './regions.js';

/** Lines both sides agree on (after the merge). */
export interface CleanRegion {
  ok: string[];
}

/** Lines both sides changed differently: local's (`a`), base's (`o`) and remote's (`b`). */
export interface ConflictRegion {
  conflict: { a: string[]; o: string[]; b: string[] };
}

/** One region of a three-way merge. */
export type Region3 = CleanRegion | ConflictRegion;

/**
 * diff3 of `a` (local) and `b` (remote) against `o` (base): changes of one side are taken,
 * identical changes once, overlapping or touching different changes conflict. Clean regions
 * next to each other are joined.
 */
export function diff3Lines(a: readonly string[], o: readonly string[], b: readonly string[]): Region3[] {
  const out: Region3[] = [];
  let ok: string[] = [];
  let cur = 0;
  for (const region of changeRegions(diffLines(o, a), diffLines(o, b))) {
    for (let i = cur; i < region.oStart; i++) ok.push(o[i]!);
    cur = region.oEnd;
    const la = region.local === undefined ? undefined : a.slice(region.local[0], region.local[1]);
    const lb = region.remote === undefined ? undefined : b.slice(region.remote[0], region.remote[1]);
    if (lb === undefined) pushAll(ok, la!);
    else if (la === undefined || sameItems(la, lb)) pushAll(ok, lb);
    else {
      if (ok.length > 0) out.push({ ok });
      ok = [];
      out.push({ conflict: { a: la, o: o.slice(region.oStart, region.oEnd), b: lb } });
    }
  }
  for (let i = cur; i < o.length; i++) ok.push(o[i]!);
  if (ok.length > 0) out.push({ ok });
  return out;
}
