/**
 * Collecting garbage at the points where a command has just let go of a large input (its
 * bytes once decoded, its text once parsed). V8 starts a full collection when its heap has
 * grown by a factor of what was live at the last one, and frees the bytes of a file read
 * (memory outside its heap) only at such a collection: a command that reads a second large
 * notebook would otherwise still hold the first one's bytes and text while it reads it, and
 * its peak would be set by garbage. A full collection costs milliseconds per 100 MB of live
 * data, so it is done only for inputs of {@link LARGE_INPUT} or more.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Inputs of at least this many bytes (or characters) are worth a collection once let go. */
export const LARGE_INPUT = 16 << 20;

let gc: (() => void) | null | undefined;

/** Collects garbage now when `size` (of what was just let go) is at least {@link LARGE_INPUT}. */
export function collectGarbage(size: number): void {
  if (size < LARGE_INPUT) return;
  collectNow();
}

/**
 * Collects garbage now, whatever the size: for a command that streams a large input and
 * makes its garbage (parsed pieces, the text written) in the old generation faster than V8
 * starts a full collection there by itself (a collection costs a few ms per 10 MB still live).
 */
export function collectNow(): void {
  largeInputMode();
  gc?.();
}

/**
 * Sets V8 up for a large input, once: its `gc` function made callable, and its generations
 * kept from growing far past what is live (see below). {@link collectNow} does it first; a
 * command that streams a large input without holding it calls it before it starts.
 */
export function largeInputMode(): void {
  if (gc !== undefined) return;
  try {
    // V8's own `gc` function, made visible to a new context (the process's global is left as
    // it is); the bytes of a file let go are freed by the collection itself, not later by
    // a background thread (the parse that follows would run beside them)
    setFlagsFromString('--expose-gc');
    setFlagsFromString('--no-concurrent-array-buffer-sweeping');
    // and, once a large input is seen, a young generation that does not grow, and an old
    // one let grow by 30% of what was live at the last full collection (V8 takes up to 4x
    // when it allocates fast: a merge of two 26 MB notebooks then peaked with 160 MB of
    // garbage): 20-25% less peak memory for 20% more CPU, on large inputs only
    setFlagsFromString('--semi-space-growth-factor=1');
    setFlagsFromString('--heap-growing-percent=30');
    gc = runInNewContext('gc') as () => void;
  } catch {
    gc = null;
  }
}
