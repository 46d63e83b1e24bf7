/** What each operation does to the cells of a {@link Session}. */
import { type Cell, type CodeCell, cloneJson, isJsonObject, type JsonObject, type JsonValue, joinSource, splitLines } from '@nbgit/core';
import { resolveCell } from './address.js';
import { bad } from './check-operation.js';
import type { CellOperation, OperationResult } from './operation-types.js';
import type { Session } from './session.js';
import { setCellText, sourceText } from './source.js';

/** Text with one final line break removed (`\r\n`, `\n` or `\r`). */
function withoutFinalBreak(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') || text.endsWith('\r') ? text.slice(0, -1) : text;
}

function tagsOf(cell: Cell): string[] | undefined {
  const t = cell.metadata?.tags;
  return Array.isArray(t) ? (t as string[]) : undefined;
}

/** Runs one operation on the session's cells. */
export function run(s: Session, o: CellOperation): OperationResult {
  switch (o.op) {
    case 'set': {
      const i = resolveCell(s.cells, o.cell);
      const text = sourceText(o.source);
      if (joinSource(s.cells[i]!.source) === text) return s.result('set', i, false);
      setCellText(s.writable(i), text, s.form);
      return s.result('set', i, true);
    }
    case 'insert': {
      const at = s.position(o);
      const metadata: JsonObject = o.metadata === undefined ? {} : cloneJson(o.metadata);
      if (o.tags !== undefined && o.tags.length > 0) metadata.tags = [...new Set([...(tagsOf({ metadata } as Cell) ?? []), ...o.tags])];
      s.cells.splice(at, 0, s.newCell(o.type ?? 'code', sourceText(o.source ?? ''), metadata));
      return s.result('insert', at, true);
    }
    case 'delete': {
      const i = resolveCell(s.cells, o.cell);
      s.cells.splice(i, 1);
      return { op: 'delete', index: -1, changed: true };
    }
    case 'move': {
      const i = resolveCell(s.cells, o.cell);
      const cell = s.cells[i]!;
      if (o.before !== undefined && resolveCell(s.cells, o.before) === i) bad('move: a cell cannot go before itself');
      if (o.after !== undefined && resolveCell(s.cells, o.after) === i) bad('move: a cell cannot go after itself');
      s.cells.splice(i, 1);
      const to = s.position(o);
      s.cells.splice(to, 0, cell);
      return s.result('move', to, to !== i);
    }
    case 'split': {
      const i = resolveCell(s.cells, o.cell);
      const cell = s.cells[i]!;
      const lines = splitLines(joinSource(cell.source));
      if (o.line < 2 || o.line > lines.length)
        bad(
          `split: line ${o.line} is not inside cell ${i}, which has ${lines.length} line${lines.length === 1 ? '' : 's'} (split at a line from 2 to ${lines.length})`,
        );
      const first = withoutFinalBreak(lines.slice(0, o.line - 1).join(''));
      const second = lines.slice(o.line - 1).join('');
      const w = s.writable(i);
      setCellText(w, first, s.form);
      s.cells.splice(i + 1, 0, s.newCell(cell.cell_type, second, cloneJson(cell.metadata ?? {})));
      return s.result('split', i + 1, true);
    }
    case 'join': {
      const at = o.cells.map((r) => resolveCell(s.cells, r));
      for (let k = 1; k < at.length; k++)
        if (at[k] !== at[k - 1]! + 1) bad(`join: cells must be consecutive and in order (got indexes ${at.join(', ')}); move them together first`);
      const texts = at.map((k) => joinSource(s.cells[k]!.source));
      let text = texts[0]!;
      for (const t of texts.slice(1)) text += (text === '' || /[\r\n]$/.test(text) ? '' : '\n') + t;
      const rest = at.slice(1).map((k) => s.cells[k]!);
      const w = s.writable(at[0]!);
      if (w.cell_type === 'code') {
        // `"outputs": null` (which nbgit reads as no outputs, as nbstripout does) joins as none
        const joined = [...(w.outputs ?? [])];
        for (const c of rest) if (c.cell_type === 'code' && c.outputs) joined.push(...c.outputs);
        if (joined.length > 0 || w.outputs === null) w.outputs = joined;
      } else {
        for (const c of rest) {
          if (c.cell_type === 'code' || c.attachments === undefined) continue;
          w.attachments ??= {};
          const mine = w.attachments;
          for (const [name, v] of Object.entries(c.attachments)) {
            if (Object.hasOwn(mine, name)) bad(`join: both cells have an attachment named ${JSON.stringify(name)}`);
            mine[name] = v;
          }
        }
      }
      setCellText(w, text, s.form);
      s.cells.splice(at[0]! + 1, rest.length);
      return s.result('join', at[0]!, true);
    }
    case 'type': {
      const i = resolveCell(s.cells, o.cell);
      if (s.cells[i]!.cell_type === o.type) return s.result('type', i, false);
      const w = s.writable(i) as unknown as Record<string, unknown>;
      w.cell_type = o.type;
      if (o.type === 'code') {
        delete w.attachments;
        w.execution_count = null;
        w.outputs = [];
      } else {
        delete w.execution_count;
        delete w.outputs;
      }
      return s.result('type', i, true);
    }
    case 'tags': {
      const i = resolveCell(s.cells, o.cell);
      const now = tagsOf(s.cells[i]!) ?? [];
      const remove = new Set(o.remove ?? []);
      const next = now.filter((t) => !remove.has(t));
      for (const t of o.add ?? []) if (!next.includes(t)) next.push(t);
      if (next.length === now.length && next.every((t, k) => t === now[k])) return s.result('tags', i, false);
      const w = s.writable(i);
      w.metadata ??= {};
      if (next.length === 0) delete w.metadata.tags;
      else w.metadata.tags = next;
      return s.result('tags', i, true);
    }
    case 'metadata': {
      const i = resolveCell(s.cells, o.cell);
      const path = typeof o.path === 'string' ? o.path.split('.') : o.path;
      return s.result('metadata', i, setPath(s, i, path, o.delete === true ? undefined : o.value));
    }
    case 'clear': {
      const at = o.cells === undefined ? s.cells.map((_, k) => k) : o.cells.map((r) => resolveCell(s.cells, r));
      let changed = false;
      for (const k of at) {
        const c = s.cells[k]!;
        // `"outputs": null` is no outputs to nbgit (as to nbstripout); clearing writes the list
        if (c.cell_type !== 'code' || (c.outputs?.length === 0 && c.execution_count === null)) continue;
        const w = s.writable(k) as CodeCell;
        if (w.outputs?.length !== 0) w.outputs = [];
        w.execution_count = null;
        changed = true;
      }
      return { op: 'clear', index: -1, changed };
    }
  }
}

