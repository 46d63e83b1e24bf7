/**
 * @nbgit/core: the notebook model, typed errors, canonical hashing and deterministic ids.
 * Pure: no file system, process or console; works in a browser.
 */

export * from './check.js';
export * from './errors.js';
export * from './hash.js';
export * from './ids.js';
export * from './json.js';
export * from './notebook.js';
export * from './numbers.js';
export * from './suggest.js';
export * from './utils.js';
