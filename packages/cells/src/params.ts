/**
 * Notebook parameters as papermill has them, without running anything.
 *
 * - {@link listParameters} reads the cell tagged `parameters` as `papermill --help-notebook`
 *   does: one parameter per assignment, with its annotation or `# type:` comment as its type,
 *   the text after `=` as its default and the comment beside it as its help. papermill reads
 *   Python only; nbgit also reads R (`x <- 1`, `x = 1`) and Julia (`x::Int = 1`) cells.
 * - {@link injectParameters} does what `papermill --prepare-only` does to the cells: a code
 *   cell tagged `injected-parameters`, holding the translated parameters
 *   ({@link translateParameters}), replaces the first cell already tagged so, or goes right
 *   after the first cell tagged `parameters`, or at the top.
 */
import { type Cell, deepestPath, IdAllocator, isJsonObject, type JsonValue, joinSource, MAX_DEPTH, NbgitError, type Notebook } from '@nbgit/core';
import { hasCellIds } from './address.js';
import { sourceFormOf, storedSource } from './source.js';
import { translateParameters, translatorName } from './translators.js';
import type { ParamValue } from './values.js';
import { notebookLanguage } from './view.js';

/** One parameter of a notebook. */
export interface Parameter {
  name: string;
  /** The annotation or `# type:` comment (papermill's inferred type), or null. */
  type: string | null;
  /** The type the default's literal shows (`int`, `str`, `list`...), or null. */
  inferredType: string | null;
  /** The default, as written. */
  default: string;
  /** The comment after the assignment. */
  help: string;
}

/** The tag papermill reads parameters from, and the one it gives the cell it injects. */
export const PARAMETERS_TAG = 'parameters';
export const INJECTED_TAG = 'injected-parameters';

/** Index of the first cell tagged `tag`, or -1. */
export function findTaggedCell(nb: Notebook, tag: string): number {
  return nb.cells.findIndex((c) => {
    const tags = c.metadata?.tags;
    return Array.isArray(tags) && tags.includes(tag);
  });
}

/** The kernel's name (`metadata.kernelspec.name`). */
export function kernelName(nb: Notebook): string | undefined {
  const spec = nb.metadata?.kernelspec as JsonValue | undefined;
  return isJsonObject(spec as JsonValue) && typeof (spec as { name?: unknown }).name === 'string' ? (spec as { name: string }).name : undefined;
}

/** Options naming the kernel, when the notebook's metadata does not (or should not). */
export interface KernelOptions {
  /** Kernel name (default: `metadata.kernelspec.name`). */
  kernelName?: string;
  /** Language (default: `metadata.language_info.name`, else `kernelspec.language`). */
  language?: string;
}

/**
 * The language family a notebook's parameters are read in (`python`, `R`, `julia`...), as
 * papermill picks its translator (kernel name first, then language).
 */
export function parameterLanguage(nb: Notebook, options: KernelOptions = {}): string | undefined {
  const name = translatorName(options.kernelName ?? kernelName(nb), options.language ?? notebookLanguage(nb));
  if (name === 'pysparkkernel') return 'python';
  if (name === 'sparkkernel') return 'scala';
  if (name === 'sparkrkernel') return 'R';
  return name;
}

