/**
 * @nbgit/ipynb: byte-exact ipynb reader and writer. Pure.
 */

export { formatNumber, pythonFloat } from '@nbgit/core';
export { type DowngradeOptions, downgradeV3, inReadVersion } from './downgrade.js';
export { ensureIds } from './ids.js';
export { decodeUtf8, type FromIpynbOptions, fromIpynb, type ToIpynbOptions, toIpynb, withLayoutOf } from './ipynb.js';
export { type ParsedJson, parseJson } from './json.js';
export { upgradedFrom } from './origins.js';
export { upgradeV3 } from './upgrade.js';
export { formatIssue, type ValidationIssue, validateNotebook } from './validate.js';
export { compareCodePoints } from './writer.js';
