// The README shows examples/agent-loop.sh as it is (readme.test.ts runs it and checks its output).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('README.md quotes examples/agent-loop.sh verbatim', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const script = readFileSync(join(repoRoot, 'examples/agent-loop.sh'), 'utf8');
  assert.ok(readme.includes(`\`\`\`sh\n${script}\`\`\``), 'the script in README.md differs from examples/agent-loop.sh');
  assert.ok(readme.includes('$ bash examples/agent-loop.sh'), 'README.md does not run the loop');
});

test.run();
