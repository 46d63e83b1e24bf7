/**
 * `renderReview`: one self-contained HTML page for the diffs of one or many notebooks.
 */
import type { JsonValue, Notebook } from '@nbgit/core';
import { type DiffOptions, diffNotebooks, type KeyChange, type NotebookDiff, summarize } from '@nbgit/diff';
import { type CellContext, conflictCells, diffCells } from './cells.js';
import { esc, plural, utf8Length } from './html.js';
import { imageContext } from './images.js';
import { short } from './outputs.js';
import { SCRIPT, SCRIPT_HASH } from './script.js';
import { CSS } from './style.js';
import { textDiffHtml } from './text.js';

/** One file of the page. Give `a` and/or `b` (a notebook diff), or `conflicted`, or `text`. */
export interface ReviewFile {
  /** The path shown (the new path of a renamed file). */
  path: string;
  /** The old path, when the file was renamed or copied. */
  oldPath?: string;
  /** The old notebook (absent: the notebook is new). */
  a?: Notebook;
  /** The new notebook (absent: the notebook was deleted). */
  b?: Notebook;
  /** `diffNotebooks(a, b)`, when already computed (else computed with `options.diff`). */
  diff?: NotebookDiff;
  /** A notebook left in conflict by a merge (`@nbgit/merge` marks its cells): shown with both sides of each conflict. */
  conflicted?: Notebook;
  /** The two texts of a file that is not a notebook (or not readable as one): shown as a line diff. */
  text?: { a: string; b: string };
  /** Lines shown under the file's name (mode changes, why a file is shown as text...). */
  notes?: string[];
}

/** Options of {@link renderReview}. */
export interface ReviewOptions {
  /** The page's title (default `Notebook changes`). */
  title?: string;
  /** A line under the title, such as the revisions compared. */
  subtitle?: string;
  /** Changed cells as two columns (default) or one. */
  layout?: 'side-by-side' | 'unified';
  /** Unchanged lines shown around changed source lines (default 3). */
  context?: number;
  /** Largest image embedded, in bytes of its data URI; larger ones are replaced by a note. `0` leaves every image out. Default: no cap. */
  maxImageBytes?: number;
  /** Compute a pixel-difference image for changed PNGs (default true). */
  pixelDiff?: boolean;
  /** Unchanged cells: folded with their sources inside (`'source'`, default) or only counted (`'count'`, smaller). */
  unchanged?: 'source' | 'count';
  /** Options for `diffNotebooks` when a file's diff is computed here. */
  diff?: DiffOptions;
}

/** The page and what went into it. */
export interface ReviewPage {
  /** The HTML document. */
  html: string;
  /** Its size in bytes (UTF-8). */
  bytes: number;
  /** Files shown. */
  files: number;
  /** Changes that next/previous go through. */
  changes: number;
  /** Images embedded (and their bytes as data URIs) and left out by `maxImageBytes`. */
  images: { embedded: number; bytes: number; omitted: number };
}

