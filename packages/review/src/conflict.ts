/**
 * Conflicts left by a merge (`@nbgit/merge`): a conflicted cell carries
 * `metadata.nbgit.conflicts` (`{kind, path, message, local?, remote?}`) and, for source
 * conflicts, git-style markers in its source (`<<<<<<< local`, optional `||||||| base`,
 * `=======`, `>>>>>>> remote`). The page shows both sides of each.
 */
import { isJsonObject, type JsonValue, joinSource, type MultilineString, splitLines } from '@nbgit/core';
import { esc } from './html.js';

/** One entry of `metadata.nbgit.conflicts`. */
export interface ConflictNote {
  kind: string;
  path: string;
  message: string;
  local?: JsonValue;
  remote?: JsonValue;
}

/** The conflicts a cell's or notebook's metadata lists (`metadata.nbgit.conflicts`), or `[]`. */
export function conflictsOf(metadata: unknown): ConflictNote[] {
  if (!isJsonObject(metadata)) return [];
  const nb = metadata.nbgit;
  if (!isJsonObject(nb) || !Array.isArray(nb.conflicts)) return [];
  const out: ConflictNote[] = [];
  for (const c of nb.conflicts) {
    if (!isJsonObject(c)) continue;
    const note: ConflictNote = { kind: String(c.kind ?? 'conflict'), path: String(c.path ?? ''), message: String(c.message ?? '') };
    if ('local' in c) note.local = c.local as JsonValue;
    if ('remote' in c) note.remote = c.remote as JsonValue;
    out.push(note);
  }
  return out;
}

/** Both sides of a text with conflict markers. */
export interface ConflictSides {
  /** The text as local had it (common lines and local's side of each hunk). */
  local: string;
  /** The text as remote had it. */
  remote: string;
  /** Labels after the markers (`local`, `remote`, `local (deleted this cell)`). */
  labels: { local: string; remote: string };
  /** Number of marked hunks. */
  hunks: number;
}

const OPEN = /^<{7,}(?: (.*))?$/;
const BASE = /^\|{7,}(?: .*)?$/;
const SEP = /^={7,}$/;
const CLOSE = /^>{7,}(?: (.*))?$/;

/** Splits a source with conflict markers into its two sides; `undefined` when it holds no complete hunk. */
export function splitConflictMarkers(source: MultilineString | undefined): ConflictSides | undefined {
  const text = joinSource(source);
  if (!text.includes('<<<<<<<')) return undefined;
  let state: 'common' | 'local' | 'base' | 'remote' = 'common';
  let local = '';
  let remote = '';
  let hunks = 0;
  const labels = { local: 'local', remote: 'remote' };
  for (const line of splitLines(text)) {
    const bare = line.replace(/\r?\n$|\r$/, '');
    if (state === 'common' && OPEN.test(bare)) {
      state = 'local';
      labels.local = OPEN.exec(bare)?.[1]?.trim() || labels.local;
      continue;
    }
    if (state === 'local' && BASE.test(bare)) {
      state = 'base';
      continue;
    }
    if ((state === 'local' || state === 'base') && SEP.test(bare)) {
      state = 'remote';
      continue;
    }
    if (state === 'remote' && CLOSE.test(bare)) {
      state = 'common';
      labels.remote = CLOSE.exec(bare)?.[1]?.trim() || labels.remote;
      hunks++;
      continue;
    }
    if (state === 'common') {
      local += line;
      remote += line;
    } else if (state === 'local') local += line;
    else if (state === 'remote') remote += line;
  }
  return hunks > 0 && state === 'common' ? { local, remote, labels, hunks } : undefined;
}

/** A value of a metadata, type or attachment conflict, for people. */
export function conflictValue(v: JsonValue | undefined): string {
  return v === undefined ? '(deleted)' : esc(JSON.stringify(v));
}
