/**
 * Writing a notebook as a percent script: the script's top (`#!` and coding lines, the YAML
 * header and the blank lines after it, planned by `script-header.ts`), then each cell as
 * `cell-plan.ts` plans it (last to first: the blank lines after a cell depend on what follows),
 * then a recorded spelling where it still reads back (`spell.ts`).
 */
import { type Cell, checkNotebook, isJsonObject, type JsonObject, type JsonValue, joinSource, jsonEqual, type Notebook } from '@nbgit/core';
import { cellExtrasOf, defaultLanguage, filterCellMetadata, rewriteFormats, scriptExtension } from '@nbgit/text';
import type { WriteContext } from './cell-lines.js';
import { planCell, withoutLayoutKeys } from './cell-plan.js';
import { type Grammar, grammarFor } from './cells.js';
import { fastPathApplies, fastPlan } from './fast-cell.js';
import { type LineAt, linesAfter, pep8LinesBetweenCells } from './pep8.js';
import { type LanguageContext, readPercent } from './read.js';
import { type ScriptTop, scriptTop } from './script-header.js';
import { isHeader, spellCell } from './spell.js';
import { removeSpelling, type Spelling, spellingOf, withoutSpelling, withoutTextRepresentation } from './spelling.js';

/** Options of {@link toPercent}. */
export interface ToPercentOptions {
  /**
   * Script extension (`.py`, `.R`, `.jl`...). Default: the notebook's own, as jupytext's `auto`
   * chooses it from `language_info` / `kernelspec`, else `.py`.
   */
  extension?: string;
  /** Keep what jupytext's default filters drop (language_info, ExecuteTime, ids...) so the notebook reads back exactly. */
  lossless?: boolean;
  /** Write jupytext's `text_representation` block (extension, format name and version) in the header. */
  textRepresentation?: boolean;
  /** With {@link textRepresentation}, also write this `jupytext_version`. */
  jupytextVersion?: string;
}

const FORMAT_VERSION = '1.3';

function obj(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v ?? null) ? (v as JsonObject) : {};
}

/** The writer's output in parts: lines before the first cell, then each cell's lines and the blank lines after it. */
interface Written {
  /** `#!` and coding lines, the header, and the blank lines after it. */
  top: string[];
  /** Per cell (from `offset`): its lines, then `blanks` blank lines. */
  chunks: { lines: string[]; blanks: number }[];
  /** Index in the notebook of the cell of `chunks[0]` (1 when the first raw cell went into the header). */
  offset: number;
  /** The grammar used (its comment string, for respelling markers). */
  g: Grammar;
}

/** The file's lines (without the final newline) for a written notebook. */
function linesOf(w: Written): string[] {
  const out: string[] = [...w.top];
  for (const ch of w.chunks) {
    for (const l of ch.lines) out.push(l);
    for (let k = 0; k < ch.blanks; k++) out.push('');
  }
  // the file ends with one newline: the last blank line written is that newline
  if (out.length && out[out.length - 1] === '' && w.chunks.length && w.chunks[w.chunks.length - 1]!.blanks > 0) out.pop();
  return out;
}

/** The lines of chunk `i` in the file (blank lines after it included; the last one without the final newline). */
export function chunkSpan(w: Written, i: number): string[] {
  const ch = w.chunks[i]!;
  const last = i === w.chunks.length - 1;
  const n = last ? Math.max(0, ch.blanks - 1) : ch.blanks;
  const out = [...ch.lines];
  for (let k = 0; k < n; k++) out.push('');
  return out;
}

/** Joins file lines into the text: `eol` between lines, and a final newline unless `finalNewline` is false. */
function joinLines(lines: readonly string[], eol = '\n', finalNewline = true): string {
  if (lines.length === 0) return '';
  const text = lines.join(eol);
  return finalNewline ? text + eol : text;
}

