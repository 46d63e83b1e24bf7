/**
 * Untrusted HTML made safe to show: markdown cells (remark-parse with GFM and math, HTML inside
 * markdown parsed by rehype-raw) and `text/html` outputs (hast-util-from-html), both through
 * rehype-sanitize (GitHub's schema: no script, no event handler, no `javascript:` URL) and then
 * a pass of this module's own that lets nothing load: links keep only in-page targets (the
 * address is shown as a tooltip), images keep only `data:image/...` and the cell's own
 * `attachment:` images (as data URIs); any other image becomes a placeholder naming it.
 */
import type { JsonValue } from '@nbgit/core';
import type { Element, ElementContent, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { type ImageContext, imageContext, imageFromBundle, isSafeDataImage } from './images.js';

type Schema = NonNullable<Parameters<typeof rehypeSanitize>[0]>;

/** GitHub's schema, with math classes on `code`, data and attachment images left for {@link lockDown}, and style-like elements dropped whole. */
const SCHEMA: Schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
  },
  protocols: { ...defaultSchema.protocols, src: ['http', 'https', 'data', 'attachment'] },
  strip: ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'title'],
};

let markdownProcessor: ReturnType<typeof makeMarkdownProcessor> | undefined;
function makeMarkdownProcessor() {
  return unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw).use(rehypeSanitize, SCHEMA);
}
// markdown without a "<" holds no HTML: it skips rehype-raw's second parse (most cells; a third of the cost)
let plainProcessor: ReturnType<typeof makePlainProcessor> | undefined;
function makePlainProcessor() {
  return unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkRehype).use(rehypeSanitize, SCHEMA);
}
let htmlProcessor: ReturnType<typeof makeHtmlProcessor> | undefined;
function makeHtmlProcessor() {
  return unified().use(rehypeSanitize, SCHEMA);
}

/** What {@link lockDown} found and changed. */
export interface LockDownReport {
  /** Images that were not embedded (remote, relative or unknown addresses). */
  blocked: number;
}

/**
 * Renders a markdown cell's source to safe HTML.
 *
 * @param source - The markdown text.
 * @param attachments - The cell's `attachments` (for `attachment:name` images).
 * @param images - How images are embedded (size cap) and counted.
 * @param changedLines - Lines (1-based) that changed: the blocks holding them get class `chg`.
 */
export function markdownHtml(source: string, attachments?: JsonValue, images: ImageContext = imageContext(), changedLines?: ReadonlySet<number>): string {
  let tree: Root;
  if (source.includes('<')) {
    markdownProcessor ??= makeMarkdownProcessor();
    tree = markdownProcessor.runSync(markdownProcessor.parse(source)) as Root;
  } else {
    plainProcessor ??= makePlainProcessor();
    tree = plainProcessor.runSync(plainProcessor.parse(source)) as Root;
  }
  lockDown(tree, attachments, images);
  if (changedLines?.size) markChanged(tree, changedLines);
  return toHtml(tree);
}

/** Adds class `chg` to each top-level block whose source lines (1-based) hold a changed line. */
function markChanged(tree: Root, lines: ReadonlySet<number>): void {
  for (const node of tree.children) {
    if (node.type !== 'element' || !node.position) continue;
    for (let l = node.position.start.line; l <= node.position.end.line; l++) {
      if (!lines.has(l)) continue;
      const c = node.properties.className;
      node.properties.className = [...(Array.isArray(c) ? c.map(String) : typeof c === 'string' ? [c] : []), 'chg'];
      break;
    }
  }
}

/** True when an HTML output is made to run scripts (it holds a `<script>` element): then it is shown as source. */
export function needsScripts(html: string): boolean {
  if (!/<script/i.test(html)) return false;
  let found = false;
  visit(fromHtml(html, { fragment: true }), (n) => {
    if (n.type === 'element' && n.tagName === 'script') found = true;
  });
  return found;
}

/**
 * Renders an HTML output to safe HTML: parsed as a fragment, sanitised, locked down.
 *
 * @param html - The output's `text/html` text.
 * @param images - How images are embedded and counted.
 */
export function outputHtml(html: string, images: ImageContext = imageContext()): string {
  htmlProcessor ??= makeHtmlProcessor();
  const tree = htmlProcessor.runSync(fromHtml(html, { fragment: true })) as Root;
  lockDown(tree, undefined, images);
  return toHtml(tree);
}

/**
 * Makes a sanitised tree load nothing: see the module comment.
 *
 * @param attachments - The cell's attachments, for `attachment:` images.
 */
export function lockDown(tree: Root, attachments: JsonValue | undefined, images: ImageContext): LockDownReport {
  const report: LockDownReport = { blocked: 0 };
  visit(tree, (node, parent, index) => {
    if (node.type !== 'element') return;
    const p = node.properties;
    delete p.longDesc;
    delete p.srcSet;
    delete p.cite;
    if (node.tagName === 'a') {
      const href = typeof p.href === 'string' ? p.href : undefined;
      if (href !== undefined && !href.startsWith('#')) {
        delete p.href;
        p.title = href;
        p.className = ['ext'];
      }
    } else if (node.tagName === 'img' || node.tagName === 'source') {
      const src = typeof p.src === 'string' ? p.src : '';
      let replacement: ElementContent | undefined;
      if (src.startsWith('attachment:')) {
        const name = decodeName(src.slice('attachment:'.length));
        const bundle = attachments !== null && typeof attachments === 'object' && !Array.isArray(attachments) ? attachments[name] : undefined;
        const img = bundle === undefined ? undefined : imageFromBundle(bundle, images);
        if (img?.src) p.src = img.src;
        else replacement = placeholder(img?.note ?? `attachment ${name} not found`, src);
      } else if (isSafeDataImage(src)) {
        const note = images.admit(src.length);
        if (note) replacement = placeholder(note, 'data: image');
      } else replacement = placeholder('image not loaded (not embedded in the notebook)', src);
      if (replacement && parent && index !== undefined) {
        parent.children[index] = replacement;
        report.blocked++;
      }
    }
  });
  return report;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function placeholder(note: string, src: string): Element {
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['blocked'], title: src.slice(0, 300) },
    children: [{ type: 'text', value: `[${note}]` }],
  };
}

function visit(node: Nodes, fn: (node: Nodes, parent: Root | Element | undefined, index: number | undefined) => void): void {
  const walk = (n: Nodes, parent: Root | Element | undefined, index: number | undefined) => {
    fn(n, parent, index);
    // fn may have replaced n in its parent: walk what is there now
    const current = parent && index !== undefined ? parent.children[index] : n;
    if (current && (current.type === 'element' || current.type === 'root')) {
      const kids = current.children;
      for (let k = 0; k < kids.length; k++) walk(kids[k] as Nodes, current, k);
    }
  };
  walk(node, undefined, undefined);
}
