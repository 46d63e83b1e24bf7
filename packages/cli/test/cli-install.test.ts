// nbgit install / status next to another tool's attributes (nbstripout, nbdime): when git would
// still not run nbgit for notebooks, both say so and name the line that wins.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run, tempDir } from './helpers.js';

function repo(): string {
  const dir = tempDir();
  spawnSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

test('an nbstripout line in .git/info/attributes overrides nbgit: install warns, status says why', async () => {
  const dir = repo();
  writeFileSync(join(dir, '.git/info/attributes'), '# nbstripout\n*.ipynb filter=nbstripout\n');
  const r = await run(['install'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.is(
    r.stderr,
    'nbgit install: warning: for *.ipynb, git has filter=nbstripout (not nbgit)\n' +
      'nbgit install: warning: .git/info/attributes:2: *.ipynb filter=nbstripout wins over the nbgit line; remove it (nbstripout --uninstall does)\n',
  );
  const s = await run(['status'], { cwd: dir });
  assert.is(s.code, 1);
  // not "not installed here": what overrides the install, and how to remove it
  assert.is(
    s.stdout.split('\n')[0],
    'nbgit is installed, but git does not run it for *.ipynb (filter=nbstripout): .git/info/attributes:2: *.ipynb filter=nbstripout overrides it; remove that line (nbstripout --uninstall does)',
  );
  assert.match(s.stdout, '  .git/info/attributes:2: *.ipynb filter=nbstripout  <- wins over the nbgit line\n');
});

test('a later line of .gitattributes wins too; no warning once it is gone', async () => {
  const dir = repo();
  assert.is((await run(['install'], { cwd: dir })).stderr, '');
  writeFileSync(join(dir, '.gitattributes'), '*.ipynb filter=nbgit diff=nbgit merge=nbgit\n*.ipynb diff=jupyternotebook\n');
  const again = await run(['install'], { cwd: dir });
  assert.match(again.stderr, 'for *.ipynb, git has diff=jupyternotebook (not nbgit)');
  assert.match(again.stderr, '.gitattributes:2: *.ipynb diff=jupyternotebook wins over the nbgit line');
  writeFileSync(join(dir, '.gitattributes'), '*.ipynb filter=nbgit diff=nbgit merge=nbgit\n');
  assert.is((await run(['install'], { cwd: dir })).stderr, '');
  assert.is((await run(['status'], { cwd: dir })).code, 0);
});

test('uninstall with an attributes file it cannot read: git config and the other files untouched, exit 1', async () => {
  const dir = repo();
  assert.is((await run(['install'], { cwd: dir })).code, 0);
  const config = () => spawnSync('git', ['config', '--local', '--get-regexp', 'nbgit'], { cwd: dir, encoding: 'utf8' }).stdout;
  const before = { config: config(), attributes: readFileSync(join(dir, '.gitattributes'), 'utf8') };
  mkdirSync(join(dir, '.git/info/attributes'));
  const r = await run(['uninstall'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /^nbgit uninstall: .*\.git\/info\/attributes: .*is a directory\n$/);
  assert.equal({ config: config(), attributes: readFileSync(join(dir, '.gitattributes'), 'utf8') }, before);
  assert.match(before.config, /filter\.nbgit\.process/);
});

test.run();
