// Every notebook under ../shared/fixtures reads and writes back byte for byte.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { listFiles, sharedDir, sharedMissing, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const shared = sharedDir();
if (shared) {
  const files = listFiles(`${shared}/fixtures`, (n) => /\.ipynb(\.expected.*)?$/.test(n));
  for (const file of files) {
    const name = relative(shared, file);
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    let parseable = true;
    try {
      JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      parseable = false;
    }
    test(`round trip ${name}`, () => {
      if (!parseable) {
        assert.throws(
          () => fromIpynb(bytes, { file: name, legacy: 'keep' }),
          (e: Error) => e.message.startsWith(`${name}:`),
        );
        return;
      }
      const nb = fromIpynb(bytes, { file: name, legacy: 'keep' });
      assert.ok(toIpynb(nb) === text, 'bytes differ');
    });
  }
  test('corpus is not empty', () => assert.ok(files.length > 300, `only ${files.length} notebooks`));
} else {
  skipTest(test, 'shared fixtures', sharedMissing());
}

test.run();
