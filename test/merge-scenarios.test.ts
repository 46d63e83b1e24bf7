/**
 * Every merge scenario in ../shared/fixtures/merge-scenarios, merged in-process with
 * `mergeNotebooks` and written with `toIpynb`, checked against its expect.json (one test per
 * scenario). The same scenarios under a real `git merge` are in merge-git.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { mergeNotebooks } from '@nbgit/merge';
import { sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkMerge, readExpect } from './merge-expect.js';

const root = sharedPath('fixtures', 'merge-scenarios');
const dirs =
  root === undefined || !existsSync(root)
    ? []
    : readdirSync(root)
        .filter((d) => existsSync(join(root, d, 'expect.json')))
        .sort();

for (const name of dirs) {
  test(name, () => {
    const dir = join(root!, name);
    const read = (f: string) => fromIpynb(readFileSync(join(dir, f)), { file: f });
    const base = read('base.ipynb');
    const local = read('local.ipynb');
    const remote = read('remote.ipynb');
    const result = mergeNotebooks({ base, local, remote });
    const text = toIpynb(result.notebook);
    const problems = checkMerge(text, result.conflicts.length > 0, readExpect(dir));
    assert.equal(problems, [], `${name}:\n  ${problems.join('\n  ')}\n  conflicts: ${JSON.stringify(result.conflicts)}`);
    // merging is deterministic
    assert.is(toIpynb(mergeNotebooks({ base: read('base.ipynb'), local: read('local.ipynb'), remote: read('remote.ipynb') }).notebook), text);
  });
}

if (dirs.length > 0) {
  test('scenario count', () => {
    assert.ok(dirs.length >= 38, `found ${dirs.length} scenarios`);
  });
} else skipTest(test, 'shared merge scenarios', sharedMissing());

test.run();
