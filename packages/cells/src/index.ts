/**
 * @nbgit/cells: safe edits of notebooks read by `fromIpynb` (only touched cells change
 * bytes), a compact view for readers with a small budget, and papermill-style parameters.
 * Pure: no file system, process or console; works in a browser.
 */
export { type CellRef, findCell, hasCellIds, resolveCell } from './address.js';
export { checkOperation } from './check-operation.js';
export { base64Length, type ImageSize, imageSize } from './images.js';
export type {
  ApplyResult,
  CellOperation,
  CellType,
  ClearOutputsOp,
  DeleteOp,
  InsertOp,
  JoinOp,
  MetadataOp,
  MoveOp,
  OperationResult,
  Placement,
  SetSourceOp,
  SetTypeOp,
  SplitOp,
  TagsOp,
} from './operation-types.js';
export {
  applyOperations,
  clearOutputs,
  deleteCell,
  deleteCellMetadata,
  describeResult,
  insertCell,
  joinCells,
  moveCell,
  setCellMetadata,
  setCellType,
  setSource,
  setTags,
  splitCell,
} from './operations.js';
export {
  findTaggedCell,
  INJECTED_TAG,
  type InjectOptions,
  type InjectResult,
  injectParameters,
  type KernelOptions,
  kernelName,
  listParameters,
  PARAMETERS_TAG,
  type Parameter,
  parameterLanguage,
  parseParameters,
  renderParameters,
} from './params.js';
export { type SourceInput, sourceFormOf, sourceText } from './source.js';
export { shellQuote, TRANSLATED_LANGUAGES, translateParameters, translatorName, unicodeEscape } from './translators.js';
export { isInt, ParamFloat, type ParamValue, parseYamlParameters, pythonNumber, resolveType } from './values.js';
export {
  type CellSummary,
  formatSize,
  listCells,
  notebookLanguage,
  type OutputSummary,
  renderList,
  renderView,
  summarizeCell,
  type ViewOptions,
  viewJson,
} from './view.js';
