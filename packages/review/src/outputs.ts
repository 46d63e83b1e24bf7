/**
 * Outputs by type: stream and error text (ANSI colours kept), images, sanitised HTML,
 * markdown, LaTeX, JSON and any other type as its text. A changed output is shown as the
 * fitting comparison: a text diff, images side by side with their pixel difference, or the two
 * renderings next to each other.
 */
import { isJsonObject, type JsonValue, joinSource, type MultilineString, type Output } from '@nbgit/core';
import { stripAnsi } from './ansi.js';
import { esc, formatSize } from './html.js';
import { dataUri, IMAGE_MIMES, type ImageContext, imageFromBundle, pngDifference } from './images.js';
import { markdownHtml, needsScripts, outputHtml } from './sanitize.js';
import { type TextView, textDiffHtml, textHtml } from './text.js';

/** What the renderers share: layout and the image budget. */
export interface RenderContext {
  view: TextView;
  images: ImageContext;
}

type Bundle = Record<string, JsonValue>;

const JSON_MIME = /^application\/(.+\+)?json$/;

function str(v: JsonValue | undefined): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return joinSource(v as MultilineString);
  return JSON.stringify(v, null, 2) ?? '';
}

function field(o: Output, key: string): JsonValue | undefined {
  return (o as unknown as Record<string, JsonValue>)[key];
}

function bundleOf(o: Output): Bundle | undefined {
  const d = field(o, 'data');
  return isJsonObject(d) ? (d as Bundle) : undefined;
}

/** A short label: `stream stdout`, `error ValueError`, `display_data`, `execute_result [3]`. */
export function outputLabel(o: Output): string {
  const t = String(field(o, 'output_type'));
  if (t === 'stream') return `stream ${String(field(o, 'name'))}`;
  if (t === 'error') return `error ${String(field(o, 'ename'))}`;
  if (t === 'execute_result') {
    const n = field(o, 'execution_count');
    return typeof n === 'number' ? `execute_result [${n}]` : t;
  }
  return t;
}

/** Stream text or error traceback: the output's text, with its ANSI codes. */
function streamText(o: Output): string | undefined {
  const t = field(o, 'output_type');
  if (t === 'stream') return str(field(o, 'text'));
  if (t === 'error') {
    const tb = field(o, 'traceback');
    if (Array.isArray(tb) && tb.length > 0) return tb.map((l) => String(l)).join('\n');
    return `${String(field(o, 'ename'))}: ${String(field(o, 'evalue'))}`;
  }
  return undefined;
}

/** Which mime type of a bundle the page shows: safe HTML, an image, markdown, LaTeX, JSON, HTML as source, plain text, anything else. */
export function shownMime(b: Bundle): string | undefined {
  const keys = Object.keys(b);
  if ('text/html' in b && !needsScripts(str(b['text/html']))) return 'text/html';
  for (const m of IMAGE_MIMES) if (m in b) return m;
  if ('text/markdown' in b) return 'text/markdown';
  if ('text/latex' in b) return 'text/latex';
  const json = keys.find((k) => JSON_MIME.test(k) && !k.includes('widget'));
  if (json) return json;
  if ('text/plain' in b) return 'text/plain';
  if ('text/html' in b) return 'text/html';
  return keys[0];
}

/** An output rendered whole (an added or removed output, one side of a change). */
export function renderOutput(o: Output, ctx: RenderContext): string {
  const text = streamText(o);
  const cls = field(o, 'output_type') === 'error' ? 'out error' : field(o, 'name') === 'stderr' ? 'out stderr' : 'out';
  if (text !== undefined) return textHtml(text, cls, { ansi: true });
  const b = bundleOf(o);
  if (!b) return `<pre class="out">${esc(JSON.stringify(o, null, 2))}</pre>`;
  return renderMime(b, shownMime(b), ctx);
}

