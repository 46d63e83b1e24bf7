// Notebooks built for the review tests: hostile content in every place a notebook can carry
// it, and small notebooks with moves and images. Real notebooks come from ../shared.
import type { Cell, Notebook, Output } from '@nbgit/core';
import { code as codeCell, md as markdownCell, nb, PYTHON_KERNEL } from '@nbgit/testkit';
import { encode } from 'fast-png';

/** A 4.5 notebook of `cells` with a Python kernel. */
export function notebook(cells: Cell[], metadata: Record<string, unknown> = {}): Notebook {
  return nb(cells, 5, { ...PYTHON_KERNEL, ...metadata });
}

/** A markdown cell with an id (and attachments). */
export function md(id: string, source: string, attachments?: Record<string, Record<string, string>>): Cell {
  return markdownCell(source, { id, ...(attachments ? { attachments } : {}) });
}

/** A code cell with an id, outputs and execution count. */
export function code(id: string, source: string, outputs: Output[] = [], count: number | null = null): Cell {
  return codeCell(source, { id, outputs, execution_count: count });
}

export function display(data: Record<string, unknown>): Output {
  return { output_type: 'display_data', data, metadata: {} } as Output;
}

/** Base64 PNG of a `w`×`h` RGBA image whose pixel (x, y) is `pixel(x, y)`. */
export function png(w: number, h: number, pixel: (x: number, y: number) => [number, number, number, number]): string {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(pixel(x, y), (y * w + x) * 4);
  return Buffer.from(encode({ width: w, height: h, data, channels: 4, depth: 8 })).toString('base64');
}

/** What hostile content tries: run code (which would set `window.__pwned` or open a dialog) or load something. */
const RUN = "window.__pwned=1;alert('pwned')";
const SVG_SCRIPT = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="${RUN}"><script>${RUN}</script><image href="https://example.org/x.png"/><rect width="10" height="10" fill="red"/></svg>`;

/** Markdown that tries everything: script, event handlers, javascript: links, remote and relative loads. */
export const HOSTILE_MARKDOWN = [
  '# Hostile heading',
  '',
  `<script>${RUN}</script>`,
  '',
  `<img src="x" onerror="${RUN}">`,
  '',
  `[click me](javascript:${encodeURIComponent(RUN)})`,
  '',
  `<a href="javascript:${RUN}">html link</a> <a href="data:text/html,<script>${RUN}</script>">data link</a>`,
  '',
  '![remote](https://example.org/tracker.png) ![relative](images/local.png) ![proto](//example.org/p.png)',
  '',
  `<iframe src="https://example.org/"></iframe><object data="https://example.org/o"></object><embed src="https://example.org/e">`,
  '',
  `<div style="background:url(https://example.org/bg.png)" onclick="${RUN}" onmouseover="${RUN}">styled</div>`,
  '',
  `<svg onload="${RUN}"><circle r="3"/></svg><math><mtext><img src=x onerror="${RUN}"></mtext></math>`,
  '',
  '<link rel="stylesheet" href="https://example.org/s.css"><meta http-equiv="refresh" content="0;url=https://example.org/"><base href="https://example.org/">',
  '',
  '<form action="https://example.org/f"><input name="q"><button>go</button></form>',
  '',
  '<video src="https://example.org/v.mp4" poster="https://example.org/p.jpg"></video><audio src="https://example.org/a.mp3" autoplay></audio>',
  '',
  '<img srcset="https://example.org/1.png 1x" src="data:image/png;base64,iVBORw0KGgo=">',
  '',
  `<style>body{background:url(https://example.org/css.png)}</style><noscript><img src="https://example.org/ns.png"></noscript>`,
  '',
  '![attached](attachment:evil.svg) ![attached html](attachment:page.html)',
  '',
  'Math stays text: $\\href{javascript:alert(1)}{x}$',
].join('\n');

/** An HTML output that is only markup (rendered, sanitised). */
const HOSTILE_HTML_STATIC = `<div id="clobber" onmouseover="${RUN}"><img src="https://example.org/x.png" onerror="${RUN}"><a href="javascript:${RUN}">x</a><table><tr><td>cell</td></tr></table><iframe srcdoc="<script>${RUN}</script>"></iframe><style>@import url(https://example.org/i.css);</style></div>`;
/** An HTML output that needs scripts (shown as source). */
const HOSTILE_HTML_SCRIPT = `<div id="plot"></div><script src="https://example.org/plotly.js"></script><script>${RUN};document.title='pwned'</script>`;

/** Two notebooks whose difference carries hostile content in markdown, HTML outputs, attachments, metadata, ids and mime types. */
export function hostilePair(): { a: Notebook; b: Notebook } {
  const attachments = {
    'evil.svg': { 'image/svg+xml': SVG_SCRIPT },
    'page.html': { 'text/html': `<script>${RUN}</script>` },
  };
  const a = notebook([md('m1', '# Title\n\nplain'), code('c1', 'x = 1', [], 1), code('c2', 'show()', [], 2)]);
  const b = notebook(
    [
      md('m1', `# Title\n\n${HOSTILE_MARKDOWN}`, attachments),
      code(
        'c1',
        `x = "</script><script>${RUN}</script>"`,
        [
          display({ 'text/html': HOSTILE_HTML_STATIC, 'text/plain': 'div' }),
          display({ 'text/html': HOSTILE_HTML_SCRIPT, 'application/javascript': RUN }),
          display({ 'text/markdown': `<img src=x onerror="${RUN}"> [a](javascript:${RUN})` }),
          display({ 'image/svg+xml': SVG_SCRIPT }),
          display({ 'text/latex': `$\\href{javascript:${RUN}}{x}$</code><script>${RUN}</script>` }),
          display({ 'application/json': { html: `<script>${RUN}</script>` } }),
          display({ 'image/png': `"><script>${RUN}</script>` }),
          { output_type: 'stream', name: 'stdout', text: `\x1b[31m<script>${RUN}</script>\x1b[0m\n` } as Output,
          { output_type: 'error', ename: `<img src=x onerror="${RUN}">`, evalue: '', traceback: [`\x1b[0;31m<img src=x onerror="${RUN}">\x1b[0m`] } as Output,
        ],
        2,
      ),
      { ...code('c2', 'show()', [], 2), metadata: { tags: [`<script>${RUN}</script>`] } } as Cell,
      code(`id-"><script>${RUN}</script>`, 'y = 2'),
    ],
    { title: `<script>${RUN}</script>` },
  );
  return { a, b };
}

/** Markers a conflicted merge leaves (as @nbgit/merge writes them). */
export function conflictedNotebook(): Notebook {
  return notebook([
    md('m1', '# Results'),
    {
      ...code('c1', '<<<<<<< local\nfig, ax = plt.subplots(figsize=(12, 4))\n=======\nfig, ax = plt.subplots(figsize=(8, 6))\n>>>>>>> remote\nax.plot(x)'),
      metadata: { nbgit: { conflicts: [{ kind: 'source', path: 'cells[1].source', message: 'source changed differently on both sides' }] } },
    } as Cell,
    code('c2', 'print(1)'),
  ]);
}
