// `npm run demo` (scripts/demo.mjs) runs to the end and shows what the README says it shows,
// also for a user whose own git config would get in the way (commit signing, diff3 conflicts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('the demo: clean merge, cell diff, a conflict that still opens', () => {
  const home = mkdtempSync(join(tmpdir(), 'nbgit-demo-home-'));
  writeFileSync(join(home, '.gitconfig'), '[commit]\n\tgpgsign = true\n[user]\n\tsigningkey = none\n[merge]\n\tconflictStyle = diff3\n');
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1' };
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/demo.mjs')], { cwd: repoRoot, env, encoding: 'utf8' });
  assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const out = r.stdout;
  assert.match(out, /Added to \.gitattributes: \*\.ipynb filter=nbgit diff=nbgit merge=nbgit/);
  assert.match(out, /Merge made by the 'ort' strategy|Merge made by the 'recursive' strategy/);
  assert.match(out, /\+print\("wettest:", months\[rain\.index\(max\(rain\)\)\]\)/);
  assert.match(out, /CONFLICT \(content\): Merge conflict in rainfall\.ipynb/);
  assert.match(out, /UU rainfall\.ipynb/);
  assert.match(out, /rainfall\.ipynb: ok/);
  assert.match(out, /\[notes\] markdown {3}<- conflict/);
  assert.not.match(out, /\|\|\|\|\|\|\|/, 'the user conflict style leaked into the demo');
  const dir = /Demo repository: (\S+) \(removed/.exec(out)?.[1];
  assert.ok(dir !== undefined && !existsSync(dir), 'the demo repository is removed');
});

test.run();
