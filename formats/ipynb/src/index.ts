/**
 * @nbgit/ipynb: byte-exact ipynb reader and writer. Pure.
 */
export { fromIpynb, toIpynb, withLayoutOf, decodeUtf8, type FromIpynbOptions, type ToIpynbOptions } from './ipynb.js';
export { validateNotebook, formatIssue, type ValidationIssue } from './validate.js';
export { ensureIds } from './ids.js';
export { pythonFloat, formatNumber, compareCodePoints } from './writer.js';
