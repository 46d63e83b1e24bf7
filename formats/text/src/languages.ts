/**
 * Languages of text notebooks: file extension <-> language name <-> comment string, and how
 * a notebook's language and script extension are chosen from its metadata (jupytext's `auto`).
 */
import { isJsonObject, type JsonObject } from '@nbgit/core';

/** One script extension of the language table. */
export interface ScriptLanguage {
  /** File extension with its dot, such as `.py`. */
  extension: string;
  /** Language name as jupytext spells it (`python`, `R`, `c++`, `wolfram language`). */
  language: string;
  /** Line comment string (`#`, `//`), or the opening of a block comment (`(*`). */
  comment: string;
  /** Closing of a block comment (`*)`) for languages that have only block comments. */
  commentSuffix?: string;
}

const TABLE: ScriptLanguage[] = [
  { extension: '.py', language: 'python', comment: '#' },
  { extension: '.coco', language: 'coconut', comment: '#' },
  { extension: '.R', language: 'R', comment: '#' },
  { extension: '.r', language: 'R', comment: '#' },
  { extension: '.jl', language: 'julia', comment: '#' },
  { extension: '.cpp', language: 'c++', comment: '//' },
  { extension: '.ss', language: 'scheme', comment: ';;' },
  { extension: '.clj', language: 'clojure', comment: ';;' },
  { extension: '.scm', language: 'scheme', comment: ';;' },
  { extension: '.sh', language: 'bash', comment: '#' },
  { extension: '.ps1', language: 'powershell', comment: '#' },
  { extension: '.q', language: 'q', comment: '/' },
  { extension: '.m', language: 'matlab', comment: '%' },
  { extension: '.wolfram', language: 'wolfram language', comment: '(*', commentSuffix: '*)' },
  { extension: '.pro', language: 'idl', comment: ';' },
  { extension: '.js', language: 'javascript', comment: '//' },
  { extension: '.ts', language: 'typescript', comment: '//' },
  { extension: '.scala', language: 'scala', comment: '//' },
  { extension: '.rs', language: 'rust', comment: '//' },
  { extension: '.robot', language: 'robotframework', comment: '#' },
  { extension: '.resource', language: 'robotframework', comment: '#' },
  { extension: '.cs', language: 'csharp', comment: '//' },
  { extension: '.fsx', language: 'fsharp', comment: '//' },
  { extension: '.fs', language: 'fsharp', comment: '//' },
  { extension: '.sos', language: 'sos', comment: '#' },
  { extension: '.java', language: 'java', comment: '//' },
  { extension: '.groovy', language: 'groovy', comment: '//' },
  { extension: '.sage', language: 'sage', comment: '#' },
  { extension: '.ml', language: 'ocaml', comment: '(*', commentSuffix: '*)' },
  { extension: '.hs', language: 'haskell', comment: '--' },
  { extension: '.tcl', language: 'tcl', comment: '#' },
  { extension: '.mac', language: 'maxima', comment: '/*', commentSuffix: '*/' },
  { extension: '.gp', language: 'gnuplot', comment: '#' },
  { extension: '.do', language: 'stata', comment: '//' },
  { extension: '.sas', language: 'sas', comment: '/*', commentSuffix: '*/' },
  { extension: '.xsh', language: 'xonsh', comment: '#' },
  { extension: '.lua', language: 'lua', comment: '--' },
  { extension: '.go', language: 'go', comment: '//' },
  { extension: '.lgt', language: 'logtalk', comment: '%' },
  { extension: '.logtalk', language: 'logtalk', comment: '%' },
];

/** The script languages nbgit reads and writes, in jupytext's table order (first match wins). */
export const SCRIPT_LANGUAGES: readonly ScriptLanguage[] = TABLE;

const BY_EXTENSION = new Map(TABLE.map((l) => [l.extension, l]));

/** The table entry of a file extension (`.py` or `py`), or undefined. Case-sensitive (`.R` and `.r` both exist). */
export function scriptLanguage(extension: string): ScriptLanguage | undefined {
  return BY_EXTENSION.get(extension.startsWith('.') ? extension : `.${extension}`);
}

/**
 * Names that a `%%name` cell magic (or a markdown fence) may use for a cell in another
 * language: Jupyter's language magics plus every language of the table.
 */
