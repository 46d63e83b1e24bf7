/**
 * @nbgit/markdown: jupytext's markdown notebook format (`md`), read and written losslessly.
 * Pure: no file system, process or console; works in a browser.
 */

// Shared with the other markdown-based formats (MyST): the block structure and jupytext's fence rule.
export { fenceFor } from './grammar.js';
export { type FromMarkdownOptions, fromMarkdown } from './read.js';
export { parseBlocks } from './structure.js';
export { type ToMarkdownOptions, toMarkdown } from './write.js';
