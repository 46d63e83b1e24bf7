/**
 * Checks a merged notebook against a merge scenario's expect.json (shared fixtures) and
 * against what every nbgit merge must satisfy: valid nbformat, markers only inside the
 * sources of cells flagged as conflicted, a visible mark for every conflict, unique ids.
 * Used by the in-process scenario tests and by the real `git merge` tests; also the format and
 * checks of this project's own merge cases (fixtures/merges, `checkFixture`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cell, type JsonValue, joinSource, type Notebook, normaliseOutput } from '@nbgit/core';
import { fromIpynb, validateNotebook } from '@nbgit/ipynb';
import { jsonEqual } from '@nbgit/merge';
import { repoRoot } from '@nbgit/testkit';

/** A scenario's expect.json. */
export interface Expect {
  clean_expected: boolean | null;
  accept_clean: Array<Array<[string, string]>>;
  conflict_contains: string[];
  checks: Record<string, JsonValue>;
}

/** Reads `dir/expect.json`. */
export function readExpect(dir: string): Expect {
  return JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expect;
}

const MARKER = /^(<{7,}|>{7,}|={7,}$|\|{7,})/m;

function flaggedOf(cell: Cell): boolean {
  const f = (cell.metadata as { nbgit?: { conflicts?: unknown[] } } | undefined)?.nbgit;
  return Array.isArray(f?.conflicts) && f.conflicts.length > 0;
}

/**
 * Problems with a merge result (empty: all good).
 *
 * @param text - The merged .ipynb text.
 * @param conflicted - Whether the merge reported conflicts (driver exit 1).
 * @param expect - The scenario's expectations.
 */
export function checkMerge(text: string, conflicted: boolean, expect: Expect): string[] {
  const problems: string[] = [];
  let nb: ReturnType<typeof fromIpynb>;
  try {
    nb = fromIpynb(text);
  } catch (e) {
    return [`result is not a notebook: ${(e as Error).message}`];
  }
  for (const issue of validateNotebook(nb)) problems.push(`invalid: ${issue.path}: ${issue.message}`);
  const cells = nb.cells;
  const pairs = cells.map((c) => [c.cell_type, joinSource(c.source)] as [string, string]);
  const sources = pairs.map((p) => p[1]).join('\n\u0000\n');
  const matchesAccepted = expect.accept_clean.some((acc) => acc.length === pairs.length && acc.every((p, i) => p[0] === pairs[i]![0] && p[1] === pairs[i]![1]));

  if (expect.clean_expected === true && conflicted) problems.push('reported a conflict, expected a clean merge');
  if (expect.clean_expected === false && !conflicted) problems.push('clean merge, expected a conflict');
  if (!conflicted && expect.accept_clean.length > 0 && !matchesAccepted) {
    problems.push(`clean result is not one of the accepted ones: ${JSON.stringify(pairs)}`);
  }
  if (conflicted || expect.clean_expected !== true) {
    for (const s of expect.conflict_contains) if (!sources.includes(s)) problems.push(`result lacks ${JSON.stringify(s)}`);
  } else {
    for (const s of expect.conflict_contains) if (!sources.includes(s)) problems.push(`clean result lacks ${JSON.stringify(s)}`);
  }

  // markers only in the sources of flagged cells; never in outputs or metadata
  let visible = false;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    const flagged = flaggedOf(c);
    if (flagged) visible = true;
    if (MARKER.test(joinSource(c.source)) && !flagged) problems.push(`cell ${i} has conflict markers but no conflict flag`);
    if (c.cell_type === 'code') {
      for (const o of c.outputs ?? []) if (JSON.stringify(o).includes('<<<<<<<')) problems.push(`cell ${i} has a marker in its outputs`);
    }
  }
  const nbFlag = (nb.metadata as { nbgit?: { conflicts?: unknown[] } }).nbgit;
  if (Array.isArray(nbFlag?.conflicts) && nbFlag.conflicts.length > 0) visible = true;
  if (conflicted && !visible) problems.push('conflict reported but nothing in the notebook shows it');
  if (!conflicted && (visible || MARKER.test(sources))) problems.push('clean merge but the notebook carries conflict marks');
  if (JSON.stringify(nb.metadata).includes('nbdime-conflicts')) problems.push('nbdime-conflicts key in metadata');

  // ids
  const ids = new Set<string>();
  for (let i = 0; i < cells.length; i++) {
    const id = cells[i]!.id;
    if (nb.nbformat_minor >= 5) {
      if (typeof id !== 'string') problems.push(`cell ${i} has no id in an nbformat 4.${nb.nbformat_minor} notebook`);
      else if (ids.has(id)) problems.push(`duplicate id ${id}`);
      else ids.add(id);
    } else if (id !== undefined) problems.push(`cell ${i} has an id in an nbformat 4.${nb.nbformat_minor} notebook`);
  }

  // scenario checks
  const checks = expect.checks as Record<string, unknown>;
  if (checks.nb_metadata_value) {
    const [path, allowed] = checks.nb_metadata_value as [string[], unknown[]];
    let v: unknown = nb.metadata;
    for (const k of path) v = (v as Record<string, unknown> | undefined)?.[k];
    if (!allowed.some((a) => a === v)) problems.push(`metadata ${path.join('.')} = ${JSON.stringify(v)}, expected one of ${JSON.stringify(allowed)}`);
  }
  if (checks.attachment) {
    const [i, name, data] = checks.attachment as [number, string, string];
    const att = (cells[i] as { attachments?: Record<string, Record<string, unknown>> } | undefined)?.attachments?.[name];
    const png = att?.['image/png'];
    if ((Array.isArray(png) ? png.join('') : png) !== data) problems.push(`attachment ${name} of cell ${i} is not the expected image`);
  }
  if (checks.crlf_preserved) {
    for (const i of checks.crlf_preserved as number[]) {
      const s = joinSource(cells[i]?.source);
      if (!s.includes('\r\n') || /[^\r]\n/.test(s)) problems.push(`cell ${i} lost its CRLF line endings: ${JSON.stringify(s)}`);
    }
  }
  if (checks.all_outputs_empty) {
    for (const c of cells) if (c.cell_type === 'code' && (c.outputs ?? []).length > 0) problems.push('a cell has outputs');
  }
  if (checks.cell_tags) {
    const [i, want] = checks.cell_tags as [number, string[]];
    const tags = ((cells[i]?.metadata as { tags?: string[] } | undefined)?.tags ?? []).slice().sort();
    if (JSON.stringify(tags) !== JSON.stringify([...want].sort())) problems.push(`cell ${i} tags ${JSON.stringify(tags)}, expected ${JSON.stringify(want)}`);
  }
  return problems;
}

