import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, Notebook } from '@nbgit/core';
import { fromIpynb } from '@nbgit/ipynb';
import { mergeNotebooks } from '@nbgit/merge';
import {
  ansiLines,
  markdownHtml,
  needsScripts,
  outputHtml,
  pngDifference,
  renderReview,
  reviewHtml,
  SCRIPT,
  SCRIPT_HASH,
  splitConflictMarkers,
} from '@nbgit/review';
import { listFiles, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { decode, encode } from 'fast-png';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditPage } from './audit.js';
import { code, conflictedNotebook, display, hostilePair, md, notebook, png } from './notebooks.js';

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

test('the Content-Security-Policy allows the page script by its hash', () => {
  const hash = `sha256-${createHash('sha256').update(SCRIPT).digest('base64')}`;
  assert.is(SCRIPT_HASH, hash, 'update SCRIPT_HASH in src/script.ts');
  const html = reviewHtml([]);
  assert.ok(html.includes(`script-src '${hash}'`));
  assert.ok(html.includes("default-src 'none'; img-src data:"));
  assert.ok(html.includes(`<script>${SCRIPT}</script>`));
});

test('hostile markdown, HTML outputs, attachments, metadata and ids: nothing in the page runs or loads', () => {
  const { a, b } = hostilePair();
  const page = renderReview([{ path: 'evil<script>.ipynb', a, b }]);
  assert.equal(auditPage(page.html), []);
  // what the reader still sees: the heading, the link texts, the HTML table, scripts as source
  assert.match(page.html, /<h1 class="chg">Hostile heading<\/h1>/);
  assert.match(page.html, /<a>html link<\/a>/);
  assert.match(page.html, /<td>cell<\/td>/);
  assert.match(page.html, /This HTML output runs scripts; it is shown as its source, not run\./);
  assert.match(page.html, /&lt;script src=&quot;https:\/\/example.org\/plotly.js&quot;&gt;/);
  assert.match(page.html, /\[image not loaded \(not embedded in the notebook\)\]/);
  // the SVG attachment is shown as an image (scripts never run inside <img>), the HTML one is not an image
  assert.match(page.html, /<img src="data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  assert.match(page.html, /\[attachment page.html not found\]|\[image\/|not found|text\/html/);
});

const nbdime = sharedPath('fixtures', 'nbdime');
if (nbdime !== undefined) {
  test('a page loads nothing for every nbdime fixture pair', () => {
    const files = listFiles(nbdime, (n) => n.endsWith('.ipynb'));
    const byStem = new Map<string, string[]>();
    for (const f of files) {
      const stem = f.replace(/--.*$|\.ipynb$/, '');
      byStem.set(stem, [...(byStem.get(stem) ?? []), f]);
    }
    let pages = 0;
    for (const group of byStem.values()) {
      for (let k = 1; k < group.length; k++) {
        const a = fromIpynb(readFileSync(group[0] as string));
        const b = fromIpynb(readFileSync(group[k] as string));
        const page = renderReview([{ path: group[k] as string, a, b }]);
        assert.equal(auditPage(page.html), [], group[k]);
        pages++;
      }
    }
    assert.ok(pages >= 20, `${pages} pages`);
  });
} else skipTest(test, 'a page loads nothing for every nbdime fixture pair', sharedMissing());

test('unchanged cells fold into one line with their count; changed ones are shown', () => {
  const a = notebook([md('m', '# One'), code('a', 'a = 1'), code('b', 'b = 2'), code('c', 'c = 3'), code('d', 'd = 4')]);
  const b = notebook([md('m', '# One'), code('a', 'a = 1'), code('b', 'b = 2'), code('c', 'c = 30'), code('d', 'd = 4')]);
  const html = reviewHtml([{ path: 'x.ipynb', a, b }]);
  assert.match(html, /<details class="same"><summary>3 unchanged cells \(cells 0–2\)<\/summary>/);
  assert.match(html, /<details class="same"><summary>1 unchanged cell \(cell 4\)<\/summary>/);
  assert.is(count(html, /class="stop cell chg modified"/g), 1);
  // the changed word is highlighted on both sides
  assert.match(html, /c = 3<\/td>|c = <span class="wd">3<\/span>/);
  assert.match(html, /c = <span class="wa">30<\/span>|c = 3<span class="wa">0<\/span>/);
  const counted = reviewHtml([{ path: 'x.ipynb', a, b }], { unchanged: 'count' });
  assert.match(counted, /<div class="same"><span>3 unchanged cells \(cells 0–2\)<\/span><\/div>/);
  assert.not.match(counted, /a = 1/);
});

test('moves are marked; added and removed cells are shown whole', () => {
  const a = notebook([code('a', 'alpha()'), code('b', 'beta()'), code('c', 'gamma()'), code('d', 'import delta\ndelta.run(1, 2, 3)')]);
  const b = notebook([code('c', 'gamma()'), code('a', 'alpha()'), code('b', 'beta()'), code('e', 'print("epsilon is something else")')]);
  const html = reviewHtml([{ path: 'm.ipynb', a, b }]);
  assert.match(html, /class="stop cell chg moved"[^>]*><header><span class="op">moved<\/span> cell 2 → 0/);
  assert.match(html, /class="stop cell chg removed"[\s\S]*delta\.run\(1, 2, 3\)/);
  assert.match(html, /class="stop cell chg added"[\s\S]*epsilon is something else/);
});

test('side by side and unified layouts', () => {
  const a = notebook([code('a', 'x = 1\ny = 2\n')]);
  const b = notebook([code('a', 'x = 1\ny = 3\n')]);
  const sbs = reviewHtml([{ path: 'x.ipynb', a, b }]);
  const uni = reviewHtml([{ path: 'x.ipynb', a, b }], { layout: 'unified' });
  assert.match(sbs, /<body class="sbs">/);
  assert.match(sbs, /<table class="diff sbs">/);
  assert.match(uni, /<body class="uni">/);
  assert.match(uni, /<table class="diff uni">/);
  // unified: the removed line comes before the added one, each in its own row
  assert.match(
    uni,
    /<td class="c d">y = <span class="wd">2<\/span><\/td><\/tr><tr class="x"><td class="n"><\/td><td class="n" data-n="2"><\/td><td class="c a">y = <span class="wa">3<\/span>/,
  );
});

test('long unchanged runs of a source are folded around the change', () => {
  const lines = Array.from({ length: 40 }, (_, k) => `line_${k} = ${k}\n`);
  const changed = lines.slice();
  changed[20] = 'line_20 = "changed"\n';
  const html = reviewHtml([{ path: 'x.ipynb', a: notebook([code('a', lines.join(''))]), b: notebook([code('a', changed.join(''))]) }], { context: 2 });
  assert.match(html, /⋯ 18 unchanged lines/);
  assert.match(html, /⋯ 17 unchanged lines/);
  assert.ok(html.includes('line_18 = 18') && html.includes('line_22 = 22'));
  assert.not.ok(html.includes('line_17 = 17'));
});

test('markdown: GFM and math rendered, raw HTML sanitised, remote links inert', () => {
  const html = markdownHtml(
    '# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~gone~~ $e^{i\\pi}+1=0$\n\n$$\n\\int_0^1 x\\,dx\n$$\n\n[docs](https://example.org) [here](#top)',
  );
  assert.match(html, /<h1>Title<\/h1>/);
  assert.match(html, /<table>/);
  assert.match(html, /<input type="checkbox" checked disabled>/);
  assert.match(html, /<del>gone<\/del>/);
  assert.match(html, /<code class="language-math math-inline">e\^\{i\\pi\}\+1=0<\/code>/);
  assert.match(html, /<code class="language-math math-display">\\int_0\^1 x\\,dx<\/code>/);
  assert.match(html, /<a title="https:\/\/example.org" class="ext">docs<\/a>/);
  assert.match(html, /<a href="#top">here<\/a>/);
});

test('a changed markdown cell: both versions rendered, the changed blocks tinted', () => {
  const a = notebook([md('m', '# Method\n\nWe fit a line.\n\nThen we plot it.')]);
  const b = notebook([md('m', '# Method\n\nWe fit a curve.\n\nThen we plot it.')]);
  const html = reviewHtml([{ path: 'm.ipynb', a, b }]);
  assert.match(
    html,
    /<div class="side old"><div class="tag">before<\/div><div class="md"><h1>Method<\/h1>\n<p class="chg">We fit a line.<\/p>\n<p>Then we plot it.<\/p><\/div><\/div>/,
  );
  assert.match(
    html,
    /<div class="side new"><div class="tag">after<\/div><div class="md"><h1>Method<\/h1>\n<p class="chg">We fit a curve.<\/p>\n<p>Then we plot it.<\/p><\/div><\/div>/,
  );
  assert.match(html, /<details class="raw"><summary>source diff<\/summary><table class="diff sbs">/);
});

test('attachments become data URIs; the image cap replaces large images with a note', () => {
  const pic = png(4, 4, () => [255, 0, 0, 255]);
  const cell = md('m', '![pic](attachment:pic.png)', { 'pic.png': { 'image/png': pic } });
  const a = notebook([md('m', 'old')]);
  const b = notebook([cell]);
  const full = renderReview([{ path: 'x.ipynb', a, b }]);
  assert.ok(full.html.includes(`<img src="data:image/png;base64,${pic}" alt="pic">`));
  assert.is(full.images.embedded, 1);
  const none = renderReview([{ path: 'x.ipynb', a, b }], { maxImageBytes: 0 });
  assert.not.ok(none.html.includes('data:image/png'));
  assert.match(none.html, /\[image omitted \(\d+ B\)\]/);
  assert.is(none.images.omitted, 1);
  assert.ok(none.bytes < full.bytes);
});

test('a changed PNG: before, after and the pixel difference', () => {
  const before = png(20, 10, (x) => (x < 10 ? [0, 0, 255, 255] : [255, 255, 255, 255]));
  const after = png(20, 10, (x, y) => (x < 10 && y >= 5 ? [255, 0, 0, 255] : x < 10 ? [0, 0, 255, 255] : [255, 255, 255, 255]));
  const d = pngDifference(before, after);
  assert.ok(d);
  assert.is(d?.different, 50);
  assert.is(d?.width, 20);
  const decoded = decode(Buffer.from(d?.src.replace(/^data:image\/png;base64,/, '') ?? '', 'base64'));
  assert.is(decoded.width, 20);
  // a differing pixel is red in the difference image
  const at = (x: number, y: number) => Array.from(decoded.data.slice((y * 20 + x) * 4, (y * 20 + x) * 4 + 3));
  assert.equal(at(2, 7), [255, 0, 0]);
  assert.not.equal(at(2, 2), [255, 0, 0]);
  const a = notebook([code('p', 'plot()', [display({ 'image/png': before, 'text/plain': '<Figure>' })], 1)]);
  const b = notebook([code('p', 'plot()', [display({ 'image/png': after, 'text/plain': '<Figure>' })], 1)]);
  const html = reviewHtml([{ path: 'plot.ipynb', a, b }]);
  assert.ok(html.includes(`<img src="data:image/png;base64,${before}" alt="before image">`));
  assert.ok(html.includes(`<img src="data:image/png;base64,${after}" alt="after image">`));
  assert.match(html, /difference · 50 of 20×10 pixels \(25\.00%\)/);
  assert.match(html, /class="ov"/);
  // different sizes: no pixel difference, the overlay remains
  assert.is(
    pngDifference(
      before,
      png(10, 10, () => [0, 0, 0, 255]),
    ),
    undefined,
  );
  assert.not.match(reviewHtml([{ path: 'p.ipynb', a, b }], { pixelDiff: false }), /difference ·/);
});

test('PNG decoding covers 16-bit grey and grey with alpha', () => {
  const grey = (v: number, channels: 1 | 2) => {
    const data = new Uint16Array(4 * 2 * channels).fill(v * 257);
    return Buffer.from(encode({ width: 4, height: 2, data, channels, depth: 16 })).toString('base64');
  };
  assert.is(pngDifference(grey(0, 1), grey(255, 1))?.different, 8);
  assert.is(pngDifference(grey(0, 1), grey(0, 1))?.different, 0);
  assert.is(pngDifference(grey(255, 2), grey(0, 2))?.different, 8);
});

test('stream and error outputs keep their ANSI colours in a line diff', () => {
  assert.equal(ansiLines(['\x1b[31mred\x1b[0m plain\n', '\x1b[1;32mbold green\n', 'still green\x1b[0m']), [
    '<span class="fg-red">red</span> plain',
    '<span class="fg-green a-bold">bold green</span>',
    '<span class="fg-green a-bold">still green</span>',
  ]);
  assert.equal(ansiLines(['\x1b[38;5;208mo\x1b[38;2;1;2;3mt']), ['<span style="color:rgb(255,135,0)">o</span><span style="color:rgb(1,2,3)">t</span>']);
  const err = (tb: string[]) => ({ output_type: 'error', ename: 'ValueError', evalue: 'x', traceback: tb });
  const a = notebook([code('c', 'f()', [err(['\x1b[0;31mValueError\x1b[0m: bad 1'])] as never, 1)]);
  const b = notebook([code('c', 'f()', [err(['\x1b[0;31mValueError\x1b[0m: bad 2'])] as never, 1)]);
  const html = reviewHtml([{ path: 'e.ipynb', a, b }]);
  assert.ok(html.includes('<td class="c d"><span class="fg-red">ValueError</span>: bad 1</td>'));
  assert.ok(html.includes('<td class="c a"><span class="fg-red">ValueError</span>: bad 2</td>'));
});

test('HTML outputs: static markup rendered and sanitised, script-driven ones shown as source', () => {
  assert.is(needsScripts('<div>a</div>'), false);
  assert.is(needsScripts('<div>a</div><SCRIPT>x()</SCRIPT>'), true);
  assert.is(needsScripts('<p>&lt;script&gt; is a tag</p>'), false);
  assert.is(
    outputHtml('<table class="dataframe"><tr><td onclick="x()">1</td></tr></table><style>td{color:red}</style>'),
    '<table><tbody><tr><td>1</td></tr></tbody></table>',
  );
  const a = notebook([code('c', 'df', [display({ 'text/html': '<b>1</b>' })], 1)]);
  const b = notebook([code('c', 'df', [display({ 'text/html': '<b>2</b><script>go()</script>' })], 2)]);
  const html = reviewHtml([{ path: 'h.ipynb', a, b }]);
  assert.match(html, /<div class="html-out"><b>1<\/b><\/div>/);
  assert.match(html, /&lt;b&gt;2&lt;\/b&gt;&lt;script&gt;go\(\)&lt;\/script&gt;/);
  assert.match(html, /<span class="ec">\[1\] → \[2\]<\/span>/);
});

test('metadata and execution count changes are listed compactly', () => {
  const a = notebook([{ ...code('c', 'x', [], 1), metadata: { tags: ['a'] } } as Cell]);
  const b = notebook([{ ...code('c', 'x', [], 4), metadata: { tags: ['a', 'b'], collapsed: true } } as Cell], { authors: ['me'] });
  const html = reviewHtml([{ path: 'm.ipynb', a, b }]);
  assert.match(
    html,
    /<li>~ <code>metadata.tags<\/code>: <span class="old">\[&quot;a&quot;\]<\/span> → <span class="new">\[&quot;a&quot;,&quot;b&quot;\]<\/span><\/li>/,
  );
  assert.match(html, /<li class="new">\+ <code>metadata.collapsed<\/code>: true<\/li>/);
  assert.match(html, /<span class="ec">\[1\] → \[4\]<\/span>/);
  assert.match(html, /notebook: 1 change to metadata and format/);
});

test('conflict markers split into both sides', () => {
  const s = splitConflictMarkers('a\n<<<<<<< local\nb1\n||||||| base\nb0\n=======\nb2\n>>>>>>> remote\nc');
  assert.equal(s, { local: 'a\nb1\nc', remote: 'a\nb2\nc', labels: { local: 'local', remote: 'remote' }, hunks: 1 });
  assert.is(splitConflictMarkers('no markers'), undefined);
  assert.is(splitConflictMarkers('<<<<<<< local\nunclosed'), undefined);
});

test('a conflicted notebook shows both sides of each conflict', () => {
  const page = renderReview([{ path: 'c.ipynb', conflicted: conflictedNotebook() }]);
  assert.match(page.html, /conflict: source changed differently on both sides/);
  assert.match(page.html, /<div class="clabels"><span>local<\/span><span>remote<\/span><\/div>/);
  assert.match(page.html, /figsize=\(<span class="wd">12<\/span>, <span class="wd">4<\/span>\)/);
  assert.match(page.html, /figsize=\(<span class="wa">8<\/span>, <span class="wa">6<\/span>\)/);
  assert.match(page.html, /2 cells without conflicts|1 cell without conflicts/);
  assert.is(page.changes, 1);
});

if (nbdime !== undefined) {
  test("a real merge's conflicts (nbdime's source-conflict fixtures, merged by @nbgit/merge)", () => {
    const read = (n: string) => fromIpynb(readFileSync(join(nbdime, n)));
    const { notebook: merged, conflicts } = mergeNotebooks({
      base: read('source-conflict--1.ipynb'),
      local: read('source-conflict--2.ipynb'),
      remote: read('source-conflict--3.ipynb'),
    });
    assert.ok(conflicts.length > 0);
    const page = renderReview([{ path: 'source-conflict.ipynb', conflicted: merged }]);
    assert.is(
      page.changes,
      conflicts
        .filter((c) => c.cell !== undefined)
        .map((c) => c.cell)
        .filter((x, k, all) => all.indexOf(x) === k).length,
    );
    assert.is(count(page.html, /<div class="conflict">/g), page.changes);
    assert.equal(auditPage(page.html), []);
  });
} else skipTest(test, "a real merge's conflicts", sharedMissing());

const merges = sharedPath('fixtures', 'real', 'merges');
if (merges !== undefined) {
  test('real notebooks: the first 40 merge fixtures (base against local) render and load nothing', () => {
    let pages = 0;
    for (const base of listFiles(merges, (n) => n === 'base.ipynb').slice(0, 40)) {
      let a: Notebook;
      let b: Notebook;
      try {
        a = fromIpynb(readFileSync(base));
        b = fromIpynb(readFileSync(base.replace(/base\.ipynb$/, 'local.ipynb')));
      } catch {
        continue; // committed conflict markers: not JSON
      }
      const page = renderReview([{ path: base, a, b }], { pixelDiff: false });
      assert.equal(auditPage(page.html), [], base);
      assert.ok(page.changes > 0, base);
      pages++;
    }
    assert.ok(pages >= 30, `${pages}`);
  });
} else skipTest(test, 'real notebooks', sharedMissing());

test.run();
