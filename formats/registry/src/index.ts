/**
 * @nbgit/formats: one table of the notebook formats nbgit reads and writes, keyed by jupytext's
 * format names, and the one detector of a file's format. Pure: no file system, process or
 * console; works in a browser.
 */
export { cellAsPercent, looksLikePercentCell, readPercentCell } from './cell-text.js';
export {
  isMarkupFormat,
  isScriptFormat,
  looksLikeTextNotebook,
  outputExtension,
  type ReadBytesOptions,
  readNotebookBytes,
  withLineEndingOf,
} from './conversion.js';
export {
  checkHeaderFormat,
  type DetectInput,
  detectFormat,
  extensionOf,
  findFormatOfPath,
  formatOfContent,
  formatOfPath,
  refineFormat,
  scriptExtensionOfText,
} from './detect.js';
export { parseFormatName } from './names.js';
export { FORMATS, formatModule } from './table.js';
export { readText, writeText } from './text.js';
export type { FormatModule, FormatSpec, ReadTextOptions, WriteTextOptions } from './types.js';
