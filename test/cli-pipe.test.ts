// The nbgit bin exits quietly when its reader goes away (`nbgit ... | head`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notebook } from '@nbgit/core';
import { toIpynb } from '@nbgit/ipynb';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('output into a pipe that closes early: no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-pipe-'));
  const cells = Array.from({ length: 5000 }, (_, i) => ({
    cell_type: 'code',
    id: `c${i}`,
    metadata: {},
    source: `x = ${i}\nprint(x)`,
    outputs: [{ output_type: 'stream', name: 'stdout', text: `${i}\n` }],
    execution_count: i + 1,
  }));
  writeFileSync(join(dir, 'big.ipynb'), toIpynb({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook));
  const bin = join(repoRoot, 'packages/cli/bin/nbgit.js');
  for (const args of ['textconv big.ipynb', 'convert big.ipynb --to percent -o -', 'strip - < big.ipynb']) {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" ${args} | head -1 >/dev/null`], { cwd: dir, encoding: 'utf8' });
    assert.is(r.stderr, '', `${args}: ${r.stderr}`);
  }
});

test.run();