function renderMime(b: Bundle, mime: string | undefined, ctx: RenderContext): string {
  if (mime === undefined) return '<div class="note">(empty output)</div>';
  const v = b[mime];
  const others = Object.keys(b).filter((k) => k !== mime);
  const also = others.length ? `<div class="mimes">${esc(mime)}; also ${others.map(esc).join(', ')}</div>` : `<div class="mimes">${esc(mime)}</div>`;
  if ((IMAGE_MIMES as readonly string[]).includes(mime)) {
    const img = imageFromBundle({ [mime]: v as JsonValue }, ctx.images);
    const alt = 'text/plain' in b ? stripAnsi(str(b['text/plain'])) : mime;
    return img?.src ? `<img class="plot" alt="${esc(alt)}" src="${img.src}">${also}` : `<div class="note">${esc(img?.note ?? 'no image')}</div>${also}`;
  }
  const t = str(v);
  if (mime === 'text/html') {
    if (needsScripts(t)) {
      return `<div class="note">This HTML output runs scripts; it is shown as its source, not run.</div>${textHtml(t, 'out src')}${also}`;
    }
    return `<div class="html-out">${outputHtml(t, ctx.images)}</div><details class="raw"><summary>HTML source</summary>${textHtml(t, 'out src')}</details>${also}`;
  }
  if (mime === 'text/markdown') return `<div class="md">${markdownHtml(t, undefined, ctx.images)}</div>${also}`;
  if (mime === 'text/latex') return `<div class="latex"><code class="language-math math-display">${esc(t)}</code></div>${also}`;
  if (mime === 'text/plain') return textHtml(t, 'out', { ansi: true }) + (others.length ? also : '');
  return `${textHtml(JSON_MIME.test(mime) && typeof v !== 'string' ? JSON.stringify(v, null, 2) : t, 'out')}${also}`;
}

/** Two renderings next to each other (or one above the other in the unified layout). */
export function pair(oldHtml: string | undefined, newHtml: string | undefined, cls = ''): string {
  const side = (h: string | undefined, which: 'old' | 'new') =>
    h === undefined
      ? `<div class="side ${which} none"></div>`
      : `<div class="side ${which}"><div class="tag">${which === 'old' ? 'before' : 'after'}</div>${h}</div>`;
  return `<div class="pair${cls ? ` ${cls}` : ''}">${side(oldHtml, 'old')}${side(newHtml, 'new')}</div>`;
}

/** A changed output: the comparison that fits its type. */
export function renderOutputChange(a: Output, b: Output, ctx: RenderContext): string {
  const ta = streamText(a);
  const tb = streamText(b);
  const parts: string[] = [];
  if (ta !== undefined && tb !== undefined) {
    parts.push(textDiffHtml(ta, tb, ctx.view, { ansi: true }));
  } else {
    const ba = bundleOf(a);
    const bb = bundleOf(b);
    if (ba && bb) parts.push(bundleChange(ba, bb, ctx));
    else parts.push(pair(renderOutput(a, ctx), renderOutput(b, ctx)));
  }
  const meta = otherKeyChanges(a, b);
  if (meta) parts.push(meta);
  return parts.join('');
}

function bundleChange(ba: Bundle, bb: Bundle, ctx: RenderContext): string {
  const ma = shownMime(ba);
  const mb = shownMime(bb);
  const images = IMAGE_MIMES as readonly string[];
  if (ma && mb && images.includes(ma) && images.includes(mb)) {
    if (str(ba[ma]) === str(bb[mb])) return `<div class="note">image unchanged (${esc(changedMimes(ba, bb))} changed)</div>${textualChanges(ba, bb, ctx)}`;
    return imageCompare(ma, ba[ma] as JsonValue, mb, bb[mb] as JsonValue, ctx) + textualChanges(ba, bb, ctx, true);
  }
  if (ma && ma === mb && ma !== 'text/html' && ma !== 'text/markdown') {
    const body = textDiffHtml(mimeText(ba, ma), mimeText(bb, mb), ctx.view, { ansi: ma === 'text/plain' });
    // the shown text unchanged (an execution count changed): the compact list below says it
    return `${body ? `<div class="mimes">${esc(ma)}</div>${body}` : ''}${textualChanges(ba, bb, ctx, false, ma)}`;
  }
  const rendered = pair(renderMime(ba, ma, ctx), renderMime(bb, mb, ctx));
  if (ma === 'text/html' && mb === 'text/html') {
    return `${rendered}<details class="raw"><summary>HTML source diff</summary>${textDiffHtml(str(ba[ma]), str(bb[mb]), ctx.view)}</details>`;
  }
  return rendered;
}

function mimeText(b: Bundle, mime: string): string {
  const v = b[mime];
  return JSON_MIME.test(mime) && typeof v !== 'string' && !Array.isArray(v) ? JSON.stringify(v, null, 2) : str(v);
}

