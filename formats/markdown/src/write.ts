/** Writing a notebook as jupytext markdown. */
import {
  type Cell,
  checkNotebook,
  cloneJson,
  copyNumberLexemes,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  joinSource,
  type Notebook,
  sortedKeys,
} from '@nbgit/core';
import { attachNotebookExtras, defaultLanguage, explicitIdIndexes, filterNotebookMetadata, formatHeader, splitCellMagic, usualLanguageName } from '@nbgit/text';
import type { ReadSettings } from './cells.js';
import { isCrlfFile } from './read.js';
import { assemble, fixGap, fixProtect, verify } from './read-back.js';
import { type Context, type Plan, render } from './render-cell.js';

/** Options of {@link toMarkdown}. */
export interface ToMarkdownOptions {
  /**
   * Keep what jupytext's default filters drop (language_info, widgets, ExecuteTime, collapsed,
   * original cell ids, nbformat_minor...), so that the notebook reads back exactly. Default false:
   * the output is byte-identical to jupytext's.
   */
  lossless?: boolean;
  /**
   * Write jupytext's `jupytext.text_representation` block with this `jupytext_version`
   * (jupytext writes it; its own tests, and nbgit by default, leave it out).
   */
  jupytextVersion?: string;
}

/**
 * Without a kernel language, a reader takes the most frequent fence language as the main one
 * (python counting half a cell more); `%%lang` cells only come back if python still wins.
 */
function magicsSurviveVote(cells: readonly Cell[], defaultLang: string): boolean {
  const votes = new Map<string, number>([[defaultLang, 0.5]]);
  for (const c of cells) {
    if (c.cell_type !== 'code') continue;
    // the first line, and whether more follow (the source as lines: sourceLines)
    const s = c.source;
    const text = typeof s === 'string' ? s : s.length > 0 && typeof s[0] === 'string' && s[0].includes('\n') ? s[0] : joinSource(s);
    const nl = text.indexOf('\n');
    const m = splitCellMagic(nl < 0 ? text : text.slice(0, nl), defaultLang);
    const lang = m && nl >= 0 ? usualLanguageName(m.language) : defaultLang;
    votes.set(lang, (votes.get(lang) ?? 0) + 1);
  }
  const mine = votes.get(defaultLang)!;
  for (const [l, v] of votes) if (l !== defaultLang && v >= mine) return false;
  return true;
}

/**
 * Writes a notebook as jupytext markdown (`md` format): a YAML header with the notebook
 * metadata, code cells as fenced blocks (```` ```python key="value" ````), markdown cells as
 * they are, wrapped in `<!-- #region -->` ... `<!-- #endregion -->` only when they would not
 * read back otherwise or carry metadata, raw cells in `<!-- #raw -->` ... `<!-- #endraw -->`.
 * With default options the bytes are jupytext's; sources, attachments and metadata keys that
 * jupytext cannot write survive in every mode (see the format spec). Pure.
 *
 * @param nb The notebook.
 * @param options `lossless`, `jupytextVersion`.
 * @returns The markdown text.
 */