// papermill's pattern for one Python assignment, after multi-line values are flattened:
// NAME [: ANNOTATION] = VALUE [# [type: TYPE] HELP]
const PYTHON_ASSIGN =
  /^(?<target>[\p{L}\p{N}_][\p{L}\p{N}_]*)\s*(:\s*["']?(?<annotation>[\p{L}\p{N}_][\p{L}\p{N}_[\],\s]*)["']?\s*)?=\s*(?<value>.*?)(\s*#\s*(type:\s*(?<type>\S*)\s*)?(?<help>.*))?$/u;
const R_ASSIGN = /^(?<target>[\p{L}.][\p{L}\p{N}._]*)\s*(?:<<?-|=)\s*(?<value>.*?)(\s*#\s*(?<help>.*))?$/u;
const JULIA_ASSIGN = /^(?<target>[\p{L}_][\p{L}\p{N}_!]*)\s*(::\s*(?<annotation>[^=]+?)\s*)?=\s*(?<value>.*?)(\s*#\s*(?<help>.*))?$/u;

/**
 * Where a comment starts in a line (`#` outside quotes), or -1. Quotes are ' and " (and R's
 * backticks); a backslash escapes the next character inside quotes.
 */
function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#') return i;
  }
  return -1;
}

/** Number of assignment `=` in a line outside quotes and comments (not `==`, `<=`, `>=`, `!=`, `=>`). */
function assignments(line: string, language: string): number {
  let n = 0;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#') break;
    else if (c === '=') {
      const prev = line[i - 1] ?? '';
      const next = line[i + 1] ?? '';
      if (next === '=' || next === '>') i++;
      else if (!'=<>!'.includes(prev)) n++;
    } else if (language === 'R' && c === '<' && line[i + 1] === '-') n++;
  }
  return n;
}

/** papermill's flattening of a multi-line definition: comments dropped but on the last line. */
function flatten(lines: string[]): string {
  let flat = '';
  for (const line of lines.slice(0, -1)) {
    const k = commentStart(line);
    flat += (k === -1 ? line : line.slice(0, k)).trim();
  }
  if (lines.length > 0) flat += lines[lines.length - 1]!.trim();
  return flat;
}

/** The type a default's literal shows, in the language's own names. */
function literalType(value: string, language: string): string | null {
  const v = value.trim();
  const num = /^[+-]?\d[\d_]*$/.test(v) ? 'int' : /^[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? 'float' : null;
  const quoted = /^[rRbBuUfF]{0,2}(["']).*\1$/s.test(v);
  if (language === 'R') {
    if (/^(TRUE|FALSE|T|F)$/.test(v)) return 'logical';
    if (num === 'int' && v.endsWith('L')) return 'integer';
    if (num || /^[+-]?\d+L$/.test(v)) return /L$/.test(v) ? 'integer' : 'numeric';
    if (quoted) return 'character';
    if (v === 'NULL') return 'NULL';
    if (/^c\(/.test(v)) return 'vector';
    if (/^list\(/.test(v)) return 'list';
    return null;
  }
  if (language === 'julia') {
    if (v === 'true' || v === 'false') return 'Bool';
    if (num) return num === 'int' ? 'Int64' : 'Float64';
    if (v.startsWith('"')) return 'String';
    if (v === 'nothing') return 'Nothing';
    if (v.startsWith('[')) return 'Vector';
    if (/^Dict\(/.test(v)) return 'Dict';
    return null;
  }
  if (v === 'True' || v === 'False') return 'bool';
  if (num) return num;
  if (quoted) return 'str';
  if (v === 'None') return 'NoneType';
  if (v.startsWith('[')) return 'list';
  if (v.startsWith('{')) return v === '{}' || /^\{\s*[^:]+:/.test(v) ? 'dict' : 'set';
  if (v.startsWith('(')) return 'tuple';
  return null;
}

/**
 * The parameters a cell's source declares, in order, read as papermill reads a Python
 * parameters cell: lines are grouped from one assignment to the next (blank and comment
 * lines skipped, so a list or dict may span lines), each group is flattened (comments
 * dropped but on its last line) and matched as `NAME[: TYPE] = VALUE  # HELP`; a line with
 * two assignments is skipped. Unlike papermill, `=` inside strings and comparisons is not
 * counted as an assignment.
 */
export function parseParameters(source: string, language = 'python'): Parameter[] {
  const pattern = language === 'R' ? R_ASSIGN : language === 'julia' ? JULIA_ASSIGN : PYTHON_ASSIGN;
  const groups: string[] = [];
  let acc: string[] = [];
  for (const line of source.split(/\r\n|\r|\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const n = assignments(line, language);
    if (n > 0) {
      groups.push(flatten(acc));
      acc = [];
      if (n > 1) continue;
    }
    acc.push(line);
  }
  groups.push(flatten(acc));
  const params: Parameter[] = [];
  for (const g of groups) {
    if (g === '') continue;
    const m = pattern.exec(g)?.groups;
    if (!m?.target) continue;
    const type = (m.annotation ?? m.type ?? '').trim() || null;
    const def = (m.value ?? '').trim();
    params.push({ name: m.target.trim(), type, inferredType: type ?? literalType(def, language), default: def, help: (m.help ?? '').trim() });
  }
  return params;
}

/**
 * The parameters of a notebook: those of its first cell tagged `parameters` (none when it
 * has no such cell). Throws an `EPARAM` {@link NbgitError} for a kernel language nbgit
 * cannot read parameters in (papermill reads Python only; nbgit Python, R and Julia).
 */
export function listParameters(nb: Notebook, options: KernelOptions = {}): Parameter[] {
  const i = findTaggedCell(nb, PARAMETERS_TAG);
  if (i === -1) return [];
  const language = parameterLanguage(nb, options);
  if (language !== 'python' && language !== 'R' && language !== 'julia') {
    const shown = language ?? options.language ?? notebookLanguage(nb) ?? kernelName(nb) ?? 'unknown';
    throw new NbgitError('EPARAM', `cannot read the parameters of a ${shown} notebook (nbgit reads Python, R and Julia parameter cells)`);
  }
  return parseParameters(joinSource(nb.cells[i]!.source), language);
}

/**
 * The parameters as `papermill --help-notebook` prints them, without its usage line: a
 * heading naming the notebook, then `  NAME: TYPE (default VALUE)` and the help, aligned at
 * column 34 (on the next line when the definition is longer than 30 characters). The type
 * is the annotation, else the literal's type, else `Unknown type`. `params` undefined means
 * the notebook has no cell tagged `parameters`.
 */
export function renderParameters(params: Parameter[] | undefined, options: { file?: string } = {}): string {
  const lines = [`Parameters inferred for notebook '${options.file ?? '<stdin>'}':`];
  if (params === undefined) lines.push('', "  No cell tagged 'parameters'");
  else if (params.length === 0) lines.push('', "  Can't infer anything about this notebook's parameters. It may not have any parameter defined.");
  for (const p of params ?? []) {
    const definition = `  ${p.name}: ${p.type ?? p.inferredType ?? 'Unknown type'} (default ${p.default})`;
    if (definition.length > 30) lines.push(p.help ? `${definition}\n${' '.repeat(34)}${p.help}` : definition);
    else lines.push(`${definition.padEnd(34)}${p.help}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** Options of {@link injectParameters}. */
export interface InjectOptions extends KernelOptions {
  /** Refuse parameters the parameters cell does not declare. */
  strict?: boolean;
  /** The comment that starts the cell (default `Parameters`). */
  comment?: string;
}

/** What {@link injectParameters} did. */
export interface InjectResult {
  /** Index of the injected cell. */
  index: number;
  /** Its id (nbformat 4.5 and later). */
  id?: string;
  /** Its source. */
  source: string;
  /** True when it replaced an earlier injected cell. */
  replaced: boolean;
  /** Parameters given that the notebook does not declare (refused with `strict`). */
  undeclared: string[];
}

/**
 * Throws `ELIMIT` when the value of parameter `name` nests lists or dicts deeper than
 * `MAX_DEPTH` (1000) levels: the translators write values recursively. Takes any value (a
 * client's JSON before it becomes a {@link ParamValue}), and stops at the limit.
 */
function checkParameterDepth(name: string, value: unknown): void {
  if (deepestPath(value, MAX_DEPTH) !== undefined) throw new NbgitError('ELIMIT', `parameter ${name}: nested deeper than ${MAX_DEPTH} levels (nbgit's limit)`);
}

/**
 * Injects parameters as `papermill --prepare-only` does: a code cell tagged
 * `injected-parameters` with papermill's source for the kernel's language replaces the
 * first cell so tagged, or goes after the first cell tagged `parameters`, or at the top.
 * nbgit changes nothing else: papermill also upgrades the notebook to nbformat 4.5 with
 * random ids and fills `metadata.papermill` of the notebook and of every cell; nbgit keeps
 * the file's version, gives the new cell a deterministic id (or the id of the cell it
 * replaces) and leaves every other cell's bytes alone. Mutates `nb`.
 *
 * Throws an `EPARAM` {@link NbgitError} for a kernel papermill has no translator for, a
 * value the language cannot write, or (with `strict`) a parameter the notebook does not
 * declare; the notebook is then left as it was.
 */
export function injectParameters(nb: Notebook, parameters: Record<string, ParamValue>, options: InjectOptions = {}): InjectResult {
  const kernel = options.kernelName ?? kernelName(nb);
  const language = options.language ?? notebookLanguage(nb);
  for (const [name, value] of Object.entries(parameters)) {
    if (!/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name)) throw new NbgitError('EPARAM', `${JSON.stringify(name)} is not a parameter name`);
    checkParameterDepth(name, value);
  }
  const source = translateParameters(kernel, language, parameters, options.comment);
  const paramsCell = findTaggedCell(nb, PARAMETERS_TAG);
  let declared: string[] | undefined;
  try {
    declared = listParameters(nb, { ...(kernel ? { kernelName: kernel } : {}), ...(language ? { language } : {}) }).map((p) => p.name);
  } catch (e) {
    if (options.strict) throw e;
  }
  const undeclared = declared === undefined ? [] : Object.keys(parameters).filter((k) => !declared.includes(k));
  if (options.strict && undeclared.length > 0) {
    const known = declared!.length > 0 ? `declared: ${declared!.join(', ')}` : paramsCell === -1 ? 'no cell is tagged "parameters"' : 'it declares none';
    const what = undeclared.length === 1 ? 'parameter' : 'parameters';
    throw new NbgitError('EPARAM', `${what} ${undeclared.join(', ')} not declared in the notebook's parameters cell (${known})`);
  }
  const injected = findTaggedCell(nb, INJECTED_TAG);
  const index = injected !== -1 ? injected : paramsCell !== -1 ? paramsCell + 1 : 0;
  let id: string | undefined;
  if (hasCellIds(nb)) {
    const old = injected === -1 ? undefined : nb.cells[injected]!.id;
    if (typeof old === 'string') id = old;
    else {
      const ids = new IdAllocator(nb.cells.flatMap((c) => (typeof c.id === 'string' ? [c.id] : [])));
      id = ids.allocate('code', source);
    }
  }
  const cell = {
    cell_type: 'code',
    execution_count: null,
    ...(id === undefined ? {} : { id }),
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    source: storedSource(source, sourceFormOf(nb)),
  } as Cell;
  const same = (c: Cell) => JSON.stringify({ ...c, source: joinSource(c.source) }) === JSON.stringify({ ...cell, source });
  if (injected !== -1 && same(nb.cells[injected]!)) return { index, ...(id === undefined ? {} : { id }), source, replaced: true, undeclared };
  if (injected !== -1) nb.cells[injected] = cell;
  else nb.cells.splice(index, 0, cell);
  return { index, ...(id === undefined ? {} : { id }), source, replaced: injected !== -1, undeclared };
}
