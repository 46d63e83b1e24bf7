// Property tests: random notebooks of random languages go through the lossless percent format
// and come back equal (all but outputs); text written by nbgit reads and writes back byte for byte.
import type { Cell, JsonObject, Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { SCRIPT_LANGUAGES, scriptExtension, scriptLanguage } from '@nbgit/text';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inputsOf, sorted, withoutSpelling } from './helpers.js';

const PIECES = [
  'x = 1',
  'print("hé")',
  '# comment',
  '# %%',
  '#%% t',
  '# %% [markdown]',
  '%%',
  '%% x',
  '%time',
  '%%time',
  '!ls',
  'x = !ls',
  'x?',
  'ls',
  'cd ..',
  '# %time',
  '# # + x',
  '"""',
  "'''",
  'def f():',
  '    return 1',
  'class A:',
  '@dec',
  '\t',
  '  ',
  '',
  'é😀',
  '[markdown]',
  'In[1]:',
  '<codecell>',
  '---',
  'jupyter:',
  'key="v"',
  '\\',
  '%%R -i df',
  '%%bash',
  '```',
  '<!-- #region -->',
  '(* x *)',
  '/* y */',
  '// z',
  ';; s',
  '-- q',
];
const line = fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 }));
const source = fc
  .array(line, { maxLength: 6 })
  .chain((ls) =>
    fc
      .tuple(fc.constant(ls), fc.constantFrom('\n', '\n', '\n', '\r\n'), fc.constantFrom('', '', '\n', '\n\n', '   '))
      .map(([l, eol, end]) => l.join(eol) + end),
  );
const metaValue = fc.oneof(
  fc.constant(true),
  fc.integer({ min: -5, max: 100 }),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
);
const metadata = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'tags',
      'title',
      'collapsed',
      'scrolled',
      'ExecuteTime',
      'my key',
      'a:b',
      'slideshow',
      'nbgit',
      'lines_to_next_cell',
      'language',
      'cell_type',
      'active',
    ),
    fc.string({ minLength: 1, maxLength: 5 }),
  ),
  metaValue,
  { maxKeys: 3 },
);
const cell = fc.record({
  cell_type: fc.constantFrom('code', 'code', 'markdown', 'raw'),
  source,
  metadata,
  id: fc.option(fc.stringMatching(/^[a-zA-Z0-9_-]{1,12}$/), { nil: undefined }),
  attach: fc.boolean(),
});
const language = fc.constantFrom(...SCRIPT_LANGUAGES);
const notebook = fc.record({
  cells: fc.array(cell, { maxLength: 6 }),
  lang: language,
  minor: fc.constantFrom(4, 5),
  author: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
});

function build(n: unknown): Notebook {
  const spec = n as unknown as {
    cells: { cell_type: string; source: string; metadata: JsonObject; id?: string; attach: boolean }[];
    lang: (typeof SCRIPT_LANGUAGES)[number];
    minor: number;
    author?: string;
  };
  const metadata: JsonObject = {
    kernelspec: { display_name: spec.lang.language, language: spec.lang.language, name: 'k' },
    language_info: { name: spec.lang.language, file_extension: spec.lang.extension },
  };
  if (spec.author !== undefined) metadata.author = spec.author;
  const cells = spec.cells.map((c, i) => {
    const out: Record<string, unknown> = { cell_type: c.cell_type, metadata: c.metadata, source: c.source };
    if (c.cell_type === 'code') {
      out.outputs = [];
      out.execution_count = null;
    } else if (c.attach) out.attachments = { 'a.png': { 'image/png': 'iVBORw0KGgo=' } };
    if (spec.minor >= 5) out.id = c.id ?? `cell-${i}`;
    return out as unknown as Cell;
  });
  const seen = new Set<string>();
  for (const c of cells) {
    if (c.id === undefined) continue;
    while (seen.has(c.id)) c.id += 'x';
    seen.add(c.id);
  }
  return { cells, metadata, nbformat: 4, nbformat_minor: spec.minor };
}

