/**
 * Format names as `--to` / `--from` and jupytext's `formats` metadata spell them: a name alone
 * (`ipynb`, `percent`, `md`, or an alias such as `py`), or jupytext's `EXT:name` form
 * (`py:percent`, `R:percent`, `auto:percent`: the extension from the notebook; `md:markdown`).
 */
import { NbgitError } from '@nbgit/core';
import { scriptLanguage } from '@nbgit/text';
import { FORMATS, JUPYTEXT_FORMAT_NAMES } from './table.js';
import type { FormatModule, FormatSpec } from './types.js';

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function accepts(m: FormatModule, prefix: string): boolean {
  return m.prefixes === 'script' ? prefix === 'auto' || scriptLanguage(prefix) !== undefined : m.prefixes.includes(prefix);
}

/**
 * What an unknown format name is told: the jupytext format it names that nbgit does not
 * handle, or the names it accepts. `EFORMAT`, no file.
 */
function unknownFormat(value: string, v: string, prefix: string | undefined): NbgitError {
  const known = new Set(FORMATS.flatMap((m) => [m.name, m.short, ...m.aliases]));
  const other = [v, (prefix ?? '').toLowerCase()].find((n) => JUPYTEXT_FORMAT_NAMES.includes(n) && !known.has(n));
  const text = FORMATS.filter((m) => m.title !== undefined).map((m) => m.title!);
  const scripts = FORMATS.filter((m) => m.prefixes === 'script').map((m) => m.name);
  const example = scripts[0];
  const why = other
    ? `: nbgit reads and writes jupytext's ${listed(text)}, not its "${other}" format`
    : ` (expected ${FORMATS.map((m) => m.short).join(', ')}${example ? `, or ${scripts.map((n) => `EXT:${n}`).join(', ')} as py:${example}, R:${example}, auto:${example}` : ''})`;
  return new NbgitError('EFORMAT', `unknown format ${JSON.stringify(value)}${why}`);
}

/**
 * The format a name says: `ipynb`, `percent` (`py`, `script`), `md` (`markdown`), or jupytext's
 * `EXT:name` (`py:percent`, `R:percent` with the extension `.R`, `auto:percent`, `md:markdown`).
 * Names are read case-insensitively, script extensions as written (`R:percent`). Throws an
 * `EFORMAT` NbgitError naming what nbgit reads instead.
 *
 * @example
 * parseFormatName('R:percent'); // { name: 'percent', extension: '.R' }
 * parseFormatName('md'); // { name: 'markdown' }
 */
export function parseFormatName(value: string): FormatSpec {
  const colon = value.indexOf(':');
  const v = (colon === -1 ? value : value.slice(colon + 1)).toLowerCase().replace(/^\./, '');
  const prefix = colon === -1 ? undefined : value.slice(0, colon).replace(/^\./, '');
  if (prefix === undefined) {
    const m = FORMATS.find((f) => f.name === v || f.short === v || f.aliases.includes(v));
    if (m) return { name: m.name };
    throw unknownFormat(value, v, prefix);
  }
  const m = FORMATS.find((f) => f.name === v && accepts(f, prefix));
  if (!m) throw unknownFormat(value, v, prefix);
  return m.prefixes === 'script' && prefix !== 'auto' ? { name: m.name, extension: `.${prefix}` } : { name: m.name };
}
