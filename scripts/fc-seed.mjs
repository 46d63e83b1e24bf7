// Preloaded into every test process by scripts/run-tests.mjs: fast-check properties run from a
// fixed seed, so `npm test` (and CI) is the same run every time; a property that fails names its
// seed and counterexample, and stays failing until fixed. NBGIT_FC_SEED=N runs from seed N,
// NBGIT_FC_SEED=random from a fresh one each time (to explore; `npm run fuzz` is the long run).
import fc from 'fast-check';

const given = process.env.NBGIT_FC_SEED ?? '20261203';
if (given !== 'random') {
  const seed = Number(given);
  if (!Number.isInteger(seed)) throw new Error(`NBGIT_FC_SEED must be an integer or "random", not ${JSON.stringify(given)}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
