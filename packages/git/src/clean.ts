/**
 * The clean filter on bytes: what git stores for a notebook in the working tree. Shared
 * by the long-running filter process and the one-shot `nbgit clean`.
 */
import { isAscii } from 'node:buffer';
import { checkNotebook, isJsonObject, type JsonObject, type Notebook } from '@nbgit/core';
import { decodeUtf8, fromIpynb, isStringified, toIpynb } from '@nbgit/ipynb';
import { type ConflictMarkers, findConflictMarkers, type StripOptions, strip, stripJupyterText, stripZeppelin, type TextStripResult } from '@nbgit/strip';

/** Options of {@link cleanContent}. */
export interface CleanOptions {
  /** Path of the file (for error messages; `.zpln` files are Zeppelin notes). */
  pathname?: string;
  /** What to strip (see @nbgit/strip). */
  strip?: StripOptions;
  /**
   * Receives a warning (one line, no newline) for each cell that still has conflict
   * markers (see {@link conflictMarkerWarnings}). The content is cleaned all the same.
   */
  warn?: (message: string) => void;
  /**
   * Called every few MB while a large notebook is cleaned cell by cell: the caller may collect
   * garbage there (what was read and written so far), which V8 would otherwise let pile up.
   */
  collect?: () => void;
}

/**
 * The fast path, for the common layouts, with the native JSON parser and writer. When the
 * text is exactly what `JSON.stringify(value, null, 1)` writes (Jupyter's layout, as long
 * as no number or key order differs), the byte-exact writer would give back exactly
 * `JSON.stringify(stripped, null, 1)`: strip only removes members, empties lists and
 * objects, and writes `null` or strings, and every unchanged part keeps its bytes. A
 * notebook with nothing to strip needs no writing at all, whatever its layout. Returns
 * undefined when the byte-exact path must decide (other layouts).
 */
function fastClean(
  text: string,
  value: Record<string, unknown>,
  content: Uint8Array,
  ascii: boolean,
  options: StripOptions | undefined,
): Uint8Array | undefined {
  const stripped = strip(value as unknown as Notebook, options);
  if (stripped === value) return content;
  // With or without the final newline (older writers and nbconvert left it out; the
  // byte-exact writer keeps that too).
  const newline = text.endsWith('}\n');
  if ((!newline && !text.endsWith('}')) || text.charCodeAt(1) !== 10) return undefined;
  const end = newline ? text.length - 1 : text.length;
  // (compared piece by piece when large: no second text of a large notebook is made)
  let out: string | undefined;
  if (isStringified(text, end, value as JsonObject)) out = JSON.stringify(stripped, null, 1);
  else {
    // Google Colab writes the hex digits of `\u` escapes in upper case (`\u001B` in ANSI
    // coloured outputs), JSON.stringify in lower case. Such a file, but for that, in the
    // layout: when the stripped notebook has no `\u` escape left (they were all in what strip
    // removed), every kept string is spelled as JSON.stringify spells it, and the byte-exact
    // writer gives JSON.stringify's text.
    if (!UPPER_HEX_ESCAPE.test(text)) return undefined;
    const lower = text.replace(ESCAPE, (m) => (m.length === 6 ? m.toLowerCase() : m));
    if (!isStringified(lower, end, value as JsonObject)) return undefined;
    out = JSON.stringify(stripped, null, 1);
    if (out.includes('\\u')) return undefined;
  }
  // The output's characters are the input's (strip adds only `[]`, `null` and members it
  // keeps), so ASCII in gives ASCII out, which latin1 encodes byte for byte, faster.
  return Buffer.from(newline ? `${out}\n` : out, ascii ? 'latin1' : 'utf8');
}

/** A `\u` escape with an upper-case hex digit (or text that looks like one after an escaped backslash: then only slower). */
const UPPER_HEX_ESCAPE = /\\u[0-9a-fA-F]{0,3}[A-F]/;
/** Each escape of a JSON text, left to right (an escaped backslash is one: the character after it starts none). */
const ESCAPE = /\\(?:u[0-9a-fA-F]{4}|[^u])/g;

/**
 * One warning per cell of `nb` that still has git conflict markers (`<<<<<<<` or `>>>>>>>`
 * lines) in its source, naming the file and the cell as `nbgit diff` does:
 * `a.ipynb: cell 3 (code, id k3) still has conflict markers (line 2 of its source)`.
 */
export function conflictMarkerWarnings(nb: object, file?: string): string[] {
  return findConflictMarkers(nb).map((m) => conflictMarkerWarning(m, file));
}

/** The warning of {@link conflictMarkerWarnings} for one cell. */
export function conflictMarkerWarning(m: ConflictMarkers, file?: string): string {
  const label = m.id === undefined ? m.cellType : `${m.cellType}, id ${m.id}`;
  return `${file ?? '<stdin>'}: cell ${m.cell} (${label}) still has conflict markers (line ${m.line} of its source); resolve them before you commit`;
}

/**
 * What to do when git cannot clean a file and `filter.nbgit.required` is true: git then
 * refuses every command that needs the cleaned file (add, but also diff, checkout, stash).
 * A few lines for stderr, each without a final newline.
 */