export function toMarkdown(nb: Notebook, options: ToMarkdownOptions = {}): string {
  checkNotebook(nb, { name: 'toMarkdown' });
  const lossless = options.lossless === true;
  const metadata = cloneJson(nb.metadata) as JsonObject;
  const kernelspec = isJsonObject(metadata.kernelspec) ? metadata.kernelspec : {};
  const jupytext = isJsonObject(metadata.jupytext) ? metadata.jupytext : undefined;
  const defaultLang = defaultLanguage(metadata, '.md') ?? 'python';
  if (!lossless && jupytext && typeof jupytext.main_language === 'string' && jupytext.main_language === kernelspec.language) {
    delete jupytext.main_language;
  }
  let cells = nb.cells;
  const explicitIds = lossless ? explicitIdIndexes(cells) : new Set<number>();

  // A first raw cell `---\n...\n---` goes into the header, as root-level YAML.
  let rootLines: string[] = [];
  let headerGap: number | undefined;
  const first = cells[0];
  if (first && first.cell_type === 'raw' && canMergeIntoHeader(first, lossless, explicitIds.has(0))) {
    const lines = joinSource(first.source).split('\n');
    rootLines = lines.slice(1, -1);
    const g = first.metadata.lines_to_next_cell;
    if (typeof g === 'number') headerGap = g;
    cells = cells.slice(1);
  }
  const idOffset = cells === nb.cells ? 0 : 1;

  if (options.jupytextVersion !== undefined) {
    if (!isJsonObject(metadata.jupytext)) metadata.jupytext = {};
    const j = metadata.jupytext as JsonObject;
    j.text_representation = { extension: '.md', format_name: 'markdown', format_version: '1.3', jupytext_version: options.jupytextVersion };
  }
  if (isJsonObject(metadata.jupytext) && Object.keys(metadata.jupytext).length === 0) delete metadata.jupytext;
  let headerMeta: JsonObject;
  if (lossless) {
    headerMeta = { ...metadata };
    copyNumberLexemes(metadata, headerMeta);
    const fields: JsonObject = {};
    for (const [k, v] of Object.entries(nb)) if (!['nbformat', 'nbformat_minor', 'metadata', 'cells'].includes(k)) fields[k] = v as JsonValue;
    headerMeta = attachNotebookExtras(headerMeta, {
      nbformat: nb.nbformat,
      nbformat_minor: nb.nbformat_minor,
      ...(Object.keys(fields).length ? { fields } : {}),
    });
  } else {
    headerMeta = sortedKeys(filterNotebookMetadata(metadata));
  }
  let header = formatHeader(headerMeta, rootLines, { comment: '' });
  const hide = isJsonObject(metadata.jupytext) && metadata.jupytext.hide_notebook_metadata === true;
  if (hide && header.length) header = ['<!--', '', ...header, '', '-->'];

  const json = isJsonObject(nb.metadata.jupytext) && nb.metadata.jupytext.cell_metadata_json === true;
  const headerJupytext = isJsonObject(headerMeta.jupytext) ? headerMeta.jupytext : {};
  const splitAtHeading = headerJupytext.split_at_heading === true;
  const read: ReadSettings = { mainLanguage: defaultLanguage(headerMeta, '.md'), splitAtHeading };
  const ctx: Context = { nbMetadata: nb.metadata, defaultLang, lossless, explicitIds, json, magics: true, read };
  if (defaultLanguage(headerMeta, '.md') === undefined) ctx.magics = magicsSurviveVote(cells, defaultLang);
  const plans: Plan[] = cells.map((cell, i) => ({
    cell,
    kind: 'markdown',
    text: [],
    content: [],
    gap: 1,
    protect: false,
    ignoreGap: false,
    hideMetadata: false,
    index: i + idOffset,
  }));
  for (const p of plans) render(p, ctx);

  // Write, read back with jupytext's line rules, and fix the cells that would not come back.
  for (let pass = 0; ; pass++) {
    const { body, startsAt } = assemble(plans, ctx.read.splitAtHeading === true);
    const { bad, text: bodyText } = verify(body, startsAt, plans, ctx.read);
    if (bad.size === 0) {
      const gap = header.length ? (headerGap ?? 1) : 0;
      // the lines of the header, `gap` empty lines and the body, joined by line breaks
      const text = header.length ? `${header.join('\n')}${'\n'.repeat(gap)}${body.length ? `\n${bodyText}` : ''}` : bodyText;
      // every line a CRLF would read as a CRLF file (and lose the \r): wrap a markdown cell in a region
      // a text that starts with a `---` line (no header written) reads as a YAML header: wrap that cell too
      const first = plans[0];
      const opensLikeHeader = header.length === 0 && /^---[ \t]*(\r?\n|$)/.test(text) && first?.kind === 'markdown' && !first.protect;
      const culprit = isCrlfFile(text) ? plans.find((p) => p.kind === 'markdown') : opensLikeHeader ? first : undefined;
      if (!culprit) return text;
      culprit.protect = true;
      render(culprit, ctx);
      continue;
    }
    if (pass > plans.length + 2) throw new Error('toMarkdown: could not find a layout that reads back (please report this notebook)');
    const changed = new Set<number>();
    for (const [i, reason] of bad) {
      // one fix per neighbourhood and pass: a fix next door may already have repaired this cell
      if (changed.has(i - 1) || changed.has(i) || changed.has(i + 1)) continue;
      const near = reason === 'next' ? [i, i + 1, i - 1] : [i - 1, i];
      const order = reason === 'next' ? [i + 1, i, i - 1] : [i, i - 1];
      const target = near.find((k) => plans[k] !== undefined && fixGap(plans[k]!)) ?? order.find((k) => plans[k] !== undefined && fixProtect(plans[k]!));
      if (target !== undefined) {
        render(plans[target]!, ctx);
        changed.add(target);
      } else if (!plans[i]!.hideMetadata) {
        plans[i]!.hideMetadata = true;
        render(plans[i]!, ctx);
        changed.add(i);
      } else throw new Error('toMarkdown: could not find a layout that reads back (please report this notebook)');
    }
  }
}

function canMergeIntoHeader(cell: Cell, lossless: boolean, explicitId: boolean): boolean {
  const source = joinSource(cell.source);
  const lines = source.split('\n');
  if (lines.length < 2 || !/^---\s*$/.test(lines[0]!) || !/^---\s*$/.test(lines[lines.length - 1]!)) return false;
  if (lines[0] !== '---' || lines[lines.length - 1] !== '---') return false;
  const inner = lines.slice(1, -1);
  if (inner.some((l) => /^---\s*$/.test(l) || /^jupyter\s*:\s*$/.test(l) || l.endsWith('\r'))) return false;
  if (inner.length === 0) return false;
  const meta = Object.keys(cell.metadata).filter((k) => k !== 'lines_to_next_cell');
  if (meta.length || (cell as { attachments?: unknown }).attachments !== undefined) return false;
  if (lossless && explicitId) return false;
  return true;
}
