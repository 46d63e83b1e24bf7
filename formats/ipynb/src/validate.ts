/**
 * Validation against the schema of the notebook's own nbformat version: 3 (validate-v3.ts),
 * or 4 with ids only from 4.5 (the parts that matter for tools: structure,
 * types, enums, required and unknown keys, id format and uniqueness). Each issue names the
 * JSON path and, for a notebook read by `fromIpynb`, the line and column in the file.
 */
import { deepestPath, isJsonObject, type JsonObject, MAX_DEPTH, NbgitError, type Notebook, type Position, positionAt } from '@nbgit/core';
import { duplicateKeys } from './duplicate-keys.js';
import { jupyterSource } from './jupyter-cells.js';
import { type ContainerLayout, indexOfKey, isLayout, startOf, valueAt, valueStartAt } from './layout.js';
import { rootLayout } from './lazy-layout.js';
import { layoutOf } from './remembered.js';
import { shown } from './shown.js';
import { validateV3 } from './validate-v3.js';

/** One problem found by {@link validateNotebook}. */
export interface ValidationIssue {
  /** JSON path, such as `cells[3].outputs[0].output_type`. */
  path: string;
  /** What is wrong. */
  message: string;
  /** Where, when the notebook was read from text. */
  position?: Position;
}

const OUTPUT_TYPES = ['execute_result', 'display_data', 'stream', 'error'];
const CELL_TYPES = ['code', 'markdown', 'raw'];
const CELL_KEYS: Record<string, string[]> = {
  code: ['id', 'cell_type', 'metadata', 'source', 'outputs', 'execution_count'],
  markdown: ['id', 'cell_type', 'metadata', 'source', 'attachments'],
  raw: ['id', 'cell_type', 'metadata', 'source', 'attachments'],
};
const REQUIRED: Record<string, string[]> = {
  code: ['cell_type', 'metadata', 'source', 'outputs', 'execution_count'],
  markdown: ['cell_type', 'metadata', 'source'],
  raw: ['cell_type', 'metadata', 'source'],
  execute_result: ['output_type', 'data', 'metadata', 'execution_count'],
  display_data: ['output_type', 'data', 'metadata'],
  stream: ['output_type', 'name', 'text'],
  error: ['output_type', 'ename', 'evalue', 'traceback'],
};
const OUTPUT_KEYS: Record<string, string[]> = {
  execute_result: ['output_type', 'data', 'metadata', 'execution_count'],
  display_data: ['output_type', 'data', 'metadata', 'transient'],
  stream: ['output_type', 'name', 'text'],
  error: ['output_type', 'ename', 'evalue', 'traceback'],
};
const ID = /^[a-zA-Z0-9-_]{1,64}$/;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

class Checker {
  readonly issues: ValidationIssue[] = [];
  constructor(private readonly text: string | undefined) {}

  /** Offset of member `key` of the value whose layout is `l`. */
  child(l: ContainerLayout | undefined, key: string | number): ContainerLayout | undefined {
    if (!l) return undefined;
    const i = typeof key === 'number' ? key : indexOfKey(l, key);
    if (i < 0) return undefined;
    const v = valueAt(l, i);
    return isLayout(v) ? v : undefined;
  }

  report(path: string, message: string, l: ContainerLayout | undefined, key?: string | number) {
    let offset: number | undefined;
    if (l) {
      if (key === undefined) offset = startOf(l);
      else {
        const i = typeof key === 'number' ? key : indexOfKey(l, key);
        offset = i >= 0 ? valueStartAt(l, i) : startOf(l);
      }
    }
    const issue: ValidationIssue = { path, message };
    if (offset !== undefined && this.text !== undefined) issue.position = positionAt(this.text, offset);
    this.issues.push(issue);
  }

  multiline(v: unknown, path: string, l: ContainerLayout | undefined, key: string | number) {
    if (typeof v === 'string') return;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return;
    this.report(path, `expected a string or a list of strings, found ${typeName(v)}`, l, key);
  }

