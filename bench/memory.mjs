// Peak memory next to time, per command, on a 100k-cell notebook and a ~300 MB notebook
// (issue 12 item 7, issue 13 item 6). Both are generated at bench time in a temporary folder
// (never committed) and removed after. Each command runs in its own process under
// /usr/bin/time (GNU time's maximum resident set size, and wall time); "peak / size" is the
// peak over the notebook's file size (for merge: over the size of one of its three inputs).
// The first row is `node -e 0`, the floor every process pays.
//
// Measured (2-core machine shared with other jobs, so times are loose; peaks are not), 293 MB
// notebook, peak RSS before -> after the memory work of issue 12 item 7 (two rounds: first -> second):
//   merge (3 inputs)   3878 -> 2221 -> 1063 MB  (13.2x -> 7.6x -> 3.6x one input): the sides are read one
//                                               after the other, each one's bytes and text collected before the
//                                               next; remote is read from the file in pieces, cell by cell, with
//                                               local's strings (readJupyterLayout); a large local in Jupyter's
//                                               layout is held without its text; the result is written in parts
//   fmt --check        2204 ->  720 MB  (7.5x -> 2.5x)
//   fmt (rewrite)      2755 -> 1350 -> 1035 MB  (9.4x -> 4.6x -> 3.5x: bytes collected before the parse, the
//                                               output made in parts, twice: compared, then written)
//   strip (in place)   1918 ->  779 ->  768 MB  (6.5x -> 2.6x)
//   filter-process     1698 -> 1124 MB  (5.8x -> 3.8x; measured again 1267 MB, 4.3x: the packets the
//                                        content came in were read beside it) -> 1142 MB (3.9x: collected first)
//   convert --to py    1250 -> 1053 MB  (4.3x -> 3.6x; 100 MB notebook: 454 -> 414 MB)
//   diff               1952 -> 1956 ->  734 MB  (6.7x -> 2.5x: each side parsed as read, without its bytes,
//                                               text and layout, the second in pieces, cell by cell, with the
//                                               first one's strings; a collection after each large read)
//   validate           1015 ->  722 MB  (3.5x -> 2.5x)
// A full collection after a large input is let go of (packages/cli/src/memory.ts) is what keeps
// these peaks: V8 would otherwise read the next input beside the last one's garbage.
// The 100k-cell notebook (26 MB): its parsed tree is small (about 45 MB on V8's heap: keys and
// short strings are shared by JSON.parse, 20 MB more for the record of its values), and what
// sets the peaks is garbage V8 has not collected yet (a heap snapshot at exit holds 2-3x what is
// live); collections where a command let go of a large input or of its work, and output in
// parts, took off part of it. Peak RSS before -> after the second round (the floor, node -e 0,
// is 40 MB): merge 513 -> 406 MB (15.6x), diff 446 -> 272 MB, strip 397 -> 356 MB, fmt (rewrite)
// 330 MB, convert 372 MB, validate 212 MB, fmt --check 206 MB (8x-16x). Running node with
// --optimize-for-size halves them (merge 489 -> 279 MB) at two to three times the time.
// Third round, same notebook, peak RSS and time before -> after (times loose: a loaded machine):
//   strip (in place)   356 -> 116 MB (13.5x -> 4.4x), 5.9 -> 3.0 s: a large notebook in Jupyter's
//                      layout is stripped cell by cell (@nbgit/strip stripJupyterText): one cell
//                      parsed at a time, unchanged cells given back as slices of the text, the
//                      new text written to the file as made, the change summary counted as found
//   filter-process     276 -> 167 MB (10.5x -> 6.4x), 4.0 -> 2.7 s: the same, into one buffer;
//                      the reply sent in 1 MB pieces (not a second copy in packets); what is left
//                      is the content git sent, its text and the cleaned bytes
//   fmt --check        204 -> 116 MB (7.8x -> 4.4x), 3.0 -> 1.3 s: found in Jupyter's format cell
//                      by cell (@nbgit/ipynb inJupyterFormat), never parsed whole
//   validate           213 -> 116 MB (8.1x -> 4.4x), 3.9 -> 1.8 s: found valid cell by cell
//                      (validInJupyterFormat; a notebook with any problem is read whole as before)
//   fmt (rewrite)      330 -> 190 MB (12.5x -> 7.2x), 3.6 -> 2.7 s: each cell written as one flat
//                      string (replaceAll made a tree of pieces per line, several times its size),
//                      parts encoded into one reused 1 MB buffer (no concatenation, no Buffer each)
//   convert            277 -> 243 MB (10.5x -> 9.2x): the .ipynb's text and record go before the
//                      text is written. (The 372-412 MB measured before were with this machine's
//                      own sync record, $XDG_STATE_HOME/nbgit/sync.json, 67 MB: outside git,
//                      convert reads and rewrites it whole, and it keeps every text converted;
//                      this bench now gives convert its own)
//   merge              402 -> 294 MB (15.3x -> 11.2x), diff 265 -> 223 MB (10.1x -> 8.5x): V8 let
//                      its old generation grow up to 3x what was live (a merge peaked with 160 MB
//                      of garbage); once a large input is seen it grows by 30% (run-time flag
//                      --heap-growing-percent=30): about 20% more CPU on such inputs (merge 3.6
//                      -> 4.5 s user, diff 2.2 -> 2.7 s), none on others. Both still hold two and
//                      three whole trees and the diff's own structures (diff's modules alone: 80 MB)
// Strip, fmt --check and validate now peak at what reading a large notebook costs anyway: the
// file's bytes and its text, both held while it is decoded (1M cells, 268 MB: 612 MB for all
// three, 2.3x; strip 26 s, fmt --check 15 s, validate 10 s: linear). A V8 young generation kept
// from growing once a large input is seen (--semi-space-growth-factor=1, set at run time by
// packages/cli/src/memory.ts) took 20-25 MB off the streamed commands. The filter's speed on
// normal notebooks (bench/filter.mjs, the build before this round in the same run): 2.66 vs
// 2.80 and 2.45 vs 4.02 of plain git add, 2.71 vs 2.07 with images (3 rounds, load 8: in
// process, cleanContent on those 200 notebooks takes 54 vs 53 ms CPU).
// 293 MB notebook after the third round (all below 4x still; before it: 1063, 720, 1035, 768,
// 1142, 1053, 734, 722 MB): merge 1022 MB (3.5x), fmt --check 650 (2.2x), fmt 706 (2.4x), strip
// 650 (2.2x), filter-process 792 (2.7x), convert 726 (2.5x), diff 730 (2.5x), validate 649 MB
// (2.2x, 3.3 s).
//
// Fourth round (100k-cell notebook, 26 MB; 4x = 104 MB), peak RSS before -> after:
//   merge              289 -> 72 MB (11.0x -> 2.7x), 4.3 -> 1.3 s: three notebooks in Jupyter's layout
//                      with no cell changed on both sides merge from their texts, read side by side
//                      in 16 KB pieces, twice (look, then write), never held (@nbgit/merge
//                      mergeJupyterTexts: the bytes of toIpynb(mergeNotebooks(...)), a property
//                      test over one- and two-sided edits and every option; anything else merges
//                      as before); git's merge driver too (100k cells: 352 -> 75 MB)
//   fmt --check        116 -> 62 MB, validate 116 -> 68 MB: checked cell by cell as the file is read
//                      in pieces (inJupyterFormat / validInJupyterFormat take a reader), never held
//   strip (in place)   116 -> 66 MB: stripped cell by cell from the file in pieces (stripJupyterText
//                      takes a reader); strip --check keeps no parts (111 -> 63 MB)
//   filter-process     168 -> 127 MB (4.8x): git's content decoded in 16 KB pieces as it is
//                      stripped (its text never whole); left: the content (whole: the clean
//                      cache hashes it) and the cleaned bytes (whole: the reply is one buffer),
//                      on a 53 MB floor (node and modules): 105 MB before any work, so below 4x
//                      needs the reply streamed to git as made (status first, then the parts),
//                      which the filter protocol allows only once the result is known: not done
//   convert            236 -> 193 MB (7.3x): a large .ipynb in Jupyter's layout is read cell by
//                      cell in pieces (no bytes, text or record); left: the notebook's tree (42 MB
//                      live; the whole-text JSON.parse gave 68) and the percent writer's work
//   diff               223 -> 152 MB (5.8x): the first side read so too, the second one's equal
//                      cells held as the first's objects; left: one tree and the diff's structures
//   fmt (rewrite)      186 -> 178 MB (6.8x): not reachable as fmt works: the indent-2 copy is 34 MB,
//                      its bytes and text alone are 68 MB on the 52 MB floor, and it is parsed whole
//                      (no layout to read cell by cell); a streaming JSON reader would be needed
// Module loading, RSS after a command's modules load (node -e 0: 40 MB): paired notebooks moved to
// @nbgit/git/pairs (every text format, micromark, yaml, toml), diff --html's renderers load only
// for a page: strip, fmt, validate 63 -> 52 MB, merge 62 -> 55, diff 85 -> 62 (start-up too).
// Pieces of 16 KB (not 256 KB) keep the text a reader joins in V8's young generation: merge from
// texts peaked 12 MB higher with 256 KB. 293 MB notebook after the fourth round (before: 1022,
// 650, 706, 650, 792, 726, 730, 649 MB): merge 63 MB (0.2x), fmt --check 58, fmt 696 (2.4x),
// strip 64, filter-process 710 (2.4x), convert 405 (1.4x), diff 409 (1.4x), validate 60 MB.
//
// Usage: node bench/memory.mjs [--small] [--case TEXT] [--command TEXT]
//   --small    10k cells and ~30 MB instead (a quick look)
//   --case     only the notebooks whose label holds TEXT (e.g. --case MB)
//   --command  only the commands whose name holds TEXT (e.g. --command fmt)
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
};
const small = argv.includes('--small');
const onlyCase = flag('--case');
const onlyCommand = flag('--command');
const bin = new URL('../packages/cli/bin/nbgit.js', import.meta.url).pathname;
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.log('skipped: /usr/bin/time (GNU time) is not installed; it measures the peak resident set size');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'nbgit-memory-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** A cell of the generated notebooks; code cells carry `outputs` (built once and shared: generation stays cheap). */
function cell(i, outputs) {
  if (i % 3 === 0) return { cell_type: 'markdown', id: `m${i}`, metadata: {}, source: [`# Section ${i}\n`, `Some prose about step ${i}.`] };
  return {
    cell_type: 'code',
    execution_count: i,
    id: `c${i}`,
    metadata: { tags: ['t'] },
    outputs: outputs ?? [{ name: 'stdout', output_type: 'stream', text: [`value ${i}\n`] }],
    source: [`x${i} = compute(${i})\n`, `print(x${i})`],
  };
}