export function requiredFilterHint(pathname: string): string[] {
  const quoted = /^[A-Za-z0-9_/.:@%+=,-]+$/.test(pathname) ? pathname : `'${pathname.replace(/'/g, "'\\''")}'`;
  return [
    `hint: git cannot use ${pathname} until it is a valid notebook (filter.nbgit.required is true).`,
    `hint: Fix the file (nbgit validate ${quoted} shows where), or run one git command without`,
    'hint: the filter: git -c filter.nbgit.required=false diff (or checkout, stash, ...).',
    'hint: An add run that way stores the file as it is, outputs included.',
  ];
}

/**
 * Strips a notebook given as bytes and returns the bytes to store. A notebook with
 * nothing to strip is returned as the very same bytes; an empty file is passed through.
 * Throws a located `NbgitError` (file, line, column) when the content is not a notebook.
 * Cells that still have conflict markers are reported through `warn` (and stored as they are).
 */
export function cleanContent(content: Uint8Array, options: CleanOptions = {}): Uint8Array {
  if (content.length === 0) return content;
  const file = options.pathname;
  // Many notebooks are all ASCII: then there is no UTF-8 to decode or check.
  const ascii = isAscii(content);
  const zeppelin = file?.toLowerCase().endsWith('.zpln') === true;
  if (!zeppelin && content.length >= LARGE_CONTENT) {
    const streamed = cleanText(() => textPieces(content, ascii), content, ascii, options);
    if (streamed !== undefined) return streamed;
  }
  const text = ascii ? Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1') : decodeUtf8(content, file);
  let warned = zeppelin;
  if (!zeppelin) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // the byte-exact reader below says where
    }
    if (isJsonObject(value) && checksOut(value)) {
      if (options.warn) for (const w of conflictMarkerWarnings(value, file)) options.warn(w);
      warned = true;
      const fast = fastClean(text, value, content, ascii, options.strip);
      if (fast !== undefined) return fast;
    }
  }
  const nb = fromIpynb(text, { file, legacy: 'keep' });
  if (!warned && options.warn) for (const w of conflictMarkerWarnings(nb, file)) options.warn(w);
  const out = zeppelin ? stripZeppelin(nb) : strip(nb, options.strip);
  if (out === nb) return content;
  return Buffer.from(toIpynb(out), 'utf8');
}

/**
 * Contents of at least this many bytes in Jupyter's layout are stripped cell by cell
 * (`stripJupyterText`): the whole notebook is never parsed, and its new bytes are written
 * as the cells are stripped. Smaller ones take the native path above (faster on small files).
 */
const LARGE_CONTENT = 16 << 20;
/** Characters of a large notebook cleaned between two calls of {@link CleanOptions.collect}. */
const COLLECT_EVERY = 4 << 20;

/** Characters of the content decoded at a time (small: see textPieces). */
const PIECE = 16 << 10;

/**
 * The text of `content` in pieces, decoded as they are taken (strict UTF-8, a byte order mark
 * kept): a large content's text is never made whole. Throws what decoding throws.
 */
function* textPieces(content: Uint8Array, ascii: boolean): Generator<string> {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const decoder = ascii ? undefined : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (let at = 0; at < bytes.length; at += PIECE) {
    const piece = bytes.subarray(at, Math.min(at + PIECE, bytes.length));
    yield decoder === undefined ? piece.toString('latin1') : decoder.decode(piece, { stream: true });
  }
  const last = decoder?.decode() ?? '';
  if (last.length > 0) yield last;
}

/** {@link cleanContent} cell by cell (see {@link LARGE_CONTENT}), its text read in pieces; `undefined` when the notebook must be read whole. */
function cleanText(text: () => Iterable<string>, content: Uint8Array, ascii: boolean, options: CleanOptions): Uint8Array | undefined {
  // the new bytes, made as the parts come (a stripped notebook is rarely larger than it was)
  let out = Buffer.allocUnsafe(content.length + 4096);
  let n = 0;
  const encoding = ascii ? 'latin1' : 'utf8';
  const { collect } = options;
  let read = 0;
  const parts = stripJupyterText(text, options.strip ?? {}, {
    // (what changed is not kept: the filter does not say)
    onChange: () => {},
    // the cells read so far (and what was made of them) are garbage by now
    onCell:
      collect &&
      ((done) => {
        if (done - read < COLLECT_EVERY) return;
        collect();
        read = done;
      }),
  });
  let result: TextStripResult | undefined;
  for (;;) {
    const next = parts.next();
    if (next.done) {
      result = next.value;
      break;
    }
    const part = next.value;
    // (the output's characters are the input's: ASCII in gives ASCII out, one byte each)
    const most = ascii ? part.length : part.length * 3;
    if (n + most > out.length) {
      const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, n + most));
      out.copy(bigger, 0, 0, n);
      out = bigger;
    }
    n += out.write(part, n, encoding);
  }
  if (result === undefined) return undefined;
  if (options.warn) for (const m of result.markers) options.warn(conflictMarkerWarning(m, options.pathname));
  return result.changed ? out.subarray(0, n) : content;
}

/** True when what strip relies on holds (else the byte-exact reader's located error is what the user gets). */
function checksOut(value: unknown): boolean {
  try {
    checkNotebook(value, { legacy: true });
    return true;
  } catch {
    return false;
  }
}
