/**
 * The merge of three notebooks in Jupyter's layout where no cell changed on both sides, made
 * from their texts cell by cell: the sides are read side by side in pieces, each cell's text
 * compared with the base's (a cell equal on all sides is parsed once, as the base's), and the
 * result is the text of the side that changed each cell. What {@link mergeNotebooks} writes
 * for such sides, without holding any of them: a large notebook's merge then costs what a few
 * cells cost.
 */
import { jsonEqual, NbgitError } from '@nbgit/core';
import { JUPYTER_HEAD, JUPYTER_SEP, jupyterCellTexts, parseJupyterCell, parseJupyterTail } from '@nbgit/ipynb';

/** The three sides of a merge as texts: each function reads its side again, in pieces. */
export interface TextSides {
  base: () => Iterable<string>;
  local: () => Iterable<string>;
  remote: () => Iterable<string>;
}

/** Not a merge this path makes: the general one must. */
const UNFIT = Symbol('unfit');

/**
 * The text `toIpynb(mergeNotebooks({base, local, remote}).notebook)` gives, in parts, when the
 * three sides are notebooks in exactly Jupyter's layout (`readJupyterLayout` reads each) with
 * nbformat 4.5 or later, the same number of cells, every cell with an id, unique in the base
 * and the same on every side at the same place, and no cell (nor the members around the cells)
 * changed differently on the two sides; `undefined` otherwise (merge the notebooks). The sides
 * are read once to find out, and again as the parts are taken: a side that changed in between
 * is an `EIO` {@link NbgitError}.
 */
export function mergeJupyterTexts(sides: TextSides): Iterable<string> | undefined {
  try {
    for (const _ of walk(sides)) {
      // read through: only whether it fits counts
    }
  } catch (e) {
    if (e === UNFIT) return undefined;
    throw e;
  }
  return written(sides);
}

function* written(sides: TextSides): Generator<string> {
  try {
    yield* walk(sides);
  } catch (e) {
    if (e !== UNFIT) throw e;
    throw new NbgitError('EIO', 'a notebook being merged changed while it was read');
  }
}

/** The merged text in parts; throws {@link UNFIT} when the sides do not fit. */
function* walk(sides: TextSides): Generator<string> {
  const base = jupyterCellTexts(sides.base());
  const local = jupyterCellTexts(sides.local());
  const remote = jupyterCellTexts(sides.remote());
  try {
    const ids = new Set<string>();
    yield JUPYTER_HEAD;
    for (let i = 0; ; i++) {
      const b = base.next();
      const l = local.next();
      const r = remote.next();
      if (b.done || l.done || r.done) {
        if (!(b.done && l.done && r.done)) throw UNFIT;
        const tail = b.value === undefined ? undefined : parseJupyterTail(b.value);
        const minor = tail?.nbformat_minor;
        if (tail === undefined || typeof minor !== 'number' || minor < 5) throw UNFIT;
        yield `\n ]${pick(b.value!, l.value, r.value, (text) => {
          const other = parseJupyterTail(text);
          return other !== undefined && other.nbformat_minor === minor && !jsonEqual(other, tail);
        })}`;
        return;
      }
      const cell = parseJupyterCell(b.value);
      const id = cell?.id;
      if (cell === undefined || typeof id !== 'string' || ids.has(id)) throw UNFIT;
      ids.add(id);
      if (i > 0) yield JUPYTER_SEP;
      yield pick(b.value, l.value, r.value, (text) => {
        const other = parseJupyterCell(text);
        return other !== undefined && other.id === id && !jsonEqual(other, cell);
      });
    }
  } finally {
    base.return(undefined);
    local.return(undefined);
    remote.return(undefined);
  }
}

/**
 * The text of the side that changed a part (`base` when neither did); `changed` takes each
 * side's text that is not the base's (a part of the same kind whose value differs). Throws
 * {@link UNFIT} when both sides changed it differently, or a change is not one `changed` takes.
 */
function pick(base: string, local: string | undefined, remote: string | undefined, changed: (text: string) => boolean): string {
  if (local === undefined || remote === undefined) throw UNFIT;
  if (local !== base && !changed(local)) throw UNFIT;
  if (remote !== base && remote !== local && !changed(remote)) throw UNFIT;
  if (local === base) return remote;
  if (remote === base || remote === local) return local;
  throw UNFIT;
}
