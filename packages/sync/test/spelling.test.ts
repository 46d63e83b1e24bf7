// The records of how a text was spelled belong to the text: taken off a notebook read from text,
// put back from an existing text file, kept out of `--update`; and the check convert runs before
// replacing a text (unsyncedTextEdits).
import type { Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { unsyncedTextEdits, updateFromText, withoutTextRecords, withTextRecordsOf } from '@nbgit/sync';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const codec = { readText: (t: string) => fromPercent(t, { extension: '.py' }), writeText: (nb: Notebook) => toPercent(nb, { extension: '.py' }) };
const CRLF_SCRIPT = '#%%\r\nx = 1\r\n\r\n#%%\r\ny = 2\r\n';

test('withoutTextRecords: the percent record and text_representation go; nothing else', () => {
  const nb = fromPercent(CRLF_SCRIPT, { extension: '.py' });
  assert.ok((nb.metadata.nbgit as { percent?: unknown } | undefined)?.percent !== undefined, 'the reader records the spelling');
  nb.metadata.jupytext = { text_representation: { extension: '.py' }, main_language: 'python' };
  const out = withoutTextRecords(nb);
  assert.is(out.metadata.nbgit, undefined);
  assert.equal(out.metadata.jupytext, { main_language: 'python' });
  assert.ok(out.cells === nb.cells, 'cells are shared');
  const clean = { ...nb, metadata: {} };
  assert.ok(withoutTextRecords(clean) === clean, 'a notebook without records comes back as it is');
});

test('withTextRecordsOf: an existing text file keeps its spelling when written over', () => {
  const previous = fromPercent(CRLF_SCRIPT, { extension: '.py' });
  const fresh = withoutTextRecords(fromPercent('# %%\nx = 1\n\n# %%\ny = 3\n', { extension: '.py' }));
  const text = toPercent(withTextRecordsOf(fresh, previous), { extension: '.py' });
  assert.ok(text.includes('#%%\r\ny = 3\r\n'), JSON.stringify(text));
  const plain = fromPercent('# %%\nx = 1\n', { extension: '.py' });
  assert.ok(withTextRecordsOf(fresh, withoutTextRecords(plain)) === fresh);
});

test('updateFromText: the text cells into the notebook, outputs and ids kept, no spelling record', () => {
  const ipynb = `${JSON.stringify(
    {
      cells: [
        {
          cell_type: 'code',
          execution_count: 1,
          id: 'c1',
          metadata: {},
          outputs: [{ name: 'stdout', output_type: 'stream', text: ['1\n'] }],
          source: ['x = 1'],
        },
        { cell_type: 'code', execution_count: 2, id: 'c2', metadata: {}, outputs: [], source: ['y = 2'] },
      ],
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
  const previous = fromIpynb(ipynb);
  const same = updateFromText(previous, withoutTextRecords(fromPercent(CRLF_SCRIPT, { extension: '.py' })), 'percent');
  assert.ok(same.cells[0] === previous.cells[0] && same.cells[1] === previous.cells[1], 'unchanged cells are the previous cells');
  assert.is(same.metadata.nbgit, undefined, 'the CRLF record stays with the script');
  const edited = fromIpynb(toIpynb(updateFromText(previous, withoutTextRecords(fromPercent('# %%\nx = 1\n\n# %%\ny = 3\n', { extension: '.py' })), 'percent')));
  assert.equal(edited.cells[0], previous.cells[0]);
  assert.equal(edited.cells[1]?.source, ['y = 3']);
  assert.is((edited.cells[1] as { id?: string }).id, 'c2');
});

test('unsyncedTextEdits: the cells a text changed since the last sync, when the notebook lacks them', () => {
  const synced = '# %%\nx = 1\n\n# %%\ny = 2\n';
  const notebook = fromPercent(synced, { extension: '.py' });
  const edited = '# %%\nx = 1\n\n# %%\ny = 20\n';
  assert.equal(unsyncedTextEdits({ notebook, text: edited, synced }, codec), [2]);
  assert.is(unsyncedTextEdits({ notebook, text: synced, synced }, codec), undefined, 'the text is as synced');
  assert.is(unsyncedTextEdits({ notebook, text: edited, synced: undefined }, codec), undefined, 'no record to compare with');
  const changedNotebook = fromPercent('# %%\nx = 10\n\n# %%\ny = 2\n', { extension: '.py' });
  assert.is(unsyncedTextEdits({ notebook: changedNotebook, text: synced, synced }, codec), undefined, 'only the notebook changed');
});

test.run();
