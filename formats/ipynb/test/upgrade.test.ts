// The upgrade of nbformat 3 records, with each object it makes, the v3 object it was made from.
import type { JsonObject } from '@nbgit/core';
import { fromIpynb, upgradedFrom, upgradeV3 } from '@nbgit/ipynb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const V3 = {
  metadata: { name: 'n' },
  nbformat: 3,
  nbformat_minor: 0,
  extra: 1,
  worksheets: [
    {
      cells: [
        {
          cell_type: 'code',
          collapsed: false,
          input: ['x'],
          language: 'python',
          metadata: {},
          outputs: [
            { output_type: 'stream', stream: 'stdout', text: ['1\n'] },
            { output_type: 'pyout', prompt_number: 1, text: ['1'], metadata: {} },
            { output_type: 'pyerr', ename: 'E', evalue: 'v', traceback: [] },
            { output_type: 'display_data', png: 'iVBOR', metadata: {} },
          ],
          prompt_number: 1,
        },
        { cell_type: 'heading', level: 1, metadata: {}, source: ['T'] },
        { cell_type: 'html', metadata: {}, source: ['<b>'], z: 2 },
        { cell_type: 'raw', metadata: {}, source: 'r' },
      ],
      metadata: {},
    },
  ],
};

test('upgradedFrom: the v3 notebook, cell and output each upgraded object was made from; copies have none', () => {
  const nb = fromIpynb(JSON.stringify(V3));
  const v3 = upgradedFrom(nb)!;
  assert.equal(v3, V3 as unknown as JsonObject);
  const cells = (v3.worksheets as Array<{ cells: JsonObject[] }>)[0]!.cells;
  nb.cells.forEach((c, i) => assert.is(upgradedFrom(c), cells[i]));
  const outputs = nb.cells[0]!.outputs as JsonObject[];
  outputs.forEach((o, i) => assert.is(upgradedFrom(o), (cells[0]!.outputs as JsonObject[])[i]));
  assert.equal(
    outputs.map((o) => o.output_type),
    ['stream', 'execute_result', 'error', 'display_data'],
  );
  // the keys as the upgrade always gave them
  assert.equal(Object.keys(nb), ['extra', 'cells', 'metadata', 'nbformat', 'nbformat_minor']);
  assert.equal(Object.keys(nb.cells[2]!), ['cell_type', 'metadata', 'source', 'z', 'id']);
  assert.equal(Object.keys(outputs[0]!), ['output_type', 'text', 'name']);
  assert.equal(Object.keys(outputs[2]!), ['output_type', 'ename', 'evalue', 'traceback']);
  assert.is(upgradedFrom({ ...nb.cells[0]! }), undefined);
  assert.is(upgradedFrom(structuredClone(outputs[1]!)), undefined);
  assert.is(upgradedFrom(JSON.parse(JSON.stringify(nb))), undefined);
});

test('upgrade: a v3 member named __proto__ stays an own member, as a spread keeps it', () => {
  const text = JSON.stringify(V3).replace('"z":2', '"__proto__":{"p":1}');
  const nb = fromIpynb(text);
  const cell = nb.cells[2]! as unknown as JsonObject;
  assert.ok(Object.hasOwn(cell, '__proto__'));
  assert.is(Object.getPrototypeOf(cell), Object.prototype);
  assert.equal(Object.keys(upgradeV3(JSON.parse(text)).cells[2]!), ['cell_type', 'metadata', 'source', '__proto__', 'id']);
});

test.run();
