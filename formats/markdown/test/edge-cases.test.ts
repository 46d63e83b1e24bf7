// The shared edge cases (../shared/fixtures/edge-cases), one named test each. Where jupytext
// loses nothing its bytes are the target; where it loses something (cases.json), nbgit keeps it:
// sources, line endings, attachments and keys jupytext cannot write in every mode, filtered
// metadata in the lossless mode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinSource, type Notebook } from '@nbgit/core';
import { fromIpynb } from '@nbgit/ipynb';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { filterMetadata, IGNORED_CELL_METADATA } from '@nbgit/text';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jupytextDifference, lossless, sorted } from './helpers.js';

interface Case {
  file: string;
  case: string;
  jupytext_md_loses: string[];
}

/** Cells with what every mode keeps: type, source, attachments, metadata minus jupytext's deliberate filter. */
function userData(nb: Notebook): string {
  const ignore = IGNORED_CELL_METADATA.map((k) => `-${k}`).join(',');
  return JSON.stringify(
    nb.cells.map((c) => {
      const md = filterMetadata(c.metadata, undefined, ignore, { keepInvalidKeys: true });
      return sorted({ type: c.cell_type, source: joinSource(c.source), metadata: md, attachments: (c as { attachments?: unknown }).attachments });
    }),
  );
}

const dir = sharedPath('fixtures', 'edge-cases');
if (dir) {
  const cases = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;
  test('edge cases: 53 listed', () => assert.is(cases.length, 53));
  for (const c of cases) {
    const base = c.file.replace(/\.ipynb$/, '');
    test(`edge case ${base}: ${c.case}`, () => {
      const nb = fromIpynb(readFileSync(join(dir, c.file), 'utf8'));
      const jupytextMd = readFileSync(join(dir, `${base}.md`), 'utf8');
      const md = toMarkdown(nb);
      if (c.jupytext_md_loses.length === 0) {
        assert.fixture(md, jupytextMd);
        assert.is(jupytextDifference(fromMarkdown(jupytextMd), nb), undefined, 'reads jupytext output as jupytext does');
      }
      // default mode: what the user wrote survives
      const back = fromMarkdown(md);
      assert.is(userData(back), userData(nb), 'default mode keeps sources, attachments and unfilterable keys');
      assert.fixture(toMarkdown(back), md);
      // lossless mode: everything
      const ll = toMarkdown(nb, { lossless: true });
      const backLl = fromMarkdown(ll);
      assert.is(lossless(backLl), lossless(nb), 'lossless mode keeps everything');
      assert.fixture(toMarkdown(backLl, { lossless: true }), ll);
    });
  }
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
