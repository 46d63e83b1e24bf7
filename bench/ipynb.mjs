// fromIpynb / toIpynb / round trip throughput vs bare JSON.parse + JSON.stringify.

import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { jupyterText, mbps, syntheticNotebook, table, time } from './lib.mjs';

/**
 * Median times of `a` and `b`, run in turns so that both see the same load on a shared
 * machine (the ratio of the two is what the aim is about).
 */
function timePair(a, b, runs) {
  let result;
  // Warm up (the JavaScript side needs compiling; native JSON does not).
  for (let i = 0; i < 3; i++) {
    result = a();
    b();
  }
  const ta = [];
  const tb = [];
  for (let i = 0; i < runs; i++) {
    let s = performance.now();
    result = a();
    ta.push(performance.now() - s);
    s = performance.now();
    b();
    tb.push(performance.now() - s);
  }
  const median = (t) => t.sort((x, y) => x - y)[Math.floor(t.length / 2)];
  return [{ ms: median(ta), result }, { ms: median(tb) }];
}

/** Text as a file gives it: one flat string (a notebook built by concatenation is not). */
const asRead = (text) => new TextDecoder().decode(new TextEncoder().encode(text));

function measure(name, text, runs) {
  const bytes = Buffer.byteLength(text);
  const parse = time(() => fromIpynb(text), { runs });
  const nb = parse.result;
  const write = time(() => toIpynb(nb), { runs });
  const edited = fromIpynb(text);
  const [trip, bare] = timePair(
    () => toIpynb(fromIpynb(text)),
    () => JSON.stringify(JSON.parse(text), null, 1),
    runs * 2 + 1,
  );
  if (trip.result !== text) throw new Error(`${name}: round trip is not byte-exact`);
  if (edited.cells.length > 0) edited.cells[0].source = 'changed\n';
  const editWrite = time(() => toIpynb(edited), { runs });
  return [
    name,
    (bytes / 1e6).toFixed(2),
    mbps(bytes, parse.ms),
    mbps(bytes, write.ms),
    mbps(bytes, editWrite.ms),
    mbps(bytes, trip.ms),
    mbps(bytes, bare.ms),
    `${((bare.ms / trip.ms) * 100).toFixed(0)}%`,
    trip.ms.toFixed(1),
  ];
}

const rows = [];
let shared;
try {
  shared = execSync('find ../shared/fixtures -name "*.ipynb"', { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' })
    .trim()
    .split('\n');
} catch {
  shared = [];
}
const corpus = shared
  .map((f) => readFileSync(new URL(`../${f}`, import.meta.url), 'utf8'))
  .filter((t) => {
    try {
      fromIpynb(t);
      return true;
    } catch {
      return false;
    }
  });
if (corpus.length) {
  const bytes = corpus.reduce((a, t) => a + Buffer.byteLength(t), 0);
  const [rt, bare] = timePair(
    () => {
      for (const t of corpus) toIpynb(fromIpynb(t));
    },
    () => {
      for (const t of corpus) JSON.stringify(JSON.parse(t), null, 1);
    },
    21,
  );
  rows.push([
    `shared corpus (${corpus.length} files)`,
    (bytes / 1e6).toFixed(2),
    '',
    '',
    '',
    mbps(bytes, rt.ms),
    mbps(bytes, bare.ms),
    `${((bare.ms / rt.ms) * 100).toFixed(0)}%`,
    rt.ms.toFixed(1),
  ]);
}
for (const n of [1000, 10000, 100000]) rows.push(measure(`${n} cells`, asRead(jupyterText(syntheticNotebook(n))), n >= 100000 ? 3 : n >= 10000 ? 5 : 15));
// Not Jupyter's layout (indent 2, as other tools write): read natively, parsed losslessly only after an edit.
rows.push(measure('10000 cells, indent 2', asRead(`${JSON.stringify(syntheticNotebook(10000), null, 2)}\n`), 5));
{
  // one notebook with 50 MB of outputs: 50 display_data outputs of 1 MB base64 each
  const nb = syntheticNotebook(100);
  const blob = 'iVBORw0KGgo'.padEnd(1_000_000, 'QUFB');
  for (let i = 0; i < 50; i++)
    nb.cells.filter((c) => c.cell_type === 'code')[i].outputs.push({ output_type: 'display_data', data: { 'image/png': blob }, metadata: {} });
  const text = asRead(jupyterText(nb));
  rows.push(measure(`50 MB outputs`, text, 3));
}
table(
  'ipynb: fromIpynb / toIpynb (MB/s; "edit" = toIpynb after changing one cell; ratio = round trip speed / bare JSON.parse+JSON.stringify speed)',
  ['input', 'MB', 'read', 'write', 'edit+write', 'round trip', 'bare JSON', 'ratio', 'trip ms'],
  rows,
);
