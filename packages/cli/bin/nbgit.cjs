#!/usr/bin/env node
'use strict';
// The installed package's command: its bundle (made by `npm pack`: see scripts/bundle.mjs),
// CommonJS so that Node starts no ES module loader. In a clone, where no bundle was made,
// the modules `tsc -b` compiled (bin/nbgit.js); a clone that was not built says so in one line.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

globalThis[Symbol.for('nbgit.bin')] = __filename;
const bundle = join(__dirname, '..', 'bundle', 'nbgit.cjs');
if (existsSync(bundle)) require(bundle);
else
  import('./nbgit.js').catch((e) => {
    if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) {
      process.stderr.write(`nbgit: cannot start: ${String(e.message).split('\n')[0]} (a clone of nbgit runs once built: npm ci, or npx tsc -b)\n`);
      process.exit(127);
    }
    throw e;
  });
