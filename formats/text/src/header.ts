/**
 * The YAML header of text notebooks, as jupytext writes it:
 *
 * ```
 * # ---                      <- `<comment> ---` (`---` alone in markdown)
 * # title: root-level keys   <- lines of a first raw cell `---\n...\n---`, verbatim
 * # jupyter:                 <- the notebook metadata, PyYAML style, keys sorted
 * #   kernelspec:
 * #     name: python3
 * # ---
 * ```
 *
 * Each line is commented as `<c> line` (`<c>` alone for an empty line; `<c> line <suffix>` for
 * block-comment languages). Before the header a script may have a `#!` line and a
 * `<c> -*- coding: utf-8 -*-` line, read back into `jupytext.executable` / `jupytext.encoding`.
 */
import { copyNumberLexemes, escapeRegExp, isJsonObject, type JsonObject, NbgitError } from '@nbgit/core';
import { commentLines, uncommentLine } from './languages.js';
import { dumpYaml } from './yaml-dump.js';
import { loadYaml, YamlSyntaxError } from './yaml-load.js';

/** How header lines are commented: `#` for Python, `''` for markdown. */
export interface HeaderStyle {
  /** Comment string (`#`, `//`, `(*`), or `''` for markdown. */
  comment: string;
  /** Closing of block comments (`*)`), if any. */
  suffix?: string;
}

/**
 * The header lines for `metadata` (written under `jupyter:`) and `rootLines` (written verbatim
 * before it: the inside of a first raw cell `---\n...\n---`), commented. `[]` when both are empty.
 */
export function formatHeader(metadata: JsonObject, rootLines: readonly string[], style: HeaderStyle): string[] {
  const body: string[] = [...rootLines];
  if (Object.keys(metadata).length) {
    const yaml = dumpYaml({ jupyter: metadata });
    body.push(...yaml.slice(0, -1).split('\n'));
  }
  if (!body.length) return [];
  return commentLines(['---', ...body, '---'], style.comment, style.suffix ?? '');
}

/** What {@link parseHeader} found. */
export interface ParsedHeader {
  /** Notebook metadata from the `jupyter:` section, plus `jupytext.executable` / `jupytext.encoding`. */
  metadata: JsonObject;
  /** True when the header had a `jupyter:` section (jupytext then keeps the file's filters as they are). */
  hasJupyter: boolean;
  /** True when a `---` ... `---` header was found at all. */
  found: boolean;
  /** The YAML lines outside `jupyter:` (uncommented): jupytext reads them as a first raw cell `---\n...\n---`. */
  rootLines: string[];
  /** Index of the first line after the header (after its closing `---`, or after the `#!`/coding lines). */
  end: number;
}

/** Options of {@link parseHeader}. */
export interface ParseHeaderOptions extends HeaderStyle {
  /** File name for errors. */
  file?: string;
  /** 1-based line number of `lines[0]` in the file (default 1), for errors. */
  firstLine?: number;
}

const HEADER_RE = /^---\s*$/;
const JUPYTER_RE = /^jupyter\s*:\s*$/;

/**
 * Reads the header at the top of `lines` (the file's lines without their line ends). Throws an
 * `ESYNTAX` {@link NbgitError} with the file line and column for YAML errors in the `jupyter:`
 * section, for a `jupyter:` header that is never closed, and for a coding line other than utf-8.
 */
