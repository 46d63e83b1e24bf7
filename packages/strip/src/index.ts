/**
 * @nbgit/strip: remove outputs, execution counts and volatile metadata from notebooks,
 * with nbstripout's rules. Pure: no file system, process or console; works in a browser.
 */

export { CONFLICT_FLAG_KEY, type ConflictMarkers, findConflictMarkers, hasConflictMarkers } from './conflicts.js';
export {
  DEFAULT_STRIP_KEYS,
  invalidKeys,
  isValidKey,
  type OutputType,
  parseOutputType,
  parseSize,
  type StripOptions,
  splitList,
} from './options.js';
export { outputSize, pythonTruthy } from './python-values.js';
export { isStripped, type StripChange, type StripResult, strip, stripWithReport, stripZeppelin } from './strip.js';
export { stripJupyterText, type TextStripHooks, type TextStripResult } from './strip-text.js';
