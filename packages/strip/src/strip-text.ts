/**
 * Strip on the text of a notebook in Jupyter's layout, cell by cell: what `toIpynb(strip(
 * fromIpynb(text)))` gives, without the whole notebook ever being parsed. A large notebook is
 * stripped holding its text, one cell's values and the new text of the cells that changed
 * (the others are slices of the text), where the whole-notebook path also held every value
 * of the notebook, a record of them and a copy of every changed cell.
 */
import { checkNotebook, isJsonObject, type JsonObject, type Notebook } from '@nbgit/core';
import { JUPYTER_HEAD, JUPYTER_SEP, jupyterCellText, jupyterRestText, jupyterSource } from '@nbgit/ipynb';
import { type ConflictMarkers, findConflictMarkers } from './conflicts.js';
import type { StripOptions } from './options.js';
import { pythonTruthy } from './python-values.js';
import { resolve } from './resolve-options.js';
import type { StripChange } from './strip.js';
import { DROPPED, Stripper } from './stripper.js';

/** What {@link stripJupyterText} found. */
export interface TextStripResult {
  /** False when there was nothing to strip (then nothing was emitted: the text stays as it is). */
  changed: boolean;
  /** What was removed, in notebook order, as {@link stripWithReport} reports it. */
  changes: StripChange[];
  /** The cells that still have conflict markers (as {@link findConflictMarkers} finds them in the input). */
  markers: ConflictMarkers[];
}

/** What {@link stripJupyterText} calls on the way. */
export interface TextStripHooks {
  /**
   * Each change as found; then changes are not kept (`changes` is empty). It may have been
   * given some when `undefined` is returned.
   */
  onChange?: (change: StripChange) => void;
  /** After each cell read, with how many characters of cells were read so far (for a caller that collects garbage every few MB). */
  onCell?: (read: number) => void;
}

/**
 * Strips the notebook `text` (see {@link strip}) when it is in Jupyter's layout, cell by cell:
 * gives, in order, the parts of the stripped notebook's text (exactly what
 * `toIpynb(strip(fromIpynb(text)))` writes), made as they are taken, and nothing when there
 * is nothing to strip; then returns what it found. Returns `undefined` (what was given is
 * then to be dropped) when the text is not a notebook in Jupyter's layout whose every cell
 * passes the checks of {@link stripWithReport}: the caller reads it whole (and so gets the
 * same located errors as ever). The text is given whole, or as a function that reads it in
 * pieces (twice: see `jupyterSource`), then never held whole.
 */
export function* stripJupyterText(
  text: string | (() => Iterable<string>),
  options: StripOptions,
  hooks: TextStripHooks = {},
): Generator<string, TextStripResult | undefined> {
  const { onChange, onCell } = hooks;
  const source = jupyterSource(text);
  if (source === undefined) return undefined;
  const rest = source.rest;
  // the notebook's spine with one cell at a time (its other members are checked with each)
  const one: unknown[] = [];
  const probe = { ...rest, cells: one } as unknown as Notebook;
  const o = resolve(options);
  const md = isJsonObject(rest.metadata) ? rest.metadata : undefined;
  let keepDefault = o.keepOutput;
  if (keepDefault === undefined && md !== undefined && Object.hasOwn(md, 'keep_output')) keepDefault = pythonTruthy(md.keep_output);
  const s = new Stripper(o, keepDefault === true, true);
  const markers: ConflictMarkers[] = [];
  let nextMd: JsonObject | undefined;
  /** The texts of the unchanged cells not given yet; `emitted` cells given. */
  const run: string[] = [];
  let emitted = 0;
  let read = 0;
  let changed = false;
  const pass = () => {
    const changes = s.changes!;
    for (let i = 0; i < changes.length; i++) onChange!(changes[i]!);
    changes.length = 0;
  };
  if (md !== undefined) {
    try {
      const next = s.metadata(md);
      if (next !== md) {
        nextMd = next as JsonObject;
        changed = true;
      }
      if (onChange !== undefined) pass();
    } catch {
      return undefined;
    }
  }
  /** The parts of the run of unchanged cells. */
  function* flush(): Generator<string> {
    for (let i = 0; i < run.length; i++) {
      yield emitted++ === 0 ? JUPYTER_HEAD : JUPYTER_SEP;
      yield run[i]!;
    }
    run.length = 0;
  }
  let j = 0;
  for (const cell of source.cells) {
    if (cell === undefined) return undefined;
    let part: string | undefined;
    try {
      one[0] = cell.value;
      checkNotebook(probe, { name: 'strip', legacy: true });
      for (const m of findConflictMarkers(probe)) markers.push({ ...m, cell: j });
      const next = s.cellAt(cell.value, 'cells', j);
      j++;
      if (onChange !== undefined) pass();
      read += cell.text.length;
      onCell?.(read);
      if (next === cell.value) {
        // (kept until the first change: nothing is given for a notebook with nothing to strip)
        if (changed) yield* flush();
        run.push(cell.text);
        continue;
      }
      // the cells before the first change go with it (nothing is given for a notebook with nothing to strip)
      changed = true;
      part = next === DROPPED ? undefined : jupyterCellText(next as JsonObject);
    } catch {
      // a cell that breaks what strip relies on, or too deep to write: the whole-notebook path says where
      return undefined;
    }
    yield* flush();
    if (part !== undefined) {
      yield emitted++ === 0 ? JUPYTER_HEAD : JUPYTER_SEP;
      yield part;
    }
  }
  if (!changed) return { changed, changes: [], markers };
  yield* flush();
  yield emitted === 0 ? '{\n "cells": []' : '\n ]';
  if (nextMd === undefined) yield source.tail;
  else {
    yield jupyterRestText({ ...rest, metadata: nextMd });
    yield source.trailer;
  }
  return { changed, changes: s.changes ?? [], markers };
}
