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
 * True when a notebook's text has nothing to strip, found with the native JSON parser
 * (no layout needed: the bytes are returned as they are). False when it may have
 * something, or is not plain JSON: the caller then takes the byte-exact path.
 */
function alreadyClean(text: string, options: StripOptions | undefined): boolean {
  // Outputs are the usual reason to strip: then go straight to the byte-exact reader.
  if (text.includes('"output_type"')) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false; // not plain JSON: the byte-exact reader says where
  }
  return isJsonObject(value) && strip(value as unknown as Notebook, options) === value;
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
  const zeppelin = file !== undefined && file.toLowerCase().endsWith('.zpln');
  if (!zeppelin && alreadyClean(text, options.strip)) return content;
  const nb = fromIpynb(text, { file, legacy: 'keep' });
  const out = zeppelin ? stripZeppelin(nb) : strip(nb, options.strip);
  if (out === nb) return content;
  return Buffer.from(toIpynb(out), 'utf8');
}
