/** The walk that strips cells and notebook metadata, optionally reporting each change. */
import { isJsonObject } from '@nbgit/core';
import { dropConflictFlag, keepsOutput, matchesType } from './cell-rules.js';
import { popKeys } from './key-removal.js';
import { isBlank, outputSize } from './python-values.js';
import type { Resolved } from './resolve-options.js';
import type { StripChange } from './strip.js';

type Obj = Record<string, unknown>;

/** What {@link Stripper.cellAt} gives for a cell it drops. */
export const DROPPED: unique symbol = Symbol('dropped');

/** Strips the cells and metadata of one notebook with resolved options. */
export class Stripper {
  /** What was removed; undefined when nobody asked (`strip`), to save building paths. */
  readonly changes: StripChange[] | undefined;
  /** Position of the next kept cell, for sequential ids (continues across v3 worksheets). */
  private index = 0;

  constructor(
    private readonly o: Resolved,
    private readonly keepDefault: boolean,
    report: boolean,
  ) {
    this.changes = report ? [] : undefined;
  }

  private dropped(cell: unknown): boolean {
    if (!isJsonObject(cell)) return false;
    if (this.o.dropEmpty) {
      // nbformat 3 code cells keep their source in `input`.
      const source = Object.hasOwn(cell, 'source') ? cell.source : cell.cell_type === 'code' && Object.hasOwn(cell, 'input') ? cell.input : undefined;
      if (isBlank(source)) return true;
    }
    if (this.o.dropTags.size > 0) {
      const tags = isJsonObject(cell.metadata) ? cell.metadata.tags : undefined;
      if (Array.isArray(tags) && tags.some((t) => typeof t === 'string' && this.o.dropTags.has(t))) return true;
    }
    return false;
  }

  /** Strips a list of cells; returns the same array when nothing changed. */
  cells(cells: unknown[], base: string): unknown[] {
    let out: unknown[] | undefined;
    for (let j = 0; j < cells.length; j++) {
      const cell = cells[j];
      const next = this.cellAt(cell, base, j);
      if (next === DROPPED) {
        out ??= cells.slice(0, j);
        continue;
      }
      if (out === undefined && next !== cell) out = cells.slice(0, j);
      out?.push(next);
    }
    return out ?? cells;
  }

  /**
   * Strips cell `j` of a list (`base`, its path), the cells before it given already:
   * {@link DROPPED} when it is dropped, the cell itself when nothing changed.
   */
  cellAt(cell: unknown, base: string, j: number): unknown {
    if ((this.o.dropEmpty || this.o.dropTags.size > 0) && this.dropped(cell)) {
      this.changes?.push({ kind: 'cell', path: `${base}[${j}]` });
      return DROPPED;
    }
    const next = isJsonObject(cell) ? this.cell(cell, this.index, base, j) : cell;
    this.index++;
    return next;
  }

  private outputs(outputs: unknown[], keep: boolean, path: () => string): unknown[] {
    const o = this.o;
    let kept = outputs;
    /** Index in `outputs` of each kept output, when some were removed. */
    let from: number[] | undefined;
    if (!keep && outputs.length > 0) {
      if (o.maxSize <= 0 && o.keepTypes.length === 0) kept = [];
      else {
        from = [];
        for (let i = 0; i < outputs.length; i++) {
          const x = outputs[i];
          if (matchesType(x, o.keepTypes) || outputSize(x, o.maxSize) <= o.maxSize) from.push(i);
        }
        kept = from.length === outputs.length ? outputs : from.map((i) => outputs[i]);
      }
      if (kept.length !== outputs.length) this.changes?.push({ kind: 'outputs', path: path() });
    }
    if (!o.keepCount) {
      let copied = false;
      for (let i = 0; i < kept.length; i++) {
        const x = kept[i];
        if (isJsonObject(x) && Object.hasOwn(x, 'execution_count') && x.execution_count !== null) {
          if (!copied) {
            kept = kept.slice();
            copied = true;
          }
          kept[i] = { ...x, execution_count: null };
          this.changes?.push({ kind: 'execution_count', path: `${path()}[${from?.[i] ?? i}].execution_count` });
        }
      }
    }
    if (o.dropTypes.length > 0 && kept.some((x) => matchesType(x, o.dropTypes))) {
      kept = kept.filter((x) => !matchesType(x, o.dropTypes));
      this.changes?.push({ kind: 'outputs', path: path() });
    }
    return kept;
  }

  private cell(cell: Obj, index: number, base: string, j: number): Obj {
    const o = this.o;
    const path = () => `${base}[${j}]`;
    let out: Obj | undefined;
    if (Array.isArray(cell.outputs)) {
      const keep = keepsOutput(cell, this.keepDefault, o, path);
      const outputs = this.outputs(cell.outputs, keep, () => `${path()}.outputs`);
      if (outputs !== cell.outputs) {
        out = { ...cell };
        out.outputs = outputs;
      }
    } else if (Object.hasOwn(cell, 'outputs') && cell.cell_type === 'code' && !keepsOutput(cell, this.keepDefault, o, path)) {
      // `"outputs": null` (or another non-list), which Jupyter cannot open: nbstripout writes `[]`.
      out = { ...cell, outputs: [] };
      this.changes?.push({ kind: 'outputs', path: `${path()}.outputs` });
    }
    if (!o.keepCount) {
      if (Object.hasOwn(cell, 'execution_count') && cell.execution_count !== null) {
        out ??= { ...cell };
        out.execution_count = null;
        this.changes?.push({ kind: 'execution_count', path: `${path()}.execution_count` });
      }
      if (Object.hasOwn(cell, 'prompt_number') && cell.prompt_number !== null) {
        out ??= { ...cell };
        out.prompt_number = null;
        this.changes?.push({ kind: 'execution_count', path: `${path()}.prompt_number` });
      }
    }
    if (o.sequentialIds && Object.hasOwn(cell, 'id') && cell.id !== String(index)) {
      out ??= { ...cell };
      out.id = String(index);
      this.changes?.push({ kind: 'id', path: `${path()}.id` });
    }
    const changes = this.changes;
    let popped = popKeys(out ?? cell, o.cellKeys, changes && ((key) => changes.push({ kind: 'key', path: `${path()}.${key}` })));
    if (o.dropConflictFlags) {
      const resolved = dropConflictFlag(popped, cell);
      if (resolved !== popped) {
        popped = resolved;
        this.changes?.push({ kind: 'key', path: `${path()}.metadata.nbgit.conflicts` });
      }
    }
    return popped === cell ? cell : popped;
  }

  /** Removes the notebook-level keys from `metadata`; returns it unchanged when none was there. */
  metadata(metadata: Obj): Obj {
    const changes = this.changes;
    return popKeys(metadata, this.o.notebookKeys, changes && ((key) => changes.push({ kind: 'key', path: `metadata.${key}` })));
  }
}
