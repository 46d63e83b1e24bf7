/**
 * What every public function that takes a notebook relies on, checked before it does
 * anything: the notebook's spine (top-level keys, cells, outputs) has the types nbformat
 * gives it, and no value is nested deeper than {@link MAX_DEPTH}. A notebook that fails
 * gets a typed {@link NbgitError} (`ESCHEMA`, or `ELIMIT` for depth) naming the JSON path
 * and, when the caller can locate paths in a file, its line and column. No input can
 * exhaust the call stack here: the depth walk stops at the limit.
 *
 * This is not validation (`validateNotebook` in @nbgit/ipynb reports every schema problem,
 * unknown keys and id format included): it refuses only what nbgit's code would misread.
 */
import { type ErrorCode, NbgitError, type Position } from './errors.js';
import { numberLexeme } from './numbers.js';

/**
 * The deepest nesting of JSON objects and arrays nbgit reads or takes (the notebook object
 * counts as level 1; a notebook's own structure uses 6). Deeper input is refused with an
 * `ELIMIT` error rather than risking the call stack of the walkers that copy, compare,
 * hash and write values. Python's json stops near the same depth (its recursion limit).
 */
export const MAX_DEPTH = 1000;

/** A JSON path as segments: keys and array indexes. */
export type JsonPath = ReadonlyArray<string | number>;

/** `cells[3].outputs[0].output_type` from its segments. */
export function formatPath(path: JsonPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? (s ? `.${p}` : p) : `[${JSON.stringify(p)}]`;
  return s;
}

