// Update mode: a percent script replaces the cells of its paired notebook, which keeps outputs,
// execution counts, ids and filtered metadata, and the bytes of every unchanged cell. The
// percent script's spelling record (`nbgit.percent`) is the script's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeCell, Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb, withLayoutOf } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { updateNotebook } from '@nbgit/sync';
import { listFiles, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { scriptExtension } from '@nbgit/text';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

function update(previous: Notebook, script: string, ext = '.py'): { nb: Notebook; text: string } {
  const nb = updateNotebook(previous, fromPercent(script, { extension: ext }));
  return { nb, text: toIpynb(withLayoutOf(nb, previous)) };
}

const root = sharedPath('fixtures', 'jupytext', 'inputs');
if (root) {
  for (const file of listFiles(root, (n) => n.endsWith('.ipynb')).filter((f) => f.includes('/ipynb_'))) {
    const name = file.slice(root.length + 1);
    test(`update with an unchanged script keeps every byte: ${name}`, () => {
      const text = readFileSync(file, 'utf8');
      const nb = fromIpynb(text);
      const script = toPercent(nb);
      const updated = update(nb, script, scriptExtension(nb.metadata) ?? '.py');
      const formats = (nb.metadata.jupytext as { formats?: string } | undefined)?.formats;
      if (formats === (updated.nb.metadata.jupytext as { formats?: string } | undefined)?.formats) assert.fixture(updated.text, text);
      else {
        // jupytext rewrites the pairing (`groovy:light` becomes `groovy:percent`); the cells keep their bytes
        assert.ok(updated.nb.cells.every((c, k) => c === nb.cells[k]));
        assert.match((updated.nb.metadata.jupytext as { formats: string }).formats, ':percent');
      }
    });
  }

  test('an edited cell keeps its outputs, id and filtered metadata; other cells keep their bytes', () => {
    const text = readFileSync(join(root, 'ipynb_py', 'jupyter.ipynb'), 'utf8');
    const previous = fromIpynb(text);
    const script = toPercent(previous).replace('a = 1\nb = 2', 'a = 10\nb = 2');
    const { nb, text: out } = update(previous, script);
    const i = previous.cells.findIndex((c) => (Array.isArray(c.source) ? c.source.join('') : c.source).startsWith('a = 1\n'));
    assert.ok(i >= 0);
    const before = previous.cells[i] as CodeCell;
    const after = nb.cells[i] as CodeCell;
    assert.is(after.id, before.id);
    assert.equal(after.outputs, before.outputs);
    assert.is(after.execution_count, before.execution_count);
    assert.ok(Array.isArray(after.source) ? after.source.join('').includes('a = 10') : after.source.includes('a = 10'));
    for (let k = 0; k < nb.cells.length; k++) if (k !== i) assert.ok(nb.cells[k] === previous.cells[k], `cell ${k} is not the previous object`);
    // only the edited line changes in the file
    const changed = out.split('\n').filter((l, k) => l !== text.split('\n')[k]);
    assert.equal(changed, ['    "a = 10\\n",']);
  });
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test('a cell added in the script is new; a removed cell disappears; the others stay', () => {
  const previous: Notebook = {
    cells: [
      {
        cell_type: 'code',
        id: 'aaa',
        metadata: { collapsed: true },
        source: 'x = 1',
        outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }],
        execution_count: 3,
      },
      { cell_type: 'markdown', id: 'bbb', metadata: {}, source: '# Title' },
      { cell_type: 'code', id: 'ccc', metadata: {}, source: 'y = 2', outputs: [], execution_count: 4 },
    ],
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const script = toPercent(previous).replace('# %% [markdown]\n# # Title\n', '# %%\nz = 3\n');
  const nb = updateNotebook(previous, fromPercent(script));
  assert.equal(
    nb.cells.map((c) => c.source),
    ['x = 1', 'z = 3', 'y = 2'],
  );
  assert.ok(nb.cells[0] === previous.cells[0]);
  assert.ok(nb.cells[2] === previous.cells[2]);
  assert.is.not(nb.cells[1]!.id, 'bbb');
  assert.ok(nb.metadata === previous.metadata, 'unchanged metadata is the previous object');
  assert.equal((nb.metadata.language_info as { name: string }).name, 'python');
});

test('after an edit in the script and an update, the notebook writes the edited script back (layout keys of edited cells kept)', () => {
  const scripts = [
    '#!/usr/bin/env python\nimport os\n\n# %% Load data\ndata = [1, 2, 3]\n\n\n# %% [markdown]\n# ## Analysis\n\n# %% Compute  {"tags": ["x"]}\ntotal = sum(data)\nprint(total)\n# %%\n# %% empty above\ndef f():\n    return 1\n',
    '# %%\nx = 1\n\n\n\n# %%\ny = 2\n# %% [markdown]\n# text\n# %%\nz = 3\n',
  ];
  for (const script of scripts) {
    const previous = fromIpynb(toIpynb(fromPercent(script)));
    const lines = script.split('\n');
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      if (line === '' || line.startsWith('#')) continue; // edit each code line in turn
      const edited = [...lines.slice(0, k), `${line} + 0`, ...lines.slice(k + 1)].join('\n');
      const incoming = fromPercent(edited);
      const nb = updateNotebook(previous, incoming, { spellingKey: 'percent' });
      assert.is(nb.metadata.nbgit, undefined, 'no spelling record in the notebook');
      // the spelling is the text's: written back with the script's own record, the script comes back
      assert.is(toPercent({ ...nb, metadata: { ...nb.metadata, nbgit: incoming.metadata.nbgit } } as typeof nb), edited, `line ${k + 1} edited: ${line}`);
    }
  }
});

test("update mode keeps no spelling record in the notebook (neither the script's nor an old one), other nbgit keys stay", () => {
  const previous = fromIpynb(
    toIpynb({
      cells: [
        {
          cell_type: 'code',
          execution_count: 3,
          id: 'keep-me',
          metadata: { ExecuteTime: { end: 1 } },
          outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }],
          source: 'x = 1',
        },
      ],
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, nbgit: { other: true } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  const script = '#%%\r\nx = 1\r\n';
  const updated = updateNotebook(previous, fromPercent(script), { spellingKey: 'percent' });
  assert.ok(updated.cells[0] === previous.cells[0], 'the unchanged cell keeps its bytes');
  assert.equal(updated.metadata.nbgit, { other: true });
  // a notebook an older nbgit wrote with a record: the record goes on the next update
  const old = { ...previous, metadata: { ...previous.metadata, nbgit: { other: true, percent: { marker: '#%%' } } } } as typeof previous;
  assert.equal(updateNotebook(old, fromPercent('# %%\nx = 1\n'), { spellingKey: 'percent' }).metadata.nbgit, { other: true });
});

test.run();
