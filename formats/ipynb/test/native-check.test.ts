// The one-pass walk of a notebook read natively answers as checkNotebook and the walk for numbers do.
import { checkNotebook, MAX_DEPTH } from '@nbgit/core';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UNSURE, walkNotebook } from '../src/native-check.js';
import { numbersIn, tally } from '../src/special-numbers.js';

const text = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', '\n', 'a\nb'));
const num = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(1.5, 2 ** 60, -0, Number.POSITIVE_INFINITY));
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    num,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const multiline = fc.oneof(text, fc.array(text, { maxLength: 3 }));
const bundle = fc.dictionary(fc.constantFrom('text/plain', 'image/png', 'application/json', 'application/x+json', 'text/html'), multiline, { maxKeys: 3 });
const output = fc.oneof(
  fc.record({ output_type: fc.constant('stream'), name: fc.constantFrom('stdout', 'stderr'), text: multiline }),
  fc.record(
    { output_type: fc.constant('display_data'), data: bundle, metadata: fc.dictionary(text, json, { maxKeys: 2 }) },
    { requiredKeys: ['output_type', 'data'] },
  ),
  fc.record({ output_type: fc.constant('execute_result'), data: bundle, metadata: fc.constant({}), execution_count: fc.oneof(fc.constant(null), fc.nat()) }),
  fc.record({ output_type: fc.constant('error'), ename: text, evalue: text, traceback: fc.array(text, { maxLength: 2 }) }),
);
const cell = fc.oneof(
  fc.record(
    {
      cell_type: fc.constantFrom('markdown', 'raw'),
      id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
      metadata: fc.dictionary(text, json, { maxKeys: 2 }),
      source: multiline,
      attachments: fc.dictionary(text, bundle, { maxKeys: 2 }),
    },
    { requiredKeys: ['cell_type', 'metadata', 'source'] },
  ),
  fc.record(
    {
      cell_type: fc.constant('code'),
      id: text,
      metadata: fc.dictionary(text, json, { maxKeys: 2 }),
      source: multiline,
      execution_count: fc.oneof(fc.constant(null), fc.nat()),
      outputs: fc.array(output, { maxLength: 3 }),
      extra: json,
    },
    { requiredKeys: ['cell_type', 'metadata', 'source', 'outputs'] },
  ),
);
const notebook = fc.record({
  cells: fc.array(cell, { maxLength: 4 }),
  metadata: fc.dictionary(text, json, { maxKeys: 3 }),
  nbformat: fc.constant(4),
  nbformat_minor: fc.constantFrom(4, 5),
});

/** Every path to an object member of the notebook's spine (cells, outputs, bundles, root keys). */
function spinePaths(nb: Record<string, unknown>): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [['nbformat'], ['nbformat_minor'], ['metadata'], ['cells'], ['worksheets']];
  (nb.cells as Array<Record<string, unknown>>).forEach((c, i) => {
    for (const k of ['cell_type', 'id', 'metadata', 'source', 'execution_count', 'outputs', 'attachments']) paths.push(['cells', i, k]);
    if (Array.isArray(c.source)) paths.push(['cells', i, 'source', 0]);
    if (Array.isArray(c.outputs))
      c.outputs.forEach((o: Record<string, unknown>, k: number) => {
        for (const key of ['output_type', 'name', 'text', 'data', 'metadata', 'execution_count', 'ename', 'evalue', 'traceback'])
          paths.push(['cells', i, 'outputs', k, key]);
        if (typeof o.data === 'object' && o.data !== null) for (const mime of Object.keys(o.data)) paths.push(['cells', i, 'outputs', k, 'data', mime]);
      });
    if (typeof c.attachments === 'object' && c.attachments !== null)
      for (const name of Object.keys(c.attachments)) paths.push(['cells', i, 'attachments', name]);
  });
  return paths;
}

function mutate(nb: Record<string, unknown>, path: Array<string | number>, value: unknown, remove: boolean): void {
  let at = nb as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    const next = at[k];
    if (typeof next !== 'object' || next === null) return;
    at = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete at[last];
  else at[last] = value;
}

const passes = (nb: unknown): boolean => {
  try {
    checkNotebook(nb);
    return true;
  } catch {
    return false;
  }
};

test('the walk is sure only of notebooks checkNotebook takes, and then finds what the walk for numbers finds', () => {
  let sure = 0;
  fc.assert(
    fc.property(notebook, fc.nat(), json, fc.boolean(), fc.boolean(), (nb, pick, value, remove, change) => {
      const data = JSON.parse(JSON.stringify(nb)) as Record<string, unknown>;
      if (change) {
        const paths = spinePaths(data);
        mutate(data, paths[pick % paths.length]!, JSON.parse(JSON.stringify(value ?? null)), remove);
      }
      const found = walkNotebook(data);
      const counted = tally.integral;
      if (found === UNSURE) {
        if (!change) assert.unreachable('a notebook built to pass is one the walk is sure of');
        return;
      }
      tally.integral = 0;
      assert.is(found, numbersIn(data, MAX_DEPTH - 1));
      if (found === 2) return; // a refusal sends the text to the lossless parser, which checks it again
      sure++;
      assert.ok(passes(data), JSON.stringify(data));
      assert.is(counted, tally.integral);
    }),
    { numRuns: 2000 },
  );
  assert.ok(sure > 500, `sure of ${sure} notebooks only`);
});

test('the walk refuses data deeper than the limit, in cells and outputs too', () => {
  const deep = (levels: number) => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);
  const nb = (where: 'metadata' | 'cell' | 'output', levels: number) => {
    const d = deep(levels);
    return {
      cells: [
        {
          cell_type: 'code',
          metadata: where === 'cell' ? { d } : {},
          source: '',
          execution_count: 1,
          outputs: [{ output_type: 'display_data', data: {}, metadata: where === 'output' ? { d } : {} }],
        },
      ],
      metadata: where === 'metadata' ? { d } : {},
      nbformat: 4,
      nbformat_minor: 5,
    };
  };
  // a notebook is level 1: metadata 2, a cell 3, its metadata 4, an output 5, its metadata 6
  for (const [where, at] of [
    ['metadata', 2],
    ['cell', 4],
    ['output', 6],
  ] as const) {
    assert.is(walkNotebook(nb(where, MAX_DEPTH - at)), 0, where);
    assert.is(walkNotebook(nb(where, MAX_DEPTH - at + 1)), 2, where);
  }
});

test.run();
