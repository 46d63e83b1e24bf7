// Review pages opened in a real browser: Debian's Chromium, driven by playwright-core (no
// browser download). What a reader sees on pages of real notebooks, and that hostile
// notebooks change nothing: no request, no dialog, no console error, no global, no title
// change, even after the reader opens every fold and hovers and clicks everything.
// Pages and screenshots are written to test-output/review/ (gitignored).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Notebook } from '@nbgit/core';
import { fromIpynb } from '@nbgit/ipynb';
import { mergeNotebooks } from '@nbgit/merge';
import { type ReviewFile, type ReviewOptions, reviewHtml } from '@nbgit/review';
import { repoRoot, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { conflictedNotebook, hostilePair } from './notebooks.js';

const CHROMIUM = process.env.NBGIT_CHROMIUM ?? '/usr/bin/chromium';
const OUT = join(repoRoot, 'test-output', 'review');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What a page did that it must not: requests, dialogs, console errors and warnings, uncaught errors. */
interface Watch {
  requests: string[];
  dialogs: string[];
  console: string[];
  errors: string[];
}

let context: BrowserContext | undefined;
let userDir = '';

async function browser(): Promise<BrowserContext> {
  if (context) return context;
  userDir = mkdtempSync(join(tmpdir(), 'nbgit-chromium-'));
  context = await chromium.launchPersistentContext(userDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(120_000);
  return context;
}

/** Writes the page to test-output/review/NAME.html and opens it from file://, watching everything it does. */
async function open(name: string, files: ReviewFile[], options: ReviewOptions = {}): Promise<{ page: Page; watch: Watch; html: string }> {
  mkdirSync(OUT, { recursive: true });
  const html = reviewHtml(files, { title: name, ...options });
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await (await browser()).newPage();
  const watch: Watch = { requests: [], dialogs: [], console: [], errors: [] };
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    watch.requests.push(u);
    return route.abort();
  });
  page.on('request', (r) => {
    const u = r.url();
    if (u !== url && !u.startsWith('data:') && !watch.requests.includes(u)) watch.requests.push(u);
  });
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') watch.console.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, watch, html };
}

function quiet(watch: Watch, what: string): void {
  assert.equal(watch.requests, [], `${what}: requests`);
  assert.equal(watch.dialogs, [], `${what}: dialogs`);
  assert.equal(watch.console, [], `${what}: console`);
  assert.equal(watch.errors, [], `${what}: errors`);
}

const read = (path: string): Notebook => fromIpynb(readFileSync(path), { file: path });

