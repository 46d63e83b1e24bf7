/**
 * @nbgit/sync: a notebook and its text twin kept in step (jupytext's pairing). Today: the update
 * mode, `updateNotebook(previous, incoming)`, which puts the cells of a notebook read from text
 * into the paired notebook without losing what the text cannot carry. Pure: no file system,
 * process or console; works in a browser.
 */

export { CONFIG_FILES, type JupytextConfig, parseJupytextConfig } from './config.js';
export {
  basePath,
  fullPath,
  type PairedPath,
  type PairFormat,
  pairedPaths,
  pairFormatText,
  pairingText,
  parsePairFormat,
  parsePairing,
  registryFormatName,
} from './pairing.js';
export { type PairCodec, planSync, type SyncAction, type SyncInput, type SyncPlan, unsyncedTextEdits } from './plan.js';
export { updateFromText, withoutTextRecords, withTextRecordsOf } from './spelling.js';
export { type UpdateOptions, updateNotebook } from './update.js';
