/**
 * The layout tree the lossless JSON reader (`parseJson` in json.ts, or
 * `layoutFromRecord`) gives beside the values: for every object and array, its span in the
 * text and, for every member, the spans of its key and value and the value as read. The
 * writer uses it to give back the original bytes of everything that did not change.
 */
/**
 * Layout of one object or array as read, in one flat array (few allocations: a notebook
 * has many small containers). Slots: `[kind, start, end, ...members]` where `kind` is 0
 * for an object and 1 for an array, `[start, end)` is the container's span, and each
 * member takes {@link STRIDE} slots: its key (objects; `null` in arrays), the start and
 * end of its value, and the value as read (primitives) or the member's own layout
 * (containers, which are always arrays here, so `Array.isArray` tells them apart).
 */
export type ContainerLayout = unknown[];

/** Slots per member. */
export const STRIDE = 4;
/** Slot of the first member. */
export const HEAD = 3;

/** True for an array's layout. */
export const isArrayLayout = (l: ContainerLayout): boolean => l[0] === 1;
/** Start offset of the container. */
export const startOf = (l: ContainerLayout): number => l[1] as number;
/** End offset of the container (exclusive). */
export const endOf = (l: ContainerLayout): number => l[2] as number;
/** Number of members. */
export const countOf = (l: ContainerLayout): number => (l.length - HEAD) / STRIDE;
/** Key of member `i` (objects). */
export const keyAt = (l: ContainerLayout, i: number): string => l[HEAD + i * STRIDE] as string;
/** Where member `i`'s value starts. */
export const valueStartAt = (l: ContainerLayout, i: number): number => l[HEAD + i * STRIDE + 1] as number;
/** Where member `i`'s value ends. */
export const valueEndAt = (l: ContainerLayout, i: number): number => l[HEAD + i * STRIDE + 2] as number;
/** Member `i`'s value as read, or its layout. */
export const valueAt = (l: ContainerLayout, i: number): unknown => l[HEAD + i * STRIDE + 3];
/** The keys of an object layout, in file order. */
export function keysOf(l: ContainerLayout): string[] {
  const keys: string[] = [];
  for (let j = HEAD; j < l.length; j += STRIDE) keys.push(l[j] as string);
  return keys;
}
/** Index of the last member with key `key`, or -1. */
export function indexOfKey(l: ContainerLayout, key: string): number {
  for (let j = l.length - STRIDE; j >= HEAD; j -= STRIDE) if (l[j] === key) return (j - HEAD) / STRIDE;
  return -1;
}

/** True when a member value slot holds a layout (a container). */
export function isLayout(v: unknown): v is ContainerLayout {
  return Array.isArray(v);
}
