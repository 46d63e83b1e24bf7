/**
 * Reading MyST markdown notebooks (jupytext's `md:myst`, Jupyter Book's format):
 *
 * ````markdown
 * ---                         <- front matter: the notebook metadata (kernelspec, jupytext...)
 * kernelspec:
 *   name: python3
 * ---
 *
 * # A markdown cell
 *
 * ```{code-cell} ipython3     <- a code cell; the word after the directive is the lexer
 * :tags: [hide-input]         <- cell metadata as `:key: value` lines, or a `---` YAML block
 *
 * x = 1
 * ```
 *
 * +++ {"slideshow": {"slide_type": "slide"}}    <- a markdown cell boundary, with its metadata
 *
 * Another markdown cell
 *
 * ```{raw-cell}
 * raw text
 * ```
 * ````
 *
 * Only top-level fences and `+++` lines count (CommonMark's block structure, from remark).
 */
import { copyNumberLexemes, isJsonObject, type JsonObject, type JsonValue, NbgitError, type Notebook } from '@nbgit/core';
import {
  assembleNotebook,
  detachCellExtras,
  detachNotebookExtras,
  dumpYaml,
  filterMetadata,
  headerMetadataProblem,
  loadYaml,
  parseMetadataValue,
  YamlSyntaxError,
} from '@nbgit/text';
import { topLevelBlocks } from './blocks.js';

/** Options of {@link fromMyst}. */
export interface FromMystOptions {
  /** File name, for error messages. */
  file?: string;
}

export const CODE_DIRECTIVE = '{code-cell}';
export const RAW_DIRECTIVE = '{raw-cell}';

/** A cell as read, before the notebook-level steps. */
export interface MystCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string;
  metadata: JsonObject;
}

