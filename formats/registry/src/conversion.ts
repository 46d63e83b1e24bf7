/**
 * Conversion planning shared by the commands that convert a notebook file to another format
 * (`nbgit convert`): reading a file of any format from its bytes, the output extension, and
 * whether an existing output file is a text notebook that a conversion may replace. Pure.
 */
import type { Notebook } from '@nbgit/core';
import { decodeUtf8 } from '@nbgit/ipynb';
import { scriptExtension } from '@nbgit/text';
import { checkHeaderFormat, detectFormat, extensionOf, findFormatOfPath, scriptExtensionOfText } from './detect.js';
import { readText } from './text.js';

/** True for the script formats (percent and light), whose extension is the script's. */
export const isScriptFormat = (name: string): boolean => name === 'percent' || name === 'light';

/** Formats written as markdown documents. */
const MARKUP: readonly string[] = ['markdown', 'myst', 'quarto'];

/** True for the formats written as markdown documents (markdown, MyST, Quarto). */
export const isMarkupFormat = (name: string): boolean => MARKUP.includes(name);

/** Options of {@link readNotebookBytes}. */
export interface ReadBytesOptions {
  /** The file's path (its extension tells the format); undefined for stdin. */
  path?: string;
  /** File name for errors (`<stdin>`). */
  file: string;
  /** The format, when the caller says it (`--from`): then the text's jupytext header is not checked against it. */
  from?: string;
  /** The script extension the caller gives (`--ext`), over what the file says. */
  extension?: string;
  /** The script extension of `--from EXT:percent`. */
  fromExtension?: string;
}

const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Reads a notebook file of any format from its bytes: the format from `from`, else the path's
 * extension, else the content. A byte order mark is part of a percent script's or markdown
 * file's spelling (their readers record it) and is dropped for the others; text that is not
 * UTF-8 is refused with its place. Throws the readers' located errors.
 */
export function readNotebookBytes(bytes: Uint8Array | string, options: ReadBytesOptions): { format: string; notebook: Notebook } {
  const { path, file } = options;
  // (a string is the file already decoded as UTF-8: a caller that read a large notebook need not hold its bytes too)
  const format = options.from ?? detectFormat({ path, text: () => (typeof bytes === 'string' ? bytes : lenient.decode(bytes)) }).name;
  const utf8 = () => (typeof bytes === 'string' ? bytes : decodeUtf8(bytes, file));
  const text = format === 'ipynb' ? '' : format === 'percent' || format === 'markdown' ? utf8() : utf8().replace(/^\uFEFF/, '');
  if (options.from === undefined && format !== 'ipynb') checkHeaderFormat(text, { name: format }, file);
  const extension = isScriptFormat(format)
    ? (options.extension ?? options.fromExtension ?? (path === undefined ? undefined : findFormatOfPath(path))?.extension ?? scriptExtensionOfText(text))
    : undefined;
  return { format, notebook: readText(format === 'ipynb' ? bytes : text, { name: format }, { file, extension }) };
}

/**
 * The extension of a conversion's output file: `.ipynb`, `.md` (markdown, MyST), `.qmd`,
 * `.scala` or `.py` for Databricks sources by the notebook's language, and for scripts the
 * extension asked for, else the input's (a script converted to another script format), else
 * the notebook's language (`language_info`/`kernelspec`, as jupytext's `auto`), else `.py`.
 */
export function outputExtension(to: string, nb: Notebook, options: { extension?: string; inputPath?: string; from?: string } = {}): string {
  if (to === 'ipynb') return '.ipynb';
  if (to === 'markdown' || to === 'myst') return '.md';
  if (to === 'quarto') return '.qmd';
  if (to === 'databricks') return scriptExtension(nb.metadata) === '.scala' ? '.scala' : '.py';
  const fromScript = options.inputPath !== undefined && options.from !== undefined && isScriptFormat(options.from);
  return options.extension ?? (fromScript ? extensionOf(options.inputPath!) : undefined) ?? scriptExtension(nb.metadata) ?? '.py';
}

/**
 * Whether an existing output file is a text notebook that a conversion to `to` may replace: a
 * jupytext header, or for scripts a `%%` cell marker line, for markdown a code fence or
 * region. A hand-written module or README has none of these and is not replaced silently.
 */
export function looksLikeTextNotebook(text: string, to: string): boolean {
  if (/^\W{0,3}\s*jupyter:\s*$/m.test(text)) return true;
  if (isMarkupFormat(to)) return /^(```|~~~)|^<!-- #(region|raw|md|markdown)\b|^\+\+\+/m.test(text);
  if (/^\S{1,3} Databricks notebook source\r?$/m.test(text.split('\n', 1)[0]!)) return true;
  return /^\s*\S{1,3}\s?%%/m.test(text) || /^\S{1,3} \+( |$)/m.test(text) || text.trim() === '';
}

/**
 * `text` with the line ending of `current`, the file it replaces: a file checked out with CRLF
 * (core.autocrlf) keeps its line ending. `text` as it is when it has a `\r` of its own or
 * `current` is not CRLF.
 */
export function withLineEndingOf(text: string, current: string | undefined): string {
  if (current !== undefined && !text.includes('\r') && current.includes('\r\n') && current.indexOf('\n') === current.indexOf('\r\n') + 1)
    return text.replaceAll('\n', '\r\n');
  return text;
}