export function parseHeader(lines: readonly string[], options: ParseHeaderOptions): ParsedHeader {
  const comment = options.comment;
  const suffix = options.suffix ?? '';
  const first = options.firstLine ?? 1;
  const err = (reason: string, index: number, column = 1) =>
    new NbgitError('ESYNTAX', reason, { file: options.file, position: { line: first + index, column } });
  const metadata: JsonObject = {};
  const jupytext = (): JsonObject => {
    if (!isJsonObject(metadata.jupytext)) metadata.jupytext = {};
    return metadata.jupytext as JsonObject;
  };
  const encodingRe = comment ? new RegExp(`^[ \\t\\f]*${escapeRegExp(comment)}.*?coding[:=][ \\t]*([-_.a-zA-Z0-9]+)`) : undefined;

  let start = 0;
  let started = false;
  let openAt = -1;
  const jupyter: string[] = [];
  const jupyterAt: number[] = [];
  const root: string[] = [];
  let inJupyter = false;
  let i = 0;
  for (; i < lines.length; i++) {
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (i === 0 && comment && raw.startsWith('#!')) {
      jupytext().executable = raw.slice(2);
      start = i + 1;
      continue;
    }
    if (encodingRe && (i === 0 || (i === 1 && !encodingRe.test(lines[0]!)))) {
      const m = encodingRe.exec(raw);
      if (m) {
        if (m[1] !== 'utf-8') throw err(`only utf-8 files can be read, not ${m[1]}`, i, raw.indexOf(m[1]!) + 1);
        jupytext().encoding = raw;
        start = i + 1;
        continue;
      }
    }
    if (!raw.startsWith(comment)) break;
    const line = uncommentLine(raw, comment, suffix);
    if (HEADER_RE.test(line)) {
      if (!started) {
        started = true;
        openAt = i;
        continue;
      }
      // closing ---
      let meta: JsonObject = {};
      if (jupyter.length) {
        let parsed: unknown;
        try {
          parsed = loadYaml(jupyter.join('\n'));
        } catch (e) {
          if (e instanceof YamlSyntaxError) {
            const at = jupyterAt[Math.min(e.line - 1, jupyterAt.length - 1)]!;
            const prefixLen = lines[at]!.length - uncommentLine(lines[at]!, comment, '').length;
            throw err(`invalid YAML in the notebook header: ${e.message}`, at, e.column + prefixLen);
          }
          throw e;
        }
        const value = isJsonObject(parsed) ? parsed.jupyter : undefined;
        if (value !== null && value !== undefined && !isJsonObject(value)) throw err('the jupyter: entry of the header must be a mapping', jupyterAt[0]!);
        meta = (value as JsonObject | null | undefined) ?? {};
        // what nbformat requires of these two (a notebook read from the text must validate)
        const required: Array<[string, string[]]> = [
          ['kernelspec', ['name', 'display_name']],
          ['language_info', ['name']],
        ];
        for (const [key, names] of required) {
          if (!(key in meta)) continue;
          const v = meta[key];
          const missing = isJsonObject(v) ? names.filter((n) => typeof v[n] !== 'string') : names;
          if (missing.length === 0) continue;
          const at = jupyterAt.find((k) => new RegExp(`^\\s*${key}\\s*:`).test(uncommentLine(lines[k]!, comment, suffix))) ?? jupyterAt[0]!;
          throw err(
            `the header's ${key} must be a mapping with ${names.map((n) => `a string ${n}`).join(' and ')} (nbformat requires ${names.length > 1 ? 'them' : 'it'}); ${isJsonObject(v) ? `${missing.join(' and ')} missing or not a string` : 'it is not a mapping'}`,
            at,
          );
        }
        for (const [k, v] of Object.entries(metadata)) {
          if (k === 'jupytext' && isJsonObject(v)) {
            const before = isJsonObject(meta.jupytext) ? meta.jupytext : {};
            meta.jupytext = { ...before, ...v };
            copyNumberLexemes(before, meta.jupytext);
          } else meta[k] = v;
        }
      } else meta = metadata;
      return { metadata: meta, hasJupyter: jupyter.length > 0, found: true, rootLines: root, end: i + 1 };
    }
    if (!started && line.trim()) break;
    if (!started) break;
    if (JUPYTER_RE.test(line)) inJupyter = true;
    else if (line && !/^\s/.test(line)) inJupyter = false;
    if (inJupyter) {
      jupyter.push(line);
      jupyterAt.push(i);
    } else root.push(line);
  }
  if (started && jupyter.length) throw err(`unterminated YAML header: expected a closing "${comment ? `${comment} ` : ''}---" line`, openAt);
  return { metadata, hasJupyter: false, found: false, rootLines: [], end: start };
}

/** What nbformat requires of a notebook's `kernelspec` and `language_info` (a notebook read from a text must validate). */
export const REQUIRED_HEADER_KEYS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['kernelspec', ['name', 'display_name']],
  ['language_info', ['name']],
];

/** Why `metadata`'s kernelspec or language_info would not validate (see {@link REQUIRED_HEADER_KEYS}), or undefined. */
export function headerMetadataProblem(metadata: JsonObject): string | undefined {
  for (const [key, names] of REQUIRED_HEADER_KEYS) {
    if (!(key in metadata)) continue;
    const v = metadata[key];
    const missing = isJsonObject(v) ? names.filter((n) => typeof v[n] !== 'string') : names;
    if (missing.length === 0) continue;
    return `${key} must be a mapping with ${names.map((n) => `a string ${n}`).join(' and ')} (nbformat requires ${names.length > 1 ? 'them' : 'it'}); ${isJsonObject(v) ? `${missing.join(' and ')} missing or not a string` : 'it is not a mapping'}`;
  }
  return undefined;
}
