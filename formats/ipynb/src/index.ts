/**
 * @nbgit/ipynb: byte-exact ipynb reader and writer. Pure.
 */
export { fromIpynb, toIpynb, withLayoutOf, decodeUtf8, type FromIpynbOptions, type ToIpynbOptions } from './ipynb.js';
export { validateNotebook, formatIssue, type ValidationIssue } from './validate.js';
export { ensureIds } from './ids.js';
export { compareCodePoints } from './writer.js';
export { pythonFloat, formatNumber } from '@nbgit/core';