export const JUPYTER_LANGUAGES: ReadonlySet<string> = new Set([
  'R',
  'bash',
  'sh',
  'python',
  'python2',
  'python3',
  'coconut',
  'javascript',
  'js',
  'perl',
  'html',
  'latex',
  'markdown',
  'pypy',
  'ruby',
  'script',
  'svg',
  'matlab',
  'octave',
  'idl',
  'robotframework',
  'sas',
  'spark',
  'sql',
  'cython',
  'haskell',
  'tcl',
  'gnuplot',
  'wolfram language',
  ...TABLE.map((l) => l.language),
  'c#',
  'f#',
  'cs',
  'fs',
]);

const JUPYTER_LANGUAGES_LOWER = new Set([...JUPYTER_LANGUAGES].map((l) => l.toLowerCase()));

/** True when `name` is in {@link JUPYTER_LANGUAGES}, ignoring case. */
export function isJupyterLanguage(name: string): boolean {
  return JUPYTER_LANGUAGES_LOWER.has(name.toLowerCase());
}

/** True when `name` is in {@link JUPYTER_LANGUAGES} exactly or in upper case (what `%%magic` detection accepts). */
export function isCellMagicLanguage(name: string): boolean {
  return JUPYTER_LANGUAGES.has(name) || (name === name.toUpperCase() && JUPYTER_LANGUAGES.has(name.toLowerCase()));
}

/** The usual name of a language, as found in the table: `r` -> `R`, `C++14` -> `c++`, `octave` -> `matlab`, `C#` -> `csharp`. */
export function usualLanguageName(language: string): string {
  const l = language.toLowerCase();
  if (l === 'r') return 'R';
  if (l.startsWith('c++')) return 'c++';
  if (l === 'octave') return 'matlab';
  if (l === 'cs' || l === 'c#') return 'csharp';
  if (l === 'fs' || l === 'f#') return 'fsharp';
  if (l === 'sas') return 'SAS';
  return l;
}

/** True when two language names denote the same language. */
export function sameLanguage(a: string, b: string): boolean {
  return usualLanguageName(a) === usualLanguageName(b);
}