function changedMimes(ba: Bundle, bb: Bundle): string {
  const keys = new Set([...Object.keys(ba), ...Object.keys(bb)]);
  return [...keys].filter((k) => str(ba[k]) !== str(bb[k])).join(', ') || 'nothing';
}

/** The text types other than the shown one that changed (text/plain next to an image), as small diffs. */
function textualChanges(ba: Bundle, bb: Bundle, ctx: RenderContext, collapsed = true, skip?: string): string {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(ba), ...Object.keys(bb)])) {
    if (k === skip || (IMAGE_MIMES as readonly string[]).includes(k)) continue;
    if (!(k === 'text/plain' || k === 'text/latex' || k === 'text/markdown' || JSON_MIME.test(k))) continue;
    const x = k in ba ? mimeText(ba, k) : '';
    const y = k in bb ? mimeText(bb, k) : '';
    if (x === y) continue;
    const body = textDiffHtml(x, y, ctx.view, { ansi: k === 'text/plain' });
    out.push(collapsed ? `<details class="raw"><summary>${esc(k)} changed</summary>${body}</details>` : `<div class="mimes">${esc(k)}</div>${body}`);
  }
  return out.join('');
}

/** Before and after images, with the pixel difference for two PNGs of one size, and an overlay switch. */
function imageCompare(ma: string, va: JsonValue, mb: string, vb: JsonValue, ctx: RenderContext): string {
  const ia = imageFromBundle({ [ma]: va }, ctx.images);
  const ib = imageFromBundle({ [mb]: vb }, ctx.images);
  const fig = (img: typeof ia, cls: string, caption: string) =>
    img?.src
      ? `<figure class="${cls}"><figcaption>${caption}</figcaption><img src="${img.src}" alt="${cls} image"></figure>`
      : `<figure class="${cls}"><figcaption>${caption}</figcaption><div class="note">${esc(img?.note ?? 'no image')}</div></figure>`;
  const size = (v: JsonValue, mime: string) => formatSize(Math.round(((dataUri(mime, v)?.length ?? 0) * 3) / 4));
  const figures = [fig(ia, 'before', `before · ${esc(ma)} · ${size(va, ma)}`), fig(ib, 'after', `after · ${esc(mb)} · ${size(vb, mb)}`)];
  let diff = '';
  if (ctx.images.pixelDiff && ma === 'image/png' && mb === 'image/png' && ia?.src && ib?.src) {
    const d = pngDifference(va, vb);
    if (d) {
      const note = ctx.images.admit(d.src.length);
      const pct = ((100 * d.different) / Math.max(1, d.width * d.height)).toFixed(2);
      const caption = `difference · ${d.different} of ${d.width}×${d.height} pixels (${pct}%)`;
      diff = note
        ? `<figure class="pixdiff"><figcaption>${caption}</figcaption><div class="note">${esc(note)}</div></figure>`
        : `<figure class="pixdiff"><figcaption>${caption}</figcaption><img src="${d.src}" alt="pixel difference"></figure>`;
    }
  }
  const overlay = ia?.src && ib?.src ? '<label class="ovl"><input type="checkbox" class="ov"> overlay (after over before, difference blend)</label>' : '';
  return `<div class="imgcmp"><div class="pics">${figures.join('')}</div>${diff}${overlay}</div>`;
}

/** Compact list of an output's other changed keys (execution_count, metadata, name). */
function otherKeyChanges(a: Output, b: Output): string {
  const ra = a as unknown as Record<string, JsonValue>;
  const rb = b as unknown as Record<string, JsonValue>;
  const items: string[] = [];
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (k === 'data' || k === 'text' || k === 'traceback' || k === 'output_type' || k === 'ename' || k === 'evalue') continue;
    const x = ra[k] === undefined ? undefined : JSON.stringify(ra[k]);
    const y = rb[k] === undefined ? undefined : JSON.stringify(rb[k]);
    if (x === y) continue;
    items.push(`<li><code>${esc(k)}</code>: <span class="old">${esc(short(x))}</span> → <span class="new">${esc(short(y))}</span></li>`);
  }
  return items.length ? `<ul class="keys">${items.join('')}</ul>` : '';
}

/** A JSON text cut to 120 characters; `(none)` when absent. */
export function short(s: string | undefined, max = 120): string {
  if (s === undefined) return '(none)';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