/**
 * Writes a notebook as a percent script. With default options the text is byte-identical to
 * what jupytext writes (`jupytext --to <ext>:percent`, without the version line); where jupytext
 * would lose part of a cell, nbgit writes a little more so the cell reads back exactly. With
 * `lossless: true` everything jupytext filters out is kept too (see the format's README).
 * A notebook read from a script by `fromPercent` carries the script's spelling where it
 * differs from this output (`metadata.nbgit.percent`, see the format's README): it is written
 * as that script again, as long as the spelling still reads back to the same notebook.
 */
export function toPercent(nb: Notebook, options: ToPercentOptions = {}): string {
  checkNotebook(nb, { name: 'toPercent' });
  const spelling = spellingOf(nb.metadata);
  if (!spelling) return joinLines(linesOf(writeParts(nb, options)));
  const ext = normalExtension(nb, options);
  const lossless = options.lossless === true;
  const self = comparable({ ...nb, metadata: withoutSpelling(nb.metadata) }, ext, lossless);
  let canonical: string | undefined;
  let reference: Notebook | undefined;
  // the whole spelling, else all but the header's (a header edited since), else none
  const variants: Spelling[] = [spelling];
  if (spelling.header !== undefined || spelling.header_blank_lines !== undefined) {
    const { header: _h, header_blank_lines: _b, ...rest } = spelling;
    variants.push(rest);
  }
  for (const sp of variants) {
    const text = (sp.bom ? '\uFEFF' : '') + joinLines(linesOf(writeParts(nb, options, sp)), sp.eol ?? '\n', sp.final_newline !== false);
    // the spelled script must read back to the notebook, or to what the writer's own script reads back to
    // (the spelling must not change the Hydrogen guess, the header's blank line...)
    const read = comparable(readPercent(text, { extension: ext }).nb, ext, lossless);
    if (jsonEqual(read, self)) return text;
    canonical ??= joinLines(linesOf(writeParts(nb, options)));
    if (text === canonical) return text;
    reference ??= comparable(readPercent(canonical, { extension: ext }).nb, ext, lossless);
    if (jsonEqual(read, reference)) return text;
  }
  return canonical ?? joinLines(linesOf(writeParts(nb, options)));
}

/**
 * A notebook as the spelling must keep it: all of it but `jupytext.text_representation` and (but
 * in lossless mode) jupytext's layout keys, which belong to the text, and with
 * `jupytext.formats` paired as the writer pairs it.
 */
function comparable(nb: Notebook, ext: string, lossless: boolean): Notebook {
  // jupytext's layout keys (cell_marker, lines_to_next_cell...) are the text's, unless written losslessly
  const cells = nb.cells.map((c) => ({ ...c, source: joinSource(c.source), metadata: withoutLayoutKeys(c.metadata, lossless) }) as Cell);
  return { ...nb, cells, metadata: pairedAsWritten(withoutTextRepresentation(nb.metadata), ext, lossless) };
}

/** `metadata` with `jupytext.formats` rewritten as the writer rewrites it (`py:light` -> `py:percent`), when it would. */
function pairedAsWritten(metadata: JsonObject, ext: string, lossless: boolean): JsonObject {
  const j = metadata.jupytext;
  if (lossless || !isJsonObject(j ?? null) || typeof (j as JsonObject).formats !== 'string') return metadata;
  const formats = rewriteFormats((j as JsonObject).formats as string, ext);
  return formats === (j as JsonObject).formats ? metadata : { ...metadata, jupytext: { ...(j as JsonObject), formats } };
}

function normalExtension(nb: Notebook, options: ToPercentOptions): string {
  const ext = options.extension ?? scriptExtension(nb.metadata) ?? '.py';
  return ext.startsWith('.') ? ext : `.${ext}`;
}

/**
 * Writes a notebook in parts (the `toPercent` layout), with `spelling` applied where it still
 * reads back to the same cells. Exported for `fromPercent`, which compares a script with it.
 */
