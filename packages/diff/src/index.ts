/**
 * @nbgit/diff: cell-aware notebook alignment, diff, patch and renderers. Pure: no file
 * system, process or console; works in a browser.
 */
export * from './align.js';
export { diffNotebooks } from './diff.js';
export { type FileDiff, jsonEntry, metaLines, type PairInfo, type RenderFilesOptions, renderFiles, renderJsonSet, statLine } from './files.js';
export { patchNotebook } from './patch.js';
export { type RenderOptions, renderJson, renderTerminal, renderUnifiedText, summarize } from './render.js';
export { renderTextDiff } from './render-hunks.js';
export { diffLines, diffText, diffValues, MAX_EDIT_LINES } from './text.js';
export * from './types.js';
