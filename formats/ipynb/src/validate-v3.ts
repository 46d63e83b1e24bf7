/**
 * Validation against nbformat 3's schema (`nbformat/v3/nbformat.v3.schema.json`): worksheets
 * of raw, markdown (or html), heading and code cells; code cells with `input`, `language`,
 * `collapsed`, `prompt_number`; outputs `pyout`, `display_data`, `stream`, `pyerr`.
 */
import { isJsonObject, type JsonObject } from '@nbgit/core';
import { shown } from './shown.js';

/** A problem: JSON path and message. */
export interface V3Issue {
  path: string;
  message: string;
}

const CELL_KEYS: Record<string, { allowed: string[]; required: string[] }> = {
  raw: { allowed: ['cell_type', 'metadata', 'source'], required: ['cell_type', 'source'] },
  markdown: { allowed: ['cell_type', 'metadata', 'source'], required: ['cell_type', 'source'] },
  html: { allowed: ['cell_type', 'metadata', 'source'], required: ['cell_type', 'source'] },
  heading: { allowed: ['cell_type', 'metadata', 'source', 'level'], required: ['cell_type', 'source', 'level'] },
  code: {
    allowed: ['cell_type', 'metadata', 'input', 'outputs', 'language', 'collapsed', 'prompt_number'],
    required: ['cell_type', 'input', 'outputs', 'language'],
  },
};
const OUTPUT_REQUIRED: Record<string, string[]> = {
  pyout: ['output_type', 'prompt_number'],
  display_data: ['output_type'],
  stream: ['output_type', 'stream', 'text'],
  pyerr: ['output_type', 'ename', 'evalue', 'traceback'],
};

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const isMultiline = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const isCount = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0);

/** Checks an nbformat 3 notebook object. Empty when valid. */
export function validateV3(nb: JsonObject): V3Issue[] {
  const issues: V3Issue[] = [];
  const report = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  const keys = (o: JsonObject, allowed: string[], required: string[], path: string) => {
    for (const k of required) if (!(k in o)) report(path, `missing required key "${k}"`);
    for (const k of Object.keys(o)) if (!allowed.includes(k)) report(path ? `${path}.${k}` : k, `unknown key "${k}" (not allowed by nbformat 3)`);
  };
  keys(nb, ['metadata', 'nbformat', 'nbformat_minor', 'worksheets'], ['metadata', 'nbformat', 'nbformat_minor', 'worksheets'], '');
  if (nb.nbformat !== 3) report('nbformat', `expected 3, found ${shown(nb, 'nbformat')}`);
  if ('nbformat_minor' in nb && !(typeof nb.nbformat_minor === 'number' && Number.isInteger(nb.nbformat_minor) && nb.nbformat_minor >= 0))
    report('nbformat_minor', `expected a non-negative integer, found ${shown(nb, 'nbformat_minor')}`);
  if ('metadata' in nb && !isJsonObject(nb.metadata)) report('metadata', `expected an object, found ${typeName(nb.metadata)}`);
  if (!Array.isArray(nb.worksheets)) {
    if ('worksheets' in nb) report('worksheets', `expected a list, found ${typeName(nb.worksheets)}`);
    return issues;
  }
  nb.worksheets.forEach((ws, w) => {
    const wp = `worksheets[${w}]`;
    if (!isJsonObject(ws)) {
      report(wp, `expected an object, found ${typeName(ws)}`);
      return;
    }
    keys(ws, ['cells', 'metadata'], ['cells'], wp);
    if ('metadata' in ws && !isJsonObject(ws.metadata)) report(`${wp}.metadata`, `expected an object, found ${typeName(ws.metadata)}`);
    if (!Array.isArray(ws.cells)) {
      if ('cells' in ws) report(`${wp}.cells`, `expected a list, found ${typeName(ws.cells)}`);
      return;
    }
    ws.cells.forEach((c, i) => checkCell(c, `${wp}.cells[${i}]`, report, keys));
  });
  return issues;
}

function checkCell(
  c: unknown,
  path: string,
  report: (path: string, message: string) => void,
  keys: (o: JsonObject, allowed: string[], required: string[], path: string) => void,
): void {
  if (!isJsonObject(c)) {
    report(path, `expected an object, found ${typeName(c)}`);
    return;
  }
  const spec = typeof c.cell_type === 'string' ? CELL_KEYS[c.cell_type] : undefined;
  if (spec === undefined) {
    report(`${path}.cell_type`, `${shown(c, 'cell_type')} is not one of ${Object.keys(CELL_KEYS).join(', ')}`);
    return;
  }
  keys(c, spec.allowed, spec.required, path);
  if ('metadata' in c && !isJsonObject(c.metadata)) report(`${path}.metadata`, `expected an object, found ${typeName(c.metadata)}`);
  for (const k of ['source', 'input'])
    if (k in c && !isMultiline(c[k])) report(`${path}.${k}`, `expected a string or a list of strings, found ${typeName(c[k])}`);
  if ('level' in c && !(typeof c.level === 'number' && Number.isInteger(c.level) && c.level >= 1)) report(`${path}.level`, 'expected an integer >= 1');
  if ('language' in c && typeof c.language !== 'string') report(`${path}.language`, `expected a string, found ${typeName(c.language)}`);
  if ('collapsed' in c && typeof c.collapsed !== 'boolean') report(`${path}.collapsed`, `expected a boolean, found ${typeName(c.collapsed)}`);
  if ('prompt_number' in c && !isCount(c.prompt_number)) report(`${path}.prompt_number`, 'expected a non-negative integer or null');
  if (!('outputs' in c)) return;
  if (!Array.isArray(c.outputs)) {
    report(`${path}.outputs`, `expected a list, found ${typeName(c.outputs)}`);
    return;
  }
  c.outputs.forEach((o, k) => {
    const op = `${path}.outputs[${k}]`;
    if (!isJsonObject(o)) {
      report(op, `expected an object, found ${typeName(o)}`);
      return;
    }
    const required = typeof o.output_type === 'string' ? OUTPUT_REQUIRED[o.output_type] : undefined;
    if (required === undefined) return report(`${op}.output_type`, `${shown(o, 'output_type')} is not one of ${Object.keys(OUTPUT_REQUIRED).join(', ')}`);
    for (const key of required) if (!(key in o)) report(op, `missing required key "${key}"`);
    if (o.output_type === 'pyout' && 'prompt_number' in o && !isCount(o.prompt_number))
      report(`${op}.prompt_number`, 'expected a non-negative integer or null');
  });
}
