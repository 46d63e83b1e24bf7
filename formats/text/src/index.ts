/**
 * @nbgit/text: what every jupytext-compatible text notebook format shares (percent scripts,
 * markdown, and the formats to come): the language table, jupytext's metadata filters, cell
 * options on marker lines (with Python's JSON and literals), YAML headers as PyYAML writes and
 * reads them, and the lossless extras. Pure: no file system, process or console.
 */

export {
  type CellOptions,
  canWriteAsKeyValue,
  type FormatCellOptionsOptions,
  formatCellOptions,
  INCORRECTLY_ENCODED_METADATA,
  type ParseCellOptionsOptions,
  parseCellOptions,
} from './cell-options.js';
export * from './filters.js';
export * from './header.js';
export * from './languages.js';
export * from './lossless.js';
export { readStartMarker, type StartMarkerOptions } from './marker-options.js';
export { parseMetadataValue } from './metadata-value.js';
export { rewriteFormats } from './pairing.js';
export { type PythonJsonOptions, pythonJson, pythonJsonAt } from './python-json.js';
export { type DumpYamlOptions, dumpYaml } from './yaml-dump.js';
export { loadYaml, YamlSyntaxError } from './yaml-load.js';
