/**
 * @nbgit/markdown: jupytext's markdown notebook format (`md`), read and written losslessly.
 * Pure: no file system, process or console; works in a browser.
 */
export { type FromMarkdownOptions, fromMarkdown } from './read.js';
export { type ToMarkdownOptions, toMarkdown } from './write.js';