function obj(v: unknown): JsonObject {
  return isJsonObject(v) ? v : {};
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The script extension for a notebook, as jupytext's `auto` chooses it: `language_info.file_extension`
 * (with `.r` -> `.R`, `.fs` -> `.fsx`, `.resource` -> `.robot`, `.C` -> `.cpp`, and `.py` -> `.sage` for
 * sage kernels), else the first table entry whose language matches `kernelspec.language` or
 * `jupytext.main_language`. Undefined when the notebook says nothing about its language.
 */
export function scriptExtension(metadata: JsonObject): string | undefined {
  let ext = str(obj(metadata.language_info).file_extension);
  if (ext === '.py' && obj(metadata.kernelspec).language === 'sage') ext = '.sage';
  if (ext === undefined) {
    const language = str(obj(metadata.kernelspec).language) ?? str(obj(metadata.jupytext).main_language);
    if (language) ext = TABLE.find((l) => sameLanguage(language, l.language))?.extension;
  }
  if (ext === '.r') return '.R';
  if (ext === '.fs') return '.fsx';
  if (ext === '.resource') return '.robot';
  if (ext === '.C') return '.cpp';
  return ext;
}

/**
 * The default language of a notebook's cells when written with extension `ext`:
 * `jupytext.main_language`, else `kernelspec.language`, else the extension's language; lower-cased
 * (`#` -> `sharp`, `C++*` -> `c++`) except `R` and `sas`. Undefined when none is known.
 */
export function defaultLanguage(metadata: JsonObject, ext: string): string | undefined {
  const main = str(obj(metadata.jupytext).main_language);
  const language = main ?? str(obj(metadata.kernelspec).language) ?? scriptLanguage(ext)?.language;
  if (language === undefined || language === 'R' || language === 'sas') return language;
  if (language.startsWith('C++')) return 'c++';
  return language.toLowerCase().replaceAll('#', 'sharp');
}

/** Comments lines: `<c> line` (`<c> line <s>` with a suffix); an empty line becomes `<c>` (`<c> <s>`). */
export function commentLines(lines: string[], comment: string, suffix = ''): string[] {
  if (!comment) return lines;
  if (!suffix) return lines.map((l) => (l ? `${comment} ${l}` : comment));
  return lines.map((l) => (l ? `${comment} ${l} ${suffix}` : `${comment} ${suffix}`));
}

/** Removes `<c> ` (or `<c>`) at the start and ` <s>` (or `<s>`) at the end of a line, when present. */
export function uncommentLine(line: string, comment: string, suffix = ''): string {
  let l = line;
  if (comment) {
    if (l.startsWith(`${comment} `)) l = l.slice(comment.length + 1);
    else if (l.startsWith(comment)) l = l.slice(comment.length);
  }
  if (suffix) {
    if (l.endsWith(` ${suffix}`)) l = l.slice(0, -(suffix.length + 1));
    else if (l.endsWith(suffix)) l = l.slice(0, -suffix.length);
  }
  return l;
}

/** What {@link splitCellMagic} found on a cell's first line. */
export interface CellMagic {
  /** The language named by the magic (`R`, `bash`, `html`). */
  language: string;
  /** Arguments after the language (`-i df`), or `''`. */
  args: string;
}

/**
 * When the first line of a code cell is a cell magic for another language (`%%R -i df`, or
 * `#!lang` in C# notebooks), returns that language and its arguments; the caller drops the
 * line. Go's `%%` and `%% -args` lines are not language magics.
 */
export function splitCellMagic(firstLine: string, defaultLang: string | undefined, customMagics: readonly string[] = []): CellMagic | undefined {
  if (defaultLang === 'go' && /^(%%|%%\s+.*)$/.test(firstLine)) return undefined;
  if (defaultLang === 'csharp') {
    if (firstLine.startsWith('#!')) {
      const lang = firstLine.slice(2).trim();
      if (JUPYTER_LANGUAGES.has(lang)) return { language: lang, args: '' };
    }
    return undefined;
  }
  if (!firstLine.startsWith('%%')) return undefined;
  const magic = firstLine.slice(2);
  const sp = magic.indexOf(' ');
  const language = sp < 0 ? magic : magic.slice(0, sp);
  const args = sp < 0 ? '' : magic.slice(sp + 1);
  if (JUPYTER_LANGUAGES.has(language) || customMagics.includes(language)) return { language, args };
  return undefined;
}

/**
 * The reading side of cell languages: a text cell marked with `language` metadata (`# %% language="R"`,
 * ```` ```R ````) in a language other than the main one gets its `%%lang args` magic back as
 * first line, and `language`/`magic_args` leave its metadata. Sets `jupytext.main_language` when the
 * notebook has no kernelspec language. Mutates `metadata` and the cells, as jupytext does on read.
 */
export function restoreCellLanguages(
  metadata: JsonObject,
  cells: { metadata: JsonObject; source: string | string[] }[],
  ext: string,
  customMagics: readonly string[] = [],
): void {
  let main = defaultLanguage(metadata, ext);
  if (main === undefined) {
    const score = new Map<string, number>([['python', 0.5]]);
    for (const c of cells) {
      const l = c.metadata.language;
      if (typeof l === 'string') {
        const u = usualLanguageName(l);
        score.set(u, (score.get(u) ?? 0) + 1);
      }
    }
    let best = 'python';
    let bestScore = -1;
    for (const [l, s] of score) if (s > bestScore) [best, bestScore] = [l, s];
    main = best;
  }
  const kernelspec = metadata.kernelspec;
  if (!(isJsonObject(kernelspec) && 'language' in kernelspec) && cells.length > 0) {
    if (!isJsonObject(metadata.jupytext)) metadata.jupytext = {};
    const j = metadata.jupytext as JsonObject;
    j.main_language = main;
  }
  for (const cell of cells) {
    const language = cell.metadata.language;
    if (typeof language !== 'string') continue;
    if (language === main) {
      delete cell.metadata.language;
      continue;
    }
    if (usualLanguageName(language) === main) continue;
    if (JUPYTER_LANGUAGES.has(language) || customMagics.includes(language)) {
      delete cell.metadata.language;
      const magic = main !== 'csharp' ? '%%' : '#!';
      const source = typeof cell.source === 'string' ? cell.source : cell.source.join('');
      if ('magic_args' in cell.metadata) {
        const args = cell.metadata.magic_args;
        delete cell.metadata.magic_args;
        cell.source = `${magic}${language} ${typeof args === 'string' ? args : JSON.stringify(args)}\n${source}`;
      } else {
        cell.source = `${magic}${language}\n${source}`;
      }
    }
  }
}
