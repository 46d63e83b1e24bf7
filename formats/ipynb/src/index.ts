/**
 * @nbgit/ipynb: byte-exact ipynb reader and writer. Pure.
 */

export { formatNumber, pythonFloat } from '@nbgit/core';
export { ensureIds } from './ids.js';
export { decodeUtf8, type FromIpynbOptions, fromIpynb, type ToIpynbOptions, toIpynb, withLayoutOf } from './ipynb.js';
export { type ParsedJson, parseJson } from './json.js';
export { formatIssue, type ValidationIssue, validateNotebook } from './validate.js';
export { compareCodePoints } from './writer.js';
