/**
 * @nbgit/markdown: jupytext's markdown notebook format (`md`), read and written losslessly.
 * Pure: no file system, process or console; works in a browser.
 */
export { fromMarkdown, type FromMarkdownOptions } from './read.js';
export { toMarkdown, type ToMarkdownOptions } from './write.js';
