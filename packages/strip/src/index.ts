/**
 * @nbgit/strip: remove outputs, execution counts and volatile metadata from notebooks,
 * with nbstripout's rules. Pure: no file system, process or console; works in a browser.
 */
export { strip, stripWithReport, isStripped, stripZeppelin, outputSize, pythonTruthy, type StripChange, type StripResult } from './strip.js';
export {
  type StripOptions,
  type OutputType,
  DEFAULT_STRIP_KEYS,
  isValidKey,
  invalidKeys,
  splitList,
  parseSize,
  parseOutputType,
} from './options.js';
export { findConflictMarkers, hasConflictMarkers, CONFLICT_FLAG_KEY, type ConflictMarkers } from './conflicts.js';
