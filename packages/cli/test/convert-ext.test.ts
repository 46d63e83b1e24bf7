// A percent script whose extension names no language is read with --from percent.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinSource } from '@nbgit/core';
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

test('a percent script on stdin (or with an unknown extension) is read with the comment its lines use', async () => {
  const dir = tempDir();
  const nb = (language: string, ext: string) =>
    JSON.stringify({
      cells: [
        { cell_type: 'markdown', id: 'm', metadata: {}, source: ['# Title'] },
        { cell_type: 'code', execution_count: null, id: 'c', metadata: {}, outputs: [], source: ['x = 1;\n', 'y = 2;'] },
      ],
      metadata: { kernelspec: { display_name: language, language, name: language }, language_info: { file_extension: ext, name: language } },
      nbformat: 4,
      nbformat_minor: 5,
    });
  for (const [language, ext] of [
    ['c++', '.cpp'],
    ['matlab', '.m'],
    ['haskell', '.hs'],
    ['clojure', '.clj'],
    ['wolfram language', '.wolfram'],
    ['sas', '.sas'],
    ['python', '.py'],
  ] as const) {
    const script = await run(['convert', '-', '--to', 'percent'], { stdin: nb(language, ext) });
    assert.is(script.code, 0, script.stderr);
    for (const [argv, options] of [
      [['convert', '-', '--to', 'ipynb'], { stdin: script.stdout }],
      [['convert', 'script.txt', '--from', 'percent', '--to', 'ipynb', '-o', '-'], { cwd: dir }],
    ] as const) {
      writeFileSync(join(dir, 'script.txt'), script.stdout);
      const r = await run([...argv], options);
      assert.is(r.code, 0, r.stderr);
      const back = fromIpynb(r.stdout);
      assert.equal(
        back.cells.map((c) => [c.cell_type, joinSource(c.source)]),
        [
          ['markdown', '# Title'],
          ['code', 'x = 1;\ny = 2;'],
        ],
        `${language}: ${argv.join(' ')}`,
      );
    }
  }
});

test.run();
