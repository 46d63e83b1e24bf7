/**
 * Shared pieces of the text notebook formats (percent scripts, markdown): the language table,
 * jupytext's metadata filters, cell options on marker lines, YAML headers and the lossless extras.
 */

export * from './cell-options.js';
export * from './filters.js';
export * from './header.js';
export * from './languages.js';
export * from './lossless.js';
export * from './yaml.js';
