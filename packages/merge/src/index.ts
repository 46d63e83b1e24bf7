/**
 * @nbgit/merge: three-way, cell-aware notebook merge. Pure: no file system, process or
 * console; works in a browser. Behaviour specified in the package README.
 */

export { CELL_VOLATILE } from './cell.js';
export { jsonEqual, type MergeJsonResult, mergeJson, type ValueConflict } from './json.js';
export { mergeJupyterTexts, type TextSides } from './jupyter-texts.js';
export { mergeNotebooks, NOTEBOOK_VOLATILE } from './notebook.js';
export { type MergeTextOptions, type MergeTextResult, mergeText } from './text.js';
export type { ConflictKind, MergeConflict, MergeDecision, MergeInput, MergeOptions, MergeResult, OutputStrategy } from './types.js';
