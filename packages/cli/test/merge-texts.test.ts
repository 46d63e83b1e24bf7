// `nbgit merge` of three notebooks in Jupyter's layout where no cell changed on both sides
// merges their texts cell by cell (mergeTexts): the file, stdout and the exit code must be
// those of the general path (toIpynb of mergeNotebooks), for a small notebook and a large one
// (16 MB or more, read as a large input), and as git's merge driver; sides it cannot take so are
// merged the general way.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { mergeNotebooks } from '@nbgit/merge';
import { imageHeavyNotebook } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeTexts } from '../src/commands/merge.js';
import { run, tempDir } from './helpers.js';

const general = (b: string, l: string, r: string) => toIpynb(mergeNotebooks({ base: fromIpynb(b), local: fromIpynb(l), remote: fromIpynb(r) }).notebook);

/** The three sides in a new folder. */
function sides(b: string, l: string, r: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'base.ipynb'), b);
  writeFileSync(join(dir, 'local.ipynb'), l);
  writeFileSync(join(dir, 'remote.ipynb'), r);
  return dir;
}

const paths = { base: 'base.ipynb', local: 'local.ipynb', remote: 'remote.ipynb' };

for (const [label, cells] of [
  ['small', 30],
  ['large', 1200],
] as const) {
  test(`${label}: one-sided edits merge from the texts, as the general path writes them (file and stdout)`, async () => {
    const b = imageHeavyNotebook({ cells, collapsedEvery: 7 }).text;
    if (label === 'large') assert.ok(b.length >= 16 << 20);
    const l = b.replace('"x = 3\\n"', '"x = 3  # local\\n"');
    const r = b.replace(`"x = ${cells - 2}\\n"`, `"x = ${cells - 2}  # remote\\n"`).replace('"execution_count": 5,', '"execution_count": 50,');
    assert.ok(l !== b && r !== b);
    const want = general(b, l, r);
    const dir = sides(b, l, r);
    assert.ok(mergeTexts(paths, dir) !== undefined);
    const toFile = await run(['merge', 'base.ipynb', 'local.ipynb', 'remote.ipynb', '-o', 'out.ipynb'], { cwd: dir });
    assert.equal([toFile.code, toFile.stderr], [0, '']);
    assert.ok(readFileSync(join(dir, 'out.ipynb'), 'utf8') === want);
    // into local itself, as a merge driver's caller may ask
    const inPlace = await run(['merge', 'base.ipynb', 'local.ipynb', 'remote.ipynb', '-o', 'local.ipynb'], { cwd: dir });
    assert.is(inPlace.code, 0);
    assert.ok(readFileSync(join(dir, 'local.ipynb'), 'utf8') === want);
    // as git's merge driver: the result in local's file
    writeFileSync(join(dir, 'local.ipynb'), l);
    const driver = await run(['merge-driver', 'base.ipynb', 'local.ipynb', 'remote.ipynb'], { cwd: dir });
    assert.equal([driver.code, driver.stderr], [0, '']);
    assert.ok(readFileSync(join(dir, 'local.ipynb'), 'utf8') === want);
    if (label === 'small') {
      writeFileSync(join(dir, 'local.ipynb'), l);
      const out = await run(['merge', 'base.ipynb', 'local.ipynb', 'remote.ipynb'], { cwd: dir });
      assert.equal([out.code, out.stdout === want], [0, true]);
    }
  });
}

test('a cell changed on both sides, or a side in another layout: the general merge (conflicts, exit 1)', async () => {
  const b = imageHeavyNotebook({ cells: 20 }).text;
  const l = b.replace('"x = 3\\n"', '"x = 3  # local\\n"');
  const r = b.replace('"x = 3\\n"', '"x = 3  # remote\\n"');
  const dir = sides(b, l, r);
  assert.is(mergeTexts(paths, dir), undefined);
  const out = await run(['merge', 'base.ipynb', 'local.ipynb', 'remote.ipynb'], { cwd: dir });
  assert.is(out.code, 1);
  assert.ok(out.stdout === general(b, l, r));
  assert.match(out.stderr, 'conflict in cell 3');
  const driver = await run(['merge-driver', 'base.ipynb', 'local.ipynb', 'remote.ipynb'], { cwd: dir });
  assert.is(driver.code, 1);
  assert.ok(readFileSync(join(dir, 'local.ipynb'), 'utf8') === general(b, l, r));
  writeFileSync(join(dir, 'local.ipynb'), l);
  // remote in indent 2: not Jupyter's layout
  const r2 = `${JSON.stringify(JSON.parse(b.replace('"x = 9\\n"', '"x = 9  # remote\\n"')), null, 2)}\n`;
  const dir2 = sides(b, l, r2);
  assert.is(mergeTexts(paths, dir2), undefined);
  const out2 = await run(['merge', 'base.ipynb', 'local.ipynb', 'remote.ipynb'], { cwd: dir2 });
  assert.equal([out2.code, out2.stdout === general(b, l, r2)], [0, true]);
  // a missing side: the general path names it
  assert.is(mergeTexts({ ...paths, remote: 'nope.ipynb' }, dir), undefined);
  const missing = await run(['merge', 'base.ipynb', 'local.ipynb', 'nope.ipynb'], { cwd: dir });
  assert.equal([missing.code, missing.stderr], [3, 'nbgit merge: nope.ipynb: cannot read the remote side: no such file\n']);
});

test.run();
