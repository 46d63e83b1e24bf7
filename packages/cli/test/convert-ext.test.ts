// A percent script whose extension names no language is read with --from percent.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb } from '@nbgit/ipynb';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run, tempDir } from './helpers.js';

test('convert --from percent reads x.txt (and --ext .py too)', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'example.ipynb'), readFileSync(join(repoRoot, 'fixtures/notebooks/example.ipynb')));
  assert.is((await run(['convert', 'example.ipynb', '--to', 'percent', '-o', 'x.txt'], { cwd: dir })).code, 0);
  for (const extra of [[], ['--ext', '.py']]) {
    const r = await run(['convert', 'x.txt', '--from', 'percent', '--to', 'ipynb', '-o', 'back.ipynb', ...extra], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    const back = fromIpynb(readFileSync(join(dir, 'back.ipynb')));
    assert.is(back.cells.length, 5);
  }
});

test.run();