/** Trailing whitespace as Python's `str.rstrip()` sees it (not JavaScript's `\s`, which also takes U+FEFF). */
export const PY_TRAILING_WS = /[ \t\n\r\v\f\u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

/** Python's `str.rstrip()` then the removal of leading `\n`s (jupytext's `strip_blank_lines`). */
export function stripBlankLines(text: string): string {
  let t = text.replace(PY_TRAILING_WS, '');
  while (t.startsWith('\n')) t = t.slice(1);
  return t;
}

/** Python's `textwrap.dedent`: the longest common leading whitespace of the non-blank lines is removed. */
function dedent(text: string): string {
  const lines = text.split('\n');
  let margin: string | undefined;
  for (const l of lines) {
    if (!l.trim()) continue;
    const ws = /^[ \t]*/.exec(l)![0];
    if (margin === undefined) margin = ws;
    else {
      let k = 0;
      while (k < margin.length && k < ws.length && margin[k] === ws[k]) k++;
      margin = margin.slice(0, k);
    }
  }
  if (!margin) return lines.map((l) => (l.trim() ? l : l.replace(/^[ \t]+$/, ''))).join('\n');
  return lines.map((l) => (l.trim() ? l.slice(margin!.length) : l.replace(/^[ \t]+$/, ''))).join('\n');
}

/** The options block of a fenced cell (jupytext's `parse_directive_options` and `read_fenced_cell`). */
function directiveOptions(content: string, where: () => NbgitError): { body: string[]; options: JsonObject } {
  let options: unknown = {};
  let rest = content;
  const load = (yaml: string) => {
    try {
      return loadYaml(yaml) ?? {};
    } catch (e) {
      if (e instanceof YamlSyntaxError) {
        const err = where();
        throw new NbgitError('ESYNTAX', `${err.message}invalid YAML in the cell options: ${e.message}`, { file: err.file, position: err.position });
      }
      throw e;
    }
  };
  if (rest.startsWith('---')) {
    rest = splitlines(rest).slice(1).join('\n');
    const m = /^-{3,}/m.exec(rest);
    let yaml: string;
    if (m) {
      yaml = rest.slice(0, m.index);
      rest = rest.slice(m.index + m[0].length + 1);
    } else {
      yaml = rest;
      rest = '';
    }
    options = load(dedent(yaml));
  } else if (rest.trimStart().startsWith(':')) {
    const lines = splitlines(rest);
    const yaml: string[] = [];
    while (lines.length && lines[0]!.trimStart().startsWith(':')) yaml.push(lines.shift()!.trimStart().slice(1));
    rest = lines.join('\n');
    options = load(yaml.join('\n'));
  }
  if (!isJsonObject((options ?? null) as JsonValue)) {
    const err = where();
    throw new NbgitError('ESYNTAX', `${err.message}the cell options must be a mapping`, { file: err.file, position: err.position });
  }
  let body = splitlines(rest);
  if (body.length && !body[0]!.trim()) body = body.slice(1);
  return { body, options: options as JsonObject };
}

/** Python's `str.splitlines()` for `\n`-separated text: no empty last line for a final newline. */
function splitlines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** What {@link readMystCells} found. */
export interface MystDocument {
  /** The front matter, as YAML read it (undefined when the file has none). */
  frontMatter: JsonObject | undefined;
  cells: MystCell[];
  /** The lexer after the first `{code-cell}` directive. */
  lexer: string | undefined;
}

/** Reads the front matter and cells of a MyST document, as jupytext's `myst_to_notebook` does. */
export function readMystCells(text: string, file?: string): MystDocument {
  const lines = splitlines(text);
  const at = (line: number, column = 1) => ({ file, position: { line: line + 1, column } });
  let frontMatter: JsonObject | undefined;
  let start = 0;
  if (lines.length && /^---\s*$/.test(lines[0]!)) {
    let close = -1;
    for (let i = 1; i < lines.length; i++) {
      if (/^-{3,}\s*$/.test(lines[i]!)) {
        close = i;
        break;
      }
    }
    if (close > 0) {
      let value: unknown;
      try {
        value = loadYaml(lines.slice(1, close).join('\n'));
      } catch (e) {
        if (e instanceof YamlSyntaxError) throw new NbgitError('ESYNTAX', `invalid YAML in the front matter: ${e.message}`, at(e.line, e.column));
        throw e;
      }
      if (value !== null && value !== undefined && !isJsonObject(value as JsonValue))
        throw new NbgitError('ESYNTAX', 'the front matter must be a mapping', at(0));
      frontMatter = (value as JsonObject | null) ?? {};
      start = close + 1;
    }
  }
  const cells: MystCell[] = [];
  let lexer: string | undefined;
  let mdStart = start;
  let mdMeta: JsonObject = {};
  const flush = (end: number) => {
    const source = stripBlankLines(lines.slice(mdStart, end).join('\n'));
    if (source) cells.push({ cell_type: 'markdown', source, metadata: mdMeta });
  };
  for (const block of topLevelBlocks(lines, start)) {
    if (block.kind === 'fence') {
      const code = block.info.startsWith(CODE_DIRECTIVE);
      if (!code && !block.info.startsWith(RAW_DIRECTIVE)) continue;
      const s = block.start;
      const inner = lines.slice(s + 1, block.closed ? block.end : block.end + 1).map((l) => {
        let k = 0;
        while (k < block.indent && l[k] === ' ') k++;
        return l.slice(k);
      });
      flush(s);
      const kind = code ? 'Code' : 'Raw';
      const where = () => new NbgitError('ESYNTAX', `${kind} cell ${cells.length} at line ${s + 1} could not be read: `, at(s));
      const { body: bodyLines, options } = directiveOptions(inner.map((l) => `${l}\n`).join(''), where);
      if (code) {
        const l = block.info.slice(CODE_DIRECTIVE.length).trim();
        if (l && !lexer) lexer = l;
      }
      cells.push({ cell_type: code ? 'code' : 'raw', source: bodyLines.join('\n'), metadata: options });
      mdMeta = {};
      mdStart = block.end + 1;
      continue;
    }
    const i = block.line;
    const content = block.content;
    flush(i);
    mdMeta = {};
    if (content) {
      let value: unknown;
      try {
        value = parseMetadataValue(content);
      } catch {
        throw new NbgitError(
          'ESYNTAX',
          `Markdown cell ${cells.length} at line ${i + 1} could not be read: invalid JSON ${JSON.stringify(content.slice(0, 40))}`,
          at(i),
        );
      }
      if (!isJsonObject((value ?? null) as JsonValue)) throw new NbgitError('ESYNTAX', `Markdown cell ${cells.length} at line ${i + 1} is not a dict`, at(i));
      mdMeta = value as JsonObject;
    }
    mdStart = i + 1;
  }
  flush(lines.length);
  return { frontMatter, cells, lexer };
}

/** jupytext's `recursive_update`: `update`'s keys into `target` (a `null` deletes, objects merge). */
export function recursiveUpdate(target: JsonObject, update: JsonObject, overwrite = true): JsonObject {
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete target[key];
    else if (isJsonObject(value))
      target[key] = recursiveUpdate(isJsonObject((target[key] ?? null) as JsonValue) ? (target[key] as JsonObject) : {}, value, overwrite);
    else if (overwrite || !(key in target)) target[key] = value;
  }
  return target;
}

