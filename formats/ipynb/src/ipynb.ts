/**
 * `fromIpynb` and `toIpynb`: read a notebook into nbformat's own JSON shape, and write it
 * back byte for byte. What the writer must remember about the file (its text, layout and
 * style) is kept in a WeakMap beside the notebook, never inside the user's data.
 */
import { type Cell, NbgitError, type Notebook, isJsonObject, positionAt } from '@nbgit/core';
import { assignIds } from './ids.js';
import { type ContainerLayout, parseJson } from './json.js';
import { upgradeV3 } from './upgrade.js';
import { Ctx, JUPYTER_STYLE, type Style, Writer } from './writer.js';

/** What `fromIpynb` remembers about a file. */
export interface FileLayout {
  text: string;
  root: ContainerLayout;
  byObject: WeakMap<object, ContainerLayout>;
  style: Style;
  /** Text before the top-level value (a byte order mark, whitespace). */
  leading: string;
}

const layouts = new WeakMap<object, FileLayout>();

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
}

/** Options of {@link toIpynb}. */
export interface ToIpynbOptions {
  /** Ignore the file's layout and write exactly as Jupyter does (what `nbgit fmt` writes). */
  canonical?: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 bytes keeping a byte order mark; throws a located error on invalid UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    let i = 0;
    // find the first invalid sequence for the message
    while (i < bytes.length) {
      const b = bytes[i]!;
      const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (len === 0) break;
      let ok = i + len <= bytes.length;
      for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
      if (!ok) break;
      i += len;
    }
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, i));
    throw new NbgitError('EJSON', `invalid UTF-8 at byte ${i}`, { file, position: positionAt(before, before.length) });
  }
}

function detectStyle(text: string, root: ContainerLayout, valueEnd: number): Style {
  let indent = JUPYTER_STYLE.indent;
  let eol = JUPYTER_STYLE.eol;
  let colon = JUPYTER_STYLE.colon;
  const first = root.memberStarts[0];
  if (first !== undefined) {
    const gap = text.slice(root.start + 1, first);
    const nl = gap.lastIndexOf('\n');
    if (nl === -1) {
      eol = '';
      indent = '';
    } else {
      eol = gap[nl - 1] === '\r' ? '\r\n' : '\n';
      indent = gap.slice(nl + 1);
    }
    if (!root.array) {
      const head = text.slice(first, root.valueStarts[0]);
      colon = head.slice(head.lastIndexOf('"') + 1);
    } else {
      // find an object member somewhere for the colon style
      const child = root.values.find((v) => typeof v === 'object' && v !== null && !(v as ContainerLayout).array && (v as ContainerLayout).keys.length > 0) as ContainerLayout | undefined;
      if (child) {
        const head = text.slice(child.memberStarts[0], child.valueStarts[0]);
        colon = head.slice(head.lastIndexOf('"') + 1);
      }
    }
  } else {
    const nl = text.indexOf('\n');
    if (nl > 0 && text[nl - 1] === '\r') eol = '\r\n';
  }
  return { indent, eol, colon, trailer: text.slice(valueEnd) };
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
  const parsed = parseJson(text, file);
  const value = parsed.value;
  const at = (offset: number) => positionAt(text, offset);
  if (!isJsonObject(value)) {
    throw new NbgitError('ENOTNOTEBOOK', `expected a notebook (a JSON object), found ${typeName(value)}`, { file, position: at(parsed.valueStart) });
  }
  const root = parsed.layout!;
  const remember = () => {
    layouts.set(value, { text, root, byObject: parsed.byObject, style: detectStyle(text, root, parsed.valueEnd), leading: text.slice(0, parsed.valueStart) });
  };
  const nbformat = value.nbformat;
  if (options.legacy === 'keep' && nbformat !== 4) {
    remember();
    return value as unknown as Notebook;
  }
  if (nbformat === undefined) {
    throw new NbgitError('EVERSION', 'not a notebook: no "nbformat" key (nbformat 4 notebooks have "nbformat": 4 and a "cells" list)', { file, position: at(parsed.valueStart) });
  }
  if (nbformat === 3) return upgradeV3(value) as Notebook;
  if (nbformat !== 4) {
    const i = root.keys.indexOf('nbformat');
    throw new NbgitError('EVERSION', `unsupported nbformat ${JSON.stringify(nbformat)}: nbgit reads nbformat 4 (and upgrades 3)`, { file, position: at(root.valueStarts[i] ?? parsed.valueStart) });
  }
  if (!Array.isArray(value.cells)) {
    const i = root.keys.indexOf('cells');
    const reason = i === -1 ? 'notebook has no "cells" list' : `"cells" must be a list, found ${typeName(value.cells)}`;
    throw new NbgitError('ENOTNOTEBOOK', reason, { file, position: at(i === -1 ? parsed.valueStart : root.valueStarts[i]!), path: 'cells' });
  }
  remember();
  return value as unknown as Notebook;
}

/**
 * Writes a notebook as .ipynb text. A notebook read by {@link fromIpynb} keeps the bytes
 * of everything that did not change, and changed parts follow the file's own style. A new
 * notebook (or `{canonical: true}`) is written exactly as Jupyter writes it.
 */
export function toIpynb(nb: Notebook, options: ToIpynbOptions = {}): string {
  const layout = options.canonical ? undefined : layouts.get(nb);
  if (layout === undefined) {
    const source = options.canonical ? layouts.get(nb) : undefined;
    const w = new Writer(source?.text ?? '', JUPYTER_STYLE, undefined, source !== undefined);
    return w.write(nb, source?.root, 0, Ctx.Root) + '\n';
  }
  const w = new Writer(layout.text, layout.style, layout.byObject);
  return layout.leading + w.write(nb, layout.root, 0, Ctx.Root) + layout.style.trailer;
}

/** Cells of a notebook as an array (for callers holding loosely typed data). */
export function cellsOf(nb: Notebook): Cell[] {
  return nb.cells;
}

export { assignIds };
