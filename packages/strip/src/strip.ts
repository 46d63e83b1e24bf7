/**
 * `strip`: remove outputs, execution counts and volatile metadata from a notebook, with
 * nbstripout's rules. The input is never mutated: changed objects are copied and
 * everything else is shared, so `toIpynb` (from @nbgit/ipynb) gives back the original
 * bytes of every part that did not change, and a notebook with nothing to strip comes
 * back as the very same object.
 */
import { checkNotebook, isJsonObject, type JsonObject, type JsonValue, type Notebook } from '@nbgit/core';
import { withLayoutOf } from '@nbgit/ipynb';
import type { StripOptions } from './options.js';
import { pythonTruthy } from './python-values.js';
import { resolve } from './resolve-options.js';
import { Stripper } from './stripper.js';

/** One thing {@link stripWithReport} removed or changed. */
export interface StripChange {
  /**
   * What changed: `outputs` (outputs removed), `execution_count` (a count cleared, on the
   * cell or in its outputs), `key` (a metadata or other key removed), `cell` (a cell
   * dropped), `id` (a cell id renumbered).
   */
  kind: 'outputs' | 'execution_count' | 'key' | 'cell' | 'id';
  /** Where, as a path into the input notebook: `cells[3].outputs`, `metadata.widgets`. */
  path: string;
}

/** What {@link stripWithReport} returns. */
export interface StripResult {
  /** The stripped notebook; the input object itself when nothing changed. */
  notebook: Notebook;
  /** What was removed, in notebook order. Empty when the notebook was already clean. */
  changes: StripChange[];
}

type Obj = Record<string, unknown>;

/** Strips with or without a report of the changes. */
function run(nb: Notebook, options: StripOptions, report: boolean): StripResult {
  const o = resolve(options);
  const root = nb as unknown as Obj;
  const md = isJsonObject(root.metadata) ? root.metadata : undefined;
  let keepDefault = o.keepOutput;
  if (keepDefault === undefined && md !== undefined && Object.hasOwn(md, 'keep_output')) keepDefault = pythonTruthy(md.keep_output);
  const s = new Stripper(o, keepDefault === true, report);
  let out: Obj | undefined;
  const set = (k: string, v: unknown) => {
    out ??= { ...root };
    out[k] = v;
  };
  if (md !== undefined) {
    const next = s.metadata(md);
    if (next !== md) set('metadata', next);
  }
  if (Array.isArray(root.cells)) {
    const cells = s.cells(root.cells, 'cells');
    if (cells !== root.cells) set('cells', cells);
  } else if (Array.isArray(root.worksheets)) {
    // nbformat 2 and 3: cells live in worksheets.
    const sheets = root.worksheets as unknown[];
    let changed: unknown[] | undefined;
    for (let w = 0; w < sheets.length; w++) {
      const ws = sheets[w];
      if (!isJsonObject(ws) || !Array.isArray(ws.cells)) continue;
      const cells = s.cells(ws.cells, `worksheets[${w}].cells`);
      if (cells === ws.cells) continue;
      changed ??= sheets.slice();
      changed[w] = { ...ws, cells: cells as JsonValue[] };
    }
    if (changed) set('worksheets', changed);
  }
  // A copy writes like the file it came from (see withLayoutOf in @nbgit/ipynb).
  return { notebook: (out === undefined ? root : withLayoutOf(out, root)) as unknown as Notebook, changes: s.changes ?? [] };
}

/**
 * Strips a notebook and says what it removed. See {@link strip}. Throws an `ESCHEMA`
 * {@link NbgitError} when a cell has `keep_output: false` and a `keep_output` tag.
 */
export function stripWithReport(nb: Notebook, options: StripOptions = {}): StripResult {
  checkNotebook(nb, { name: 'strip', legacy: true });
  return run(nb, options, true);
}

/**
 * Strips outputs, execution counts and volatile metadata from a notebook, with
 * nbstripout's defaults and options (see {@link StripOptions}); cell ids are kept unless
 * `sequentialIds`. Works on nbformat 4 and on nbformat 2/3 worksheets. Pure and never
 * mutates `nb`: the result shares every unchanged part with it, and is `nb` itself when
 * there was nothing to strip, so `toIpynb(strip(nb))` is byte-identical for a clean
 * notebook and stripping twice changes nothing more.
 */
export function strip(nb: Notebook, options: StripOptions = {}): Notebook {
  checkNotebook(nb, { name: 'strip', legacy: true });
  return run(nb, options, false).notebook;
}

/** True when {@link strip} would change nothing. */
export function isStripped(nb: Notebook, options: StripOptions = {}): boolean {
  return strip(nb, options) === nb;
}
/**
 * Strips a Zeppelin note (`.zpln`): every paragraph's `results` becomes `{}`, as
 * nbstripout's zeppelin mode does. Pure; returns `note` itself when nothing changed.
 */
export function stripZeppelin<T extends object>(note: T): T {
  const paragraphs = (note as Obj).paragraphs;
  if (!Array.isArray(paragraphs)) return note;
  let out: unknown[] | undefined;
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i];
    if (!isJsonObject(p) || !Object.hasOwn(p, 'results')) continue;
    const r = p.results;
    if (isJsonObject(r) && Object.keys(r).length === 0) continue;
    out ??= paragraphs.slice();
    out[i] = { ...p, results: {} as JsonObject };
  }
  return out ? withLayoutOf({ ...note, paragraphs: out } as T, note) : note;
}