// --- fixtures/merges: this project's own merge cases -----------------------------------------

/** A case's expect.json (format in fixtures/merges/README.md). */
export interface FixtureExpect {
  why: string;
  clean: boolean;
  cells: Array<[string, string]>;
  conflicts: string[];
  outputs?: Record<string, ['local' | 'remote', number] | ['none']>;
  ids?: string[];
  metadata?: Record<string, JsonValue>;
  cell_metadata?: Record<string, Record<string, JsonValue>>;
  attachments?: Record<string, string[]>;
  crlf_cells?: number[];
  crlf_file?: boolean;
  nbformat_minor?: number;
}

export const fixturesDir = join(repoRoot, 'fixtures', 'merges');
export const fixtureNames = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** Reads one side; an empty file is an empty notebook (git's base for add/add). */
export function side(dir: string, file: string): { nb: Notebook; text: string } {
  const bytes = readFileSync(join(dir, file));
  if (bytes.length === 0) return { nb: { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 0 }, text: '' };
  return { nb: fromIpynb(bytes, { file }), text: bytes.toString('utf8') };
}

/**
 * The text of each element of the top-level "cells" list of a notebook file, as written
 * (a small scanner over the JSON: strings, nesting).
 */
export function cellTexts(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inCells = false;
  let start = -1;
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1) lastKey = text.slice(i + 1, j);
      i = j;
      continue;
    }
    if (ch === '{' || ch === '[') {
      if (depth === 1 && ch === '[' && lastKey === 'cells') inCells = true;
      if (inCells && depth === 2 && ch === '{') start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (inCells && depth === 2 && ch === '}') out.push(text.slice(start, i + 1));
      if (inCells && depth === 1) inCells = false;
    }
  }
  return out;
}

