// The pure packages use no Node APIs (they must run in a browser), and each package's
// public names are pinned so that changes to them are deliberate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const PURE = [
  'packages/core',
  'formats/ipynb',
  'formats/text',
  'formats/percent',
  'formats/markdown',
  'formats/light',
  'formats/myst',
  'formats/quarto',
  'formats/databricks',
  'packages/strip',
  'packages/diff',
  'packages/sync',
  'packages/merge',
  'packages/review',
  'packages/cells',
];
const FORBIDDEN = [
  /from ['"]node:/,
  /from ['"](fs|path|os|child_process|crypto|stream|process)['"]/,
  /\bprocess\.(env|argv|stdout|stderr|exit|cwd)/,
  /\bconsole\.(log|error|warn|info)/,
  /\brequire\(/,
  /\bBuffer\./,
];

for (const pkg of PURE) {
  test(`${pkg} is pure (no fs, process, console, child_process)`, () => {
    const files = listFiles(join(repoRoot, pkg, 'src'), (n) => n.endsWith('.ts'));
    assert.ok(files.length > 0, `no sources in ${pkg}/src`);
    for (const f of files) {
      const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const re of FORBIDDEN) assert.not.ok(re.test(text), `${f} matches ${re}`);
    }
  });
}

test('package.json of every workspace library points at built ESM with types; the CLI package is a bin with no dependency', () => {
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] };
  for (const ws of root.workspaces) {
    const pkg = JSON.parse(readFileSync(join(repoRoot, ws, 'package.json'), 'utf8')) as {
      type: string;
      exports?: Record<string, { types: string; default: string }>;
      bin?: Record<string, string>;
      dependencies?: Record<string, string>;
      files?: string[];
    };
    assert.is(pkg.type, 'module', ws);
    if (ws === 'packages/cli') {
      // Published as one bundle (scripts/bundle.mjs): nothing else to install.
      assert.is(pkg.bin?.nbgit, './bin/nbgit.cjs', ws);
      assert.equal(pkg.dependencies ?? {}, {}, ws);
      assert.equal(pkg.files, ['bin', 'bundle'], ws);
    } else assert.ok(pkg.exports?.['.']?.types.endsWith('.d.ts'), ws);
  }
});

test.run();
