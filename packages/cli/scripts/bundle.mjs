// Bundles the compiled CLI (dist/, from `tsc -b`) with esbuild: `bundle/nbgit.cjs` reads argv
// and loads one self-contained file for the command it runs, `bundle/commands/NAME.cjs`, so
// the filter and the drivers load no module they do not use, and starting costs two file
// reads (three with the command's V8 code cache: scripts/load-command.cjs). CommonJS,
// because Node starts its ES module loader only for ES modules (measured: ~15% of `node -e 0`). Nothing is imported at run time but Node's own modules: the package
// `npm pack` makes depends on no other package.
//   node packages/cli/scripts/bundle.mjs [--out DIR]   (default: packages/cli/bundle)
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = fileURLToPath(new URL('..', import.meta.url));
const i = process.argv.indexOf('--out');
const out = i === -1 ? `${cli}bundle` : process.argv[i + 1];
const { version } = JSON.parse(readFileSync(`${cli}package.json`, 'utf8'));
const names = readdirSync(`${cli}dist/src/commands`)
  .filter((f) => f.endsWith('.js') && f !== 'index.js')
  .map((f) => f.slice(0, -3));
rmSync(out, { recursive: true, force: true });
const shim = `${out}.import-meta.cjs`;
writeFileSync(shim, "export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;\n");
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import() of another command file becomes require() (no ES module loader).
  supported: { 'dynamic-import': false },
  // The version is known now (the bundle has no package.json beside its modules).
  define: { __NBGIT_VERSION__: JSON.stringify(version), 'import.meta.url': 'importMetaUrl' },
  inject: [shim],
  legalComments: 'none',
  // Smaller files compile faster; names are kept, for the stack of an internal error.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

/**
 * Node modules that cost start-up time (child_process loads streams, net and dgram; crypto
 * a dozen modules) but that the filter and the drivers need only on some requests: each
 * function imported from them is a stub that loads the module on its first call.
 */
const LAZY = ['node:child_process', 'node:crypto'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${LAZY.join('|')})$`) }, (a) => (a.namespace === 'lazy' ? undefined : { path: a.path, namespace: 'lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (a) => {
      const real = createRequire(import.meta.url)(a.path);
      const names = Object.keys(real).filter((n) => typeof real[n] === 'function' && /^[a-z]/.test(n));
      const lines = [`let m;`, `const load = () => (m ??= require(${JSON.stringify(a.path)}));`];
      for (const n of names) lines.push(`export function ${n}(...a) { return load().${n}(...a); }`);
      return { contents: lines.join('\n'), loader: 'js', resolveDir: cli };
    });
  },
};

try {
  // The dispatcher: the command table's loaders point at the command files, left outside.
  await build({
    ...common,
    stdin: { contents: "import { runMain } from './dist/src/main.js';\nrunMain();\n", resolveDir: cli, sourcefile: 'nbgit.cjs', loader: 'js' },
    outfile: `${out}/nbgit.cjs`,
    plugins: [
      {
        // Each command file is loaded by scripts/load-command.cjs (with a V8 code cache).
        name: 'command-files',
        setup(b) {
          b.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (a) =>
            a.importer.endsWith(`commands${'/'}index.js`) ? { path: a.path.slice(2, -3), namespace: 'command-file' } : undefined,
          );
          b.onLoad({ filter: /.*/, namespace: 'command-file' }, (a) => ({
            contents: `module.exports = require('./scripts/load-command.cjs').loadCommand(${JSON.stringify(a.path)});`,
            loader: 'js',
            resolveDir: cli,
          }));
        },
      },
    ],
  });
  await build({
    ...common,
    entryPoints: Object.fromEntries(names.map((n) => [n, `${cli}dist/src/commands/${n}.js`])),
    outdir: `${out}/commands`,
    outExtension: { '.js': '.cjs' },
    plugins: [lazyBuiltins],
  });
} finally {
  rmSync(shim, { force: true });
}