const CSP = `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

/**
 * Renders one self-contained HTML page for the diffs of one or many notebooks: the list of
 * changed files at the top, then per file its changed cells side by side (or unified),
 * unchanged cells folded with their count, moves marked, source changes with line and word
 * highlights, markdown rendered, outputs by type (text and errors as diffs with ANSI colours,
 * images before and after with their pixel difference, HTML sanitised), metadata and execution
 * counts listed compactly, conflicted cells with both sides. The page loads nothing (styles
 * inline, images as data URIs, a Content-Security-Policy that forbids any request and any
 * script but its own navigation script). Pure: works in a browser.
 *
 * @param files - The files to show, in order.
 * @param options - Layout, image cap, title.
 * @returns The HTML and its size; `.html` is a complete document.
 * @example
 * const page = renderReview([{ path: 'analysis.ipynb', a: fromIpynb(oldText), b: fromIpynb(newText) }]);
 * writeFileSync('review.html', page.html);
 */
export function renderReview(files: readonly ReviewFile[], options: ReviewOptions = {}): ReviewPage {
  const layout = options.layout ?? 'side-by-side';
  const images = imageContext({ maxBytes: options.maxImageBytes, pixelDiff: options.pixelDiff });
  const ctx: CellContext = { view: { layout, context: options.context ?? 3 }, images, unchanged: options.unchanged ?? 'source' };
  const title = options.title ?? 'Notebook changes';
  const list: string[] = [];
  const bodies: string[] = [];
  let changes = 0;
  files.forEach((f, k) => {
    const id = `f${k + 1}`;
    const r = renderFile(f, id, ctx, options.diff);
    changes += r.changes;
    list.push(`<li><a href="#${id}">${esc(f.path)}</a> <span class="sum">— ${esc(r.summary)}</span></li>`);
    bodies.push(r.html);
  });
  const sub = [options.subtitle, files.length === 0 ? 'no notebook changed' : `${plural(files.length, 'file')} changed`, `${plural(changes, 'change')}`]
    .filter((x): x is string => x !== undefined && x !== '')
    .map(esc)
    .join(' · ');
  const bar = `<div class="bar" role="toolbar"><button type="button" data-nav="prev" title="previous change (k)">◀ previous</button><button type="button" data-nav="next" title="next change (j)">next ▶</button><span class="pos">${plural(changes, 'change')}</span><button type="button" data-nav="fold" title="open or close every fold (e)">expand all</button><span class="keys"><kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>e</kbd> folds</span></div>`;
  const nav = files.length ? `<nav class="files" aria-label="changed files"><ol>${list.join('')}</ol></nav>` : '';
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nbgit">
<title>${esc(title)}</title>
<style>${CSS}</style></head>
<body class="${layout === 'unified' ? 'uni' : 'sbs'}">
${bar}
<main>
<h1>${esc(title)}</h1>
<p class="sub">${sub}</p>
${nav}
${bodies.join('\n')}
<footer>Made by nbgit. This page loads nothing and runs no notebook content.</footer>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
  return {
    html,
    bytes: utf8Length(html),
    files: files.length,
    changes,
    images: { embedded: images.embedded, bytes: images.embeddedBytes, omitted: images.omitted },
  };
}

/**
 * The HTML page alone: {@link renderReview}`(files, options).html`.
 */
export function reviewHtml(files: readonly ReviewFile[], options: ReviewOptions = {}): string {
  return renderReview(files, options).html;
}

function renderFile(f: ReviewFile, id: string, ctx: CellContext, diffOptions: DiffOptions | undefined): { html: string; changes: number; summary: string } {
  const name = f.oldPath !== undefined && f.oldPath !== f.path ? `${esc(f.path)} <span class="from">(from ${esc(f.oldPath)})</span>` : esc(f.path);
  const head = `<h2 class="fhead">${name}</h2>`;
  const notes = (f.notes ?? []).map((n) => `<div class="notes">${esc(n)}</div>`).join('');
  let body = '';
  let changes = 0;
  let summary: string;
  if (f.conflicted) {
    const r = conflictCells(f.conflicted, id, ctx);
    body = r.html;
    changes = r.changes;
    summary = r.changes ? `in conflict: ${plural(r.changes, 'conflicted place')}` : 'merged, no conflict left';
  } else if (f.text) {
    const t = textDiffHtml(f.text.a, f.text.b, ctx.view);
    body = t ? `<section class="cell chg stop" id="${id}-1"><header><span class="op">text</span> not shown as a notebook</header>${t}</section>` : '';
    changes = t ? 1 : 0;
    summary = t ? 'text changed' : 'no text change';
  } else if (f.a || f.b) {
    const b = f.b ?? { ...(f.a as Notebook), cells: [] };
    const a = f.a ?? { ...b, cells: [] };
    const diff = f.diff ?? diffNotebooks(a, b, diffOptions);
    const top = diff.notebook.length ? notebookChanges(diff.notebook) : '';
    const r = diffCells(a, b, diff, id, ctx);
    body = top + r.html;
    changes = r.changes;
    summary = !f.a ? `new notebook, ${plural(b.cells.length, 'cell')}` : !f.b ? `deleted notebook, ${plural(a.cells.length, 'cell')}` : summarize(diff);
  } else {
    summary = f.notes?.[0] ?? 'changed';
  }
  // every change is a stop for next/previous; so is each file's title
  body = body.replace(/class="cell chg /g, 'class="stop cell chg ');
  return {
    html: `<article class="file" id="${id}">${head.replace('class="fhead"', 'class="fhead stop"')}<p class="fsum">${esc(summary)}</p>${notes}${body}</article>`,
    changes,
    summary,
  };
}

function notebookChanges(changes: KeyChange[]): string {
  const items = changes.map((k) => {
    const p = `<code>${esc(k.path.join('.'))}</code>`;
    const v = (x: JsonValue) => esc(short(JSON.stringify(x)));
    if (k.op === 'added') return `<li class="new">+ ${p}: ${v(k.new)}</li>`;
    if (k.op === 'removed') return `<li class="old">− ${p}: ${v(k.old)}</li>`;
    return `<li>~ ${p}: <span class="old">${v(k.old)}</span> → <span class="new">${v(k.new)}</span></li>`;
  });
  return `<details class="raw nbmeta"><summary>notebook: ${plural(changes.length, 'change')} to metadata and format</summary><ul class="keys">${items.join('')}</ul></details>`;
}
