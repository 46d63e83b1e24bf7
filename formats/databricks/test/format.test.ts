// Databricks notebook source files: the layout, Databricks' own files, what needs an NBGIT line, errors.
import type { Cell } from '@nbgit/core';
import { joinSource, NbgitError } from '@nbgit/core';
import { fromDatabricks, isDatabricksSource, toDatabricks } from '@nbgit/databricks';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cellsOf, inputsText } from './helpers.js';

const EXPORTED = `# Databricks notebook source
# MAGIC %md
# MAGIC # Sales report
# MAGIC
# MAGIC Loads the data.

# COMMAND ----------

import pandas as pd
df = spark.table("sales")

# COMMAND ----------

# DBTITLE 1,Top customers
# MAGIC %sql
# MAGIC SELECT customer, sum(amount) FROM sales GROUP BY customer

# COMMAND ----------

# MAGIC %sh ls /dbfs
`;

import { numbered } from '@nbgit/testkit';

test('reads a file as Databricks exports it: %md is markdown, other magics stay in code cells, DBTITLE is the title', () => {
  assert.ok(isDatabricksSource(EXPORTED));
  const back = fromDatabricks(EXPORTED);
  assert.equal(
    back.cells.map((c) => [c.cell_type, joinSource(c.source), c.metadata]),
    [
      ['markdown', '# Sales report\n\nLoads the data.', {}],
      ['code', 'import pandas as pd\ndf = spark.table("sales")', {}],
      ['code', '%sql\nSELECT customer, sum(amount) FROM sales GROUP BY customer', { title: 'Top customers' }],
      ['code', '%sh ls /dbfs', {}],
    ],
  );
  assert.is(toDatabricks(back), EXPORTED);
});

test('Scala and SQL notebooks use their comment strings', () => {
  const scala = '// Databricks notebook source\nval x = 1\n\n// COMMAND ----------\n\n// MAGIC %md\n// MAGIC Text\n';
  const back = fromDatabricks(scala);
  assert.equal(cellsOf(back), [
    ['code', 'val x = 1', null],
    ['markdown', 'Text', null],
  ]);
  assert.is(toDatabricks(back), scala);
  assert.ok(isDatabricksSource('-- Databricks notebook source\nSELECT 1\n'));
});

const cases: [string, Partial<Cell>[]][] = [
  [
    'raw cells, empty cells, trailing newlines',
    [{ cell_type: 'raw', source: 'raw\n' }, { source: '' }, { cell_type: 'markdown', source: '' }, { source: 'x\n\n' }],
  ],
  [
    'sources that look like the layout',
    [{ source: '# COMMAND ----------' }, { source: '# MAGIC %md\n# MAGIC x' }, { source: '# NBGIT {}' }, { source: '\nx' }],
  ],
  ['a code cell starting with %md, a title with metadata', [{ source: '%md\nnot markdown' }, { source: 'y', metadata: { title: 'T', tags: ['a'] } }]],
];
for (const [name, cells] of cases) {
  test(`default mode reads back the cells: ${name}`, () => {
    const n = numbered(cells, { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } });
    assert.equal(cellsOf(fromDatabricks(toDatabricks(n))), cellsOf(n));
  });
  test(`lossless mode reads back the notebook: ${name}`, () => {
    const n = numbered(cells, { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } });
    assert.fixture(inputsText(fromDatabricks(toDatabricks(n, { lossless: true }))), inputsText(n));
  });
}

test('errors: not a Databricks file, broken NBGIT line', () => {
  for (const [text, line] of [
    ['x = 1\n', 1],
    ['# Databricks notebook source\n# NBGIT {"a":\nx\n', 2],
  ] as const) {
    try {
      fromDatabricks(text, { file: 'nb.py' });
      assert.unreachable();
    } catch (e) {
      assert.instance(e, NbgitError);
      assert.match(String((e as Error).message), `nb.py:${line}`);
    }
  }
});

test.run();
