/**
 * @nbgit/myst: MyST markdown notebooks (jupytext's `md:myst`, Jupyter Book's format), read and
 * written, byte-compatible with jupytext where its text is faithful, lossless with `{lossless: true}`.
 * Pure: no file system, process or console; works in a browser.
 */
export { type FromMystOptions, fromMyst } from './read.js';
export { type ToMystOptions, toMyst } from './write.js';
// Shared with the other markdown-based formats (Quarto): the top-level fences and break lines of a document.
export { type BreakBlock, type BreakRule, type FenceBlock, topLevelBlocks } from './blocks.js';
export { PY_TRAILING_WS } from './read.js';
export { mismatches } from './write.js';
