/** Reading and writing a notebook in a format given by name or spec, through the table. */
import { joinSource, NbgitError, type Notebook } from '@nbgit/core';
import { parseFormatName } from './names.js';
import { formatModule } from './table.js';
import type { FormatModule, FormatSpec, ReadTextOptions, WriteTextOptions } from './types.js';

function resolveFormat(format: string | FormatSpec): { module: FormatModule; spec: FormatSpec } {
  const spec = typeof format === 'string' ? parseFormatName(format) : format;
  const module = formatModule(spec.name);
  if (!module) throw new NbgitError('EFORMAT', `unknown format ${JSON.stringify(spec.name)}`);
  return { module, spec };
}

/**
 * Reads a notebook from `input` (text, or bytes decoded as UTF-8 with a located error) in
 * `format`: a name as jupytext spells it (`py:percent`, `R:percent`, `md`, `ipynb`) or a spec
 * from the detector. Throws the format's located NbgitError, or `EFORMAT` for an unknown name.
 *
 * @example
 * const nb = readText('# %%\nx = 1\n', 'py:percent');
 */
export function readText(input: string | Uint8Array, format: string | FormatSpec, options: ReadTextOptions = {}): Notebook {
  const { module, spec } = resolveFormat(format);
  return module.read(input, spec, options);
}

/**
 * Writes `nb` in `format` (`py:percent`, `R:percent`, `auto:percent`, `md`, `ipynb`, or a spec).
 * Scripts take the spec's extension, else the notebook's language (`auto`), else `.py`.
 *
 * @example
 * writeText(nb, 'md', { lossless: true });
 */
export function writeText(nb: Notebook, format: string | FormatSpec, options: WriteTextOptions = {}): string {
  const { module, spec } = resolveFormat(format);
  const text = module.write(nb, spec, options);
  if (module.name !== 'ipynb') refuseLoneSurrogates(nb, text);
  return text;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A lone surrogate (`"\ud800"` in the notebook's JSON) has no UTF-8 form: a text file would get
 * U+FFFD in its place. Refused, naming the cell, rather than replaced silently.
 */
function refuseLoneSurrogates(nb: Notebook, text: string): void {
  const m = LONE_SURROGATE.exec(text);
  if (!m) return;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase()}`;
  const i = nb.cells.findIndex((c) => LONE_SURROGATE.test(joinSource(c.source)));
  const where = i >= 0 ? `cell ${i}${typeof nb.cells[i]!.id === 'string' ? ` (id ${nb.cells[i]!.id})` : ''}` : 'the notebook';
  throw new NbgitError(
    'ESCHEMA',
    `${where} holds a lone surrogate (${code}), which a UTF-8 text file cannot carry; nothing written (the .ipynb keeps it as a JSON escape)`,
  );
}
