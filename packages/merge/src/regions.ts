/**
 * The regions of a three-way merge, shared by the line merge of texts (diff3.ts) and the
 * merge of the cell order (order.ts).
 *
 * Each side's changes against base are hunks: base items [oStart, oEnd) became the side's
 * items [xStart, xEnd). The hunks of both sides are grouped as diff3 groups them: hunks that
 * overlap or touch (one starts where another ends, or at the same place) form one region,
 * transitively. A region says which base items it covers and, for each side that changed
 * something in it, the side's items over the whole region (its hunks plus the base items
 * around them that the side left alone). Between regions, base is unchanged on both sides.
 *
 * ```
 * base    a b c d e        local  a B c d e        (hunk [1,2) -> [1,2))
 *                          remote a b C d X e      (hunks [2,3) -> [2,3), [4,4) -> [4,5))
 * regions [1,3): local [1,3) "B c", remote [1,3) "b C"   (touching: one region)
 *         [4,4): remote [4,5) "X"
 * ```
 */

/** A change of one side: base items [oStart, oEnd) became the side's items [xStart, xEnd). */
export interface Hunk {
  oStart: number;
  oEnd: number;
  xStart: number;
  xEnd: number;
}

/** A half-open range of a side's items. */
export type Range = readonly [start: number, end: number];

/** A region of base changed by one or both sides. */
export interface ChangeRegion {
  /** First base item of the region. */
  oStart: number;
  /** End (exclusive) of the region in base. */
  oEnd: number;
  /** Local's items over the region; undefined when local left it as base has it. */
  local: Range | undefined;
  /** Remote's items over the region; undefined when remote left it as base has it. */
  remote: Range | undefined;
}

/**
 * Groups the hunks of two sides into regions, in base order.
 *
 * @param local - Local's hunks against base, in base order, not overlapping.
 * @param remote - Remote's hunks against base, in base order, not overlapping.
 * @returns The changed regions, in base order.
 */
export function changeRegions(local: readonly Hunk[], remote: readonly Hunk[]): ChangeRegion[] {
  const out: ChangeRegion[] = [];
  let i = 0;
  let j = 0;
  // local first where both start at the same base item
  const localNext = () => i < local.length && (j >= remote.length || local[i]!.oStart <= remote[j]!.oStart);
  while (i < local.length || j < remote.length) {
    const first = localNext() ? local[i]! : remote[j]!;
    const oStart = first.oStart;
    let oEnd = first.oEnd;
    let l0 = -1;
    let l1 = -1;
    let r0 = -1;
    let r1 = -1;
    for (;;) {
      if (localNext() && local[i]!.oStart <= oEnd) {
        if (l0 === -1) l0 = i;
        l1 = i;
        oEnd = Math.max(oEnd, local[i++]!.oEnd);
      } else if (j < remote.length && remote[j]!.oStart <= oEnd) {
        if (r0 === -1) r0 = j;
        r1 = j;
        oEnd = Math.max(oEnd, remote[j++]!.oEnd);
      } else break;
    }
    out.push({ oStart, oEnd, local: span(local, l0, l1, oStart, oEnd), remote: span(remote, r0, r1, oStart, oEnd) });
  }
  return out;
}

/** A side's items over [oStart, oEnd), from its first and last hunk there (undefined: none). */
function span(hunks: readonly Hunk[], first: number, last: number, oStart: number, oEnd: number): Range | undefined {
  if (first === -1) return undefined;
  const a = hunks[first]!;
  const z = hunks[last]!;
  return [a.xStart - (a.oStart - oStart), z.xEnd + (oEnd - z.oEnd)];
}
