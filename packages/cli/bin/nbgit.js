#!/usr/bin/env node
// A clone's command: the modules `tsc -b` compiled. (The installed package runs bin/nbgit.cjs
// and its bundle.)
import { fileURLToPath } from 'node:url';

globalThis[Symbol.for('nbgit.bin')] ??= fileURLToPath(import.meta.url);
const { runMain } = await import('../dist/src/main.js');
runMain();
