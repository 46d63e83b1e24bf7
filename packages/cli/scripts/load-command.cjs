'use strict';
// Part of the bundle's dispatcher (scripts/bundle.mjs): loads a command file,
// `bundle/commands/NAME.cjs`, with a V8 code cache kept beside it (`bundle/cache/NAME.v8`), so
// the filter and the drivers, which git starts again and again, do not parse and compile their
// code each time (measured: about 3 ms of the ~65 ms a filter process takes to start).
//
// The cache is written when a process that ran without one (the first run, or after a Node
// upgrade: V8 rejects a cache of another version, `cachedDataRejected`) exits; it then holds
// the functions that run compiled. It is used only while its first line matches the command
// file's size, times and inode and Node's version (a reinstall or an edit of the file changes
// its ctime), so it never runs with another source. Where the installation cannot be written,
// there is no cache and nothing fails. NBGIT_NO_CODE_CACHE=1 loads the file without it.
const { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const WRAPPER = '(function (exports, require, module, __filename, __dirname) { ';

/** Writes the code cache of `script` (after it ran), with `key` as its first line; never fails. */
function save(script, file, key) {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
    renameSync(tmp, file);
  } catch {
    // a read-only installation: no cache
  }
}

/** The exports of the command file `NAME.cjs` beside this bundle. */
exports.loadCommand = (name) => {
  const dir = join(__dirname, 'commands');
  const file = join(dir, `${name}.cjs`);
  if (process.env.NBGIT_NO_CODE_CACHE) return require(file);
  const fd = openSync(file, 'r');
  let source;
  let st;
  try {
    st = fstatSync(fd);
    source = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const key = `nbgit code cache ${process.version} ${process.arch} ${st.size} ${st.mtimeMs} ${st.ctimeMs} ${st.ino}\n`;
  const cacheFile = join(__dirname, 'cache', `${name}.v8`);
  let cachedData;
  try {
    const kept = readFileSync(cacheFile);
    if (kept.latin1Slice(0, key.length) === key) cachedData = kept.subarray(key.length);
  } catch {
    // no cache yet
  }
  const { Script } = require('node:vm');
  const script = new Script(`${WRAPPER}${source}\n})`, { filename: file, columnOffset: -WRAPPER.length, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => save(script, cacheFile, key));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, dir);
  return module.exports;
};
