// The README's examples work as written: every ```sh block whose lines start with `$ ` is
// run from the repository root with bash, and each command's output must be the lines that
// follow it (up to the next `$ ` line or the end of the block).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

interface Example {
  command: string;
  output: string;
  line: number;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8').split('\n');
const examples: Example[] = [];
let inSh = false;
for (let i = 0; i < readme.length; i++) {
  const line = readme[i]!;
  if (line.startsWith('```')) {
    inSh = !inSh && line === '```sh';
    continue;
  }
  if (!inSh) continue;
  if (line.startsWith('$ ')) examples.push({ command: line.slice(2), output: '', line: i + 1 });
  else if (examples.length > 0 && examples[examples.length - 1]!.line > 0 && isInBlock(i, examples[examples.length - 1]!.line))
    examples[examples.length - 1]!.output += `${line}\n`;
}

function isInBlock(i: number, from: number): boolean {
  for (let k = from; k < i; k++) if (readme[k]!.startsWith('```')) return false;
  return true;
}

test('the README has runnable examples', () => {
  assert.ok(examples.length >= 5, `only ${examples.length} examples`);
});

for (const ex of examples) {
  test(`README.md:${ex.line}: ${ex.command}`, () => {
    const r = spawnSync('bash', ['-c', ex.command], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.is(r.stdout, ex.output, r.stderr);
  });
}

test.run();
