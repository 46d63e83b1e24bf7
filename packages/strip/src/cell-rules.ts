/** nbstripout's per-cell rules: which outputs match a type, whether a cell keeps its outputs, and nbgit's conflict flag. */
import { isJsonObject, NbgitError } from '@nbgit/core';
import { hasConflictMarkers } from './conflicts.js';
import { isEmptyObject } from './key-removal.js';
import type { OutputType } from './options.js';
import { pythonTruthy } from './python-values.js';
import type { Resolved } from './resolve-options.js';

type Obj = Record<string, unknown>;

/** True when `output` is of one of `types` (and of its stream name when one is given). */
export function matchesType(output: unknown, types: OutputType[]): boolean {
  if (!isJsonObject(output)) return false;
  for (const t of types) {
    if (output.output_type === t.outputType && (t.name === undefined || output.name === t.name)) return true;
  }
  return false;
}

/**
 * Whether a cell keeps its outputs (nbstripout's `determine_keep_output`): `init_cell`
 * decides first (unless `stripInitCells`), then the cell's `keep_output` metadata or tag,
 * then the default. A cell with `keep_output: false` and a `keep_output` tag is an error.
 */
export function keepsOutput(cell: Obj, fallback: boolean, o: Resolved, path: () => string): boolean {
  if (!Object.hasOwn(cell, 'metadata')) return fallback;
  const md = cell.metadata;
  if (!isJsonObject(md)) return fallback;
  if (Object.hasOwn(md, 'init_cell')) return pythonTruthy(md.init_cell) && !o.stripInit;
  const hasMeta = Object.hasOwn(md, 'keep_output');
  const tags = md.tags;
  const hasTag = Array.isArray(tags) && tags.length > 0 && tags.includes('keep_output');
  if (!hasMeta && !hasTag) return fallback;
  const metaValue = pythonTruthy(md.keep_output);
  if (hasMeta && hasTag && !metaValue) {
    throw new NbgitError('ESCHEMA', 'cell metadata contradicts tags: `keep_output` is false, but `keep_output` in tags', { path: `${path()}.metadata` });
  }
  return metaValue || hasTag;
}

/**
 * Removes nbgit's conflict flag (`metadata.nbgit.conflicts`, set by the merge driver) from a
 * cell whose source (that of `original`, the cell as read) has no conflict markers left: the
 * conflict was resolved. An `nbgit` object left empty goes too. Returns `cell` itself when
 * there is no flag or the markers are still there.
 */
export function dropConflictFlag(cell: Obj, original: Obj): Obj {
  const md = cell.metadata;
  if (!isJsonObject(md) || !Object.hasOwn(md, 'nbgit')) return cell;
  const ns = md.nbgit;
  if (!isJsonObject(ns) || !Object.hasOwn(ns, 'conflicts')) return cell;
  if (hasConflictMarkers(Object.hasOwn(original, 'source') ? original.source : original.input)) return cell;
  const rest: Obj = { ...ns };
  delete rest.conflicts;
  const metadata: Obj = { ...md };
  if (isEmptyObject(rest)) delete metadata.nbgit;
  else metadata.nbgit = rest;
  return { ...cell, metadata };
}
