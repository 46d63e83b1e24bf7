/**
 * `fromIpynb` and `toIpynb`: read a notebook into nbformat's own JSON shape, and write it
 * back byte for byte. What the writer must remember about the file (its text, layout and
 * style) is kept with the notebook object as a private class field, never in the user's
 * data (see remembered.ts); the fast path reads natively and makes the rest when first
 * needed (lazy-layout.ts).
 */
import {
  checkNotebook,
  deepestPath,
  formatPath,
  isJsonObject,
  type JsonObject,
  type JsonPath,
  MAX_DEPTH,
  NbgitError,
  type Notebook,
  positionAt,
} from '@nbgit/core';
import { cellLayouts } from './cell-layouts.js';
import { Ctx } from './context.js';
import { parseJson } from './json.js';
import { indexOfKey, valueStartAt } from './layout.js';
import { cellTextOf, LARGE_TEXT, nodeLayout, readNative, record, recorded } from './lazy-layout.js';
import { locateIn } from './locate.js';
import { UNSURE, walkNotebook } from './native-check.js';
import { type FileLayout, layouts } from './remembered.js';
import { REFUSE } from './special-numbers.js';
import { detectStyle, JUPYTER_STYLE } from './style.js';
import { upgradeChecked, v3Cells } from './upgrade.js';
import { decodeUtf8 } from './utf8.js';
import { unchangedSince } from './value-record.js';
import { Writer } from './writer.js';

/** Options of {@link fromIpynb}. */
export interface FromIpynbOptions {
  /** File name for error messages. */
  file?: string;
  /**
   * What to do with notebooks older than nbformat 4: `'upgrade'` (the default) upgrades
   * nbformat 3 to 4 as Jupyter does and rejects older ones; `'keep'` returns any JSON
   * object as it is, for tools (like strip) that must keep old files in their format.
   */
  legacy?: 'upgrade' | 'keep';
  /**
   * Check what nbgit relies on (the default, true): a notebook whose spine (cells, their
   * types, sources, outputs) breaks nbformat throws a located `ESCHEMA` error. `false` for
   * validation, which reports every problem instead; the depth limit (`MAX_DEPTH`) holds
   * either way.
   */
  check?: boolean;
  /**
   * The notebook will be written (`toIpynb`): make now, from the values just read, the record
   * of them the writer compares the notebook with, instead of on the first write from a
   * second parse of the text. Default false (a text of 16 MB or more is recorded when read
   * either way).
   */
  record?: boolean;
}

