/**
 * @nbgit/diff: cell-aware notebook alignment, diff, patch and renderers. Pure: no file
 * system, process or console; works in a browser.
 */
export * from './align.js';
