#!/usr/bin/env node
'use strict';
// The installed package's command: its bundle (made by `npm pack`: see scripts/bundle.mjs),
// CommonJS so that Node starts no ES module loader. In a clone, where no bundle was made,
// the modules `tsc -b` compiled (bin/nbgit.js).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

globalThis[Symbol.for('nbgit.bin')] = __filename;
const bundle = join(__dirname, '..', 'bundle', 'nbgit.cjs');
if (existsSync(bundle)) require(bundle);
else import('./nbgit.js');