if (!existsSync(CHROMIUM)) {
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set NBGIT_CHROMIUM)`;
  if (process.env.CI) {
    test('Chromium is installed (CI runs the browser tests)', () => {
      assert.unreachable(reason);
    });
  } else skipTest(test, 'browser tests of review pages', reason);
} else {
  test.after(async () => {
    await context?.close();
    if (userDir) rmSync(userDir, { recursive: true, force: true });
  });

  test('hostile notebooks change nothing in the page: no script, request, dialog, console error or global', async () => {
    const empty = await open('empty', []);
    const baseline = await empty.page.evaluate(() => Object.keys(window).sort());
    quiet(empty.watch, 'empty page');
    await empty.page.close();

    const { a, b } = hostilePair();
    const { page, watch } = await open('hostile', [{ path: 'evil<script>alert(1)</script>.ipynb', a, b }]);
    // the reader opens every fold, toggles every switch, hovers and clicks every element of the content
    await page.keyboard.press('e');
    for (const box of await page.locator('input[type=checkbox]:not([disabled])').all()) await box.click();
    const targets = await page.locator('main .md *, main .html-out *, main img, main a').all();
    for (const t of targets) {
      if (!(await t.isVisible())) continue;
      await t.hover({ force: true });
      await t.click({ force: true, noWaitAfter: true });
    }
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      keys: Object.keys(window).sort(),
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      title: document.title,
      url: location.href,
    }));
    assert.is(state.pwned, undefined);
    assert.equal(state.keys, baseline);
    assert.is(state.title, 'hostile');
    assert.ok(state.url.split('#')[0]?.endsWith('/hostile.html'), state.url);
    quiet(watch, 'hostile page');
    // what the reader sees instead: the heading, scripts as text, placeholders for remote images
    assert.ok(await page.getByRole('heading', { name: 'Hostile heading' }).isVisible());
    assert.ok(await page.getByText('This HTML output runs scripts; it is shown as its source, not run.').isVisible());
    assert.ok((await page.locator('.blocked').count()) >= 3);
    await page.screenshot({ path: join(OUT, 'hostile.png'), fullPage: false });
    await page.close();
  });

  const real = sharedPath('fixtures', 'real', 'merges');
  const nbdime = sharedPath('fixtures', 'nbdime');
  if (real !== undefined && nbdime !== undefined) {
    test('a changed plot: both images shown, their pixel difference, and the overlay (real notebook, handson-ml2)', async () => {
      const dir = join(real, '020');
      const { page, watch } = await open('changed-plot', [
        { path: '01_the_machine_learning_landscape.ipynb', a: read(join(dir, 'base.ipynb')), b: read(join(dir, 'local.ipynb')) },
      ]);
      const cmp = page.locator('.imgcmp').first();
      await cmp.scrollIntoViewIfNeeded();
      const before = cmp.locator('figure.before img');
      const after = cmp.locator('figure.after img');
      const diff = cmp.locator('figure.pixdiff img');
      for (const img of [before, after, diff]) {
        assert.ok(await img.isVisible());
        const size = await img.evaluate((e) => [(e as HTMLImageElement).complete, (e as HTMLImageElement).naturalWidth, (e as HTMLImageElement).naturalHeight]);
        assert.ok(size[0] === true && Number(size[1]) > 100 && Number(size[2]) > 100, JSON.stringify(size));
      }
      assert.is.not(await before.getAttribute('src'), await after.getAttribute('src'));
      const b1 = await before.boundingBox();
      const b2 = await after.boundingBox();
      assert.ok(b1 && b2 && b2.x > b1.x + b1.width - 1, 'after is beside before');
      await cmp.screenshot({ path: join(OUT, 'changed-plot.png') });
      // the overlay puts the new image over the old one, in difference blend
      await cmp.locator('input.ov').check();
      const o1 = await before.boundingBox();
      const o2 = await after.boundingBox();
      assert.ok(o1 && o2 && Math.abs(o1.x - o2.x) < 1 && Math.abs(o1.y - o2.y) < 1, JSON.stringify([o1, o2]));
      assert.is(await after.evaluate((e) => getComputedStyle(e).mixBlendMode), 'difference');
      await cmp.screenshot({ path: join(OUT, 'changed-plot-overlay.png') });
      quiet(watch, 'changed plot');
      await page.close();
    });

    test('unchanged cells are folded with their count, and open on a click', async () => {
      const dir = join(real, '020');
      const { page, watch } = await open('folded', [{ path: 'landscape.ipynb', a: read(join(dir, 'base.ipynb')), b: read(join(dir, 'local.ipynb')) }]);
      const fold = page.locator('details.same').first();
      const summary = fold.locator(':scope > summary');
      assert.match((await summary.textContent()) ?? '', /^12 unchanged cells \(cells 0–11\)$/);
      const inner = fold.locator('.cell.plain').first();
      assert.is(await inner.isVisible(), false);
      assert.is(await fold.locator('.cell.plain').count(), 12);
      await summary.click();
      assert.is(await inner.isVisible(), true);
      quiet(watch, 'folded');
      await page.close();
    });

    test('markdown is rendered: headings and math (real notebook, Bayesian Methods for Hackers chapter 1)', async () => {
      const dir = join(real, '013');
      const { page, watch } = await open('markdown-math', [
        { path: 'Chapter1_Introduction.ipynb', a: read(join(dir, 'base.ipynb')), b: read(join(dir, 'local.ipynb')) },
      ]);
      const headings = page.locator('section.cell .side.new .md :is(h1, h2, h3, h4)');
      assert.ok((await headings.count()) >= 3, `${await headings.count()} headings`);
      assert.ok(await headings.first().isVisible());
      const math = page.locator('section.cell .side.new .md code.language-math');
      assert.ok((await math.count()) >= 20, `${await math.count()} math elements`);
      const first = math.first();
      await first.scrollIntoViewIfNeeded();
      assert.ok(await first.isVisible());
      const text = (await first.textContent()) ?? '';
      assert.ok(text.length > 0 && !text.includes('$'), text);
      assert.is(await first.evaluate((e) => getComputedStyle(e).fontStyle), 'italic');
      // the rendered prose shows no markdown syntax; the raw text is a click away
      const md = page.locator('section.cell .side.new .md').first();
      assert.not.match((await md.textContent()) ?? '', /^#+ /m);
      const raw = page.locator('section.cell > details.raw', { has: page.locator(':scope > summary', { hasText: 'source diff' }) }).first();
      const table = raw.locator(':scope > table.diff');
      assert.is(await table.isVisible(), false);
      await raw.locator(':scope > summary').click();
      assert.is(await table.isVisible(), true);
      // a viewport screenshot (an element screenshot of a tall cell waited for it to be stable)
      await first.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUT, 'markdown-math.png') });
      quiet(watch, 'markdown');
      await page.close();
    });

    test('a notebook in conflict shows both sides of each conflicted cell (nbdime fixtures merged by @nbgit/merge)', async () => {
      const r = (n: string) => read(join(nbdime, n));
      const merged = mergeNotebooks({ base: r('source-conflict--1.ipynb'), local: r('source-conflict--2.ipynb'), remote: r('source-conflict--3.ipynb') });
      assert.ok(merged.conflicts.length > 0);
      const { page, watch } = await open('conflict', [
        { path: 'source-conflict.ipynb', conflicted: merged.notebook },
        { path: 'figure.ipynb', conflicted: conflictedNotebook() },
      ]);
      const box = page.locator('.conflict').first();
      assert.ok(await box.isVisible());
      assert.equal(await box.locator('.clabels span').allTextContents(), ['local', 'remote']);
      assert.ok(await box.locator('td.c.d').first().isVisible());
      assert.ok(await box.locator('td.c.a').first().isVisible());
      const fig = page.locator('#f2 .conflict');
      assert.match((await fig.locator('td.c.d').first().textContent()) ?? '', /figsize=\(12, 4\)/);
      assert.match((await fig.locator('td.c.a').first().textContent()) ?? '', /figsize=\(8, 6\)/);
      const l = await fig.locator('td.c.d').first().boundingBox();
      const rr = await fig.locator('td.c.a').first().boundingBox();
      assert.ok(l && rr && rr.x > l.x + l.width - 1 && Math.abs(l.y - rr.y) < 1, 'both sides side by side');
      await page.locator('#f1').screenshot({ path: join(OUT, 'conflict.png') });
      quiet(watch, 'conflict');
      await page.close();
    });
  } else skipTest(test, 'browser tests on real notebooks', sharedMissing());

  test('keyboard: j/k go to the next and previous change, e opens every fold', async () => {
    const { a, b } = hostilePair();
    const c = conflictedNotebook();
    const { page, watch } = await open('keys', [
      { path: 'one.ipynb', a, b },
      { path: 'two.ipynb', conflicted: c },
    ]);
    const stops = page.locator('.stop');
    const n = await stops.count();
    assert.ok(n >= 5, `${n} stops`);
    const current = () => page.evaluate(() => [...document.querySelectorAll('.stop')].findIndex((e) => e.classList.contains('cur')));
    await page.keyboard.press('j');
    assert.is(await current(), 0);
    await page.keyboard.press('j');
    assert.is(await current(), 1);
    await page.keyboard.press('j');
    assert.is(await current(), 2);
    const top = await stops.nth(2).evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 200, `${top}`);
    await page.keyboard.press('k');
    assert.is(await current(), 1);
    assert.match((await page.locator('.bar .pos').textContent()) ?? '', new RegExp(`^change 2 of ${n}$`));
    await page.locator('[data-nav=next]').click();
    assert.is(await current(), 2);
    assert.is((await page.locator('details:not([open])').count()) > 0, true);
    await page.keyboard.press('e');
    assert.is(await page.locator('details:not([open])').count(), 0);
    quiet(watch, 'keys');
    await page.close();
  });

  test('light and dark colour schemes, unified layout, print rules', async () => {
    const { a, b } = hostilePair();
    const { page, watch } = await open('schemes', [{ path: 'x.ipynb', a, b }]);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    assert.is(await bg(), 'rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.is(await bg(), 'rgb(13, 17, 23)');
    await page.screenshot({ path: join(OUT, 'dark.png') });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    assert.is(await page.locator('.bar').isVisible(), false);
    // printing opens every fold, and closes them again afterwards
    await page.emulateMedia({ media: 'screen' });
    const closed = await page.locator('details:not([open])').count();
    const during = await page.evaluate(() => {
      dispatchEvent(new Event('beforeprint'));
      const n = document.querySelectorAll('details:not([open])').length;
      dispatchEvent(new Event('afterprint'));
      return n;
    });
    assert.is(during, 0);
    assert.is(await page.locator('details:not([open])').count(), closed);
    quiet(watch, 'schemes');
    await page.close();

    const uni = await open('unified', [{ path: 'x.ipynb', a, b }], { layout: 'unified' });
    // one column: the new side of a changed markdown cell sits under the old one
    const pair = uni.page
      .locator('.pair', { has: uni.page.locator('.side.old:not(.none)') })
      .filter({ has: uni.page.locator('.side.new:not(.none)') })
      .first();
    const o = await pair.locator('.side.old').boundingBox();
    const nw = await pair.locator('.side.new').boundingBox();
    assert.ok(o && nw && nw.y >= o.y + o.height - 1 && Math.abs(o.x - nw.x) < 1, JSON.stringify([o, nw]));
    assert.is(await uni.page.locator('.side.none').first().isVisible(), false);
    const row = uni.page.locator('table.diff.uni tr.x').first();
    assert.is(await row.locator('td').count(), 3);
    quiet(uni.watch, 'unified');
    await uni.page.close();
  });
}

test.run();