/** Options of {@link toIpynb}. */
export interface ToIpynbOptions {
  /** Ignore the file's layout and write exactly as Jupyter does (what `nbgit fmt` writes). */
  canonical?: boolean;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Reads an .ipynb file. The result has nbformat's own JSON shape; multi-line strings stay
 * as the file had them. nbformat 4.0-4.5 is returned as it is, nbformat 3 is upgraded to
 * 4 as Jupyter does, other versions are rejected. Throws an {@link NbgitError} with file,
 * line and column on invalid JSON, an empty file, or JSON that is not a notebook.
 */
export function fromIpynb(input: string | Uint8Array, options: FromIpynbOptions = {}): Notebook {
  const { file } = options;
  const text = typeof input === 'string' ? input : decodeUtf8(input, file);
  const check = options.check ?? true;
  const keep = options.legacy === 'keep';
  // What every command relies on, and a bounded depth for the walkers after this; a notebook
  // that fails goes to the lossless parser below, whose error says where in the file.
  const native = readNative(text, check, keep);
  if (native !== undefined) {
    const nbformat = native.nbformat;
    if (nbformat === 4 && Array.isArray(native.cells)) {
      const layout: FileLayout = { text, canonical: false, native: true, cells: native.cells.slice() };
      layouts.set(native, layout);
      if (text.length >= LARGE_TEXT || options.record === true) record(layout, native);
      return native as unknown as Notebook;
    }
    if (options.legacy === 'keep' && nbformat !== 4) {
      layouts.set(native, { text, canonical: false, native: true, cells: [] });
      return native as unknown as Notebook;
    }
    if (nbformat === 3) {
      // the v3 notebook keeps its layout: upgradedFrom(result) writes back as it was
      const layout: FileLayout = { text, canonical: false, native: true, cells: v3Cells(native) };
      layouts.set(native, layout);
      if (text.length >= LARGE_TEXT || options.record === true) record(layout, native);
      return upgradeChecked(native, (upgraded) => checkUpgraded(upgraded, file));
    }
    // Anything else is an error, located by the lossless parser's layout below.
  }
  const parsed = parseJson(text, file);
  const value = parsed.value;
  const at = (offset: number) => positionAt(text, offset);
  if (!isJsonObject(value)) {
    throw new NbgitError('ENOTNOTEBOOK', `expected a notebook (a JSON object), found ${typeName(value)}`, { file, position: at(parsed.valueStart) });
  }
  const root = parsed.layout!;
  const locate = (path: JsonPath) => locateIn(text, root, path);
  const checked = (nb: unknown, legacy: boolean) => {
    if (check) checkNotebook(nb, { file, locate, legacy });
  };
  const remember = () => {
    const cells = Array.isArray(value.cells) ? value.cells : v3Cells(value);
    layouts.set(value, {
      text,
      canonical: false,
      root,
      byObject: cellLayouts(cells, root),
      style: detectStyle(text, root, parsed.valueEnd),
      leading: text.slice(0, parsed.valueStart),
    });
  };
  const nbformat = value.nbformat;
  if (options.legacy === 'keep' && nbformat !== 4) {
    checked(value, true);
    remember();
    return value as unknown as Notebook;
  }
  if (nbformat === undefined) {
    throw new NbgitError('EVERSION', 'not a notebook: no "nbformat" key (nbformat 4 notebooks have "nbformat": 4 and a "cells" list)', {
      file,
      position: at(parsed.valueStart),
    });
  }
  if (nbformat === 3) {
    checkNotebook(value, { file, locate });
    remember();
    return upgradeChecked(value, (upgraded) => checkUpgraded(upgraded, file));
  }
  if (nbformat !== 4) {
    const i = indexOfKey(root, 'nbformat');
    throw new NbgitError('EVERSION', `unsupported nbformat ${JSON.stringify(nbformat)}: nbgit reads nbformat 4 (and upgrades 3)`, {
      file,
      position: at(i === -1 ? parsed.valueStart : valueStartAt(root, i)),
    });
  }
  if (!Array.isArray(value.cells)) {
    const i = indexOfKey(root, 'cells');
    const reason = i === -1 ? 'notebook has no "cells" list' : `"cells" must be a list, found ${typeName(value.cells)}`;
    throw new NbgitError('ENOTNOTEBOOK', reason, { file, position: at(i === -1 ? parsed.valueStart : valueStartAt(root, i)), path: 'cells' });
  }
  checked(value, keep);
  remember();
  return value as unknown as Notebook;
}

/** Checks a notebook upgraded from nbformat 3 as `checkNotebook` does (the one-pass walk answers for most). */
function checkUpgraded(nb: Notebook, file: string | undefined): void {
  const found = walkNotebook(nb as unknown as JsonObject);
  if (found === UNSURE || found === REFUSE) checkNotebook(nb, { file });
}

/**
 * Writes a notebook as .ipynb text. A notebook read by {@link fromIpynb} keeps the bytes
 * of everything that did not change, and changed parts follow the file's own style. A new
 * notebook (or `{canonical: true}`) is written exactly as Jupyter writes it.
 */
export function toIpynb(nb: Notebook, options: ToIpynbOptions = {}): string {
  const parts = [...writeParts(nb, options, false)];
  return parts.length === 1 ? parts[0]! : parts.join('');
}

/**
 * {@link toIpynb} as parts whose concatenation is its text: a large notebook is written (to a
 * file, a stream) without its whole text ever being one string. Unchanged parts are slices of
 * the text read; a notebook written in Jupyter's layout comes cell by cell, each made as it
 * is taken (the parts can be taken once, and the notebook must not change meanwhile).
 */
export function toIpynbParts(nb: Notebook, options: ToIpynbOptions = {}): Iterable<string> {
  return writeParts(nb, options, true);
}

/** {@link toIpynbParts}; `split`: a notebook written as `JSON.stringify` would write it comes cell by cell (else in one part). */
function writeParts(nb: Notebook, options: ToIpynbOptions, split: boolean): Iterable<string> {
  // a JSON writer: it relies on nothing but a bounded depth
  const deep = deepestPath(nb);
  if (deep !== undefined)
    throw new NbgitError('ELIMIT', `toIpynb: ${formatPath(deep)}: nested deeper than ${MAX_DEPTH} levels (nbgit's limit)`, { path: formatPath(deep) });
  const known = layouts.get(nb);
  if (known?.native) recorded(known);
  if (known?.snapshot !== undefined && unchangedSince(nb, known.snapshot)) {
    // Nothing changed since the file was read: its text is what the writer would give back.
    if (!options.canonical) return [known.text];
    if (known.canonical) return known.style?.trailer === '\n' ? [known.text] : [known.text, '\n'];
  }
  if (options.canonical || known === undefined || known.canonical) {
    // In Jupyter's layout the file's own layout only keeps number lexemes Python also writes;
    // a file read natively has none that the writer would not write the same (JSON.parse
    // keeps no other lexeme): its node layout, as large as the notebook, is not made.
    const source = options.canonical && known !== undefined && !known.canonical && !known.native ? nodeLayout(known) : undefined;
    const cellText = known?.canonical ? cellTextOf(known) : undefined;
    const w = new Writer(source?.text ?? '', JUPYTER_STYLE, undefined, source !== undefined, cellText);
    const v3 = isV3(nb);
    // nbformat 3 as Jupyter wrote it then: IPython's v3 writer ended files without a newline,
    // nbformat's with one; a v3 file keeps which it had
    const trailer =
      v3 && known !== undefined ? (known.text.endsWith('\n') ? '\n' : '') : options.canonical || known === undefined ? '\n' : (known.style?.trailer ?? '\n');
    return concatParts([], w.serializeParts(nb, source?.root, v3 ? Ctx.RootV3 : Ctx.Root, split), [trailer]);
  }
  const l = nodeLayout(known);
  const w = new Writer(l.text, l.style, l.byObject);
  return concatParts([l.leading], w.serializeParts(nb, l.root, Ctx.Root, split), [l.style.trailer]);
}

/** The parts of `a`, `b` and `c` in turn (all made already but the lazy parts of a notebook written cell by cell). */
function* concatParts(a: string[], b: Iterable<string>, c: string[]): Generator<string> {
  yield* a;
  yield* b;
  yield* c;
}

/** True for an nbformat 3 notebook object (its cells in worksheets), as `fromIpynb(text, {legacy: 'keep'})` returns it. */
function isV3(nb: Notebook): boolean {
  const o = nb as unknown as JsonObject;
  return o.nbformat === 3 && Array.isArray(o.worksheets);
}

/**
 * True when `nb` is an nbformat 4 notebook {@link fromIpynb} read natively from a text in
 * exactly Jupyter's layout (indent 1, keys sorted, a final newline): `toIpynb` then writes it,
 * and every notebook made from it with its layout (changed or not), as it writes a copy
 * without the layout (`{...nb}`), so a caller that holds a large notebook can let its text go.
 * For a text under 16 MB this reads the text again (once).
 */
export function inJupyterLayout(nb: Notebook): boolean {
  const known = layouts.get(nb);
  if (known === undefined || !known.native || nb.nbformat !== 4) return false;
  const r = recorded(known);
  return r.canonical && r.style?.trailer === '\n';
}
