// Golden tests over jupytext's corpus: one test per fixture.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { listFiles, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, jupytextDifference, lossless } from './helpers.js';

const root = sharedPath('fixtures', 'jupytext');
if (root) {
  const inputs = new Map<string, string>();
  for (const d of readdirSync(join(root, 'inputs'))) {
    if (d.startsWith('ipynb_')) for (const f of listFiles(join(root, 'inputs', d), (n) => n.endsWith('.ipynb'))) inputs.set(basename(f, '.ipynb'), f);
  }
  const refs = listFiles(join(root, 'outputs', 'ipynb_to_md'), (n) => n.endsWith('.md'));
  test('corpus: 61 ipynb_to_md references', () => assert.is(refs.length, 61));
  for (const ref of refs) {
    const name = basename(ref, '.md');
    const expected = readFileSync(ref, 'utf8');
    const input = inputs.get(name);
    test(`ipynb_to_md/${name}.md: byte-identical to jupytext`, () => {
      assert.ok(input, 'input notebook found');
      const nb = fromIpynb(readFileSync(input!, 'utf8'));
      assert.fixture(toMarkdown(nb), expected);
    });
    test(`ipynb_to_md/${name}.md: md -> ipynb -> md is byte-identical`, () => {
      assert.fixture(toMarkdown(fromMarkdown(expected, { file: `${name}.md` })), expected);
    });
    test(`ipynb_to_md/${name}.md: reads back as the notebook (jupytext comparison)`, () => {
      const nb = fromIpynb(readFileSync(input!, 'utf8'));
      const back = fromMarkdown(expected);
      assert.is(jupytextDifference(back, nb), undefined);
      assert.is(cellsOf(fromMarkdown(toMarkdown(back))), cellsOf(back));
    });
    test(`ipynb_to_md/${name}.md: lossless ipynb -> md -> ipynb`, () => {
      const nb = fromIpynb(readFileSync(input!, 'utf8'));
      const text = toMarkdown(nb, { lossless: true });
      const back = fromMarkdown(text);
      assert.is(lossless(back), lossless(nb));
      assert.fixture(toMarkdown(back, { lossless: true }), text);
    });
  }
  test('ipynb_to_md: every reference with CRLF line ends reads as with LF', () => {
    for (const ref of refs) {
      const text = readFileSync(ref, 'utf8');
      assert.is(cellsOf(fromMarkdown(text.replaceAll('\n', '\r\n'))), cellsOf(fromMarkdown(text)), basename(ref));
    }
  });
  for (const input of listFiles(join(root, 'inputs', 'md'), (n) => n.endsWith('.md'))) {
    const name = basename(input, '.md');
    const text = readFileSync(input, 'utf8');
    test(`inputs/md/${name}.md: matches md_to_ipynb/${name}.ipynb`, () => {
      const expected = fromIpynb(readFileSync(join(root, 'outputs', 'md_to_ipynb', `${name}.ipynb`), 'utf8'));
      const got = fromMarkdown(text, { file: `${name}.md` });
      assert.is(jupytextDifference(got, expected), undefined);
      assert.is(cellsOf(got), cellsOf(expected));
      assert.equal(got.metadata, expected.metadata);
    });
    test(`inputs/md/${name}.md: md -> ipynb -> md is byte-identical (default and lossless)`, () => {
      const nb = fromMarkdown(text);
      assert.fixture(toMarkdown(nb), text);
      const ll = toMarkdown(nb, { lossless: true });
      assert.is(lossless(fromMarkdown(ll)), lossless(nb));
    });
  }
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