/**
 * A notebook of `n` cells in Jupyter's layout. With `image` > 0, every code cell has a PNG of
 * `image` base64 characters (with the trailing `\n` Jupyter writes) and every other one a
 * long text output of `lines` lines.
 */
function notebook(n, image = 0, lines = 0) {
  const png = image ? `${'iVBORw0KGgoAAAANSUhEUgAA'.padEnd(image, 'QUJD')}\n` : '';
  const long = Array.from({ length: lines }, (_, k) => `step ${k}: loss=${(1 / (k + 1)).toFixed(6)} ${'.'.repeat(60)}\n`);
  const withImage = png
    ? [{ data: { 'image/png': png, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {}, output_type: 'display_data' }]
    : undefined;
  const withText = png ? [{ name: 'stdout', output_type: 'stream', text: long }, ...withImage] : undefined;
  const cells = [];
  for (let i = 0; i < n; i++) cells.push(cell(i, png ? (i % 2 ? withImage : withText) : undefined));
  const nb = { cells, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 };
  return nb;
}

function write(name, text) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The bytes git sends a long-running filter for one clean request (handshake, request, content, flush). */
function filterRequest(path) {
  const pkt = (data) => {
    const b = typeof data === 'string' ? Buffer.from(data) : data;
    return Buffer.concat([Buffer.from((b.length + 4).toString(16).padStart(4, '0')), b]);
  };
  const flush = Buffer.from('0000');
  const file = join(dir, 'filter-request.bin');
  const fd = openSync(file, 'w');
  for (const b of [pkt('git-filter-client\n'), pkt('version=2\n'), flush, pkt('capability=clean\n'), pkt('capability=smudge\n'), flush]) writeSync(fd, b);
  for (const b of [pkt('command=clean\n'), pkt('pathname=big.ipynb\n'), flush]) writeSync(fd, b);
  const content = readFileSync(path);
  for (let at = 0; at < content.length; at += 65516) writeSync(fd, pkt(content.subarray(at, Math.min(at + 65516, content.length))));
  writeSync(fd, flush);
  closeSync(fd);
  return file;
}

/** Runs `args` under GNU time; `[peak MB, seconds]`. */
function measure(args, options = {}) {
  // (convert outside a git repository records what it wrote in $XDG_STATE_HOME/nbgit/sync.json,
  // which it reads and writes whole: the user's own would be measured too)
  const env = { ...process.env, XDG_STATE_HOME: join(dir, 'state') };
  const r = spawnSync(TIME, ['-f', '%M %e', ...args], { cwd: dir, maxBuffer: 64 << 20, env, ...options });
  const err = r.stderr.toString().trim().split('\n');
  const [kb, secs] = (err.pop() ?? '').split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${err.slice(-3).join('\n')}`);
  return [kb / 1024, secs];
}

const cases = small
  ? [
      ['10k cells', () => notebook(10_000)],
      ['30 MB (images, long outputs)', () => notebook(3_000, 12_000, 60)],
    ]
  : [
      ['100k cells', () => notebook(100_000)],
      ['300 MB (images, long outputs)', () => notebook(30_000, 12_000, 60)],
    ];

const [floorMb, floorSecs] = measure([process.execPath, '-e', '0']);
console.log('| notebook | size | command | time | peak RSS | peak / size |');
console.log('| --- | ---: | --- | ---: | ---: | ---: |');
console.log(`| - | - | node -e 0 (the floor of any process) | ${floorSecs.toFixed(1)} s | ${floorMb.toFixed(0)} MB | - |`);
for (const [label, make] of cases) {
  if (onlyCase && !label.includes(onlyCase)) continue;
  const t0 = performance.now();
  const nb = make();
  const text = `${JSON.stringify(nb, null, 1)}\n`;
  const base = write('base.ipynb', text);
  // local and remote each edit one cell's source (an edit near the start and one near the end)
  const n = nb.cells.length;
  const edit = (k) => text.replace(`"print(x${k})"`, `"print(x${k})  # edited"`);
  const local = write('local.ipynb', edit(1));
  const remote = write('remote.ipynb', edit(n - 2));
  // the same notebook in another layout (indent 2), which fmt rewrites
  const restyled = write('restyled.ipynb', `${JSON.stringify(nb, null, 2)}\n`);
  const request = filterRequest(base);
  const size = statSync(base).size;
  const mb = size / 2 ** 20;
  console.error(`(generated ${label}: ${mb.toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const work = join(dir, 'work.ipynb');
  const commands = [
    ['merge (base, local, remote)', ['merge', base, local, remote, '-o', join(dir, 'merged.ipynb')]],
    ['fmt --check', ['fmt', '--check', base]],
    ['fmt (rewrites an indent-2 copy)', ['fmt', work], restyled],
    ['strip (in place)', ['strip', work], base],
    ['filter-process (one clean request)', ['filter-process'], undefined, request],
    ['convert --to percent', ['convert', base, '--to', 'percent', '-o', join(dir, 'out.py')]],
    ['diff (base, local)', ['diff', base, local]],
    ['validate', ['validate', base]],
  ];
  for (const [name, args, copy, stdin] of commands) {
    if (onlyCommand && !name.includes(onlyCommand)) continue;
    if (copy) copyFileSync(copy, work);
    const fd = stdin ? openSync(stdin, 'r') : undefined;
    // the filter's answer (the whole cleaned notebook) goes to a file
    const answer = join(dir, 'filter-answer.bin');
    const outFd = stdin ? openSync(answer, 'w') : undefined;
    try {
      const [peak, secs] = measure([process.execPath, bin, ...args], { stdio: [fd ?? 'ignore', outFd ?? 'pipe', 'pipe'] });
      if (stdin && !readFileSync(answer).subarray(0, 200).includes('status=success')) throw new Error(`${name}: the filter did not answer status=success`);
      console.log(`| ${label} | ${mb.toFixed(0)} MB | ${name} | ${secs.toFixed(1)} s | ${peak.toFixed(0)} MB | ${(peak / mb).toFixed(1)}x |`);
    } finally {
      if (fd !== undefined) closeSync(fd);
      if (outFd !== undefined) closeSync(outFd);
    }
  }
}