/** The keys of `metadata` that `filter` (jupytext's `root_level_metadata_filter`, default all) promotes to the notebook metadata. */
export function rootLevelKeys(metadata: JsonObject, filter: unknown): Set<string> {
  return new Set(Object.keys(filterMetadata(metadata, typeof filter === 'string' ? filter : '', 'all', { keepInvalidKeys: true })));
}

/**
 * Reads a MyST markdown notebook (jupytext's `md:myst`), as jupytext reads it, plus nbgit's
 * `nbgit` extras. Cells get deterministic ids. Throws an `ESYNTAX` `NbgitError` with the file
 * and line for invalid YAML (front matter, cell options) and for `+++` metadata that is not a
 * JSON object.
 */
export function fromMyst(text: string, options: FromMystOptions = {}): Notebook {
  if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text)) text = text.replaceAll('\r\n', '\n');
  const doc = readMystCells(text, options.file);
  const fm: JsonObject = doc.frontMatter ?? {};
  const nbExtras = detachNotebookExtras(fm);
  const lossless = nbExtras.nbformat !== undefined || nbExtras.nbformat_minor !== undefined;
  const cells = doc.cells;
  // the lexer of the code cells, when the metadata does not say it
  if (!lossless && !('language_info' in fm) && doc.lexer) {
    const had = Object.keys(fm).length > 0;
    const jupyter = isJsonObject((fm.jupyter ?? null) as JsonValue) ? (fm.jupyter as JsonObject) : {};
    fm.jupyter = jupyter;
    const j = isJsonObject((jupyter.jupytext ?? null) as JsonValue) ? (jupyter.jupytext as JsonObject) : {};
    jupyter.jupytext = j;
    j.default_lexer = doc.lexer;
    if (!had) j.notebook_metadata_filter = '-all';
  }
  // split the front matter: the `jupyter` entry and the keys promoted to the root are the notebook's; the rest is a first raw cell
  let metadata: JsonObject;
  if (lossless) metadata = fm;
  else {
    metadata = isJsonObject((fm.jupyter ?? null) as JsonValue) ? (fm.jupyter as JsonObject) : {};
    delete fm.jupyter;
    const jf = isJsonObject((fm.jupytext ?? null) as JsonValue) ? (fm.jupytext as JsonObject) : {};
    const jm = isJsonObject((metadata.jupytext ?? null) as JsonValue) ? (metadata.jupytext as JsonObject) : {};
    const keep = rootLevelKeys(fm, jm.root_level_metadata_filter ?? jf.root_level_metadata_filter);
    const promoted: JsonObject = {};
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(fm)) (keep.has(k) ? promoted : rest)[k] = v;
    copyNumberLexemes(fm, promoted);
    copyNumberLexemes(fm, rest);
    metadata = recursiveUpdate(metadata, promoted);
    if (Object.keys(rest).length) cells.unshift({ cell_type: 'raw', source: `---\n${dumpYaml(rest, { sortKeys: false })}---`, metadata: {} });
  }
  const problem = headerMetadataProblem(metadata);
  if (problem) throw new NbgitError('ESYNTAX', `the front matter's ${problem}`, { file: options.file, position: { line: 1, column: 1 } });
  const extrasOf = cells.map((c) => detachCellExtras(c.metadata));
  const read = cells.map((c, i) => {
    const x = extrasOf[i]!;
    return { ...c, source: x.source ?? (x.tail === undefined ? c.source : c.source + x.tail) };
  });
  const nb = assembleNotebook(metadata, nbExtras, read, extrasOf);
  return nb;
}
