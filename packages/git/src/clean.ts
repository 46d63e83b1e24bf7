/**
 * The clean filter on bytes: what git stores for a notebook in the working tree. Shared
 * by the long-running filter process and the one-shot `nbgit clean`.
 */
import { type Notebook, isJsonObject } from '@nbgit/core';
import { decodeUtf8, fromIpynb, toIpynb } from '@nbgit/ipynb';
import { type StripOptions, strip, stripZeppelin } from '@nbgit/strip';

/** Options of {@link cleanContent}. */
export interface CleanOptions {
  /** Path of the file (for error messages; `.zpln` files are Zeppelin notes). */
  pathname?: string;
  /** What to strip (see @nbgit/strip). */
  strip?: StripOptions;
}

/**
 * The fast path, for the common layouts, with the native JSON parser and writer. When the
 * text is exactly what `JSON.stringify(value, null, 1)` writes (Jupyter's layout, as long
 * as no number or key order differs), the byte-exact writer would give back exactly
 * `JSON.stringify(stripped, null, 1)`: strip only removes members, empties lists and
 * objects, and writes `null` or strings, and every unchanged part keeps its bytes. A
 * notebook with nothing to strip needs no writing at all, whatever its layout. Returns
 * undefined when the byte-exact path must decide (other layouts, invalid JSON).
 */
function fastClean(text: string, content: Uint8Array, options: StripOptions | undefined): Uint8Array | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // the byte-exact reader says where
  }
  if (!isJsonObject(value)) return undefined;
  const stripped = strip(value as unknown as Notebook, options);
  if (stripped === value) return content;
  if (!text.endsWith('}\n') || text.charCodeAt(1) !== 10) return undefined;
  if (`${JSON.stringify(value, null, 1)}\n` !== text) return undefined;
  return Buffer.from(`${JSON.stringify(stripped, null, 1)}\n`, 'utf8');
}

/**
 * Strips a notebook given as bytes and returns the bytes to store. A notebook with
 * nothing to strip is returned as the very same bytes; an empty file is passed through.
 * Throws a located `NbgitError` (file, line, column) when the content is not a notebook.
 */
export function cleanContent(content: Uint8Array, options: CleanOptions = {}): Uint8Array {
  if (content.length === 0) return content;
  const file = options.pathname;
  const text = decodeUtf8(content, file);
  const zeppelin = file?.toLowerCase().endsWith('.zpln') === true;
  if (!zeppelin) {
    const fast = fastClean(text, content, options.strip);
    if (fast !== undefined) return fast;
  }
  const nb = fromIpynb(text, { file, legacy: 'keep' });
  const out = zeppelin ? stripZeppelin(nb) : strip(nb, options.strip);
  if (out === nb) return content;
  return Buffer.from(toIpynb(out), 'utf8');
}
