// The pure packages use no Node APIs (they must run in a browser). The compiler enforces it:
// their `src` compiles with `types: []` and `lib: ["es2023"]` (no Node types, no DOM: no
// console, process, Buffer, timers or fetch; the web globals both hosts have, TextEncoder,
// TextDecoder, atob and btoa, come from types/web-globals.d.ts), and their tests compile on
// their own (tsconfig.test.json, with Node's types). This file checks those settings, and
// keeps a text scan of the sources as a second check.
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
  'formats/registry',
];
/** The packages that run on Node (every other workspace must be in PURE). */
const NODE = ['packages/testkit', 'packages/git', 'packages/cli'];
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

interface TsConfig {
  extends?: string;
  compilerOptions: { types?: string[]; lib?: string[] };
  include?: string[];
  references?: { path: string }[];
}
const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as T;

test('every workspace is either pure or a Node package', () => {
  const root = readJson<{ workspaces: string[] }>('package.json');
  for (const ws of root.workspaces) assert.ok(PURE.includes(ws) !== NODE.includes(ws), `${ws}: add it to PURE or NODE in test/purity.test.ts`);
});

test('the base config declares no host: no Node types, no DOM', () => {
  const base = readJson<TsConfig>('tsconfig.base.json').compilerOptions;
  assert.equal(base.types, []);
  assert.equal(base.lib, ['es2023']);
});

for (const pkg of PURE) {
  test(`${pkg}: src compiles without Node types or DOM; tests compile apart with Node types`, () => {
    const src = readJson<TsConfig>(`${pkg}/tsconfig.json`);
    assert.is(src.extends, '../../tsconfig.base.json');
    assert.is(src.compilerOptions.types, undefined, 'types comes from the base ([])');
    assert.is(src.compilerOptions.lib, undefined, 'lib comes from the base (es2023)');
    assert.equal(src.include, ['src', '../../types/web-globals.d.ts']);
    const testConfig = readJson<TsConfig>(`${pkg}/tsconfig.test.json`);
    assert.equal(testConfig.include, ['test']);
    assert.equal(testConfig.compilerOptions.types, ['node']);
    assert.equal(testConfig.references?.[0], { path: './tsconfig.json' });
    const refs = (readJson<TsConfig>('tsconfig.json').references ?? []).map((r) => r.path);
    assert.ok(refs.includes(pkg) && refs.includes(`${pkg}/tsconfig.test.json`), `${pkg}: the root tsconfig.json references both projects`);
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
