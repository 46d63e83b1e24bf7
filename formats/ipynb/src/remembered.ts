/**
 * What `fromIpynb` remembers about a file (its text, layout and style), kept with the
 * notebook object as a private class field, never in the user's data (see {@link Remembered}).
 */
import type { ContainerLayout } from './layout.js';
import type { Style } from './style.js';

/** What `fromIpynb` remembers about a file. */
export interface FileLayout {
  text: string;
  /**
   * True when the file is exactly what Jupyter writes for its data: then writing in
   * Jupyter's layout reproduces it, and no per-node layout is kept (the fast path).
   * For a file read with `JSON.parse`, known once {@link recorded} ran.
   */
  canonical: boolean;
  /** True for a file read with `JSON.parse` (then {@link recorded} gives its record of values). */
  native?: boolean;
  /**
   * For a file read with `JSON.parse`, every value of the notebook as read
   * ({@link recordValues}), made on the first write: while the notebook still equals it,
   * the writer gives back `text` as it is.
   */
  snapshot?: unknown[];
  /** For a file read with `JSON.parse`, the cells as read, to find their node layouts later. */
  cells?: unknown[];
  /** For a Jupyter-layout file, where each cell's record starts in `snapshot` (and where the last ends). */
  cellStarts?: number[];
  /** For a Jupyter-layout file, the text of a cell read from it that did not change (see {@link cellTextOf}). */
  cellText?: ((cell: unknown) => string | undefined) | null;
  /** Layout of the top-level object (made when first needed; see {@link rootLayout}). */
  root?: ContainerLayout;
  byObject?: WeakMap<object, ContainerLayout>;
  /** The file's style (made with the node layout when the file is not canonical). */
  style?: Style;
  /** Text before the top-level value (a byte order mark, whitespace). */
  leading?: string;
}

export type NodeLayout = FileLayout & { root: ContainerLayout; style: Style; leading: string };

/** Returns the object it is given, so that a subclass can give that object a private field. */
class Given {
  constructor(o: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: the object is given private state.
    return o;
  }
}

/**
 * What `fromIpynb` remembers about a notebook, kept with the notebook object as a private
 * class field: as invisible as a WeakMap entry (no key, symbol or copy shows it; JSON,
 * `structuredClone` and spreads leave it), but without the cost a WeakMap has here: V8's
 * young-generation collections keep every WeakMap value alive, and the record of a notebook
 * read holds all its strings, so each notebook read and dropped would be copied to the old
 * generation first. A WeakMap remains for objects that take no new field.
 */
class Remembered extends Given {
  #layout: FileLayout;
  private constructor(o: object, layout: FileLayout) {
    super(o);
    this.#layout = layout;
  }
  static get(o: object): FileLayout | undefined {
    if (typeof o !== 'object' || o === null) return undefined;
    return #layout in o ? (o as Remembered).#layout : fallback.get(o);
  }
  static set(o: object, layout: FileLayout): void {
    if (#layout in o) (o as Remembered).#layout = layout;
    else if (Object.isExtensible(o)) new Remembered(o, layout);
    else fallback.set(o, layout);
  }
}

const fallback = new WeakMap<object, FileLayout>();
/** Where `fromIpynb` keeps the layout of a notebook it read. */
export const layouts = { get: Remembered.get, set: Remembered.set };

/** The layout `fromIpynb` recorded for `nb`, if it read it. */
export function layoutOf(nb: object): FileLayout | undefined {
  return layouts.get(nb);
}

/**
 * Makes `copy` write like `original` did: `toIpynb(copy)` keeps the original bytes of
 * every part of `copy` that equals the original file. Use it after copying a notebook
 * (`structuredClone`, spread) that `fromIpynb` read. Returns `copy`.
 */
export function withLayoutOf<T extends object>(copy: T, original: object): T {
  const l = layouts.get(original);
  if (l !== undefined && copy !== original) layouts.set(copy, l);
  return copy;
}