  object(v: unknown, path: string, l: ContainerLayout | undefined, key: string | number): v is Record<string, unknown> {
    if (isJsonObject(v)) return true;
    this.report(path, `expected an object, found ${typeName(v)}`, l, key);
    return false;
  }

  keys(obj: Record<string, unknown>, allowed: string[], required: string[], path: string, l: ContainerLayout | undefined) {
    for (const k of required) if (!(k in obj)) this.report(path, `missing required key "${k}"`, l);
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) this.report(path ? `${path}.${k}` : k, `unknown key "${k}" (not allowed by nbformat 4)`, l, k);
  }

  bundle(data: unknown, path: string, l: ContainerLayout | undefined, key: string) {
    if (!this.object(data, path, l, key)) return;
    const bl = this.child(l, key);
    for (const [mime, v] of Object.entries(data)) {
      if (!/^[^/]+\/[^/]+$/.test(mime)) this.report(`${path}["${mime}"]`, `"${mime}" is not a mime type`, bl, mime);
      const json = mime === 'application/json' || /^application\/.+\+json$/.test(mime);
      if (!json) this.multiline(v, `${path}["${mime}"]`, bl, mime);
    }
  }

  output(o: unknown, path: string, l: ContainerLayout | undefined, index: number) {
    if (!this.object(o, path, l, index)) return;
    const ol = this.child(l, index);
    const type = o.output_type;
    if (typeof type !== 'string' || !OUTPUT_TYPES.includes(type)) {
      this.report(`${path}.output_type`, `${shown(o, 'output_type')} is not one of ${OUTPUT_TYPES.join(', ')}`, ol, 'output_type');
      return;
    }
    this.keys(o, OUTPUT_KEYS[type]!, REQUIRED[type]!, path, ol);
    if (type === 'stream') {
      if (typeof o.name !== 'string') this.report(`${path}.name`, `expected a string, found ${typeName(o.name)}`, ol, 'name');
      if ('text' in o) this.multiline(o.text, `${path}.text`, ol, 'text');
    } else if (type === 'error') {
      for (const k of ['ename', 'evalue'])
        if (k in o && typeof o[k] !== 'string') this.report(`${path}.${k}`, `expected a string, found ${typeName(o[k])}`, ol, k);
      if ('traceback' in o && !(Array.isArray(o.traceback) && o.traceback.every((x) => typeof x === 'string')))
        this.report(`${path}.traceback`, 'expected a list of strings', ol, 'traceback');
    } else {
      if ('data' in o) this.bundle(o.data, `${path}.data`, ol, 'data');
      if ('metadata' in o) this.object(o.metadata, `${path}.metadata`, ol, 'metadata');
      if (type === 'execute_result' && 'execution_count' in o) this.count(o, `${path}.execution_count`, ol);
    }
  }

  /** Checks `parent.execution_count`. */
  count(parent: Record<string, unknown>, path: string, l: ContainerLayout | undefined) {
    const v = parent.execution_count;
    if (v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) return;
    this.report(path, `expected a non-negative integer or null, found ${shown(parent, 'execution_count')}`, l, 'execution_count');
  }

  cell(c: unknown, i: number, l: ContainerLayout | undefined, minor: number, ids: Map<string, number>) {
    const path = `cells[${i}]`;
    if (!this.object(c, path, l, i)) return;
    const cl = this.child(l, i);
    const type = c.cell_type;
    if (typeof type !== 'string' || !CELL_TYPES.includes(type)) {
      this.report(`${path}.cell_type`, `${shown(c, 'cell_type')} is not one of ${CELL_TYPES.join(', ')}`, cl, 'cell_type');
      return;
    }
    // ids exist from nbformat 4.5 on: required there, unknown before
    const required = minor >= 5 ? [...REQUIRED[type]!, 'id'] : REQUIRED[type]!;
    this.keys(c, CELL_KEYS[type]!, required, path, cl);
    if ('id' in c && minor < 5) this.report(`${path}.id`, `cell ids exist from nbformat 4.5 on; this notebook is 4.${minor}`, cl, 'id');
    else if ('id' in c) {
      if (typeof c.id !== 'string' || !ID.test(c.id)) this.report(`${path}.id`, `${shown(c, 'id')} is not a valid cell id (1-64 of a-z A-Z 0-9 - _)`, cl, 'id');
      else if (ids.has(c.id)) this.report(`${path}.id`, `duplicate cell id "${c.id}" (also cells[${ids.get(c.id)}])`, cl, 'id');
      else ids.set(c.id, i);
    }
    if ('metadata' in c) this.object(c.metadata, `${path}.metadata`, cl, 'metadata');
    if ('source' in c) this.multiline(c.source, `${path}.source`, cl, 'source');
    if (type === 'code') {
      if ('execution_count' in c) this.count(c, `${path}.execution_count`, cl);
      if ('outputs' in c) {
        if (!Array.isArray(c.outputs)) this.report(`${path}.outputs`, `expected a list, found ${typeName(c.outputs)}`, cl, 'outputs');
        else {
          const outl = this.child(cl, 'outputs');
          c.outputs.forEach((o, k) => this.output(o, `${path}.outputs[${k}]`, outl, k));
        }
      }
    } else if ('attachments' in c && this.object(c.attachments, `${path}.attachments`, cl, 'attachments')) {
      const al = this.child(cl, 'attachments');
      for (const name of Object.keys(c.attachments as object))
        this.bundle((c.attachments as Record<string, unknown>)[name], `${path}.attachments["${name}"]`, al, name);
    }
  }
}