export function writeParts(nb: Notebook, options: ToPercentOptions = {}, spelling?: Spelling): Written {
  const lossless = options.lossless === true;
  const ext = normalExtension(nb, options);
  const top0 = scriptTop(nb, {
    ext,
    lossless,
    formatName: 'percent',
    formatVersion: FORMAT_VERSION,
    textRepresentation: options.textRepresentation,
    jupytextVersion: options.jupytextVersion,
    recordedTextRepresentation: spelling?.text_representation,
    prepare: removeSpelling,
  });
  const { metadata, jupytext, language, customMagics, headerMeta, cells, ids } = top0;
  const hydrogen = spelling?.hydrogen === true;
  const commentMagicsOpt = hydrogen ? false : typeof jupytext.comment_magics === 'boolean' ? jupytext.comment_magics : true;
  const g = grammarFor(ext, language, commentMagicsOpt);

  // what the reader will see
  const readerKernel = obj(headerMeta.kernelspec);
  const readerMain = defaultLanguage(headerMeta, ext);
  const ctx: WriteContext = {
    g,
    ext,
    lossless,
    nbMetadata: metadata,
    language,
    readerMain,
    readerHasKernelLanguage: 'language' in readerKernel,
    customMagics,
    cellMarkers: typeof jupytext.cell_markers === 'string' ? jupytext.cell_markers : undefined,
    json: jupytext.cell_metadata_json === true,
    hydrogen,
  };

  // cells, last to first (the blank lines after a cell depend on what follows)
  const offset = nb.cells.length - cells.length;
  const chunks: { lines: string[]; blanks: number }[] = new Array(cells.length);
  const following = (from: number): LineAt => linesAfter(chunks, from);
  const lang: LanguageContext = { main: readerMain, hasKernelLanguage: ctx.readerHasKernelLanguage, customMagics };
  // cells the fast path's rules cover are planned without reading them back (see fast-cell.ts)
  const fast = !spelling && fastPathApplies(ctx);
  for (let i = cells.length - 1; i >= 0; i--) {
    const cell = cells[i]!;
    const visible = isEmpty(cell.metadata)
      ? {}
      : lossless
        ? withoutLayoutKeys(cell.metadata, false)
        : filterCellMetadata(cell.metadata, metadata, { keepInvalidKeys: true });
    const extras = cellExtrasOf(cell, ids.has(i + offset), lossless);
    const expected = lossless ? cell.metadata : visible;
    const plan =
      (fast && fastPlan(ctx, cell, visible, extras, following(i + 1))) ||
      planCell(ctx, cell, expected, visible, extras, following(i + 1), i === cells.length - 1);
    const blanks = plan.linesToNext ?? plan.blanks ?? pep8LinesBetweenCells(plan.lines, following(i + 1), ext);
    chunks[i] = { lines: plan.lines, blanks };
    if (spelling) {
      const last = i === cells.length - 1;
      const spelled = spellCell(
        ctx,
        cell,
        expected,
        { lines: plan.lines, blanks },
        last,
        i === 0,
        spelling,
        spelling.cells?.[String(i + offset)],
        following(i + 1),
        lang,
      );
      if (spelled) chunks[i] = last ? { lines: spelled, blanks: 1 } : { lines: spelled, blanks: 0 };
    }
  }
  return { top: topLines(top0, following(0), ext, g, spelling), chunks, offset, g };
}

function isEmpty(o: JsonObject): boolean {
  for (const _ in o) return false;
  return true;
}

/**
 * The lines before the first cell: `#!` and coding lines, the header, and the blank lines after
 * it (the notebook's `lines_to_next_cell`, else PEP 8's for what follows), or the recorded header.
 */
function topLines(top0: ScriptTop, following: LineAt, ext: string, g: Grammar, spelling: Spelling | undefined): string[] {
  const { pre, header, headerLinesToNext } = top0;
  if (spelling?.header && isHeader(spelling.header, g)) return [...spelling.header];
  const top: string[] = [...pre, ...header];
  if (header.length) {
    const n = headerLinesToNext ?? pep8LinesBetweenCells(header, following, ext);
    for (let k = 0; k < n; k++) top.push('');
  }
  if (spelling?.header_blank_lines !== undefined && header.length) {
    while (top.length && top[top.length - 1] === '') top.pop();
    for (let k = 0; k < spelling.header_blank_lines; k++) top.push('');
  }
  return top;
}
