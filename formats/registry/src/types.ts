import type { Notebook } from '@nbgit/core';

/**
 * A format as a format name says it (`py:percent`, `md`) or a file's name or content shows it:
 * the format's registry name and, for script formats, the script extension.
 */
export interface FormatSpec {
  /** The format's name in the table (jupytext's `format_name`): `ipynb`, `percent`, `markdown`. */
  name: string;
  /** Script extension (`.py`, `.R`) when the spec or the file says one (`R:percent`, `x.R`). */
  extension?: string;
}

/** Options of `readText`. */
export interface ReadTextOptions {
  /** File name for errors (and, for scripts without `extension`, the script's extension). */
  file?: string;
  /** Script extension, over the spec's (`.R`). */
  extension?: string;
}

/** Options of `writeText`. */
export interface WriteTextOptions {
  /** Script extension, over the spec's; default: the notebook's language, else `.py`. */
  extension?: string;
  /** Keep what jupytext's filters drop (text formats). */
  lossless?: boolean;
}

/** One format of the table: its names, the files it claims, and its reader and writer. */
export interface FormatModule {
  /** jupytext's `format_name`, the table key: `percent`, `markdown`; `ipynb` for notebooks. */
  readonly name: string;
  /** The short name messages use and `--to` accepts (`percent`, `md`). */
  readonly short: string;
  /** Other names that mean this format alone (`py`, `script`; `markdown`). */
  readonly aliases: readonly string[];
  /**
   * What may stand before the colon of jupytext's `EXT:name` form: extensions without their dot
   * (`md:markdown`), or `'script'` for `auto` and every script extension (`py:percent`, `R:percent`).
   */
  readonly prefixes: readonly string[] | 'script';
  /** File extensions this format is read from (any case), or `'script'` for every script extension. */
  readonly extensions: readonly string[] | 'script';
  /** The `format_name` values of a jupytext header that this reader reads. */
  readonly headerNames: readonly string[];
  /** How messages name it: `percent scripts (py:percent)`. Notebooks (ipynb) have none. */
  readonly title?: string;
  /** Why a text whose header names another jupytext format is refused (text formats). */
  foreign?(formatName: string): string;
  /** Content detection: true when text of unknown name looks like this format (checked in table order). */
  looksLike?(text: string): boolean;
  /** Reads a notebook. */
  read(input: string | Uint8Array, spec: FormatSpec, options: ReadTextOptions): Notebook;
  /** Writes a notebook. */
  write(nb: Notebook, spec: FormatSpec, options: WriteTextOptions): string;
}