/**
 * Checks a notebook against the schema of its own version: nbformat 3 (worksheets), or 4
 * (ids only from 4.5, where they are required). Returns the problems found (empty when
 * valid). For a notebook read by `fromIpynb`, each carries its line and column.
 */
export function validateNotebook(nb: Notebook): ValidationIssue[] {
  const layout = layoutOf(nb);
  // keys given twice in the file: readers keep the last value and drop the others silently
  const twice: ValidationIssue[] =
    layout === undefined
      ? []
      : duplicateKeys(layout.text, nb, () => rootLayout(layout)).map((d) => ({
          path: d.path,
          message: `key given twice (first at ${d.first.line}:${d.first.column}); JSON readers (Python's json, Jupyter, nbgit) keep only this last value`,
          position: d.again,
        }));
  // an nbformat 3 notebook (as `fromIpynb(text, {legacy: 'keep'})` or `downgradeV3` gives it): nbformat 3's schema
  if (isJsonObject(nb) && nb.nbformat === 3) return [...validateV3(nb as unknown as JsonObject), ...twice];
  // Positions need the node layout, which a file read with JSON.parse does not have yet:
  // make it only when there is something to report.
  const quick = layout !== undefined && layout.root === undefined ? check(nb, undefined, undefined) : undefined;
  if (quick !== undefined && quick.length === 0) return twice;
  return [...check(nb, layout?.text, layout === undefined ? undefined : rootLayout(layout)), ...twice];
}

