/**
 * Checks a merged notebook against a merge scenario's expect.json (shared fixtures) and
 * against what every nbgit merge must satisfy: valid nbformat, markers only inside the
 * sources of cells flagged as conflicted, a visible mark for every conflict, unique ids.
 * Used by the in-process scenario tests and by the real `git merge` tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cell, type JsonValue, joinSource } from '@nbgit/core';
import { fromIpynb, validateNotebook } from '@nbgit/ipynb';

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
