/**
 * @nbgit/merge: three-way, cell-aware notebook merge. Pure: no file system, process or
 * console; works in a browser. Behaviour specified in the package README.
 */
export { mergeNotebooks, NOTEBOOK_VOLATILE } from './merge.js';
export { CELL_VOLATILE } from './cell.js';
export { mergeText, type MergeTextOptions, type MergeTextResult } from './text.js';
export { mergeJson, jsonEqual, type MergeJsonResult, type ValueConflict } from './json.js';
export type { MergeInput, MergeOptions, MergeResult, MergeConflict, MergeDecision, ConflictKind, OutputStrategy } from './types.js';