function check(nb: Notebook, text: string | undefined, root: ContainerLayout | undefined): ValidationIssue[] {
  const ch = new Checker(text);
  if (!isJsonObject(nb)) {
    ch.report('', `expected a notebook object, found ${typeName(nb)}`, root);
    return ch.issues;
  }
  // nbformat has schemas for 3 and 4 only: an older or newer notebook is one problem, not one per key
  if (typeof nb.nbformat === 'number' && Number.isInteger(nb.nbformat) && nb.nbformat !== 4 && nb.nbformat >= 1) {
    ch.report('nbformat', `nbformat ${shown(nb, 'nbformat')} has no schema to check against (nbformat validates 3 and 4)`, root, 'nbformat');
    return ch.issues;
  }
  ch.keys(nb, ['metadata', 'nbformat_minor', 'nbformat', 'cells'], ['metadata', 'nbformat_minor', 'nbformat', 'cells'], '', root);
  if (nb.nbformat !== 4 && 'nbformat' in nb) ch.report('nbformat', `expected 4, found ${shown(nb, 'nbformat')}`, root, 'nbformat');
  const minor = nb.nbformat_minor;
  if ('nbformat_minor' in nb && (typeof minor !== 'number' || !Number.isInteger(minor) || minor < 0))
    ch.report('nbformat_minor', `expected a non-negative integer, found ${shown(nb, 'nbformat_minor')}`, root, 'nbformat_minor');
  if ('metadata' in nb && ch.object(nb.metadata, 'metadata', root, 'metadata')) {
    const ml = ch.child(root, 'metadata');
    const md = nb.metadata as Record<string, unknown>;
    if ('kernelspec' in md && ch.object(md.kernelspec, 'metadata.kernelspec', ml, 'kernelspec')) {
      const ks = md.kernelspec as Record<string, unknown>;
      const kl = ch.child(ml, 'kernelspec');
      for (const k of ['name', 'display_name']) {
        if (!(k in ks)) ch.report('metadata.kernelspec', `missing required key "${k}"`, kl);
        else if (typeof ks[k] !== 'string') ch.report(`metadata.kernelspec.${k}`, `expected a string, found ${typeName(ks[k])}`, kl, k);
      }
    }
    if ('language_info' in md && ch.object(md.language_info, 'metadata.language_info', ml, 'language_info')) {
      const li = md.language_info as Record<string, unknown>;
      if (typeof li.name !== 'string')
        ch.report('metadata.language_info.name', `expected a string, found ${typeName(li.name)}`, ch.child(ml, 'language_info'), 'name');
    }
  }
  if (!Array.isArray(nb.cells)) {
    if ('cells' in nb) ch.report('cells', `expected a list, found ${typeName(nb.cells)}`, root, 'cells');
    return ch.issues;
  }
  const cl = ch.child(root, 'cells');
  const ids = new Map<string, number>();
  nb.cells.forEach((c, i) => ch.cell(c, i, cl, typeof minor === 'number' ? minor : 5, ids));
  return ch.issues;
}

/**
 * True when `text` is a notebook in Jupyter's layout that {@link validateNotebook} finds valid
 * (read as `fromIpynb(text, {legacy: 'keep', check: false})`), checked cell by cell: the notebook
 * is never parsed whole (nor its text held, when given as a function reading it in pieces:
 * see `jupyterSource`). False for any other text (then read it whole: that says what is wrong).
 */
export function validInJupyterFormat(text: string | (() => Iterable<string>)): boolean {
  const source = jupyterSource(text);
  if (source === undefined) return false;
  const rest = source.rest;
  // the other members (with no cells), then each cell as it sits in the list (its ids unique across them)
  if (check(rest as unknown as Notebook, undefined, undefined).length > 0) return false;
  const minor = typeof rest.nbformat_minor === 'number' ? rest.nbformat_minor : 5;
  const ch = new Checker(undefined);
  const ids = new Map<string, number>();
  let i = 0;
  for (const cell of source.cells) {
    // (a cell sits two levels down: in the notebook, in its cells)
    if (cell === undefined || deepestPath(cell.value, MAX_DEPTH - 2) !== undefined) return false;
    ch.cell(cell.value, i++, undefined, minor, ids);
    if (ch.issues.length > 0) return false;
  }
  return true;
}

/** Formats an issue as `file:line:col: path: message`. */
export function formatIssue(issue: ValidationIssue, file?: string): string {
  const e = new NbgitError('ESCHEMA', issue.path ? `${issue.path}: ${issue.message}` : issue.message, { file, position: issue.position, path: issue.path });
  return e.message;
}