test('random notebooks of random languages round-trip losslessly', () => {
  fc.assert(
    fc.property(notebook, (spec) => {
      const nb = build(spec);
      const text = toPercent(nb, { lossless: true });
      const back = fromPercent(text, { extension: scriptExtension(nb.metadata) });
      // the notebook's metadata keys are in any order here: the text records the order it wrote them in
      assert.equal(sorted(inputsOf(withoutSpelling(back), { ids: true })), sorted(inputsOf(nb, { ids: true })), text);
      assert.fixture(toPercent(back, { lossless: true }), text);
      // also through .ipynb, which sorts the keys
      assert.fixture(toPercent(fromIpynb(toIpynb(back)), { lossless: true }), text);
    }),
    { numRuns: 300 },
  );
});

test('default mode keeps every cell type and source in any language', () => {
  fc.assert(
    fc.property(notebook, (spec) => {
      const nb = build(spec);
      const ext = scriptExtension(nb.metadata);
      const text = toPercent(nb);
      const back = fromPercent(text, { extension: ext });
      assert.equal(
        back.cells.map((c) => [c.cell_type, c.source]),
        nb.cells.map((c) => [c.cell_type, c.source]),
        text,
      );
      assert.fixture(toPercent(back), text);
    }),
    { numRuns: 300 },
  );
});

/** A change to how a script is spelled, as editors and other tools write percent scripts. */
const spellingEdit = fc.record({
  kind: fc.constantFrom(
    'crlf',
    'no-final-newline',
    'bom',
    'tight-marker',
    'spaced-marker',
    'nbconvert-marker',
    'trailing-space',
    'uncomment',
    'blank-line',
    'drop-blank',
    'drop-first-marker',
  ),
  at: fc.nat(),
});

function respell(text: string, comment: string, edits: { kind: string; at: number }[]): string {
  let lines = text.split('\n');
  lines.pop();
  let tail = '\n';
  let eol = '\n';
  let bom = '';
  const marker = `${comment} %%`;
  for (const { kind, at } of edits) {
    const i = lines.length ? at % lines.length : 0;
    const l = lines[i] ?? '';
    if (kind === 'crlf') eol = '\r\n';
    else if (kind === 'no-final-newline') tail = '';
    else if (kind === 'bom') bom = '\uFEFF';
    else if (kind === 'tight-marker') lines = lines.map((x) => (x.startsWith(marker) ? comment + x.slice(comment.length + 1) : x));
    else if (kind === 'spaced-marker' && l.startsWith(marker)) lines[i] = `${comment}  ${l.slice(comment.length + 1)}`;
    else if (kind === 'nbconvert-marker' && l === marker) lines[i] = `${comment} In[${i}]:`;
    else if (kind === 'trailing-space' && l.startsWith(marker)) lines[i] = `${l}  `;
    else if (kind === 'uncomment' && l.startsWith(`${comment} `) && !l.startsWith(marker)) lines[i] = l.slice(comment.length + 1);
    else if (kind === 'blank-line') lines.splice(i, 0, '');
    else if (kind === 'drop-blank' && l === '') lines.splice(i, 1);
    else if (kind === 'drop-first-marker') {
      const k = lines.findIndex((x) => x.startsWith(marker));
      if (k >= 0 && lines.slice(0, k).every((x) => x === '')) lines.splice(k, 1);
    }
  }
  if (lines.length === 0) return '';
  return bom + lines.join(eol) + (tail ? eol : '');
}

test('scripts spelled as other tools spell them come back byte for byte, also through .ipynb', () => {
  fc.assert(
    fc.property(notebook, fc.array(spellingEdit, { minLength: 1, maxLength: 4 }), (spec, edits) => {
      const nb = build(spec);
      const ext = scriptExtension(nb.metadata) ?? '.py';
      const text = respell(toPercent(nb), scriptLanguage(ext)!.comment, edits);
      let read: Notebook;
      try {
        read = fromPercent(text, { extension: ext });
      } catch {
        return; // an edit that broke the header or a marker's metadata
      }
      assert.fixture(toPercent(read, { extension: ext }), text);
      assert.fixture(toPercent(fromIpynb(toIpynb(read)), { extension: ext }), text);
    }),
    { numRuns: 300 },
  );
});

test.run();
