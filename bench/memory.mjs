// Peak memory next to time, per command, on a 100k-cell notebook and a ~300 MB notebook
// (issue 12 item 7). Both are generated on the fly in a temporary folder (never committed).
// Each command runs in its own process under /usr/bin/time (peak resident set size); the
// ratio is peak / file size. Usage: node bench/memory.mjs [--small] (--small: 10k cells, 30 MB).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const small = process.argv.includes('--small');
const bin = new URL('../packages/cli/bin/nbgit.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'nbgit-memory-'));

function cell(i, edit = '') {
  if (i % 3 === 0) return { cell_type: 'markdown', id: `m${i}`, metadata: {}, source: [`# Section ${i}\n`, `Some prose about step ${i}.${edit}`] };
  return {
    cell_type: 'code',
    execution_count: i,
    id: `c${i}`,
    metadata: { tags: ['t'] },
    outputs: [{ name: 'stdout', output_type: 'stream', text: [`value ${i}\n`] }],
    source: [`x${i} = compute(${i})\n`, `print(x${i})${edit}`],
  };
}

/** A Jupyter-layout notebook of `n` cells; `image` bytes of base64 PNG in every `every`-th code cell. */
function notebook(n, image = 0, every = 1, edit = -1) {
  const png = image ? 'iVBORw0KGgo'.padEnd(image, 'A') : '';
  const cells = [];
  for (let i = 0; i < n; i++) {
    const c = cell(i, i === edit ? ' # edited' : '');
    if (png && c.cell_type === 'code' && i % every === 0)
      c.outputs.push({ data: { 'image/png': png, 'text/plain': ['<Figure>'] }, metadata: {}, output_type: 'display_data' });
    cells.push(c);
  }
  return `${JSON.stringify({ cells, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

function write(name, text) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const cases = small
  ? [
      ['10k cells', 10_000, 0, 1],
      ['30 MB (images)', 3_000, 15_000, 1],
    ]
  : [
      ['100k cells', 100_000, 0, 1],
      ['300 MB (images)', 30_000, 15_000, 1],
    ];

console.log('| notebook | size | command | time | peak RSS | peak / size |');
console.log('| --- | ---: | --- | ---: | ---: | ---: |');
for (const [label, n, image, every] of cases) {
  const base = write('base.ipynb', notebook(n, image, every));
  const local = write('local.ipynb', notebook(n, image, every, 1));
  const remote = write('remote.ipynb', notebook(n, image, every, n - 2));
  const size = statSync(base).size;
  const commands = [
    ['merge', ['merge', base, local, remote, '-o', join(dir, 'out.ipynb')]],
    ['fmt --check', ['fmt', '--check', base]],
    ['strip (stdin, as the filter)', ['strip'], base],
    ['clean (git filter)', ['clean', 'x.ipynb'], base],
    ['validate', ['validate', base]],
    ['convert --to percent', ['convert', base, '--to', 'percent', '-o', join(dir, 'out.py')]],
  ];
  for (const [name, args, stdin] of commands) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M %e', process.execPath, bin, ...args], {
      input: stdin ? statSync(stdin) && (await import('node:fs')).readFileSync(stdin) : undefined,
      maxBuffer: 2 ** 31 - 1,
      cwd: dir,
    });
    const last = r.stderr.toString().trim().split('\n').pop() ?? '';
    const [kb, secs] = last.split(' ').map(Number);
    const mb = kb / 1024;
    console.log(
      `| ${label} | ${(size / 2 ** 20).toFixed(0)} MB | ${name} | ${secs.toFixed(1)} s | ${mb.toFixed(0)} MB | ${(mb / (size / 2 ** 20)).toFixed(1)}x |`,
    );
  }
}
rmSync(dir, { recursive: true, force: true });
