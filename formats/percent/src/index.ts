/**
 * @nbgit/percent: jupytext's percent scripts (`# %%` cells), read and written losslessly.
 * Pure: no file system, process or console; works in a browser.
 */

export { markerOptionsText } from './cell-lines.js';
// Shared with the other script formats (light scripts): jupytext's script rules.
export { isActive, merged, type TextCell } from './cells.js';
export { fromPercent } from './from-percent.js';
export { commentMagics, isMagic, uncommentMagics, unescapeOnce } from './magics.js';
export { type LineAt, linesAfter, pep8LinesBetweenCells, type WrittenChunk } from './pep8.js';
export type { FromPercentOptions } from './read.js';
export { finishCell, type LanguageContext } from './read.js';
export { isBlankCount, type ScriptTop, type ScriptTopOptions, scriptTop } from './script-header.js';
export { commentOfLanguage, StringParser } from './strings.js';
export { type ToPercentOptions, toPercent } from './write.js';
