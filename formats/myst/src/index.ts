/**
 * @nbgit/myst: MyST markdown notebooks (jupytext's `md:myst`, Jupyter Book's format), read and
 * written, byte-compatible with jupytext where its text is faithful, lossless with `{lossless: true}`.
 * Pure: no file system, process or console; works in a browser.
 */

// Shared with the other markdown-based formats (Quarto): the top-level fences and break lines of a document.
export { type BreakBlock, type BreakRule, type FenceBlock, topLevelBlocks } from './blocks.js';
export { type FromMystOptions, fromMyst, PY_TRAILING_WS } from './read.js';
export { mismatches, type ToMystOptions, toMyst } from './write.js';
