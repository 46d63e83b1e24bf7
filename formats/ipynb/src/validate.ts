/**
 * Validation against the nbformat schema of the notebook's own version, as Python's
 * nbformat validates (the parts that matter for tools: structure, types, enums, required
 * and unknown keys, id format and uniqueness): nbformat 3 against v3 (worksheets, `input`,
 * heading cells), 4.0 without attachments, 4.0-4.4 without cell ids, 4.5 with required ids.
 * Keys given twice in the file are reported too (JSON readers keep the last). Each issue
 * names the JSON path and, for a notebook read by `fromIpynb`, the line and column in the
 * file; numbers are reported as the file wrote them (`1e999`, not `null`).
 */
import { isJsonObject, NbgitError, type Notebook, numberLexeme, type Position, positionAt } from '@nbgit/core';
import { layoutOf, rootLayout } from './ipynb.js';
import { type ContainerLayout, countOf, indexOfKey, isArrayLayout, isLayout, keyAt, startOf, valueAt, valueStartAt } from './json.js';

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

  /** nbformat version named in unknown-key messages (`4`, `4.4`, `3`). */
  version = '4';

  keys(obj: Record<string, unknown>, allowed: string[], required: string[], path: string, l: ContainerLayout | undefined) {
    for (const k of required) if (!(k in obj)) this.report(path, `missing required key "${k}"`, l);
    for (const k of Object.keys(obj))
      if (!allowed.includes(k)) this.report(`${path}.${k}`, `unknown key "${k}" (not allowed by nbformat ${this.version})`, l, k);
  }

  /** Keys an object of the file has twice (readers keep the last value; the others are lost). */
  duplicates(root: ContainerLayout | undefined) {
    if (root === undefined) return;
    const stack: Array<[ContainerLayout, string]> = [[root, '']];
    while (stack.length > 0) {
      const [l, path] = stack.pop()!;
      const seen = new Set<string>();
      const array = isArrayLayout(l);
      for (let i = 0; i < countOf(l); i++) {
        const key = array ? '' : keyAt(l, i);
        const here = array ? `${path}[${i}]` : path ? `${path}.${key}` : key;
        if (!array) {
          if (seen.has(key)) {
            const issue: ValidationIssue = { path: here, message: `key "${key}" given twice (JSON readers keep the last value and drop the others)` };
            if (this.text !== undefined) issue.position = positionAt(this.text, valueStartAt(l, i));
            this.issues.push(issue);
          }
          seen.add(key);
        }
        const v = valueAt(l, i);
        if (isLayout(v)) stack.push([v, here]);
      }
    }
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
      this.report(`${path}.output_type`, `${JSON.stringify(type)} is not one of ${OUTPUT_TYPES.join(', ')}`, ol, 'output_type');
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
      if (type === 'execute_result' && 'execution_count' in o) this.count(o.execution_count, `${path}.execution_count`, ol, o);
    }
  }

  count(v: unknown, path: string, l: ContainerLayout | undefined, holder?: object, key = 'execution_count') {
    if (v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) return;
    const lexeme = holder !== undefined && typeof v === 'number' ? numberLexeme(holder, key) : undefined;
    this.report(path, `expected a non-negative integer or null, found ${lexeme ?? JSON.stringify(v) ?? typeName(v)}`, l, key);
  }

  cell(c: unknown, i: number, l: ContainerLayout | undefined, minor: number, ids: Map<string, number>) {
    const path = `cells[${i}]`;
    if (!this.object(c, path, l, i)) return;
    const cl = this.child(l, i);
    const type = c.cell_type;
    if (typeof type !== 'string' || !CELL_TYPES.includes(type)) {
      this.report(`${path}.cell_type`, `${JSON.stringify(type)} is not one of ${CELL_TYPES.join(', ')}`, cl, 'cell_type');
      return;
    }
    const required = minor >= 5 ? [...REQUIRED[type]!, 'id'] : REQUIRED[type]!;
    // ids came with 4.5, attachments with 4.1
    const allowed = CELL_KEYS[type]!.filter((k) => (k !== 'id' || minor >= 5) && (k !== 'attachments' || minor >= 1));
    this.keys(c, allowed, required, path, cl);
    if ('id' in c) {
      if (typeof c.id !== 'string' || !ID.test(c.id))
        this.report(`${path}.id`, `${JSON.stringify(c.id)} is not a valid cell id (1-64 of a-z A-Z 0-9 - _)`, cl, 'id');
      else if (ids.has(c.id)) this.report(`${path}.id`, `duplicate cell id "${c.id}" (also cells[${ids.get(c.id)}])`, cl, 'id');
      else ids.set(c.id, i);
    }
    if ('metadata' in c) this.object(c.metadata, `${path}.metadata`, cl, 'metadata');
    if ('source' in c) this.multiline(c.source, `${path}.source`, cl, 'source');
    if (type === 'code') {
      if ('execution_count' in c) this.count(c.execution_count, `${path}.execution_count`, cl, c);
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
 * Checks a notebook against nbformat 4's schema. Returns the problems found (empty when
 * valid). For a notebook read by `fromIpynb`, each carries its line and column.
 */
export function validateNotebook(nb: Notebook): ValidationIssue[] {
  const layout = layoutOf(nb);
  // Positions need the node layout, which a file read with JSON.parse does not have yet:
  // make it only when there is something to report.
  // A file not in Jupyter's layout may give a key twice, which only its layout shows.
  const quick = layout !== undefined && layout.root === undefined && layout.canonical ? check(nb, undefined, undefined) : undefined;
  if (quick !== undefined && quick.length === 0) return quick;
  return check(nb, layout?.text, layout === undefined ? undefined : rootLayout(layout));
}

function check(nb: Notebook, text: string | undefined, root: ContainerLayout | undefined): ValidationIssue[] {
  const ch = new Checker(text);
  // A file in Jupyter's layout (the quick check ran without a layout) has no key twice.
  ch.duplicates(root);
  if (!isJsonObject(nb)) {
    ch.report('', `expected a notebook object, found ${typeName(nb)}`, root);
    return ch.issues;
  }
  const major = (nb as { nbformat?: unknown }).nbformat;
  if (major !== 3 && major !== 4) {
    const i = root === undefined ? -1 : indexOfKey(root, 'nbformat');
    const why =
      major === undefined
        ? 'not a notebook: no "nbformat" key'
        : `unsupported nbformat ${JSON.stringify(major) ?? typeName(major)}: nbgit validates nbformat 3 and 4`;
    ch.report(i === -1 ? '' : 'nbformat', why, root, i === -1 ? undefined : 'nbformat');
    return ch.issues;
  }
  if (major === 3) {
    checkV3(ch, nb as unknown as Record<string, unknown>, root);
    return ch.issues;
  }
  if (typeof nb.nbformat_minor === 'number') ch.version = `4.${nb.nbformat_minor}`;
  ch.keys(nb, ['metadata', 'nbformat_minor', 'nbformat', 'cells'], ['metadata', 'nbformat_minor', 'nbformat', 'cells'], '', root);
  if (nb.nbformat !== 4) ch.report('nbformat', `expected 4 (or 3), found ${JSON.stringify(nb.nbformat) ?? typeName(nb.nbformat)}`, root, 'nbformat');
  const minor = nb.nbformat_minor;
  if (typeof minor !== 'number' || !Number.isInteger(minor) || minor < 0)
    ch.report('nbformat_minor', `expected a non-negative integer, found ${JSON.stringify(minor)}`, root, 'nbformat_minor');
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

const V3_OUTPUTS: Record<string, string[]> = {
  pyout: ['output_type', 'prompt_number', 'metadata'],
  display_data: ['output_type', 'metadata'],
  stream: ['output_type', 'stream', 'text'],
  pyerr: ['output_type', 'ename', 'evalue', 'traceback'],
};
const V3_MIME = ['text', 'html', 'svg', 'png', 'jpeg', 'latex', 'json', 'javascript', 'pdf'];
const V3_CELLS: Record<string, { keys: string[]; required: string[] }> = {
  code: {
    keys: ['cell_type', 'language', 'input', 'collapsed', 'metadata', 'outputs', 'prompt_number'],
    required: ['cell_type', 'input', 'outputs', 'language'],
  },
  markdown: { keys: ['cell_type', 'metadata', 'source'], required: ['cell_type', 'source'] },
  html: { keys: ['cell_type', 'metadata', 'source'], required: ['cell_type', 'source'] },
  raw: { keys: ['cell_type', 'metadata', 'source'], required: ['cell_type', 'source'] },
  heading: { keys: ['cell_type', 'metadata', 'source', 'level'], required: ['cell_type', 'source', 'level'] },
};

/** nbformat 3's schema: worksheets of cells, code cells with `input` and v3 outputs. */
function checkV3(ch: Checker, nb: Record<string, unknown>, root: ContainerLayout | undefined) {
  ch.version = '3';
  const top = ['metadata', 'nbformat_minor', 'nbformat', 'worksheets'];
  ch.keys(nb, [...top, 'orig_nbformat', 'orig_nbformat_minor', 'cells'], top, '', root); // cells: reported below
  if ('cells' in nb)
    ch.report('cells', 'a "cells" list in a notebook marked nbformat 3 (whose cells are in "worksheets"): the file mixes two formats', root, 'cells');
  if ('metadata' in nb) ch.object(nb.metadata, 'metadata', root, 'metadata');
  const minor = nb.nbformat_minor;
  if (typeof minor !== 'number' || !Number.isInteger(minor) || minor < 0)
    ch.report('nbformat_minor', `expected a non-negative integer, found ${JSON.stringify(minor) ?? typeName(minor)}`, root, 'nbformat_minor');
  if (!('worksheets' in nb)) return;
  if (!Array.isArray(nb.worksheets)) {
    ch.report('worksheets', `expected a list, found ${typeName(nb.worksheets)}`, root, 'worksheets');
    return;
  }
  const wsl = ch.child(root, 'worksheets');
  nb.worksheets.forEach((ws, w) => {
    const wpath = `worksheets[${w}]`;
    if (!ch.object(ws, wpath, wsl, w)) return;
    const wl = ch.child(wsl, w);
    ch.keys(ws, ['cells', 'metadata'], ['cells'], wpath, wl);
    if ('metadata' in ws) ch.object(ws.metadata, `${wpath}.metadata`, wl, 'metadata');
    if (!('cells' in ws)) return;
    if (!Array.isArray(ws.cells)) {
      ch.report(`${wpath}.cells`, `expected a list, found ${typeName(ws.cells)}`, wl, 'cells');
      return;
    }
    const cl = ch.child(wl, 'cells');
    ws.cells.forEach((c, i) => {
      const path = `${wpath}.cells[${i}]`;
      if (!ch.object(c, path, cl, i)) return;
      const l = ch.child(cl, i);
      const type = c.cell_type;
      const rule = typeof type === 'string' ? V3_CELLS[type] : undefined;
      if (rule === undefined) {
        ch.report(`${path}.cell_type`, `${JSON.stringify(type) ?? typeName(type)} is not one of ${Object.keys(V3_CELLS).join(', ')}`, l, 'cell_type');
        return;
      }
      ch.keys(c, rule.keys, rule.required, path, l);
      if ('metadata' in c) ch.object(c.metadata, `${path}.metadata`, l, 'metadata');
      if ('source' in c) ch.multiline(c.source, `${path}.source`, l, 'source');
      if (type === 'heading' && 'level' in c && !(typeof c.level === 'number' && Number.isInteger(c.level) && c.level >= 1 && c.level <= 6))
        ch.report(`${path}.level`, `expected an integer from 1 to 6, found ${JSON.stringify(c.level) ?? typeName(c.level)}`, l, 'level');
      if (type !== 'code') return;
      if ('input' in c) ch.multiline(c.input, `${path}.input`, l, 'input');
      if ('language' in c && typeof c.language !== 'string') ch.report(`${path}.language`, `expected a string, found ${typeName(c.language)}`, l, 'language');
      if ('prompt_number' in c) ch.count(c.prompt_number, `${path}.prompt_number`, l, c, 'prompt_number');
      if (!('outputs' in c)) return;
      if (!Array.isArray(c.outputs)) {
        ch.report(`${path}.outputs`, `expected a list, found ${typeName(c.outputs)}`, l, 'outputs');
        return;
      }
      const ol = ch.child(l, 'outputs');
      c.outputs.forEach((o, k) => {
        const opath = `${path}.outputs[${k}]`;
        if (!ch.object(o, opath, ol, k)) return;
        const oll = ch.child(ol, k);
        const otype = o.output_type;
        const keys = typeof otype === 'string' ? V3_OUTPUTS[otype] : undefined;
        if (keys === undefined) {
          ch.report(
            `${opath}.output_type`,
            `${JSON.stringify(otype) ?? typeName(otype)} is not one of ${Object.keys(V3_OUTPUTS).join(', ')}`,
            oll,
            'output_type',
          );
          return;
        }
        const mime = otype === 'pyout' || otype === 'display_data' ? V3_MIME : [];
        ch.keys(o, [...keys, ...mime], otype === 'pyout' ? ['output_type'] : keys.filter((x) => x !== 'metadata'), opath, oll);
        for (const m of mime) if (m in o && m !== 'json') ch.multiline(o[m], `${opath}.${m}`, oll, m);
        if (otype === 'stream' && 'text' in o) ch.multiline(o.text, `${opath}.text`, oll, 'text');
        if (otype === 'pyout' && 'prompt_number' in o) ch.count(o.prompt_number, `${opath}.prompt_number`, oll, o, 'prompt_number');
      });
    });
  });
}

/** Formats an issue as `file:line:col: path: message`. */
export function formatIssue(issue: ValidationIssue, file?: string): string {
  const e = new NbgitError('ESCHEMA', issue.path ? `${issue.path}: ${issue.message}` : issue.message, { file, position: issue.position, path: issue.path });
  return e.message;
}
