// Property tests: random notebooks of random languages, with sources built from the tokens that
// matter to the format (fences, region comments, blank lines, CRLF, magics, HTML blocks), round-trip.
import { type Cell, type JsonObject, joinSource, type Notebook } from '@nbgit/core';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { filterMetadata, IGNORED_CELL_METADATA } from '@nbgit/text';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lossless, sorted } from './helpers.js';

const TOKENS = [
  '```',
  '````',
  '```python',
  '```R',
  '```python .noeval',
  '```bash key="v"',
  '~~~',
  '<!-- #region -->',
  '<!-- #endregion -->',
  '<!-- #raw -->',
  '<!-- #endraw -->',
  ' <!-- #region -->',
  '<!-- #md -->',
  '<!-- comment -->',
  '<pre>',
  '</pre>',
  '<div>',
  '<!--',
  '-->',
  '%%R',
  '%%R -i df',
  '%%time',
  '%%html',
  '%matplotlib inline',
  '!ls',
  '# Title',
  '## x',
  '- item',
  '> quote',
  '---',
  '===',
  'jupyter:',
  'text',
  'x = 1',
  'a b',
  '    indented',
  '\tx',
  ' ',
  '',
  '\r',
  'é ☃ 😀',
  '"""',
  "'''",
  '[link](x)',
  '*',
  '`code`',
  '$x$',
  'key=value',
  '{"a": 1}',
];
const line = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }));
const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', '\n\n', '\n\n\n');
const source = fc.array(fc.tuple(line, eol), { maxLength: 7 }).chain((parts) =>
  fc.boolean().map((trailing) => {
    let s = parts.map(([l, e]) => l + e).join('');
    if (!trailing && s.endsWith('\n')) s = s.replace(/(\r?\n)+$/, '');
    return s;
  }),
);
const json: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -2.5, 1e21, '', 'a', 'a b', 'x="y"', '-->', 'é', '{', '='),
  fc.string({ maxLength: 5 }),
  fc.array(fc.constantFrom('a', 'b', 'active-py', 'parameters'), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b c', 'frozen'), fc.constantFrom(1, 'x', true), { maxKeys: 2 }),
);
const KEYS = [
  'tags',
  'title',
  'my key',
  'a:b',
  'region_name',
  'lines_to_next_cell',
  'collapsed',
  'ExecuteTime',
  'scrolled',
  'nbgit',
  'language',
  'magic_args',
  'active',
  'slideshow',
  'jupyter',
  'cell_marker',
  'run_control',
  '.noeval',
  'incorrectly_encoded_metadata',
];
const metadata = fc.dictionary(fc.constantFrom(...KEYS), json, { maxKeys: 3 }).map((m) => {
  const out = m as JsonObject;
  if ('lines_to_next_cell' in out) out.lines_to_next_cell = [0, 1, 2, 3][Math.abs(JSON.stringify(out.lines_to_next_cell).length) % 4]!;
  return out;
});
const cell: fc.Arbitrary<Cell> = fc
  .tuple(
    fc.constantFrom('code', 'markdown', 'raw'),
    source,
    fc.oneof(fc.constant({}), metadata),
    fc.option(fc.constantFrom({ 'a.png': { 'image/png': 'iVBOR' } }), { nil: undefined }),
    fc.boolean(),
  )
  .map(([type, src, md, att, asList]) => {
    const s = asList ? src.split(/(?<=\n)/) : src;
    if (type === 'code') return { cell_type: 'code', execution_count: null, metadata: md, outputs: [], source: s } as Cell;
    const c = { cell_type: type, metadata: md, source: s } as Cell;
    if (att) (c as { attachments?: unknown }).attachments = att;
    return c;
  });
const kernel = fc.constantFrom(
  {},
  { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
  { kernelspec: { display_name: 'R', language: 'R', name: 'ir' }, language_info: { name: 'R' } },
  { kernelspec: { display_name: 'Julia', language: 'julia', name: 'julia-1.9' } },
  { kernelspec: { display_name: 'Mojo', language: 'mojo', name: 'mojo' } },
  { kernelspec: { display_name: 'W', language: 'Wolfram Language', name: 'wl' } },
  { jupytext: { main_language: 'bash' }, author: 'me', widgets: { state: {} } },
  { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, jupytext: { split_at_heading: true } },
  { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, jupytext: { cell_metadata_json: true, hide_notebook_metadata: true } },
);
const notebook: fc.Arbitrary<Notebook> = fc
  .tuple(fc.array(cell, { maxLength: 6 }), kernel, fc.constantFrom(4, 5), fc.array(fc.constantFrom('cell-1', 'abc', 'x-y_z'), { maxLength: 6 }))
  .map(([cells, meta, minor, ids]) => {
    cells = structuredClone(cells);
    if (minor === 5) {
      for (const [i, c] of cells.entries()) c.id = `${ids[i] ?? 'id'}${i}`;
    }
    return { cells, metadata: structuredClone(meta) as JsonObject, nbformat: 4, nbformat_minor: minor };
  });

function userData(nb: Notebook): string {
  const ignore = IGNORED_CELL_METADATA.map((k) => `-${k}`).join(',');
  return JSON.stringify(
    nb.cells.map((c) =>
      sorted({
        type: c.cell_type,
        source: joinSource(c.source),
        metadata: filterMetadata(c.metadata, undefined, ignore, { keepInvalidKeys: true }),
        attachments: (c as { attachments?: unknown }).attachments,
      }),
    ),
  );
}

const runs = Number(process.env.NBGIT_FC_RUNS ?? 300);

test('lossless: ipynb -> md -> ipynb keeps everything, and the md is stable', () => {
  fc.assert(
    fc.property(notebook, (nb) => {
      const text = toMarkdown(nb, { lossless: true });
      const back = fromMarkdown(text);
      assert.is(lossless(back), lossless(nb), text);
      assert.is(toMarkdown(back, { lossless: true }), text);
    }),
    { numRuns: runs },
  );
});

test('default: ipynb -> md -> ipynb keeps cells, sources, attachments and user metadata; md -> ipynb -> md is stable', () => {
  fc.assert(
    fc.property(notebook, (nb) => {
      const text = toMarkdown(nb);
      const back = fromMarkdown(text);
      assert.is(userData(back), userData(nb), text);
      assert.is(toMarkdown(back), text);
    }),
    { numRuns: runs },
  );
});

test('ids: the same text gives the same ids; unchanged cells keep theirs when a cell is added', () => {
  fc.assert(
    fc.property(notebook, cell, fc.nat(), (nb, extra, at) => {
      const text = toMarkdown(nb);
      const a = fromMarkdown(text);
      assert.equal(
        a.cells.map((c) => c.id),
        fromMarkdown(text).cells.map((c) => c.id),
      );
      const cells = [...nb.cells];
      cells.splice(at % (cells.length + 1), 0, extra);
      const b = fromMarkdown(toMarkdown({ ...nb, cells }));
      const idsB = new Map(b.cells.map((c) => [`${c.cell_type}\0${joinSource(c.source)}`, c.id]));
      const seen = new Set<string>();
      for (const c of a.cells) {
        const key = `${c.cell_type}\0${joinSource(c.source)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (
          a.cells.filter((x) => `${x.cell_type}\0${joinSource(x.source)}` === key).length === 1 &&
          b.cells.filter((x) => `${x.cell_type}\0${joinSource(x.source)}` === key).length === 1
        ) {
          assert.is(idsB.get(key), c.id);
        }
      }
    }),
    { numRuns: Math.min(runs, 200) },
  );
});

test.run();
