/**
 * @nbgit/myst: MyST markdown notebooks (jupytext's `md:myst`, Jupyter Book's format), read and
 * written, byte-compatible with jupytext where its text is faithful, lossless with `{lossless: true}`.
 * Pure: no file system, process or console; works in a browser.
 */
export { type FromMystOptions, fromMyst } from './read.js';
export { type ToMystOptions, toMyst } from './write.js';