/** Sets (value) or deletes (undefined) `metadata.<path>` of cell `i`; true when it changed. */
function setPath(s: Session, i: number, path: string[], value: JsonValue | undefined): boolean {
  const look = (o: JsonObject | undefined, k: number): JsonValue | undefined => {
    let cur: JsonValue | undefined = o;
    for (let j = 0; j < k; j++) cur = isJsonObject(cur as JsonValue) ? (cur as JsonObject)[path[j]!] : undefined;
    return cur;
  };
  const current = look(s.cells[i]!.metadata, path.length);
  if (value === undefined ? current === undefined : JSON.stringify(current) === JSON.stringify(value) && current !== undefined) return false;
  if (value === undefined && !isJsonObject(look(s.cells[i]!.metadata, path.length - 1) as JsonValue)) return false;
  const w = s.writable(i);
  w.metadata ??= {};
  let obj: JsonObject = w.metadata;
  for (let j = 0; j < path.length - 1; j++) {
    const k = path[j]!;
    const next = obj[k];
    if (next === undefined && value !== undefined) obj = obj[k] = {};
    else if (isJsonObject(next as JsonValue)) obj = next as JsonObject;
    else bad(`metadata: ${path.slice(0, j + 1).join('.')} is ${JSON.stringify(next)}, not an object`);
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete obj[last];
  else obj[last] = cloneJson(value);
  return true;
}