/** Options of {@link checkNotebook}. */
export interface CheckOptions {
  /** File the notebook was read from, for the error. */
  file?: string;
  /** Line and column of the value at a path, when the notebook was read from text. */
  locate?: (path: JsonPath) => Position | undefined;
  /** Prefix of the error's reason, such as the function or merge side (`local`). */
  name?: string;
  /**
   * Also take JSON objects that are not nbformat 3 or 4 (nbformat 1 and 2, a Zeppelin note),
   * checking only their depth: for tools that keep such files as they are (strip).
   */
  legacy?: boolean;
  /**
   * Check the depth limit (the default, true). `false` only when the caller has bounded
   * the depth already (`fromIpynb` does it in the walk it makes anyway), to walk once.
   */
  depth?: boolean;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v === 'string' ? 'a string' : `a ${typeof v}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Describes the value at `container[key]`: numbers by their lexeme in the file when one was recorded (`1e999`, not `null`). */
function found(container: object, key: string | number): string {
  const v = (container as Record<string | number, unknown>)[key];
  if (typeof v === 'number') return numberLexeme(container, key) ?? (Number.isFinite(v) ? String(v) : 'a number out of range');
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v.length <= 40 ? JSON.stringify(v) : 'a string';
  return typeName(v);
}

/**
 * The checks, with the path of the container being checked in {@link Spine.path} (pushed
 * and popped, so that a valid notebook costs no allocation per value).
 */
class Spine {
  readonly path: Array<string | number> = [];
  constructor(private readonly options: CheckOptions) {}

  /** Throws for `key` of the current container (or the container itself). */
  fail(key: string | number | undefined, reason: string, code: ErrorCode = 'ESCHEMA'): never {
    return this.failAt(key === undefined ? this.path : [...this.path, key], reason, code);
  }

  failAt(path: JsonPath, reason: string, code: ErrorCode = 'ESCHEMA'): never {
    const p = formatPath(path);
    const { name, file, locate } = this.options;
    const text = `${name ? `${name}: ` : ''}${p ? `${p}: ` : ''}${reason}`;
    throw new NbgitError(code, text, { file, position: locate?.(path), path: p });
  }

  missing(key: string | number): never {
    return this.fail(undefined, `missing required key "${key}"`);
  }

  object(parent: object, key: string | number, required = true): Record<string, unknown> | undefined {
    const v = (parent as Record<string | number, unknown>)[key];
    if (isObject(v)) return v;
    if (v === undefined && !required) return undefined;
    if (v === undefined) this.missing(key);
    return this.fail(key, `expected an object, found ${found(parent, key)}`);
  }

  list(parent: Record<string, unknown>, key: string, required = true, code: ErrorCode = 'ESCHEMA'): unknown[] {
    const v = parent[key];
    if (Array.isArray(v)) return v;
    if (v === undefined && !required) return [];
    if (v === undefined) this.fail(undefined, `missing required key "${key}"`, code);
    return this.fail(key, `expected a list, found ${found(parent, key)}`, code);
  }

  string(parent: Record<string, unknown>, key: string, required = true): void {
    const v = parent[key];
    if (typeof v === 'string' || (v === undefined && !required)) return;
    if (v === undefined) this.missing(key);
    this.fail(key, `expected a string, found ${found(parent, key)}`);
  }

  strings(key: string, v: unknown[]): void {
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] === 'string') continue;
      this.path.push(key);
      this.fail(i, `expected a string, found ${found(v, i)}`);
    }
  }

  multiline(parent: Record<string, unknown>, key: string, required = true): void {
    const v = parent[key];
    if (typeof v === 'string') return;
    if (Array.isArray(v)) {
      this.strings(key, v);
      return;
    }
    if (v === undefined && !required) return;
    if (v === undefined) this.missing(key);
    this.fail(key, `expected a string or a list of strings, found ${found(parent, key)}`);
  }

  count(parent: Record<string, unknown>, key: string, required: boolean): void {
    const v = parent[key];
    if (v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) return;
    if (v === undefined && !required) return;
    if (v === undefined) this.missing(key);
    this.fail(key, `expected a non-negative integer or null, found ${found(parent, key)}`);
  }

  bundle(parent: Record<string, unknown>, key: string, required: boolean): void {
    const b = this.object(parent, key, required);
    if (b === undefined) return;
    this.path.push(key);
    for (const mime in b) {
      if (!Object.hasOwn(b, mime) || mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'))) continue;
      this.multiline(b, mime);
    }
    this.path.pop();
  }

  output(list: unknown[], i: number): void {
    const o = this.object(list, i)!;
    this.path.push(i);
    const type = o.output_type;
    switch (type) {
      case 'stream':
        this.string(o, 'name');
        this.multiline(o, 'text');
        break;
      case 'display_data':
      case 'execute_result':
        this.bundle(o, 'data', true);
        this.object(o, 'metadata', false);
        if (type === 'execute_result') this.count(o, 'execution_count', false);
        break;
      case 'error': {
        this.string(o, 'ename');
        this.string(o, 'evalue');
        this.strings('traceback', this.list(o, 'traceback'));
        break;
      }
      default:
        this.fail('output_type', `expected one of execute_result, display_data, stream, error, found ${found(o, 'output_type')}`);
    }
    this.path.pop();
  }

  cellV4(cells: unknown[], i: number): void {
    const c = this.object(cells, i)!;
    this.path.push(i);
    const type = c.cell_type;
    if (type !== 'code' && type !== 'markdown' && type !== 'raw') {
      const hint = type === 'heading' ? ' (heading cells are nbformat 3; nbformat 4 writes them as markdown)' : '';
      this.fail('cell_type', `expected one of code, markdown, raw, found ${found(c, 'cell_type')}${hint}`);
    }
    this.string(c, 'id', false);
    this.object(c, 'metadata');
    this.multiline(c, 'source');
    if (type === 'code') {
      this.count(c, 'execution_count', false);
      // nbstripout's tolerance, kept for strip: `"outputs": null` is no outputs
      const outputs = c.outputs === null && this.options.legacy ? [] : this.list(c, 'outputs');
      this.path.push('outputs');
      for (let k = 0; k < outputs.length; k++) this.output(outputs, k);
      this.path.pop();
    } else {
      const a = this.object(c, 'attachments', false);
      if (a !== undefined) {
        this.path.push('attachments');
        for (const name in a) if (Object.hasOwn(a, name)) this.bundle(a, name, true);
        this.path.pop();
      }
    }
    this.path.pop();
  }

  /** nbformat 3: worksheets of cells; code cells hold `input` and v3 outputs. */
  v3(nb: Record<string, unknown>): void {
    if ('cells' in nb) {
      this.fail(
        'cells',
        'a "cells" list in a notebook marked nbformat 3 (nbformat 3 keeps cells in "worksheets"): the file mixes two formats; fix its "nbformat" (4 for a "cells" list)',
      );
    }
    this.object(nb, 'metadata', false);
    const wss = this.list(nb, 'worksheets', false);
    this.path.push('worksheets');
    for (let w = 0; w < wss.length; w++) {
      const ws = this.object(wss, w)!;
      this.path.push(w);
      const cells = this.list(ws, 'cells', false);
      this.path.push('cells');
      for (let i = 0; i < cells.length; i++) {
        const c = this.object(cells, i)!;
        this.path.push(i);
        const type = c.cell_type;
        if (type !== 'code' && type !== 'markdown' && type !== 'raw' && type !== 'heading' && type !== 'html')
          this.fail('cell_type', `expected one of code, markdown, raw, heading, found ${found(c, 'cell_type')}`);
        this.object(c, 'metadata', false);
        if (type === 'code') {
          this.multiline(c, 'input', false);
          this.count(c, 'prompt_number', false);
          const outputs = this.list(c, 'outputs', false);
          this.path.push('outputs');
          for (let k = 0; k < outputs.length; k++) {
            const o = this.object(outputs, k)!;
            if (typeof o.output_type !== 'string') this.failAt([...this.path, k, 'output_type'], `expected a string, found ${found(o, 'output_type')}`);
          }
          this.path.pop();
        } else this.multiline(c, 'source', false);
        if (type === 'heading' && c.level !== undefined && !(typeof c.level === 'number' && Number.isSafeInteger(c.level) && c.level >= 1))
          this.fail('level', `expected a positive integer, found ${found(c, 'level')}`);
        this.path.pop();
      }
      this.path.pop();
      this.path.pop();
    }
    this.path.pop();
  }
}

/**
 * Checks what nbgit relies on in a notebook (nbformat 4, or 3 for tools that keep old
 * files): throws an `ESCHEMA` {@link NbgitError} at the first place that breaks it, and an
 * `ELIMIT` one for a value nested deeper than {@link MAX_DEPTH}. Linear in the size of the
 * notebook.
 */
export function checkNotebook(nb: unknown, options: CheckOptions = {}): void {
  const spine = new Spine(options);
  if (!isObject(nb)) {
    spine.fail(undefined, `expected a notebook (a JSON object), found ${typeName(nb)}`, 'ENOTNOTEBOOK');
    return;
  }
  const version = nb.nbformat;
  if (version === 3) spine.v3(nb);
  else if (version === 4) {
    if ('worksheets' in nb) spine.fail('worksheets', 'nbformat 3 "worksheets" in a notebook marked nbformat 4 (whose cells are in "cells")');
    spine.object(nb, 'metadata');
    const minor = nb.nbformat_minor;
    if (!(typeof minor === 'number' && Number.isSafeInteger(minor) && minor >= 0))
      spine.fail('nbformat_minor', `expected a non-negative integer, found ${minor === undefined ? 'nothing' : found(nb, 'nbformat_minor')}`);
    const cells = spine.list(nb, 'cells', true, 'ENOTNOTEBOOK');
    spine.path.push('cells');
    for (let i = 0; i < cells.length; i++) spine.cellV4(cells, i);
    spine.path.pop();
  } else if (!options.legacy) {
    if (version === undefined) spine.fail(undefined, 'not a notebook: no "nbformat" key', 'ENOTNOTEBOOK');
    spine.fail('nbformat', `expected nbformat 4, found ${found(nb, 'nbformat')}`, 'EVERSION');
  }
  const deep = options.depth === false ? undefined : deepestPath(nb, MAX_DEPTH);
  if (deep !== undefined) spine.failAt(deep, `nested deeper than ${MAX_DEPTH} levels (nbgit's limit)`, 'ELIMIT');
}

/**
 * The path of the first value nested more than `limit` levels deep in `value` (a container
 * is one level), or undefined when there is none. Recursion stops at `limit`, so any input
 * is fine for `limit` up to a few thousand.
 */
export function deepestPath(value: unknown, limit: number = MAX_DEPTH): Array<string | number> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const path = tooDeep(value, limit - 1);
  return path?.reverse();
}

/** The path (reversed) of a container more than `left` levels below `c`. */
function tooDeep(c: object, left: number): Array<string | number> | undefined {
  if (Array.isArray(c)) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (typeof v !== 'object' || v === null) continue;
      if (left === 0) return [i];
      const p = tooDeep(v, left - 1);
      if (p !== undefined) {
        p.push(i);
        return p;
      }
    }
    return undefined;
  }
  const o = c as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (typeof v !== 'object' || v === null || !Object.hasOwn(o, k)) continue;
    if (left === 0) return [k];
    const p = tooDeep(v, left - 1);
    if (p !== undefined) {
      p.push(k);
      return p;
    }
  }
  return undefined;
}
