/**
 * The one format detector: a file's format from its extension (in any case: `X.IPYNB`,
 * `notes.MD`, `model.PY`), else from its content (a JSON object is a notebook, a `---` header,
 * code fence or region comment is markdown, anything else a percent script, whose language is
 * the comment its `# %%` / `// ---` lines use). A text notebook whose jupytext header names a
 * format its reader does not read is refused by {@link checkHeaderFormat}.
 */
import { NbgitError } from '@nbgit/core';
import { SCRIPT_LANGUAGES, scriptLanguage } from '@nbgit/text';
import { CONTENT_DEFAULT, FORMATS, formatModule } from './table.js';
import type { FormatSpec } from './types.js';

/** The extension of a path as Node's `extname` gives it (`''` for `.bashrc` or `x`). */
export function extensionOf(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

/** The script language table's own spelling of `ext`, matched exactly first (`.R` and `.r` both exist), then in any case. */
function scriptExtensionLike(ext: string): string | undefined {
  if (scriptLanguage(ext)) return ext;
  const lower = ext.toLowerCase();
  return SCRIPT_LANGUAGES.find((l) => l.extension.toLowerCase() === lower)?.extension;
}

/** The format a path's extension says (any case), or undefined when no format claims it. */
export function findFormatOfPath(path: string): FormatSpec | undefined {
  const ext = extensionOf(path);
  if (ext === '' || ext === '.') return undefined;
  const lower = ext.toLowerCase();
  for (const m of FORMATS) {
    if (m.extensions === 'script') {
      const extension = scriptExtensionLike(ext);
      if (extension) return { name: m.name, extension };
    } else if (m.extensions.some((e) => e.toLowerCase() === lower)) return { name: m.name };
  }
  return undefined;
}

/** What the extensions nbgit reads are, for messages. */
function knownExtensions(): string {
  return FORMATS.flatMap((m) => (m.extensions === 'script' ? ['a script extension (.py, .R, .jl...)'] : m.extensions)).join(', ');
}

/**
 * The format a path's extension says, in any case. Throws an `EFORMAT` NbgitError naming the
 * file when no format claims its extension (or it has none).
 */
export function formatOfPath(path: string): FormatSpec {
  const spec = findFormatOfPath(path);
  if (spec) return spec;
  const ext = extensionOf(path);
  const what = ext === '' || ext === '.' ? 'the file name has no extension' : `no format reads "${ext}" files`;
  throw new NbgitError('EFORMAT', `unknown notebook format: ${what} (expected ${knownExtensions()})`, { file: path });
}

/** Comment strings of the script languages, longest first (`//` before `/`), each with an extension. */
const COMMENTS = SCRIPT_LANGUAGES.filter(
  (l, i) => SCRIPT_LANGUAGES.findIndex((m) => m.comment === l.comment && m.commentSuffix === l.commentSuffix) === i,
).sort((a, b) => b.comment.length - a.comment.length);

/**
 * The script extension of a percent script whose name does not say it (stdin, `x.txt`): the
 * language whose comment starts its first header (`// ---`) or cell marker (`// %%`) line.
 * `.py` when no line says (then only `#` comments are read as such).
 */
export function scriptExtensionOfText(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const raw of text.slice(start, start + 1_000_000).split('\n')) {
    const line = raw.replace(/\r$/, '');
    for (const l of COMMENTS) {
      if (!line.startsWith(l.comment)) continue;
      const rest = line.slice(l.comment.length).replace(/^ /, '');
      const end = l.commentSuffix ? ` ${l.commentSuffix}` : '';
      if (rest === `---${end}` || (rest.startsWith('%%') && (rest.length === 2 || rest[2] === ' ' || rest[2] === '['))) return l.extension;
    }
  }
  return '.py';
}

/** The format of text by its content alone (stdin, a name that does not say). */
export function formatOfContent(text: string): FormatSpec {
  const m = FORMATS.find((f) => f.looksLike?.(text)) ?? formatModule(CONTENT_DEFAULT)!;
  return m.extensions === 'script' ? { name: m.name, extension: scriptExtensionOfText(text) } : { name: m.name };
}

/** What {@link detectFormat} looks at. */
export interface DetectInput {
  /** The file's name; its extension decides when a format claims it. */
  path?: string;
  /** The file's text (or a function giving it, called only when the name does not decide). */
  text?: string | (() => string);
}

/**
 * The format of a file: its extension's (any case), else its content's. Throws an `EFORMAT`
 * NbgitError when the name does not say and no text is given.
 *
 * @example
 * detectFormat({ path: 'Analysis.IPYNB' }); // { name: 'ipynb' }
 * detectFormat({ path: 'notes.txt', text: '// %%\nint x;\n' }); // { name: 'percent', extension: '.cpp' }
 */
export function detectFormat(input: DetectInput): FormatSpec {
  const byPath = input.path === undefined ? undefined : findFormatOfPath(input.path);
  if (byPath) return byPath;
  if (input.text === undefined) {
    if (input.path !== undefined) return formatOfPath(input.path);
    throw new NbgitError('EFORMAT', 'unknown notebook format: neither a file name nor a text to tell it');
  }
  return formatOfContent(typeof input.text === 'function' ? input.text() : input.text);
}

/**
 * Refuses a text notebook whose jupytext header says it is in a format that `spec`'s reader
 * does not read (light, nomarker, sphinx, spin; MyST, pandoc, quarto): read anyway it would come
 * out as one big cell. Throws an `ESYNTAX` NbgitError at the format's name in the header.
 */
export function checkHeaderFormat(text: string, spec: FormatSpec, file?: string): void {
  const m = formatModule(spec.name);
  if (!m?.foreign) return;
  const lines = text.slice(0, 100_000).split('\n', 200);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) return;
  const opening = lines[first]!.replace(/^\uFEFF/, '').trimEnd();
  if (!opening.endsWith('---')) return;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line === opening.replace(/^\uFEFF/, '')) return;
    const found = /^(.*?\bformat_name:\s*)['"]?([\w.-]+)/.exec(line);
    if (!found || m.headerNames.includes(found[2]!)) continue;
    const column = found[1]!.length + 1 + (/^['"]/.test(line.slice(found[1]!.length)) ? 1 : 0);
    throw new NbgitError('ESYNTAX', m.foreign(found[2]!), { file, position: { line: i + 1, column } });
  }
}
