/**
 * nbformat 3 -> 4, as Jupyter's nbformat upgrades on read: worksheets flattened into
 * `cells`, `input`/`prompt_number` renamed, heading cells become markdown, `pyout` and
 * `pyerr` outputs renamed, v3 output keys moved into a mime bundle, `orig_nbformat`
 * recorded in the metadata. Ids are added deterministically (nbformat 4.5), made when first read
 * (see `deferIds`).
 */
import { isJsonObject, type JsonObject, type JsonValue, joinSource, type Notebook, splitLines } from '@nbgit/core';
import { assignIds, deferIds } from './ids.js';
import { CellOrigin, madeFrom, recordOrigin } from './origins.js';

const MIME: Record<string, string> = {
  text: 'text/plain',
  html: 'text/html',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpeg: 'image/jpeg',
  latex: 'text/latex',
  json: 'application/json',
  javascript: 'application/javascript',
  pdf: 'application/pdf',
};

/** The members of `obj` but those in `skip`, under their nbformat 4 (mime type) names, in order. */
function toMimeKeys(obj: JsonObject, skip: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!skip.includes(k)) put(out, Object.hasOwn(MIME, k) ? MIME[k]! : k, obj[k]!);
  }
  return out;
}

const NOT_DATA = ['output_type', 'prompt_number', 'metadata', 'execution_count'];

/**
 * A copy of `obj` without the keys in `drop`, keys in order (what `const {a, ...rest} = obj`
 * gives, at a fraction of its cost in V8).
 */
function without(obj: JsonObject, drop: readonly string[], out: JsonObject = {}): JsonObject {
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!drop.includes(k)) put(out, k, obj[k]!);
  }
  return out;
}

/** `out[k] = v` as a spread or `JSON.parse` makes a member (`__proto__` an own key too). */
function put(out: JsonObject, k: string, v: JsonValue): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  else out[k] = v;
}

/** Where the upgrade's objects come from: a new empty object for the v3 cell (or output) it is made from. */
type Make = (from: JsonObject, cell: boolean) => JsonObject;
const plain: Make = () => ({});

const CODE_V3_KEYS = ['language', 'collapsed', 'input', 'prompt_number', 'outputs', 'metadata'];
const HEADING_KEYS = ['level', 'source', 'metadata'];
const STREAM_KEYS = ['stream'];

/** An nbformat 3 output as nbformat 4 has it (a new object from `make`, or `o` itself for an output type it does not know). */
export function upgradeOutput(o: JsonObject, make: Make = plain): JsonObject {
  const type = o.output_type;
  if (type === 'pyout' || type === 'display_data') {
    const out = make(o, false);
    out.output_type = type === 'pyout' ? 'execute_result' : 'display_data';
    if (type === 'pyout') out.execution_count = (o.prompt_number as number | undefined) ?? null;
    const bundle = toMimeKeys(o, NOT_DATA);
    const json = bundle['application/json'];
    if (typeof json === 'string' || Array.isArray(json)) {
      try {
        bundle['application/json'] = JSON.parse(joinSource(json as string | string[]));
      } catch {
        // keep as it was
      }
    }
    out.data = bundle;
    out.metadata = toMimeKeys(isJsonObject(o.metadata) ? o.metadata : {});
    return out;
  }
  if (type === 'pyerr') {
    const out = without(o, [], make(o, false));
    out.output_type = 'error';
    return out;
  }
  if (type === 'stream') {
    const rest = without(o, STREAM_KEYS, make(o, false));
    rest.name = (o.stream as string | undefined) ?? 'stdout';
    return rest;
  }
  return o;
}