/** Problems with a merge result against a case's expectations (empty: all good). */
export function checkFixture(text: string, conflicted: boolean, expect: FixtureExpect, local: { nb: Notebook; text: string }, remote: Notebook): string[] {
  const problems = checkMerge(text, conflicted, { clean_expected: expect.clean, accept_clean: [], conflict_contains: [], checks: {} });
  const nb = fromIpynb(text);
  const cells = nb.cells;
  const got = cells.map((c) => [c.cell_type, joinSource(c.source)]);
  if (!jsonEqual(got, expect.cells)) problems.push(`cells differ:\n    got  ${JSON.stringify(got)}\n    want ${JSON.stringify(expect.cells)}`);
  const paths = collectConflicts(nb);
  if (!jsonEqual(paths, [...expect.conflicts].sort())) problems.push(`conflicts ${JSON.stringify(paths)}, expected ${JSON.stringify(expect.conflicts)}`);
  for (const [i, from] of Object.entries(expect.outputs ?? {})) {
    const c = cells[Number(i)] as Cell | undefined;
    if (c?.cell_type !== 'code') {
      problems.push(`cell ${i} is not a code cell`);
      continue;
    }
    const want = from[0] === 'none' ? { outputs: [], count: null } : outputsOf((from[0] === 'local' ? local.nb : remote).cells[from[1]]!);
    if (!jsonEqual(outputsOf(c), want)) problems.push(`cell ${i}: outputs/count ${JSON.stringify(outputsOf(c)).slice(0, 120)}, expected ${from.join(' ')}'s`);
  }
  if (
    expect.ids &&
    !jsonEqual(
      cells.map((c) => c.id),
      expect.ids,
    )
  )
    problems.push(`ids ${JSON.stringify(cells.map((c) => c.id))}`);
  for (const [path, want] of Object.entries(expect.metadata ?? {})) {
    let v: unknown = nb.metadata;
    for (const k of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
    if (!jsonEqual(v, want)) problems.push(`metadata.${path} = ${JSON.stringify(v)}, expected ${JSON.stringify(want)}`);
  }
  for (const [i, want] of Object.entries(expect.cell_metadata ?? {})) {
    const m = { ...(cells[Number(i)]?.metadata ?? {}) } as Record<string, unknown>;
    delete m.nbgit;
    if (!jsonEqual(m, want)) problems.push(`cell ${i} metadata ${JSON.stringify(m)}, expected ${JSON.stringify(want)}`);
  }
  for (const [i, want] of Object.entries(expect.attachments ?? {})) {
    const names = Object.keys((cells[Number(i)] as { attachments?: object } | undefined)?.attachments ?? {}).sort();
    if (!jsonEqual(names, [...want].sort())) problems.push(`cell ${i} attachments ${JSON.stringify(names)}, expected ${JSON.stringify(want)}`);
  }
  for (const i of expect.crlf_cells ?? []) {
    const s = joinSource(cells[i]?.source);
    if (!s.includes('\r\n') || /[^\r]\n/.test(s)) problems.push(`cell ${i} lost its CRLF line endings: ${JSON.stringify(s)}`);
  }
  if (expect.crlf_file && (!text.includes('\r\n') || /[^\r]\n/.test(text))) problems.push('the file is not CRLF throughout');
  if (expect.nbformat_minor !== undefined && nb.nbformat_minor !== expect.nbformat_minor) problems.push(`nbformat_minor ${nb.nbformat_minor}`);
  // cells the merge left as local had them keep local's bytes
  const localTexts = cellTexts(local.text);
  const outTexts = cellTexts(text);
  if (outTexts.length !== cells.length) problems.push(`scanner found ${outTexts.length} cells, notebook has ${cells.length}`);
  for (let i = 0; i < cells.length; i++) {
    const j = local.nb.cells.findIndex((c) => jsonEqual(c, cells[i]));
    if (j >= 0 && outTexts[i] !== localTexts[j]) problems.push(`cell ${i} equals local's cell ${j} but its bytes changed`);
  }
  return problems;
}

function outputsOf(c: Cell): { outputs: JsonValue[]; count: JsonValue } {
  return { outputs: ((c.outputs ?? []) as JsonValue[]).map((o) => normaliseOutput(o) as JsonValue), count: (c.execution_count ?? null) as JsonValue };
}

function collectConflicts(nb: Notebook): string[] {
  const out: string[] = [];
  const add = (m: unknown) => {
    const list = (m as { nbgit?: { conflicts?: Array<{ path: string }> } } | undefined)?.nbgit?.conflicts ?? [];
    for (const c of list) out.push(c.path);
  };
  add(nb.metadata);
  for (const c of nb.cells) add(c.metadata);
  return out.sort();
}
