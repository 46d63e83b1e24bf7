// `npm test` is the same run every time: scripts/run-tests.mjs preloads scripts/fc-seed.mjs, which
// fixes fast-check's seed (a property that found a counterexample once finds it again in CI).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const preload = fileURLToPath(new URL('../../scripts/fc-seed.mjs', import.meta.url));
const sample = "import fc from 'fast-check'; console.log(JSON.stringify(fc.sample(fc.array(fc.integer()), 5)));";

function run(seed: string | undefined): { out: string; status: number | null; err: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (seed === undefined) delete env.NBGIT_FC_SEED;
  else env.NBGIT_FC_SEED = seed;
  const r = spawnSync(process.execPath, ['--import', preload, '--input-type=module', '-e', sample], {
    env,
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
  return { out: r.stdout, status: r.status, err: r.stderr };
}

test('the preloaded seed makes fast-check draw the same values in every process', () => {
  const a = run(undefined);
  const b = run(undefined);
  assert.is(a.status, 0, a.err);
  assert.ok(a.out.length > 2);
  assert.is(a.out, b.out);
  assert.is.not(run('7').out, a.out, 'another seed draws other values');
  assert.is(run('7').out, run('7').out);
});

test('NBGIT_FC_SEED=random draws fresh values; a bad seed is refused', () => {
  assert.is.not(run('random').out, run('random').out);
  const bad = run('abc');
  assert.is.not(bad.status, 0);
  assert.match(bad.err, /NBGIT_FC_SEED must be an integer/);
});

test.run();