/** An nbformat 3 cell as nbformat 4 has it (without an id; a new object from `make`). The v3 cell is not changed. */
export function upgradeCell(cell: JsonObject, make: Make = plain): JsonObject {
  let metadata = isJsonObject(cell.metadata) ? cell.metadata : {};
  const type = cell.cell_type;
  if (type === 'code') {
    const { collapsed, input, prompt_number, outputs } = cell;
    if (collapsed !== undefined) metadata = { ...metadata, collapsed };
    const out = without(cell, CODE_V3_KEYS, make(cell, true));
    out.cell_type = 'code';
    out.metadata = metadata;
    out.source = input ?? '';
    out.execution_count = prompt_number ?? null;
    out.outputs = Array.isArray(outputs) ? outputs.map((o) => (isJsonObject(o) ? upgradeOutput(o, make) : o)) : [];
    return out;
  }
  if (type === 'heading') {
    const { level, source } = cell;
    const text = joinSource(source as string | string[] | undefined);
    const single = splitLines(text)
      .map((l) => l.replace(/(\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])$/, ''))
      .join(' ');
    const out = without(cell, HEADING_KEYS, make(cell, true));
    out.cell_type = 'markdown';
    out.metadata = metadata;
    out.source = `${'#'.repeat(typeof level === 'number' ? level : 1)} ${single}`;
    return out;
  }
  const out = without(cell, [], make(cell, true));
  if (type === 'html') out.cell_type = 'markdown';
  out.metadata = metadata;
  return out;
}

/**
 * Upgrades an nbformat 3 notebook object to nbformat 4.5. The v3 object is not changed;
 * `upgradedFrom` gives it back for the result, and the v3 cell or output of each upgraded one.
 * The cells' ids are made when one is first read or set (`deferIds`), as `assignIds` makes them.
 */
export function upgradeV3(nb: JsonObject): Notebook {
  return upgradeChecked(nb, () => {});
}

/**
 * {@link upgradeV3}, with `check` run on the result before its ids are added (the ids the
 * upgrade adds are valid ones): `check` then reads no id, and the ids stay deferred.
 */
export function upgradeChecked(nb: JsonObject, check: (upgraded: Notebook) => void): Notebook {
  const { notebook, records } = upgradeModel(nb);
  const cells = notebook.cells;
  for (let i = 0; i < cells.length; i++) {
    const id = cells[i]!.id;
    if (id !== undefined && typeof id !== 'string') {
      // a v3 cell with an `id` member that is no id: made now, as the check is to see them
      assignIds(cells);
      check(notebook);
      return notebook;
    }
  }
  check(notebook);
  deferIds(cells, records);
  return notebook;
}

/** The nbformat 4.5 notebook for a v3 one, without ids, each object recording its v3 origin; `records[i]`: what `cells[i]` records. */
function upgradeModel(nb: JsonObject): { notebook: Notebook; records: CellOrigin[] } {
  const metadata: JsonObject = isJsonObject(nb.metadata) ? { ...nb.metadata } : {};
  const { worksheets, orig_nbformat, orig_nbformat_minor, nbformat: _v, nbformat_minor: _m, metadata: _md, ...rest } = nb;
  delete metadata.name;
  delete metadata.signature;
  metadata.orig_nbformat = (orig_nbformat as number | undefined) ?? 3;
  metadata.orig_nbformat_minor = (orig_nbformat_minor as number | undefined) ?? 0;
  const cells: JsonObject[] = [];
  const records: CellOrigin[] = [];
  // the upgrade's objects: a cell's record holds its deferred id (see ids.ts), an output's is its v3 output
  const make = (from: JsonObject, cell: boolean): JsonObject => {
    if (!cell) return madeFrom(from);
    const r = new CellOrigin(from);
    records.push(r);
    return madeFrom(r);
  };
  for (const c of v3Cells(nb)) {
    const up = upgradeCell(c, make);
    // an output of a type the upgrade does not know is the v3 object itself: its own origin
    if (Array.isArray(up.outputs) && Array.isArray(c.outputs))
      for (let k = 0; k < up.outputs.length; k++)
        if (up.outputs[k] === c.outputs[k] && isJsonObject(c.outputs[k])) recordOrigin(c.outputs[k] as JsonObject, c.outputs[k] as JsonObject);
    cells.push(up);
  }
  const notebook = without(rest as JsonObject, [], madeFrom(nb));
  notebook.cells = cells;
  notebook.metadata = metadata;
  notebook.nbformat = 4;
  notebook.nbformat_minor = 5;
  return { notebook: notebook as unknown as Notebook, records };
}

/** The cells of an nbformat 3 notebook, worksheet after worksheet. */
export function v3Cells(nb: JsonObject): JsonObject[] {
  const cells: JsonObject[] = [];
  if (Array.isArray(nb.worksheets)) {
    for (const ws of nb.worksheets) {
      if (isJsonObject(ws) && Array.isArray(ws.cells)) for (const c of ws.cells) if (isJsonObject(c)) cells.push(c);
    }
  }
  return cells;
}
