/**
 * The clean filter on bytes: what git stores for a notebook in the working tree. Shared
 * by the long-running filter process and the one-shot `nbgit clean`.
 */
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { type StripOptions, strip, stripZeppelin } from '@nbgit/strip';

/** Options of {@link cleanContent}. */
export interface CleanOptions {
  /** Path of the file (for error messages; `.zpln` files are Zeppelin notes). */
  pathname?: string;
  /** What to strip (see @nbgit/strip). */
  strip?: StripOptions;
}

/**
 * Strips a notebook given as bytes and returns the bytes to store. A notebook with
 * nothing to strip is returned as the very same bytes; an empty file is passed through.
 * Throws a located `NbgitError` (file, line, column) when the content is not a notebook.
 */
export function cleanContent(content: Uint8Array, options: CleanOptions = {}): Uint8Array {
  if (content.length === 0) return content;
  const file = options.pathname;
  const nb = fromIpynb(content, { file, legacy: 'keep' });
  const out = file !== undefined && file.toLowerCase().endsWith('.zpln') ? stripZeppelin(nb) : strip(nb, options.strip);
  if (out === nb) return content;
  return Buffer.from(toIpynb(out), 'utf8');
}
